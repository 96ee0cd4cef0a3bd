/**
 * cli-table3 with the settings every report table shares: Unicode box lines, one space of
 * padding, and no colours of its own (its built-in header colour ignores NO_COLOR and would
 * leak escape codes into pipes; colour is applied to cell text by the caller instead).
 */
import Table from 'cli-table3';
import { visibleWidth, wrapLine } from './text.js';

export { visibleWidth } from './text.js';

export type Align = 'left' | 'right' | 'center';

export interface GridOptions {
  aligns?: Align[];
  /** Per column: wrap plain-text cells longer than this at spaces. */
  wrapAt?: (number | undefined)[];
  /**
   * The widest the table may be (terminal columns). To fit: droppable columns go first (a note
   * below says which), then wrappable columns wrap at spaces (widest first, to MIN_WRAP_WIDTH),
   * then each row is stacked as "column: value" lines.
   */
  width?: number;
  /** Per column: its text may wrap to fit the width. */
  wrappable?: boolean[];
  /** Per column: the order in which it is left out to fit (1 first); undefined: always shown. */
  dropOrder?: (number | undefined)[];
}

/** Every line of `text` fits `width` columns. */
export function fits(text: string, width: number): boolean {
  return text.split('\n').every((line) => visibleWidth(line) <= width);
}

/** A wrapped column is never made narrower than this (text columns stay readable). */
const MIN_WRAP_WIDTH = 12;

/**
 * The table fitted to options.width: see GridOptions.width. A table that fits (or has no width)
 * is drawn as grid() always drew it.
 */
export function fittedGrid(head: string[], rows: string[][], options: GridOptions): string {
  const width = options.width;
  if (width === undefined) return grid(head, rows, options);
  let columns = head.map((_, i) => i);
  const limits: (number | undefined)[] = head.map((_, i) => options.wrapAt?.[i]);
  const frozen = new Set<number>();
  const dropped: string[] = [];
  for (;;) {
    // Titles wrap with their column.
    const titles = columns.map((i) => wrap(head[i]!, limits[i]));
    const wrapped = rows.map((row) => columns.map((i) => wrap(row[i] ?? '', limits[i])));
    const widths = columns.map((i, k) => Math.max(cellWidth(titles[k]!), ...wrapped.map((row) => cellWidth(row[k]!))) + CELL_PADDING);
    const total = widths.reduce((a, w) => a + w, 0) + columns.length + 1;
    if (total <= width) {
      const table = grid(
        titles,
        rows.map((row) => columns.map((i) => row[i] ?? '')),
        { aligns: columns.map((i) => options.aligns?.[i] ?? 'left'), wrapAt: columns.map((i) => limits[i]) },
      );
      return dropped.length === 0
        ? table
        : `${table}\n  (${dropped.join(', ')}: not shown at ${width} columns; a wider terminal, --width or --format markdown shows every column)`;
    }
    // 1. Leave out the column that goes first (whole columns before rows that wrap).
    const drop = columns.filter((i) => options.dropOrder?.[i] !== undefined).sort((a, b) => options.dropOrder![a]! - options.dropOrder![b]!)[0];
    if (drop !== undefined) {
      columns = columns.filter((i) => i !== drop);
      dropped.push(head[drop]!);
      continue;
    }
    // 2. Wrap the widest wrappable column that can still narrow, down to the next widest (so
    //    the wrapped columns end up about as wide as each other), or by what is still too much.
    const excess = total - width;
    const candidates = columns
      .map((i, k) => ({ i, content: widths[k]! - CELL_PADDING }))
      .filter(({ i, content }) => options.wrappable?.[i] === true && !frozen.has(i) && content > MIN_WRAP_WIDTH)
      .sort((a, b) => b.content - a.content);
    const shrinkable = candidates[0];
    if (shrinkable) {
      const next = candidates[1]?.content ?? MIN_WRAP_WIDTH;
      const target = Math.max(MIN_WRAP_WIDTH, shrinkable.content - excess, Math.min(next, shrinkable.content - 1));
      const before = shrinkable.content;
      limits[shrinkable.i] = target;
      const after = Math.max(cellWidth(wrap(head[shrinkable.i]!, target)), ...rows.map((row) => cellWidth(wrap(row[shrinkable.i] ?? '', target))));
      if (after >= before) frozen.add(shrinkable.i); // long words: wrapping gains nothing more
      continue;
    }
    // 3. Stack every row.
    return stacked(head, rows, width);
  }
}

/** Each row as its first cell, then one "column: value" line per other cell, wrapped to the width. */
function stacked(head: string[], rows: string[][], width: number): string {
  const out: string[] = [];
  for (const row of rows) {
    out.push(...wrapLine(`${row[0] ?? ''}`, width, 2));
    head.forEach((title, i) => {
      if (i === 0) return;
      const value = (row[i] ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' ');
      if (value !== '') out.push(...wrapLine(`  ${title}: ${value}`, width, 4));
    });
  }
  return out.join('\n');
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
  const colWidths = head.map((title, index) => Math.max(cellWidth(title), ...wrapped.map((row) => cellWidth(row[index]!))) + CELL_PADDING);
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

function cellWidth(cell: string): number {
  return Math.max(0, ...cell.split('\n').map(visibleWidth));
}

/** cli-table3's default (Unicode) left end of a rule between rows. */
const RULE_START = '├';

/** A rule line turned into an empty row: the same column borders, spaces between them. */
function blankRowFrom(rule: string): string {
  // ├ ┼ ┤ and ─, escaped: the bundle stays ASCII (the launcher reads it as latin1).
  return rule.replace(/[\u251c\u253c\u2524]/g, '│').replace(/\u2500/g, ' ');
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
