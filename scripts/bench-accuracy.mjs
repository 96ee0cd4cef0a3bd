#!/usr/bin/env node
/**
 * Accuracy of the calibrated model on the local broker: calibrate on some message sizes, predict
 * the maximum sustainable rate at held-out sizes, compare with what the bench measures there.
 *
 *   npm run bench:accuracy                       (builds first; broker: scripts/broker/start.sh single)
 *   node scripts/bench-accuracy.mjs [--repeats 3] [--types classic,quorum]
 *        [--calibrate 256,4096,65536] [--holdout 1024,16384] [--search-time 14] [--url amqp://…]
 *        [--wait-idle 120] [--out-dir DIR] [--json]
 *   node scripts/bench-accuracy.mjs --from DIR   refit and predict from the run files a previous run saved
 *
 * For every queue type, size and repeat it runs `node dist/bin/rmq-plan.js bench --json` with one closed-loop
 * search (calibration sizes also get one open-loop step at 20 % of the maximum, for the fixed CPU
 * and the commit floor). Runs are interleaved (each repeat walks the variants in a rotated order)
 * because results on a shared 2-core machine vary by up to ~40 % run to run
 * (../shared/reference/broker-on-debian.md); each run first waits until the machine is idle.
 *
 * The calibration runs of a queue type are merged and fitted (fitProfile, dist/profile/fit).
 * The prediction at a size s is the model's for this single node (src/model/cpu.ts, queue-ceiling.ts):
 *   min( queue ceiling 10⁶ / (queueServiceMicros + s·queueServiceNanosPerByte/1000),
 *        CPU: vCPU × usable fraction / (publish + leader CPU µs at s + client µs at s) )
 * The bench client shares the machine with the broker, so its CPU (fitted per message and per byte
 * on the calibration runs, fit report `clientCpu`) is taken out of the node's capacity.
 * Measured = the median over repeats of each search's highest sustained rate (undisturbed runs only,
 * where a size has any: see samples.ts searchDisturbed).
 * Output: one line per run (its exact command), then a markdown table and the median absolute % error.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { waitIdle } from './lib/idle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** RMQ_PLAN_DIST points at another build of dist/ (e.g. to measure while dist/ is being rebuilt). */
const dist = resolve(process.env.RMQ_PLAN_DIST ?? join(root, 'dist'));
const cli = join(dist, 'bin', 'rmq-plan.js');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const flag = (name) => process.argv.includes(`--${name}`);
const list = (text) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** 3 repeats: single runs on a shared 2-core machine vary by up to ~40 % (../shared/reference/broker-on-debian.md); a median of 3 outlasts one outlier run. */
const repeats = Number(arg('repeats', '3'));
const url = arg('url', process.env.RMQ_PLAN_URL ?? process.env.RMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
const types = list(arg('types', 'classic,quorum'));
const calibrateSizes = list(arg('calibrate', '256,4096,65536')).map(Number);
const holdoutSizes = list(arg('holdout', '1024,16384')).map(Number);
const searchSeconds = arg('search-time', '14');
const durationSeconds = arg('duration', '1.5');
const warmupSeconds = arg('warmup', '0.4');
/** Fraction of the maximum of the one open-loop step of calibration runs: low load, for the commit floor. */
const LOW_LOAD_LEVEL = '0.2';
const outDir = arg('out-dir', null) ?? mkdtempSync(join(os.tmpdir(), 'rmq-plan-accuracy-'));
const json = flag('json');
/** Reuse saved runs (<type>-<size>-r<k>.json in DIR) instead of measuring. */
const fromDir = arg('from', null);
/** The target: median absolute error on maximum throughput at held-out sizes ≤ 15 %. */
const TARGET_MEDIAN_ABS_ERROR_PERCENT = 15;

const VARIANTS = {
  classic: { label: 'classic transient', flags: ['--queue-types', 'classic', '--persistent', 'false'], fitClassic: 'transient', queueType: 'classic' },
  'classic-persistent': {
    label: 'classic persistent',
    flags: ['--queue-types', 'classic', '--persistent', 'true'],
    fitClassic: 'persistent',
    queueType: 'classic',
  },
  quorum: { label: 'quorum', flags: ['--queue-types', 'quorum'], fitClassic: 'auto', queueType: 'quorum' },
};
for (const t of types) if (!VARIANTS[t]) throw new Error(`--types: expected some of ${Object.keys(VARIANTS).join(', ')}, got ${t}`);

/** Each run waits for a quiet machine (lib/idle.mjs), giving up after --wait-idle seconds. */
const waitIdleSeconds = Number(arg('wait-idle', '120'));

const log = (line) => (json ? process.stderr : process.stdout).write(`${line}\n`);

function runCli(args) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (status) => resolvePromise({ status, out, err }));
  });
}

