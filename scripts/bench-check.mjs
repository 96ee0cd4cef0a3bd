#!/usr/bin/env node
/**
 * npm run bench:check — how fast `rmq-plan check` is, as CI runs it: `node dist/bin/rmq-plan.js check
 * <workload> <cluster flags> --format json`, RUNS times per case after one warm-up run; median,
 * p90 and min wall time, Node start-up included (the growth runway search included too).
 * Speed is reported, not asserted (docs/CONTRIBUTING-helpers.md: no timed tests).
 *
 * Environment: BENCH_RUNS (default 15).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'bin', 'rmq-plan.js');
const RUNS = positiveInt(process.env.BENCH_RUNS, 15);
/** Exit codes a check may end with: 0 holds, 1 a target or the budget fails. */
const OK_EXIT_CODES = new Set([0, 1]);

/** The cluster fixtures (fixtures/clusters) and the workloads they describe; one flags-only case. */
const CASES = [
  { name: 'small-single-app (description)', args: ['fixtures/workloads/small-single-app.yaml', '--cluster', 'fixtures/clusters/small-single-app.yaml'] },
  {
    name: 'small-single-app (inspected + flags)',
    args: [
      'fixtures/workloads/small-single-app.yaml',
      '--cluster',
      'fixtures/clusters/inspected-small-single-app.yaml',
      '--instance-type',
      'm6i.xlarge',
      '--disk',
      'gp3',
      '--disk-size-gib',
      '100',
    ],
  },
  {
    name: 'multi-tenant (undersized)',
    args: ['fixtures/workloads/multi-tenant-high-throughput.yaml', '--cluster', 'fixtures/clusters/multi-tenant-undersized.yaml'],
  },
  { name: 'zone-failure (flags, disk chosen)', args: ['fixtures/workloads/zone-failure.yaml', '--instance-type', 'n2-standard-4', '--nodes', '3'] },
];

function positiveInt(text, fallback) {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function quantile(sorted, q) {
  // Nearest-rank quantile: the value at rank ⌈q·n⌉.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function runOnce(args) {
  const start = performance.now();
  const child = spawnSync(process.execPath, [CLI, 'check', ...args, '--format', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = performance.now() - start;
  if (!OK_EXIT_CODES.has(child.status)) throw new Error(`check ${args.join(' ')}: exit ${child.status ?? child.signal}\n${child.stderr}`);
  return { ms, exitCode: child.status, report: JSON.parse(child.stdout) };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

function main() {
  if (!existsSync(CLI)) {
    console.error('bench:check: dist/bin/rmq-plan.js is missing; run `npm run build` first');
    process.exit(2);
  }
  const rows = CASES.map((c) => {
    runOnce(c.args); // warm-up: OS file cache
    const times = [];
    let last;
    for (let i = 0; i < RUNS; i++) {
      last = runOnce(c.args);
      times.push(last.ms);
    }
    times.sort((a, b) => a - b);
    const miss = last.report.runway.firstMiss;
    return [
      c.name,
      String(last.exitCode),
      last.report.verdict,
      miss ? `month ${miss.month}` : `holds to ${last.report.runway.searchedThroughMonth}`,
      fmt(quantile(times, 0.5)),
      fmt(quantile(times, 0.9)),
      fmt(times[0]),
    ];
  });
  const startup = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    startup.push(performance.now() - t);
  }
  startup.sort((a, b) => a - b);
  const head = ['case', 'exit', 'verdict', 'runway', 'median ms', 'p90 ms', 'min ms'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(`rmq-plan check: ${RUNS} runs per case of \`node dist/bin/rmq-plan.js check <workload> <cluster> --format json\` (Node ${process.version}),`);
  console.log('wall time including Node start-up and the growth-runway search.\n');
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log(`\nFor reference, \`node -e 0\` on this machine: median ${fmt(quantile(startup, 0.5))} ms.`);
}

try {
  main();
} catch (error) {
  console.error(`bench:check: ${error.message}`);
  process.exit(1);
}
