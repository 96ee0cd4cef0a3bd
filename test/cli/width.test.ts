/**
 * Output that fits the terminal: `size` and `check` tables at 80, 100 and 120 columns, for every
 * shipped fixture (with --explain, where the arithmetic lines are longest), and the width taken
 * from --width, the terminal, $COLUMNS or 80 in that order.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { outputWidth } from '../../src/render/width.js';
import { visibleWidth } from '../../src/render/grid.js';

const FIXTURES = 'fixtures/workloads';
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const WIDTHS = [80, 100, 120];

function widest(text: string): { width: number; line: string } {
  let best = { width: 0, line: '' };
  for (const line of text.split('\n')) if (visibleWidth(line) > best.width) best = { width: visibleWidth(line), line };
  return best;
}

describe('size and check fit the width', () => {
  for (const fixture of fixtures) {
    for (const width of WIDTHS) {
      it(`size ${fixture} --explain at ${width} columns`, async () => {
        const io = memoryIo({ NO_COLOR: '1' });
        await runCli(['size', join(FIXTURES, fixture), '--explain', '--width', String(width)], io);
        const w = widest(io.out);
        expect(w.width, w.line).toBeLessThanOrEqual(width);
      });
    }
  }

  for (const width of WIDTHS) {
    it(`check multi-tenant-undersized at ${width} columns`, async () => {
      const io = memoryIo({ NO_COLOR: '1' });
      await runCli(
        ['check', join(FIXTURES, 'multi-tenant-high-throughput.yaml'), '--cluster', 'fixtures/clusters/multi-tenant-undersized.yaml', '--width', String(width)],
        io,
      );
      expect(io.out).toContain('FAIL');
      const w = widest(io.out);
      expect(w.width, w.line).toBeLessThanOrEqual(width);
    });
  }

  it('a colour terminal fits too (escape codes take no columns)', async () => {
    const io = { ...memoryIo({ FORCE_COLOR: '1' }), stdoutIsTTY: true, stdoutColumns: 90 };
    const out: string[] = [];
    io.stdout = (t: string) => void out.push(t);
    await runCli(['size', join(FIXTURES, 'multi-tenant-high-throughput.yaml')], io);
    const text = out.join('');
    // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
    expect(text).toMatch(/\u001b\[/);
    expect(widest(text).width).toBeLessThanOrEqual(90);
  });

  it('leaves whole columns out before wrapping rows, and says which', async () => {
    const io = memoryIo({ NO_COLOR: '1' });
    await runCli(['size', join(FIXTURES, 'small-single-app.yaml'), '--width', '80'], io);
    expect(io.out).toMatch(/\(Headroom: not shown at 80 columns/);
    const wide = memoryIo({ NO_COLOR: '1' });
    await runCli(['size', join(FIXTURES, 'small-single-app.yaml'), '--width', '160'], wide);
    expect(wide.out).not.toMatch(/not shown at/);
    expect(wide.out).toContain('Headroom');
  });

  it('marks the resources the volume was sized to fit, and says each reason once', async () => {
    const io = memoryIo({ NO_COLOR: '1' });
    await runCli(['size', join(FIXTURES, 'small-single-app.yaml'), '--width', '160'], io);
    expect(io.out).toMatch(/Disk space².*sized to fit/);
    const infeasible = memoryIo({ NO_COLOR: '1' });
    await runCli(['size', join(FIXTURES, 'infeasible.yaml')], infeasible);
    const reasons = infeasible.out.split('\n').filter((l) => l.includes('latency p99 at peak: matching'));
    expect(reasons).toHaveLength(1);
  });

  it('takes --width, else the terminal, else $COLUMNS, else 80', () => {
    expect(outputWidth(100, 132, { COLUMNS: '90' })).toBe(100);
    expect(outputWidth(undefined, 132, { COLUMNS: '90' })).toBe(132);
    expect(outputWidth(undefined, undefined, { COLUMNS: '90' })).toBe(90);
    expect(outputWidth(undefined, undefined, { COLUMNS: 'wide' })).toBe(80);
    expect(outputWidth(undefined, undefined, {})).toBe(80);
  });

  it('refuses a width it cannot lay out to (exit 2, naming the flag)', async () => {
    const io = memoryIo({ NO_COLOR: '1' });
    expect(await runCli(['size', join(FIXTURES, 'small-single-app.yaml'), '--width', '12'], io)).toBe(2);
    expect(io.err).toMatch(/--width: expected a whole number of columns from 40 to 1000, got "12"/);
  });
});
