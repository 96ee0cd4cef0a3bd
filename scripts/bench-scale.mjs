#!/usr/bin/env node
/**
 * npm run bench:scale — how `size` and `check` scale with the number of workloads (tenants):
 * 1, 10, 100, 1,000 and 5,000 workloads, in every output format, side by side, interleaved
 * (every case once per round, BENCH_RUNS rounds) so a busy moment of this shared machine hits
 * all cases alike. Reports the median wall time (Node start-up included) and the peak resident
 * memory of the process (its own getrusage maxRSS, reported by a preload at exit).
 * Goals (issue 13): 1,000 workloads under 2 s and 5,000 under 10 s in every format; memory under
 * 300 MB at 5,000. Speed is reported, not asserted (no timed tests).
 *
 * The workload files are generated here (deterministic): tenants cycle through quorum, classic
 * and stream queues, 10–59 msg/s average, twice that at peak, 1–8 KiB messages.
 *
 * Environment: BENCH_RUNS (default 3), BENCH_SIZES (default "1,10,100,1000,5000").
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'bin', 'rmq-plan.js');
const RUNS = positiveInt(process.env.BENCH_RUNS, 3);
const SIZES = (process.env.BENCH_SIZES ?? '1,10,100,1000,5000').split(',').map(Number);
/** 'html' is `--report FILE` with JSON on stdout (the cheapest), so its time is the HTML report's. */
const FORMATS = ['table', 'json', 'markdown', 'html'];
/** Exit codes a run may end with: 0, or 1 when no plan / check meets every target. */
const OK_EXIT_CODES = new Set([0, 1]);

function positiveInt(text, fallback) {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function workloadFile(n) {
  const types = ['quorum', 'classic', 'stream'];
  const lines = ['version: 1', 'cluster:', '  constraints: { maxNodes: 9 }', 'workloads:'];
  for (let i = 0; i < n; i++) {
    const average = 10 + (i % 50);
    lines.push(
      `  - name: tenant-${i}`,
      `    queueType: ${types[i % 3]}`,
      `    publishRate: { averageMsgPerSec: ${average}, peakMsgPerSec: ${average * 2} }`,
      `    messageSize: ${1 + (i % 8)}KiB`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-bench-scale-'));
const rssFile = join(dir, 'rss');
const preload = join(dir, 'report-rss.cjs');
writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);

const cases = [];
for (const n of SIZES) {
  const file = join(dir, `w${n}.yaml`);
  writeFileSync(file, workloadFile(n));
  for (const format of FORMATS) {
    const out = format === 'html' ? ['--format', 'json', '--report', join(dir, `w${n}.html`)] : ['--format', format];
    cases.push({ n, command: 'size', format, args: ['size', file, ...out] });
    cases.push({ n, command: 'check', format, args: ['check', file, '--instance-type', 'm6i.8xlarge', '--nodes', '9', ...out] });
  }
}

console.log(`rmq-plan size/check by number of workloads: ${RUNS} interleaved round(s) of ${cases.length} cases (Node ${process.version}).`);
console.log('Goals: 1,000 workloads < 2 s and 5,000 < 10 s in every format; < 300 MB at 5,000.\n');
const times = cases.map(() => []);
const rss = cases.map(() => []);
const exits = cases.map(() => new Set());
for (let round = 0; round < RUNS; round++) {
  cases.forEach((c, i) => {
    const started = performance.now();
    const r = spawnSync(process.execPath, ['--require', preload, CLI, ...c.args], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, NO_COLOR: '1' },
    });
    times[i].push(performance.now() - started);
    exits[i].add(r.status);
    if (!OK_EXIT_CODES.has(r.status)) {
      console.error(`${c.args.join(' ')}: exit ${r.status}\n${r.stderr.slice(0, 500)}`);
      process.exitCode = 1;
    }
    try {
      rss[i].push(Number(readFileSync(rssFile, 'utf8')) / 1024);
    } catch {
      rss[i].push(Number.NaN);
    }
  });
}

const header = ['workloads', 'command', 'format', 'exit', 'median s', 'max RSS MB', 'goal'];
const rows = cases.map((c, i) => {
  const seconds = median(times[i]) / 1000;
  const megabytes = Math.max(...rss[i]);
  const timeGoal = c.n >= 5000 ? 10 : c.n >= 1000 ? 2 : null;
  const memGoal = c.n >= 5000 ? 300 : null;
  const verdict = [
    timeGoal === null ? '' : seconds <= timeGoal ? `✔ < ${timeGoal} s` : `✘ > ${timeGoal} s`,
    memGoal === null ? '' : megabytes <= memGoal ? `✔ < ${memGoal} MB` : `✘ > ${memGoal} MB`,
  ]
    .filter(Boolean)
    .join(', ');
  return [c.n.toLocaleString('en-US'), c.command, c.format, [...exits[i]].join('/'), seconds.toFixed(2), megabytes.toFixed(0), verdict];
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((cell, i) => (i >= 3 && i <= 5 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '─'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
rmSync(dir, { recursive: true, force: true });
