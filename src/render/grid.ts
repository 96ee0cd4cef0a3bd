/**
 * cli-table3 with the settings every report table shares: Unicode box lines, one space of
 * padding, and no colours of its own (its built-in header colour ignores NO_COLOR and would
 * leak escape codes into pipes; colour is applied to cell text by the caller instead).
 */
import Table from 'cli-table3';

export type Align = 'left' | 'right' | 'center';

export interface GridOptions {
  aligns?: Align[];
  /** Per column: wrap plain-text cells longer than this at spaces. */
  wrapAt?: (number | undefined)[];
}

/**
 * A table with a rule under the header and none between body rows (they scan better without).
 * cli-table3 draws the same rule under the header and between rows; each body row is pushed as
 * its own row (cli-table3 lays out cell by cell, linear in rows — stacking the whole body into
 * one multi-line cell made a 100-workload report take 37 s), and the rules between body rows
 * are then dropped, or turned into a blank line when some row takes several lines, so that each
 * still reads as one.
 */
export function grid(head: string[], rows: string[][], options: GridOptions = {}): string {
  const wrapped = rows.map((row) => head.map((_, index) => wrap(row[index] ?? '', options.wrapAt?.[index])));
  const tall = wrapped.some((row) => row.some((cell) => cell.includes('\n')));
  // cli-table3 fills in missing cells with a scan per cell (quadratic in rows): lay out at most
  // ROWS_PER_CHUNK rows per call, with the column widths of the whole table, and join the pieces.
  const colWidths = head.map((title, index) => Math.max(visibleWidth(title), ...wrapped.map((row) => cellWidth(row[index]!))) + CELL_PADDING);
  const chunks: string[][][] = [];
  for (let i = 0; i < wrapped.length; i += ROWS_PER_CHUNK) chunks.push(wrapped.slice(i, i + ROWS_PER_CHUNK));
  if (chunks.length === 0) chunks.push([]);
  const out: string[] = [];
  let headerRuleSeen = false;
  chunks.forEach((chunk, chunkIndex) => {
    const table = new Table({
      ...(chunkIndex === 0 ? { head } : {}),
      colWidths,
      colAligns: head.map((_, index) => options.aligns?.[index] ?? 'left'),
      style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    });
    for (const row of chunk) table.push(row);
    let lines = table.toString().split('\n');
    if (chunkIndex > 0) lines = lines.slice(1); // the top border: the previous piece continues
    const last = chunkIndex === chunks.length - 1;
    if (!last) lines = lines.slice(0, -1); // the bottom border: the next piece continues
    for (const line of lines) {
      if (!line.startsWith(RULE_START)) {
        out.push(line);
      } else if (!headerRuleSeen && chunkIndex === 0) {
        headerRuleSeen = true;
        out.push(line); // the rule under the header
      } else if (tall) {
        out.push(blankRowFrom(line));
      }
    }
    if (!last && tall) out.push(blankRowFrom(out.find((l) => l.startsWith(RULE_START)) ?? ''));
  });
  return out.join('\n');
}

/** Rows per cli-table3 call: small enough that its per-cell scans stay cheap. */
const ROWS_PER_CHUNK = 50;
/** One space each side of a cell (the style below). */
const CELL_PADDING = 2;
const SGR = /\u001b\[[0-9;]*m/g;

/** Columns a cell's text takes on a terminal: colour codes take none; every other code point one. */
export function visibleWidth(text: string): number {
  return [...text.replace(SGR, '')].length;
}

function cellWidth(cell: string): number {
  return Math.max(0, ...cell.split('\n').map(visibleWidth));
}

/** cli-table3's default (Unicode) left end of a rule between rows. */
const RULE_START = '├';

/** A rule line turned into an empty row: the same column borders, spaces between them. */
function blankRowFrom(rule: string): string {
  return rule.replace(/[├┼┤]/g, '│').replace(/─/g, ' ');
}

/** Greedy word wrap at spaces; a word longer than the width stays whole. */
export function wrap(text: string, width: number | undefined): string {
  if (width === undefined || text.length <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}
