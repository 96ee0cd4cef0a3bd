/**
 * `rmq-plan bench`: measure a live broker (docs/bench.md). Flags → BenchOptions (every bad flag
 * reported at once; flags override the preset: the default matrix, or --quick) → run → progress,
 * table or JSON, --out file. Owns the SIGINT/SIGTERM handling: the first signal stops the current
 * step and deletes the run's queues (bounded), then the command exits 130; a second signal, or
 * cleanup taking too long, exits 130 at once. amqplib loads only when the bench runs.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseBrokerUrl } from '../broker/amqp-url.js';
import { parseMgmtUrl } from '../broker/management-url.js';
import type { TlsMaterial } from '../broker/connection.js';
import { newRunId } from '../broker/run-id.js';
import { DEFAULT_MATRIX, QUICK_MATRIX, expandMatrix } from '../bench/matrix.js';
import { DEFAULT_BLOCKED_TIMEOUT_SECONDS, DEFAULT_DRAIN_TIMEOUT_SECONDS, DEFAULT_URL, URL_ENV } from '../bench/options.js';
import type { ProgressReporter } from '../render/table/bench.js';
import type { BenchOptions } from '../bench/run-bench.js';
import { BenchMatrixSchema, MIN_MESSAGE_SIZE_BYTES, QUEUE_TYPES, type BenchMatrix, type BenchRunResult } from '../bench/types.js';
import { BrokerError, ExitCode, InputError } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import { formatDuration } from '../io/duration.js';
import { exactSize } from '../format/numbers.js';
import { withInterrupts } from './interrupts.js';
import { writeOutputFile } from '../io/output-file.js';
import { MAX_PREFETCH, MAX_CONFIRM_WINDOW } from '../schema/bounds.js';
import { SIZE_FORMAT } from '../schema/byte-size.js';
import { CONNECT_TIMEOUT_FLAG, RUN_ID_FLAG, machineOutputFlags, mgmtFlag, printsJson } from './common-flags.js';
import {
  booleanWord,
  durationValue,
  integerItem,
  integerValue,
  listValue,
  numberValue,
  parseNumberText,
  pathsValue,
  pathValue,
  sizeItem,
  switchValue,
} from './flag-types.js';
import { addFlags, collectProblems, flag, readFlags, type RawFlags } from './flags.js';

const BENCH_EXAMPLES = `
Examples:
  $ rmq-plan bench --quick                                   ~10 s smoke run against amqp://localhost
  $ RMQ_PLAN_URL=amqp://user:pass@host:5672/vhost rmq-plan bench --out run.json
  $ rmq-plan bench --queue-types classic,quorum --sizes 1KiB --persistent true --out run.json
  $ rmq-plan bench --queue-types quorum --sizes 1024 --rates 1000,5000   fixed rates, no search
  $ rmq-plan bench --format json > run.json                         nothing but JSON on stdout
  $ rmq-plan bench --out run.json --profile-out profile.json  measure, then fit a profile
  $ rmq-plan bench --url amqps://user:pass@host:5671 --ca ca.pem --cert client.pem --key client.key
  $ rmq-plan bench -x 4 -y 4 -s 1KiB -c 100 -q 300 -z 2m      PerfTest's short flags

PerfTest's short flags mean what they mean there: -x publishers, -y consumers, -s sizes,
-c confirm window, -q prefetch, -r rates, -z the whole run's time (PerfTest's --time). Its -u
(queue name) has no counterpart: the bench names and cleans up its own queues.

The bench declares only its own queues (rmq-plan-bench-<run id>-…), refuses names that exist,
and deletes them at the end, on error and on Ctrl-C. Details: docs/bench.md.
Exit codes: 0 ok, 2 bad flag, 3 broker trouble (partial results still printed / written),
130 interrupted (queues deleted).`;

/** Caps that keep a typo from starting an hours-long or thousand-connection run. */
const MAX_CLIENTS = 1000;
const MAX_DURATION_SECONDS = 24 * 3600;
const MAX_WORKERS = 64;
/** Simulated consumer work per message: a minute per message is no longer a throughput test. */
const MAX_PROCESSING_MS = 60_000;

