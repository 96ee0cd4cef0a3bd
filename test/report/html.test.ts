/**
 * The HTML reports as files: self-contained (no http(s) reference at all, no script, a CSP
 * that forbids loading anything), charts with their data points, user text escaped, and the
 * --report flags of size and check and the report command writing them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { BenchRunResultSchema } from '../../src/bench/types.js';
import { loadDefaultProfile } from '../../src/profile/load.js';
import { benchReportHtml } from '../../src/report/bench-report.js';
import { LOAD_FRACTIONS, RUNWAY_MAX_POINTS, runwayMonths } from '../../src/report/model-series.js';
import { MAX_LATENCY_CHARTS } from '../../src/report/sections.js';
import { sampleBenchRun } from './bench-sample.js';

const SMALL = 'fixtures/workloads/small-single-app.yaml';
const MULTI = 'fixtures/workloads/multi-tenant-high-throughput.yaml';
const UNDERSIZED = 'fixtures/clusters/multi-tenant-undersized.yaml';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rmq-plan-report-'));
}

async function run(args: string[]) {
  const io = memoryIo({ NO_COLOR: '1' });
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** The markup of one chart. */
function chartMarkup(html: string, id: string): string {
  const m = html.match(new RegExp(`<svg class="chart" data-chart="${id}"[\\s\\S]*?</svg>`));
  expect(m, `chart ${id}`).not.toBeNull();
  return m![0];
}

/** The bars of a chart: series, group and value. */
function bars(svg: string): { series: string; group: string; value: number; fill: string }[] {
  return [...svg.matchAll(/<rect class="point bar" data-series="([^"]*)" data-group="([^"]*)" data-value="([^"]*)"[^>]*fill="([^"]*)"/g)].map((m) => ({
    series: m[1]!,
    group: m[2]!,
    value: Number(m[3]),
    fill: m[4]!,
  }));
}

const NODE_CHARTS = ['cpu', 'memory', 'network', 'diskBandwidth', 'diskIops', 'diskCapacity', 'fileDescriptors'].map((r) => `utilisation-${r}`);

/** Data points per chart, from the markup (the browser test checks the rendered DOM). */
function pointsByChart(html: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of html.matchAll(/<svg class="chart" data-chart="([^"]+)"[\s\S]*?<\/svg>/g)) {
    out[m[1]!] = (m[0].match(/class="point/g) ?? []).length;
  }
  return out;
}

