/**
 * grid(): one rule under the header, none between body rows, the same width on every line —
 * also past the rows one cli-table3 call lays out (the table is built in pieces for speed).
 */
import { describe, expect, it } from 'vitest';
import { grid, visibleWidth } from '../../src/render/grid.js';

describe('grid', () => {
  it('many one-line rows: top, header, one rule, every row, bottom; all lines equally wide', () => {
    const rows = Array.from({ length: 237 }, (_, i) => [`tenant-${i}`, `${i * 7}`, i % 2 === 0 ? '\u001b[31mred\u001b[39m' : 'plain']);
    const lines = grid(['name', 'rate', 'note'], rows, { aligns: ['left', 'right', 'left'] }).split('\n');
    expect(lines).toHaveLength(237 + 4);
    expect(lines.filter((l) => l.startsWith('├'))).toHaveLength(1);
    expect(lines[0]!.startsWith('┌')).toBe(true);
    expect(lines[2]!.startsWith('├')).toBe(true);
    expect(lines.at(-1)!.startsWith('└')).toBe(true);
    expect(new Set(lines.map(visibleWidth)).size).toBe(1);
    expect(lines[3]).toContain('tenant-0');
    expect(lines[239]).toContain('tenant-236');
    // The widest cell sets the column for every piece, so right-aligned numbers line up.
    expect(lines.slice(3, -1).map((l) => l.indexOf('│', 2))).toEqual(Array(237).fill(lines[3]!.indexOf('│', 2)));
  });

  it('multi-line rows: a blank line between rows, across pieces too', () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`w${i}`, 'first line\nsecond line']);
    const lines = grid(['name', 'text'], rows).split('\n');
    // per row 2 lines, 119 blank separators, plus top, header, rule, bottom
    expect(lines).toHaveLength(120 * 2 + 119 + 4);
    expect(lines.filter((l) => /^│\s+│\s+│$/.test(l))).toHaveLength(119);
    expect(new Set(lines.map(visibleWidth)).size).toBe(1);
  });

  it('no rows: the header alone', () => {
    expect(grid(['a', 'b'], []).split('\n')).toHaveLength(3);
  });
});
