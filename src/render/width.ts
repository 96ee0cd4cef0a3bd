/**
 * How wide the terminal report may be, and prose wrapped to it. The width comes from --width,
 * else the terminal (stdout's columns), else $COLUMNS, else 80 — a pipe or a file gets 80
 * columns, the classic terminal width, unless asked otherwise.
 */
import { MAX_WIDTH, MIN_WIDTH } from '../schema/bounds.js';
import { visibleWidth, wrapLine } from './text.js';

export { MAX_WIDTH, MIN_WIDTH };

/** Width when nothing says otherwise: the classic terminal. */
export const DEFAULT_WIDTH = 80;

/** A positive whole number from an environment variable, or undefined. */
function columnsFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n >= MIN_WIDTH && n <= MAX_WIDTH ? n : undefined;
}

/** The width to lay out to: --width (already validated), the terminal's, $COLUMNS, or 80. */
export function outputWidth(flag: number | undefined, terminalColumns: number | undefined, env: Record<string, string | undefined>): number {
  if (flag !== undefined) return flag;
  if (terminalColumns !== undefined && terminalColumns >= MIN_WIDTH) return Math.min(terminalColumns, MAX_WIDTH);
  return columnsFromEnv(env.COLUMNS) ?? DEFAULT_WIDTH;
}

/** Lines of box-drawing tables are laid out by grid(), never re-wrapped. */
/** A table line: ┌ ├ └ │ (escaped: the bundle stays ASCII, which the launcher reads as latin1). */
const TABLE_LINE = /^[\u250c\u251c\u2514\u2502]/;
/** Bullets whose text continues under the text, not under the bullet: • ✘ ✔ ! ¹ ² - or a number (escaped: the bundle stays ASCII). */
const BULLET = /^(\s*)([\u2022\u2718\u2714!\u00b9\u00b2]|-|\d+\.)\s+/;

/**
 * Wraps every prose line longer than `width` at spaces; continuation lines are indented under
 * the line's text (past its leading spaces and bullet, or `hangAt` columns when given). Table
 * lines and lines that fit are left alone; a word longer than a line is cut (text.ts wrapLine).
 */
export function wrapProse(lines: readonly string[], width: number, hangAt?: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (visibleWidth(line) <= width || TABLE_LINE.test(line)) {
      out.push(line);
      continue;
    }
    const bullet = BULLET.exec(line);
    const hang = hangAt ?? (bullet ? visibleWidth(bullet[0]) : (/^\s*/.exec(line)?.[0].length ?? 0));
    out.push(...wrapLine(line, width, Math.min(hang, Math.floor(width / 2))));
  }
  return out;
}