function expectSelfContained(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  expect(html).not.toMatch(/https?:\/\//i);
  expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|@import|url\(\s*['"]?[a-z]+:/i);
}

describe('size --report', () => {
  it('writes a self-contained report with the four charts, and leaves stdout and the exit code alone', async () => {
    const file = join(tempDir(), 'size.html');
    const plain = await run(['size', SMALL]);
    const withReport = await run(['size', SMALL, '--report', file]);
    expect(withReport.code).toBe(plain.code);
    expect(withReport.out).toBe(plain.out);
    expect(withReport.err).toBe(`rmq-plan: report written to ${file}\n`);
    const html = readFileSync(file, 'utf8');
    expectSelfContained(html);
    const points = pointsByChart(html);
    // Per node (3 nodes): healthy on each, after losing node 0 on nodes 1 and 2 (node 0 drawn as a cross).
    for (const id of NODE_CHARTS) {
      expect(points[id], id).toBe(3 + 2);
      expect(chartMarkup(html, id).match(/class="down"/g), id).toHaveLength(1);
    }
    // Not per node: the busiest queue and the latency, healthy and after failure (no budget).
    expect(points['utilisation-cluster']).toBe(4);
    // orders: healthy and after failure at each load level.
    expect(points['latency-0']).toBe(2 * LOAD_FRACTIONS.length);
    expect(points.cost).toBeGreaterThanOrEqual(4 * 2);
    // months 0..20 (the first miss, month 17, + 3), more than RUNWAY_MAX_POINTS: 13 evenly spaced
    // ones, month 17 among them; the binding latency and the disk space that fails first.
    expect(runwayMonths(20, 17)).toEqual([0, 2, 3, 5, 7, 8, 10, 12, 13, 15, 17, 18, 20]);
    expect(points.runway).toBe(2 * RUNWAY_MAX_POINTS);
    expect(html).toContain('first misses a target in month 17');
  });

  it('draws at most MAX_LATENCY_CHARTS latency charts, the workloads closest to their target; the others are a table row each', async () => {
    const dir = tempDir();
    const workloads = Array.from({ length: 20 }, (_, i) =>
      [
        `  - name: tenant-${i}`,
        '    queueType: quorum',
        `    publishRate: { averageMsgPerSec: ${100 + i * 10}, peakMsgPerSec: ${200 + i * 20} }`,
        // tenant-19 has the tightest target: it must be drawn.
        '    messageSize: 1KiB',
        `    latencyP99TargetMs: ${i === 19 ? 40 : 1000}`,
      ].join('\n'),
    );
    const input = join(dir, 'w.yaml');
    writeFileSync(input, `version: 1\nworkloads:\n${workloads.join('\n')}\n`);
    const file = join(dir, 'size.html');
    const r = await run(['size', input, '--format', 'json', '--report', file]);
    expect(r.err).toBe(`rmq-plan: report written to ${file}\n`);
    const html = readFileSync(file, 'utf8');
    const drawn = Object.keys(pointsByChart(html)).filter((id) => id.startsWith('latency-'));
    expect(drawn).toHaveLength(MAX_LATENCY_CHARTS);
    expect(html).toMatch(/<h3>tenant-19<\/h3>/);
    expect(html).toContain(`${MAX_LATENCY_CHARTS} of 20 workloads drawn: those closest to their latency target at the peak. The other 8, at the peak:`);
    expect((html.match(/<td>tenant-\d+<\/td>/g) ?? []).length).toBeGreaterThanOrEqual(8);
  });

  it("draws every node's figures, the busiest of which is the figure the text reports give", async () => {
    const file = join(tempDir(), 'size.html');
    await run(['size', SMALL, '--report', file]);
    const html = readFileSync(file, 'utf8');
    const json = JSON.parse((await run(['size', SMALL, '--format', 'json'])).out) as {
      plan: { utilization: Record<string, { healthy: { utilization: number }; afterFailure: { utilization: number } }> };
    };
    for (const resource of ['cpu', 'memory', 'network', 'diskBandwidth', 'diskIops', 'diskCapacity', 'fileDescriptors']) {
      const drawn = bars(chartMarkup(html, `utilisation-${resource}`));
      const max = (series: string) => Math.max(...drawn.filter((b) => b.series === series).map((b) => b.value));
      const figures = json.plan.utilization[resource]!;
      expect(max('healthy'), resource).toBeCloseTo(figures.healthy.utilization, 4);
      expect(max('after node loss'), resource).toBeCloseTo(figures.afterFailure.utilization, 4);
      expect(
        drawn.filter((b) => b.series === 'after node loss').map((b) => b.group),
        resource,
      ).toEqual(['1', '2']);
    }
    // The limits as lines: 60% at peak, 80% after a failure.
    expect(chartMarkup(html, 'utilisation-cpu').match(/<line class="limit reference"/g)).toHaveLength(2);
  });

  it('is the same file on every run', async () => {
    const dir = tempDir();
    await run(['size', SMALL, '--report', join(dir, 'a.html')]);
    await run(['size', SMALL, '--report', join(dir, 'b.html')]);
    expect(readFileSync(join(dir, 'a.html'), 'utf8')).toBe(readFileSync(join(dir, 'b.html'), 'utf8'));
  });

  it('escapes text from the workload file', async () => {
    const dir = tempDir();
    const workload = join(dir, 'w.yaml');
    writeFileSync(workload, readFileSync(SMALL, 'utf8').replace('name: small-single-app', 'name: "<b>shop</b> & \\"co\\""'));
    await run(['size', workload, '--report', join(dir, 'r.html')]);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('&lt;b&gt;shop&lt;/b&gt; &amp; &quot;co&quot;');
    expect(html).not.toContain('<b>shop</b>');
  });

  it('a report path that cannot be written is an environment error (exit 3), like every output file', async () => {
    const r = await run(['size', SMALL, '--report', '/nonexistent-dir/r.html']);
    expect(r.code).toBe(3);
    expect(r.err).toBe('rmq-plan: cannot write --report "/nonexistent-dir/r.html": its folder does not exist\n');
  });

  it('a FIFO with no reader fails at once instead of hanging; a directory is named as such', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'r.html');
    execFileSync('mkfifo', [fifo]);
    const r = await run(['size', SMALL, '--report', fifo]);
    expect(r.code).toBe(3);
    expect(r.err).toBe(`rmq-plan: cannot write --report ${JSON.stringify(fifo)}: it is a FIFO (named pipe) with no reader\n`);
    const d = await run(['size', SMALL, '--report', dir]);
    expect(d.code).toBe(3);
    expect(d.err).toMatch(/it is a directory\n$/);
  });
});

describe('check --report', () => {
  it('draws the failing cluster: red bars, the runway from month 0, one latency chart per workload', async () => {
    const file = join(tempDir(), 'check.html');
    // Pinned to the lab profile: under the default one this cluster's CPU is over 100%, its latency
    // infinite every month, and the runway chart (which skips non-finite points) would be empty.
    const r = await run(['check', MULTI, '--cluster', UNDERSIZED, '--calibration', 'published-lab', '--report', file]);
    expect(r.code).toBe(1);
    const html = readFileSync(file, 'utf8');
    expectSelfContained(html);
    expect(html).toContain('✘ FAIL');
    expect(html).toContain('<li>disk bandwidth at peak: 316 MB/s of 131 MB/s on node 0 = 241% &gt; 60%</li>');
    const points = pointsByChart(html);
    expect(Object.keys(points).filter((k) => k.startsWith('latency-'))).toHaveLength(4);
    for (const id of NODE_CHARTS) expect(points[id], id).toBe(3 + 2);
    // Not per node: queue rate and latency, healthy and after failure (no budget given).
    expect(points['utilisation-cluster']).toBe(4);
    expect(points.runway).toBeGreaterThan(12);
    // Bars over their limit are drawn red: every node's disk writes, at 241% of the volume's bandwidth.
    const disk = bars(chartMarkup(html, 'utilisation-diskBandwidth'));
    expect(disk).toHaveLength(5);
    for (const b of disk) expect(b.fill).toBe('#dc2626');
    expect(disk.find((b) => b.series === 'healthy' && b.group === '0')!.value).toBeCloseTo(2.41, 2);
  });
});

describe('report --bench', () => {
  it('draws the measured latency curve and lists the max rates', async () => {
    const dir = tempDir();
    const runFile = join(dir, 'run.json');
    writeFileSync(runFile, JSON.stringify(sampleBenchRun()));
    const out = join(dir, 'bench.html');
    const r = await run(['report', '--bench', runFile, '--out', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expectSelfContained(html);
    const chart = chartMarkup(html, 'bench-0');
    // Measured p50 and p99 at the three load levels, and the model's curve.
    expect(chart.match(/class="point" data-series="p(50|99)"/g)).toHaveLength(6);
    expect((chart.match(/class="point" data-series="model p99"/g) ?? []).length).toBeGreaterThan(10);
    expect(html).toContain('<td class="num">20,000</td>');
    // Without --calibration the model uses a profile fitted from the run itself, and says so.
    expect(html).toContain('profile &quot;bench sample&quot;, fitted from this run');
    expect(html).toContain('one node of 2 cores (as the broker reported them)');
  });

  it('draws the model under the profile given with --calibration, and names it', async () => {
    const dir = tempDir();
    const runFile = join(dir, 'run.json');
    writeFileSync(runFile, JSON.stringify(sampleBenchRun()));
    const out = join(dir, 'bench.html');
    const r = await run(['report', '--bench', runFile, '--calibration', 'published', '--out', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('profile &quot;published&quot;, given with --calibration published');
    const ys = [...chartMarkup(html, 'bench-0').matchAll(/class="point" data-series="model p99" data-x="([^"]+)" data-y="([^"]+)"/g)].map((m) => Number(m[2]));
    expect(ys.length).toBeGreaterThan(10);
    // p99 grows with the load.
    for (let i = 1; i < ys.length; i++) expect(ys[i]!).toBeGreaterThanOrEqual(ys[i - 1]!);
  });

  it('a --calibration that is not a profile is bad input', async () => {
    const dir = tempDir();
    const runFile = join(dir, 'run.json');
    writeFileSync(runFile, JSON.stringify(sampleBenchRun()));
    const r = await run(['report', '--bench', runFile, '--calibration', join(dir, 'missing.json'), '--out', join(dir, 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing.json: (file): expected a readable calibration profile');
  });

  it('the sample run behind docs/images/report-bench.png is a valid run with two curves', () => {
    const run = BenchRunResultSchema.parse(JSON.parse(readFileSync('test/report/fixtures/bench-run.json', 'utf8')));
    const html = benchReportHtml(run, 'bench-run.json', { profile: loadDefaultProfile(), how: 'the shipped default' });
    expect(Object.keys(pointsByChart(html))).toEqual(['bench-0', 'bench-1']);
  });

  it('a run that is not a bench run is bad input, naming the field', async () => {
    const dir = tempDir();
    const runFile = join(dir, 'run.json');
    writeFileSync(runFile, JSON.stringify({ ...sampleBenchRun(), kind: 'something-else' }));
    const r = await run(['report', '--bench', runFile, '--out', join(dir, 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${runFile}: kind: expected "rmq-plan-bench-run", got string "something-else"\n`);
  });

  it('says so when the run has no curve', () => {
    const run = { ...sampleBenchRun(), steps: sampleBenchRun().steps.filter((s) => s.kind !== 'open-loop') };
    expect(benchReportHtml(run, 'run.json')).toContain('This run has no open-loop steps');
  });
});
