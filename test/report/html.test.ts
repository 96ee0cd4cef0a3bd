/**
 * The HTML reports as files: self-contained (no http(s) reference at all, no script, a CSP
 * that forbids loading anything), charts with their data points, user text escaped, and the
 * --report flags of size and check and the report command writing them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/commands/program.js';
import { memoryIo } from '../../src/commands/shared/io.js';
import { benchReportHtml } from '../../src/report/bench-report.js';
import { LOAD_FRACTIONS } from '../../src/report/model-series.js';
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
    // 9 resources (no budget), healthy and after failure.
    expect(points.utilisation).toBe(18);
    // orders: healthy and after failure at each load level.
    expect(points['latency-0']).toBe(2 * LOAD_FRACTIONS.length);
    expect(points.cost).toBeGreaterThanOrEqual(4 * 2);
    // months 0..20: the first miss (month 17) + 3; the binding latency and the disk space that fails first.
    expect(points.runway).toBe(2 * 21);
    expect(html).toContain('first misses a target in month 17');
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

  it('a report path that cannot be written is bad input', async () => {
    const r = await run(['size', SMALL, '--report', '/nonexistent-dir/r.html']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('--report: expected a file that can be written, got "/nonexistent-dir/r.html" (its folder does not exist)\n');
  });
});

describe('check --report', () => {
  it('draws the failing cluster: red bars, the runway from month 0, one latency chart per workload', async () => {
    const file = join(tempDir(), 'check.html');
    const r = await run(['check', MULTI, '--cluster', UNDERSIZED, '--report', file]);
    expect(r.code).toBe(1);
    const html = readFileSync(file, 'utf8');
    expectSelfContained(html);
    expect(html).toContain('✘ FAIL');
    expect(html).toContain('<li>disk bandwidth at peak: 316 MB/s of 131 MB/s on node 0 = 241% &gt; 60%</li>');
    const points = pointsByChart(html);
    expect(Object.keys(points).filter((k) => k.startsWith('latency-'))).toHaveLength(4);
    expect(points.utilisation).toBe(18);
    expect(points.runway).toBeGreaterThan(12);
    // Bars over their limit are drawn red.
    expect(html).toMatch(/<rect class="point bar" data-series="healthy" data-group="Disk write bandwidth" data-value="2\.4\d*"[^>]*fill="#dc2626"/);
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
    // p50 and p99 at the three load levels.
    expect(pointsByChart(html)['bench-0']).toBe(6);
    expect(html).toContain('<td class="num">20,000</td>');
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
