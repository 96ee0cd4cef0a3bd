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
 * cli-table3 draws the same rule under the header and between rows, so the body is stacked
 * into one row of multi-line cells. When a row takes several lines, rows are separated by a
 * blank line so that each still reads as one.
 */
export function grid(head: string[], rows: string[][], options: GridOptions = {}): string {
  const table = new Table({
    head,
    colAligns: head.map((_, index) => options.aligns?.[index] ?? 'left'),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
  });
  const wrapped = rows.map((row) => row.map((cell, index) => wrap(cell, options.wrapAt?.[index])));
  if (wrapped.length > 0) table.push(stack(wrapped, head.length));
  return table.toString();
}

function stack(rows: string[][], columns: number): string[] {
  const stacked: string[][] = Array.from({ length: columns }, () => []);
  const tall = rows.some((row) => row.some((cell) => cell.includes('\n')));
  rows.forEach((row, rowIndex) => {
    const cells = Array.from({ length: columns }, (_, index) => (row[index] ?? '').split('\n'));
    const height = Math.max(...cells.map((lines) => lines.length));
    cells.forEach((lines, index) => {
      const spacer = tall && rowIndex < rows.length - 1 ? [''] : [];
      stacked[index]!.push(...lines, ...Array<string>(height - lines.length).fill(''), ...spacer);
    });
  });
  return stacked.map((lines) => lines.join('\n'));
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