const clients = listValue(`integers from 1 to ${MAX_CLIENTS}`, integerItem(1, MAX_CLIENTS));
const time = (zeroAllowed = false) => durationValue({ maxSeconds: MAX_DURATION_SECONDS, zeroAllowed });
const messageSizes = (what: string) => listValue(what, sizeItem(MIN_MESSAGE_SIZE_BYTES));

/** Every flag of `bench`, declared once. PerfTest's short flags mean what they mean there. */
export const BENCH_FLAGS = {
  url: flag('--url <url>', `broker URL amqp(s)://user:pass@host:port/vhost (default: $${URL_ENV} or ${DEFAULT_URL})`, pathValue('an amqp:// or amqps:// URL')),
  mgmt: flag('--mgmt <url>', mgmtFlag('').help, mgmtFlag('').schema, { alias: '--management-url <url>' }),
  management: flag('--no-management', 'do not use the management API (no broker-side figures)', switchValue()),
  ca: flag('--ca <files...>', 'TLS: CA certificate(s), PEM', pathsValue()),
  cert: flag('--cert <file>', 'TLS: client certificate, PEM', pathValue()),
  key: flag('--key <file>', 'TLS: client private key, PEM', pathValue()),
  insecure: flag('--insecure', 'TLS: do not verify the broker certificate', switchValue()),
  quick: flag('--quick', 'quick preset: classic transient 1 KiB, short steps (~10 s)', switchValue()),
  queueTypes: flag(
    '--queue-types <list>',
    'queue types: classic,quorum,stream',
    listValue(QUEUE_TYPES.join(', '), (s) => QUEUE_TYPES.find((t) => t === s.toLowerCase())),
    // verify names one queue type --queue-type: the same spelling works here (a list of one).
    { alias: '--queue-type <list>' },
  ),
  sizes: flag('-s, --sizes <list>', 'message sizes, e.g. 128,1KiB,16KiB', messageSizes(`sizes in the form ${SIZE_FORMAT}, each ≥ ${MIN_MESSAGE_SIZE_BYTES} B`)),
  persistent: flag(
    '--persistent <list>',
    'classic queues: true,false (persistent, transient or both)',
    listValue('true/false (persistent/transient)', (s) => booleanWord(s, 'persistent', 'transient')),
  ),
  publishers: flag('-x, --publishers <list>', 'publishers per step (one connection each), e.g. 1,4', clients),
  consumers: flag('-y, --consumers <list>', 'consumers per step (one connection each)', clients),
  queues: flag('--queues <list>', 'queues per step (publisher i uses queue i mod queues)', clients),
  confirms: flag('--no-confirms', 'publish without publisher confirms', switchValue()),
  confirmWindow: flag(
    '-c, --confirm-window <n>',
    `unconfirmed messages in flight per publisher (default ${DEFAULT_MATRIX.confirmWindow})`,
    integerValue(1, MAX_CONFIRM_WINDOW, `an integer from 1 to ${MAX_CONFIRM_WINDOW} (unconfirmed messages per publisher)`),
  ),
  prefetch: flag('-q, --prefetch <n>', `consumer prefetch (default ${DEFAULT_MATRIX.prefetch})`, integerValue(1, MAX_PREFETCH)),
  ackEvery: flag('--ack-every <n>', `acknowledge every n messages with multiple=true (default ${DEFAULT_MATRIX.ackEvery})`, integerValue(1)),
  processingMs: flag(
    '--processing-ms <ms>',
    `simulated consumer work per message (default ${DEFAULT_MATRIX.consumerProcessingMs})`,
    numberValue(`milliseconds from 0 to ${MAX_PROCESSING_MS}`, (v) => v >= 0 && v <= MAX_PROCESSING_MS),
  ),
  rates: flag(
    '-r, --rates <list>',
    'fixed open-loop rates (msg/s) instead of the max-rate search',
    listValue('rates in msg/s > 0', (s) => {
      const v = parseNumberText(s);
      return v !== undefined && v > 0 ? v : undefined;
    }),
  ),
  loadLevels: flag(
    '--load-levels <list>',
    `latency curve load levels as fractions of the max (default ${DEFAULT_MATRIX.loadLevels.join(',')})`,
    listValue('fractions in (0, 1], e.g. 0.1,0.5,0.9', (s) => {
      const v = parseNumberText(s);
      return v !== undefined && v > 0 && v <= 1 ? v : undefined;
    }),
  ),
  curveSizes: flag(
    '--curve-sizes <list>',
    `message sizes that get the latency curve (default ${DEFAULT_MATRIX.curveSizesBytes.map(exactSize).join(',').replace(/ /g, '')})`,
    messageSizes('message sizes'),
  ),
  curve: flag('--no-curve', 'max-rate searches only, no latency curve', switchValue()),
  duration: flag('--duration <time>', `measurement window per step, e.g. 2s or 500ms (default ${formatDuration(DEFAULT_MATRIX.durationSeconds)})`, time()),
  warmup: flag('--warmup <time>', `warm-up before each window (default ${formatDuration(DEFAULT_MATRIX.warmupSeconds)})`, time(true)),
  maxMessages: flag('--max-messages <n>', 'stop publishing after n messages per step', integerValue(1)),
  searchTime: flag('--search-time <time>', `time budget of each max-rate search (default ${formatDuration(DEFAULT_MATRIX.searchBudgetSeconds)})`, time()),
  totalTime: flag(
    '-z, --total-time <time>',
    `overall time budget (default ${formatDuration(DEFAULT_MATRIX.totalTimeSeconds)}); remaining steps are skipped`,
    time(),
  ),
  workers: flag(
    '--workers <n>',
    `publisher threads: 1 = main event loop, n > 1 = n worker threads (default ${DEFAULT_MATRIX.workers})`,
    integerValue(1, MAX_WORKERS),
  ),
  connectTimeout: CONNECT_TIMEOUT_FLAG,
  blockedTimeout: flag(
    '--blocked-timeout <time>',
    `give up when the broker blocks publishers (alarm) this long (default ${DEFAULT_BLOCKED_TIMEOUT_SECONDS}s)`,
    time(),
  ),
  drainTimeout: flag('--drain-timeout <time>', `stop draining after this long without a delivery (default ${DEFAULT_DRAIN_TIMEOUT_SECONDS}s)`, time()),
  runId: RUN_ID_FLAG,
  out: flag('--out <file>', 'write the run (steps, searches, broker figures) as JSON', pathValue()),
  ...machineOutputFlags('nothing but the run JSON on stdout'),
  profileOut: flag('--profile-out <file>', 'also fit a calibration profile from this run and write it here (for size --calibration)', pathValue()),
  baseProfile: flag(
    '--base-profile <profile>',
    "with --profile-out: keep this profile's values where the run measures nothing (default: shipped published)",
    pathValue('a profile file or a shipped profile name'),
  ),
} as const;

