/**
 * A small utilisation bar for table cells: 0–100% of capacity over `width` cells with
 * eighth-block resolution, and a "│" at the scenario's limit, e.g. 45% against a 60% limit:
 * `████▌·│···`. Past 100% the bar is full; the percentage beside it tells how far.
 */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;
const FULL = '█';
const EMPTY = '·';
const LIMIT_MARK = '│';
const EIGHTHS_PER_CELL = 8;
export const DEFAULT_BAR_WIDTH = 10;

export function utilisationBar(utilization: number, limit: number, width = DEFAULT_BAR_WIDTH): string {
  const clamped = Number.isFinite(utilization) ? Math.min(Math.max(utilization, 0), 1) : 1;
  const eighths = Math.round(clamped * width * EIGHTHS_PER_CELL);
  const full = Math.floor(eighths / EIGHTHS_PER_CELL);
  const partial = EIGHTHS[eighths % EIGHTHS_PER_CELL]!;
  const cells = (FULL.repeat(full) + partial).padEnd(width, EMPTY).split('');
  const limitCell = Math.min(Math.max(Math.round(limit * width), 0), width);
  cells.splice(limitCell, 0, LIMIT_MARK);
  return cells.join('');
}