const scrub = (a) => (a.startsWith('amqp') ? a.replace(/:[^:@/]*@/, ':****@') : a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Measure

if (fromDir === null) mkdirSync(outDir, { recursive: true });
const jobs = [];
for (const t of types) {
  for (const size of calibrateSizes) jobs.push({ type: t, size, role: 'calibration' });
  for (const size of holdoutSizes) jobs.push({ type: t, size, role: 'held-out' });
}
const runs = []; // { job, repeat, run, busyBefore }
const t0 = Date.now();
if (fromDir !== null) {
  for (const file of readdirSync(fromDir).sort()) {
    const m = /^(.+)-(\d+)-r(\d+)\.json$/.exec(file);
    const job = m && jobs.find((j) => j.type === m[1] && j.size === Number(m[2]));
    if (job) runs.push({ job, repeat: Number(m[3]), run: JSON.parse(readFileSync(join(fromDir, file), 'utf8')), busyBefore: NaN, file });
  }
  log(`bench accuracy: ${runs.length} saved runs from ${fromDir}`);
} else {
  log(
    `bench accuracy: ${types.join(', ')}; calibrate on ${calibrateSizes.join(', ')} B, hold out ${holdoutSizes.join(', ')} B; ${repeats} repeat(s); runs saved in ${outDir}`,
  );
}
for (let r = 0; fromDir === null && r < repeats; r++) {
  // Rotate the order each repeat so no variant always runs first (or after the same neighbour).
  const order = jobs.map((_, i) => jobs[(i + r * 3) % jobs.length]);
  for (const job of order) {
    const v = VARIANTS[job.type];
    const args = [
      'bench',
      '--url',
      url,
      ...v.flags,
      '--sizes',
      String(job.size),
      '--duration',
      durationSeconds,
      '--warmup',
      warmupSeconds,
      '--search-time',
      searchSeconds,
      '--total-time',
      '120',
      ...(job.role === 'calibration' ? ['--curve-sizes', String(job.size), '--load-levels', LOW_LOAD_LEVEL] : ['--no-curve']),
      '--json',
    ];
    const busyBefore = await waitIdle(waitIdleSeconds);
    const started = Date.now();
    const res = await runCli(args);
    const shown = `node dist/bin/rmq-plan.js ${args.map(scrub).join(' ')}`;
    if (res.status !== 0) {
      log(`  FAILED (exit ${res.status}): ${shown}\n    ${res.err.trim().split('\n').slice(-3).join('\n    ')}`);
      continue;
    }
    const run = JSON.parse(res.out);
    const file = join(outDir, `${job.type}-${job.size}-r${r + 1}.json`);
    writeFileSync(file, res.out);
    const max = run.searches[0]?.maxSustainedMsgPerSec ?? 0;
    runs.push({ job, repeat: r + 1, run, busyBefore, file });
    log(
      `  r${r + 1} ${v.label.padEnd(18)} ${String(job.size).padStart(6)} B ${job.role.padEnd(11)} max ${String(Math.round(max)).padStart(6)} msg/s  (${((Date.now() - started) / 1000).toFixed(0)} s, machine ${busyBefore.toFixed(2)} cores busy before)  ${shown}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Fit and predict

const { fitProfile } = await import(pathToFileURL(join(dist, 'profile/fit/fit.js')).href);
const { searchDisturbed } = await import(pathToFileURL(join(dist, 'profile/fit/samples.js')).href);
const { mergeRuns } = await import(pathToFileURL(join(dist, 'profile/fit/merge.js')).href);
const { loadDefaultProfile } = await import(pathToFileURL(join(dist, 'calibration/default-profile.js')).href);
const cpuModel = await import(pathToFileURL(join(dist, 'model/cpu.js')).href);
const ceilingModel = await import(pathToFileURL(join(dist, 'model/queue-ceiling.js')).href);
const base = loadDefaultProfile();

const rows = [];
const fits = {};
for (const t of types) {
  const v = VARIANTS[t];
  const calib = runs.filter((x) => x.job.type === t && x.job.role === 'calibration').map((x) => x.run);
  if (calib.length === 0) {
    log(`${v.label}: no calibration run succeeded; nothing to predict`);
    continue;
  }
  const merged = mergeRuns(calib, `accuracy-${t}`);
  const { profile, fit } = fitProfile(merged, base, { classic: v.fitClassic });
  const coeff = profile.queueTypes[v.queueType];
  const report = fit.queueTypes.find((q) => q.queueType === v.queueType);
  const client = report.clientCpu.status === 'fitted' ? report.clientCpu.parameters : { aMicrosPerMessage: 0, bNanosPerByte: 0 };
  const machineCores = merged.steps[0]?.cpu.machineCores ?? os.cpus().length;
  const capacity = cpuModel.cpuCapacityCores(machineCores, profile.node.cpuEfficiency);
  fits[t] = {
    cpu: { status: report.cpu.status, r2: report.cpu.r2, parameters: report.cpu.parameters, notes: report.cpu.notes },
    ceiling: { status: report.ceiling.status, r2: report.ceiling.r2, parameters: report.ceiling.parameters, notes: report.ceiling.notes },
    clientCpu: { status: report.clientCpu.status, r2: report.clientCpu.r2, parameters: report.clientCpu.parameters },
    coefficients: Object.fromEntries(
      ['publishCpuMicros', 'enqueueCpuMicros', 'deliverCpuMicros', 'cpuNanosPerByte', 'queueServiceMicros', 'queueServiceNanosPerByte'].map((k) => [
        k,
        coeff[k].value,
      ]),
    ),
    capacityCores: capacity,
  };
  const predict = (size) => {
    const brokerMicros = cpuModel.publishCpuMicrosPerMessage(coeff, size) + cpuModel.leaderCpuMicrosPerCopy(coeff, size);
    const clientMicros = client.aMicrosPerMessage + (size * client.bNanosPerByte) / 1000;
    const cpuRate = (capacity * 1e6) / (brokerMicros + clientMicros);
    const ceiling = ceilingModel.queueCeilingMsgPerSec(coeff, size);
    return { cpuRate, ceiling, predicted: Math.min(cpuRate, ceiling), bound: ceiling <= cpuRate ? 'queue ceiling' : 'CPU' };
  };
  for (const size of [...calibrateSizes, ...holdoutSizes].sort((a, b) => a - b)) {
    const role = holdoutSizes.includes(size) ? 'held-out' : 'calibration';
    // Runs disturbed by other processes (the fit's own criterion: > 0.25 cores used by neither the
    // bench nor the broker during a step) are set aside when undisturbed ones exist for that size.
    const all = runs
      .filter((x) => x.job.type === t && x.job.size === size && (x.run.searches[0]?.maxSustainedMsgPerSec ?? 0) > 0)
      .map((x) => ({ max: x.run.searches[0].maxSustainedMsgPerSec, disturbed: searchDisturbed(x.run.searches[0], x.run.steps) }));
    const clean = all.filter((x) => !x.disturbed);
    const maxima = all.map((x) => x.max);
    const measured = median((clean.length > 0 ? clean : all).map((x) => x.max));
    const p = predict(size);
    const errorPercent = maxima.length > 0 ? ((p.predicted - measured) / measured) * 100 : NaN;
    rows.push({
      type: v.label,
      size,
      role,
      maxima,
      runsShown: all.map((x) => `${Math.round(x.max).toLocaleString('en-US')}${x.disturbed ? '*' : ''}`),
      cleanRuns: clean.length,
      measured,
      ...p,
      errorPercent,
    });
  }
}

const heldOut = rows.filter((r) => r.role === 'held-out' && Number.isFinite(r.errorPercent));
const medianAbs = median(heldOut.map((r) => Math.abs(r.errorPercent)));
const calibIn = rows.filter((r) => r.role === 'calibration' && Number.isFinite(r.errorPercent));
const medianAbsIn = median(calibIn.map((r) => Math.abs(r.errorPercent)));

if (json) {
  process.stdout.write(
    `${JSON.stringify({ repeats, types, calibrateSizes, holdoutSizes, outDir, seconds: (Date.now() - t0) / 1000, rows, fits, medianAbsErrorPercentHeldOut: medianAbs, medianAbsErrorPercentCalibration: medianAbsIn }, null, 2)}\n`,
  );
} else {
  const n = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
  const pct = (x) => (Number.isFinite(x) ? `${x > 0 ? '+' : ''}${x.toFixed(1)} %` : '–');
  log('');
  log('| queue type | size | role | measured max, msg/s (median; each run, * = disturbed) | predicted, msg/s | bound | CPU limit | queue ceiling | error |');
  log('|---|---:|---|---|---:|---|---:|---:|---:|');
  for (const r of rows) {
    log(
      `| ${r.type} | ${r.size} B | ${r.role} | ${n(r.measured)} (${r.runsShown.join(', ') || 'none'}) | ${n(r.predicted)} | ${r.bound} | ${n(r.cpuRate)} | ${n(r.ceiling)} | ${pct(r.errorPercent)} |`,
    );
  }
  log('');
  for (const [t, f] of Object.entries(fits)) {
    log(
      `${VARIANTS[t].label}: CPU fit ${f.cpu.status} (R² ${f.cpu.r2?.toFixed(3) ?? 'n/a'}; A ${f.cpu.parameters.aMicrosPerMessage?.toFixed(1)} core-µs/msg, B ${f.cpu.parameters.bNanosPerByteAllHops?.toFixed(2)} core-ns/B, at ≥ 90 % of the maximum); ` +
        `ceiling fit ${f.ceiling.status} (R² ${f.ceiling.r2?.toFixed(3) ?? 'n/a'}; a ${f.ceiling.parameters.aMicros?.toFixed(1)} µs, b ${f.ceiling.parameters.bNanosPerByte?.toFixed(2)} ns/B; ${f.ceiling.parameters.cpuBoundPoints ?? 0} CPU-bound maxima); ` +
        `client ${f.clientCpu.parameters.aMicrosPerMessage?.toFixed(1) ?? '–'} µs/msg + ${f.clientCpu.parameters.bNanosPerByte?.toFixed(2) ?? '–'} ns/B; node capacity ${f.capacityCores.toFixed(2)} cores`,
    );
  }
  log('');
  const disturbedRuns = rows.reduce((a, r) => a + r.runsShown.filter((x) => x.endsWith('*')).length, 0);
  if (disturbedRuns > 0)
    log(
      `${disturbedRuns} of ${runs.length} runs were disturbed by other processes on the machine (*); medians use the undisturbed runs of a size where there are any`,
    );
  log(
    `median absolute error on held-out sizes: ${Number.isFinite(medianAbs) ? medianAbs.toFixed(1) : '–'} % over ${heldOut.length} point(s) (target ≤ ${TARGET_MEDIAN_ABS_ERROR_PERCENT} %); on the calibration sizes (in-sample): ${Number.isFinite(medianAbsIn) ? medianAbsIn.toFixed(1) : '–'} %`,
  );
  const saved = fromDir ?? outDir;
  log(
    `${runs.length} bench runs in ${((Date.now() - t0) / 1000).toFixed(0)} s; run files in ${saved} (node scripts/bench-accuracy.mjs --from ${saved} redoes the fit and predictions; rmq-plan fit <files> --out profile.json fits any subset)`,
  );
}