export type BenchFlags = RawFlags<typeof BENCH_FLAGS>;

export interface BenchCommandOptions {
  bench: BenchOptions;
  out: string | null;
  json: boolean;
  profileOut: string | undefined;
  baseProfile: string | undefined;
}

function readPem(problems: string[], flagName: string, file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${flagName}: expected a readable PEM file, got ${JSON.stringify(`${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`)}`);
    return null;
  }
}

export function parseBenchFlags(raw: BenchFlags, env: Record<string, string | undefined>): BenchCommandOptions {
  const { values: f, problems } = readFlags(BENCH_FLAGS, raw);
  const base: BenchMatrix = f.quick === true ? QUICK_MATRIX : DEFAULT_MATRIX;

  const given = f.url ?? env[URL_ENV] ?? DEFAULT_URL;
  const url = collectProblems(problems, () => (parseBrokerUrl(given), given), DEFAULT_URL);
  let managementUrl: string | null | false = f.management === false ? false : null;
  if (f.mgmt !== undefined && f.management !== false) {
    const named = raw.mgmt === undefined && (raw as Record<string, unknown>).managementUrl !== undefined ? '--management-url' : '--mgmt';
    const mgmt = f.mgmt;
    if (collectProblems(problems, () => parseMgmtUrl(mgmt, named), null) !== null) {
      const u = new URL(mgmt);
      if (!u.username) {
        // Same credentials as the AMQP URL when none are given.
        const b = parseBrokerUrl(url);
        u.username = encodeURIComponent(b.username);
        u.password = encodeURIComponent(b.password);
      }
      managementUrl = u.toString();
    }
  }

  const tls: TlsMaterial = {
    ca: (f.ca ?? []).map((file) => readPem(problems, '--ca', file)).filter((s): s is string => s !== null),
    cert: f.cert === undefined ? null : readPem(problems, '--cert', f.cert),
    key: f.key === undefined ? null : readPem(problems, '--key', f.key),
    insecure: f.insecure === true,
  };
  if ((f.cert === undefined) !== (f.key === undefined)) {
    problems.push(
      `${f.cert === undefined ? '--cert' : '--key'}: expected --cert and --key together (client certificate and its key), got ${JSON.stringify(f.cert ?? f.key)}`,
    );
  }

  const matrix: BenchMatrix = {
    queueTypes: f.queueTypes ?? base.queueTypes,
    messageSizesBytes: f.sizes ?? base.messageSizesBytes,
    persistent: f.persistent ?? base.persistent,
    publishers: f.publishers ?? base.publishers,
    consumers: f.consumers ?? base.consumers,
    queues: f.queues ?? base.queues,
    confirms: f.confirms ?? base.confirms,
    confirmWindow: f.confirmWindow ?? base.confirmWindow,
    prefetch: f.prefetch ?? base.prefetch,
    ackEvery: f.ackEvery ?? base.ackEvery,
    consumerProcessingMs: f.processingMs ?? base.consumerProcessingMs,
    durationSeconds: f.duration ?? base.durationSeconds,
    warmupSeconds: f.warmup ?? base.warmupSeconds,
    maxMessages: f.maxMessages ?? base.maxMessages,
    loadLevels: f.loadLevels ?? base.loadLevels,
    curveSizesBytes: f.curveSizes ?? base.curveSizesBytes,
    fixedRatesMsgPerSec: f.rates ?? base.fixedRatesMsgPerSec,
    searchBudgetSeconds: f.searchTime ?? base.searchBudgetSeconds,
    totalTimeSeconds: f.totalTime ?? base.totalTimeSeconds,
    workers: f.workers ?? base.workers,
  };
  if (f.curve === false) {
    matrix.loadLevels = [];
    matrix.curveSizesBytes = [];
  } else if (f.curveSizes === undefined && !matrix.curveSizesBytes.some((s) => matrix.messageSizesBytes.includes(s))) {
    // --sizes without --curve-sizes: draw the curve at a size that is measured (1 KiB if present).
    matrix.curveSizesBytes = matrix.messageSizesBytes.includes(1024) ? [1024] : [matrix.messageSizesBytes[0]!];
  }
  if (matrix.ackEvery > matrix.prefetch) {
    problems.push(
      `--ack-every: expected at most --prefetch (${matrix.prefetch}): a consumer holding prefetch unacked messages gets no more, got "${matrix.ackEvery}"`,
    );
  }
  if (problems.length === 0 && expandMatrix(matrix).length === 0) {
    problems.push(
      `--queues: expected at most the number of publishers and of consumers (every queue needs both), got ${JSON.stringify(raw.queues ?? String(matrix.queues))}`,
    );
  }
  const json = collectProblems(problems, () => printsJson(f), false);
  if (problems.length > 0) throw new InputError(problems);
  // Belt and braces: the matrix is recorded in the run and must satisfy its own schema.
  BenchMatrixSchema.parse(matrix);
  return {
    bench: {
      url,
      managementUrl,
      tls,
      connectTimeoutMs: f.connectTimeout * 1000,
      blockedTimeoutMs: (f.blockedTimeout ?? DEFAULT_BLOCKED_TIMEOUT_SECONDS) * 1000,
      drainTimeoutMs: (f.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT_SECONDS) * 1000,
      matrix,
      runId: f.runId ?? newRunId(),
    },
    out: f.out ?? null,
    json,
    profileOut: f.profileOut,
    baseProfile: f.baseProfile,
  };
}

export function defineCommand(command: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  addFlags(command, BENCH_FLAGS)
    .addHelpText('after', BENCH_EXAMPLES)
    .action(async (flags: BenchFlags) => setExitCode(await runBenchCommand(flags, io)));
  return command;
}

function writeOut(path: string, result: BenchRunResult): void {
  writeOutputFile(path, `${JSON.stringify(result, null, 2)}\n`, '--out');
}

/** A step's own cleanup after a signal: close connections, delete its queues (≤ ~12 s when the broker is slow). */
const STEP_CLEANUP_AFTER_SIGNAL_MS = 15_000;

export async function runBenchCommand(raw: BenchFlags, io: CliIo): Promise<ExitCode> {
  const opts = parseBenchFlags(raw, io.env);
  const [{ CLEANUP_TIMEOUT_MS, runBench }, { barProgress, lineProgress, renderSteps, renderSummary }, { BenchRunResultSchema }] = await Promise.all([
    import('../bench/run-bench.js'),
    import('../render/table/bench.js'),
    import('../bench/types.js'),
  ]);
  // The step's cleanup plus the final sweep must fit; past this the process exits anyway.
  const hardExitMs = STEP_CLEANUP_AFTER_SIGNAL_MS + CLEANUP_TIMEOUT_MS;
  const isRunResult = (x: unknown): x is BenchRunResult => BenchRunResultSchema.safeParse(x).success;
  const flags = { profileOut: opts.profileOut, baseProfile: opts.baseProfile };
  // The fit (and mathjs) load only when a profile is asked for; bad profile flags fail before the run.
  const profileHook = opts.profileOut !== undefined || opts.baseProfile !== undefined ? await import('./bench-profile.js') : null;
  profileHook?.checkProfileOutFlags(flags);
  const reporter: ProgressReporter | null = opts.json
    ? null
    : io.stdoutIsTTY && process.stderr.isTTY === true
      ? barProgress(process.stderr)
      : lineProgress((t) => io.stderr(t));

  const emitResult = (result: BenchRunResult) => {
    if (opts.out !== null) writeOut(opts.out, result);
    if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.steps.length > 0) io.stdout(`${renderSteps(result)}\n${renderSummary(result)}`);
    else io.stdout(renderSummary(result));
  };

  const notice = (sig: NodeJS.Signals): void => {
    if (!opts.json) io.stderr(`\nrmq-plan: ${sig}: stopping; deleting the bench's queues (Ctrl-C again to quit at once)\n`);
  };
  return withInterrupts({ hardExitMs, onSignal: notice }, async (signal) => {
    try {
      const result = await runBench(opts.bench, { signal, onEvent: (e) => reporter?.onEvent(e) });
      reporter?.stop();
      emitResult(result);
      profileHook?.fitAfterBench(result, flags, io, opts.json);
      if (result.status === 'interrupted') {
        if (!opts.json)
          io.stderr(
            `rmq-plan: interrupted; ${result.cleanup.queuesLeft.length === 0 ? "the bench's queues were deleted" : `queues left: ${result.cleanup.queuesLeft.join(', ')}`}\n`,
          );
        return ExitCode.interrupted;
      }
      return ExitCode.ok;
    } catch (err) {
      reporter?.stop();
      if (err instanceof BrokerError && isRunResult(err.partialResults)) {
        emitResult(err.partialResults);
        try {
          profileHook?.fitAfterBench(err.partialResults, flags, io, opts.json);
        } catch (fitError) {
          // The broker error is what the user must see (exit 3); the fit failure is secondary.
          io.stderr(`rmq-plan: no profile fitted from the partial run: ${(fitError as Error).message.split('\n')[0]}\n`);
        }
      }
      throw err;
    }
  });
}
