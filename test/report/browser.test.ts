/**
 * The reports as a person sees them: each is opened in headless Chromium (Debian's package,
 * scripts/install-chromium.sh) over the DevTools protocol, and the rendered DOM must hold every
 * chart with its data points laid out at a real size, with no console error and no failed
 * request (the page loads nothing: a blocked external reference would show up here).
 * Without Chromium the test fails under CI=true and is skipped elsewhere.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, chromiumPath, withPage } from '../../scripts/lib/chromium-cdp.mjs';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { sampleBenchRun } from './bench-sample.js';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const available = chromiumAvailable();

interface ChartFacts {
  id: string;
  points: number;
  width: number;
  height: number;
  /** Points whose box lies inside the chart's box (drawn where they can be seen). */
  pointsInside: number;
}

/** Per chart in the rendered page: its size and its data points. */
const CHART_FACTS = `[...document.querySelectorAll('svg.chart')].map((svg) => {
  const box = svg.getBoundingClientRect();
  const points = [...svg.querySelectorAll('.point')];
  const inside = points.filter((p) => { const b = p.getBoundingClientRect();
    return b.width > 0 && b.height > 0 && b.left >= box.left - 1 && b.right <= box.right + 1 && b.top >= box.top - 1 && b.bottom <= box.bottom + 1; });
  return { id: svg.dataset.chart, points: points.length, width: Math.round(box.width), height: Math.round(box.height), pointsInside: inside.length };
})`;

async function writeReport(args: string[], name: string): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'rmq-plan-browser-')), name);
  const io = memoryIo({ NO_COLOR: '1' });
  const code = await runCli([...args, file], io);
  expect([0, 1]).toContain(code);
  return file;
}

async function render(file: string): Promise<{ charts: ChartFacts[]; problems: string[]; title: string }> {
  return withPage(file, { width: 1280, height: 900 }, async (page) => ({
    charts: await page.evaluate<ChartFacts[]>(CHART_FACTS),
    title: await page.evaluate<string>('document.title'),
    problems: page.problems,
  }));
}

/** The per-node utilisation charts and the one for the figures that are not per node. */
const UTILISATION = [
  ...['cpu', 'memory', 'network', 'diskBandwidth', 'diskIops', 'diskCapacity', 'fileDescriptors'].map((r) => `utilisation-${r}`),
  'utilisation-cluster',
];

function expectDrawn(charts: ChartFacts[], ids: string[]): void {
  expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
  for (const c of charts) {
    expect(c.points, `${c.id}: data points`).toBeGreaterThan(0);
    expect(c.pointsInside, `${c.id}: points inside the chart`).toBe(c.points);
    expect(c.width, `${c.id}: width`).toBeGreaterThan(200);
    expect(c.height, `${c.id}: height`).toBeGreaterThan(100);
  }
}

describe.skipIf(!available && !CI)('reports in headless Chromium', () => {
  it('Chromium is installed', () => {
    expect(available, `${chromiumPath()} is missing: run scripts/install-chromium.sh`).toBe(true);
  });

  it('size: every chart drawn, no console errors', async () => {
    const file = await writeReport(['size', 'fixtures/workloads/multi-tenant-high-throughput.yaml', '--report'], 'size.html');
    const { charts, problems, title } = await render(file);
    expect(problems).toEqual([]);
    expect(title).toBe('rmq-plan size · multi-tenant-high-throughput');
    expectDrawn(charts, [...UTILISATION, 'cost', 'latency-0', 'latency-1', 'latency-2', 'latency-3', 'runway']);
  });

  it('check: every chart drawn, no console errors', async () => {
    const file = await writeReport(
      ['check', 'fixtures/workloads/small-single-app.yaml', '--cluster', 'fixtures/clusters/small-single-app.yaml', '--report'],
      'check.html',
    );
    const { charts, problems } = await render(file);
    expect(problems).toEqual([]);
    expectDrawn(charts, [...UTILISATION, 'cost', 'latency-0', 'runway']);
  });

  it('bench: the measured curve and the model drawn, no console errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-browser-'));
    writeFileSync(join(dir, 'run.json'), JSON.stringify(sampleBenchRun()));
    const file = await writeReport(['report', '--bench', join(dir, 'run.json'), '--out'], 'bench.html');
    const { charts, problems } = await render(file);
    expect(problems).toEqual([]);
    expectDrawn(charts, ['bench-0']);
    // 6 measured points (p50 and p99 at three loads) and the model's curve.
    expect(charts.find((c) => c.id === 'bench-0')!.points).toBeGreaterThan(6);
  });

  it('bench: two curves side by side (hand-made two-configuration sample)', async () => {
    const file = await writeReport(['report', '--bench', 'test/report/fixtures/bench-run.json', '--out'], 'bench2.html');
    const { charts, problems } = await render(file);
    expect(problems).toEqual([]);
    expectDrawn(charts, ['bench-0', 'bench-1']);
  });

  it('notices what a report must never do: load something', async () => {
    // The check itself: a page with an external image and a script must report problems.
    const file = join(mkdtempSync(join(tmpdir(), 'rmq-plan-browser-')), 'bad.html');
    writeFileSync(
      file,
      `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head>` +
        `<body><img src="http://127.0.0.1:9/x.png"><script>console.error('boom')</script></body></html>`,
    );
    const { problems } = await render(file);
    expect(problems.length).toBeGreaterThan(0);
  });
});
