/**
 * `rmq-plan inspect`: read a live cluster through its management API and write a workload file
 * (and a cluster description) from what it is actually doing. Thin adapter: flags → validate →
 * src/inspect (read, derive) → write files → render. Read-only: GET requests only.
 * The sampling and derivation modules load only when the command runs.
 */
import { writeOutputFile } from '../io/output-file.js';
import { access } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { parseMgmtUrl, type MgmtUrl } from '../broker/management-url.js';
import { BrokerError, ExitCode, InputError } from '../errors.js';
import { parseGroupBy } from '../inspect/grouping.js';
import {
  DEFAULT_SAMPLES,
  DEFAULT_TIMEOUT_SECONDS,
  DEFAULT_WINDOW_SECONDS,
  MAX_TIMEOUT_SECONDS,
  MAX_WINDOW_SECONDS,
  MGMT_URL_ENV,
  MIN_SAMPLE_SPACING_SECONDS,
  MIN_SAMPLES,
  MIN_WINDOW_SECONDS,
  type InspectFlags,
} from '../inspect/options.js';
import type { InspectRuntime } from '../inspect/run.js';
import { STATS_INTERVAL_SECONDS } from '../inspect/sampler.js';
import type { CliIo } from '../io/cli-io.js';
import { formatDuration } from '../io/duration.js';
import { machineOutputFlags, mgmtFlag, printsJson } from './common-flags.js';
import { durationValue, integerValue, pathValue } from './flag-types.js';
import { addFlags, collectProblems, flag, flagWithDefault, readFlags, type RawFlags } from './flags.js';
import { PROGRAM_NAME } from './shared/errors.js';

const INSPECT_EXAMPLES = `
Examples:
  $ rmq-plan inspect --mgmt http://monitor:secret@rabbit-1:15672 --out workload.yaml --cluster-out cluster.yaml
  $ rmq-plan inspect --mgmt http://monitor:secret@rabbit-1:15672 --vhost prod --group-by 'orders-*' --group-by 'billing=invoice.*'
  $ rmq-plan inspect --mgmt https://rabbit.example.com --window 5m --samples 31 --format json | jq .guessed
  $ RMQ_PLAN_MGMT_URL=http://monitor:secret@rabbit-1:15672 rmq-plan inspect > workload.yaml

Needs a user with the \`monitoring\` tag. Only reads (HTTP GET); credentials are never printed.
Queues group into workloads by vhost and name: shards "orders.1", "orders-2" form "orders";
--group-by [NAME=]GLOB (repeatable, first match wins) groups by your own patterns.
Every written figure is commented measured / estimated / guessed (see docs/inspect.md).
Exit codes: 0 ok, 2 bad flag, 3 management API unreachable, refused or not permitted.`;

export const INSPECT_FLAGS = {
  mgmt: mgmtFlag(`management API, http://user:pass@host:15672 (default: $${MGMT_URL_ENV})`),
  vhost: flag('--vhost <name>', 'only this vhost (default: all)', pathValue('a vhost name such as /')),
  groupBy: flag('--group-by <[name=]glob>', "group queues matching the glob into one workload, e.g. 'orders-*' (repeatable)", z.array(z.string()).optional(), {
    repeatable: true,
  }),
  window: flagWithDefault(
    '--window <duration>',
    `how long to sample, e.g. 60s, 5m (${formatDuration(MIN_WINDOW_SECONDS)}–${formatDuration(MAX_WINDOW_SECONDS)})`,
    durationValue({ minSeconds: MIN_WINDOW_SECONDS, maxSeconds: MAX_WINDOW_SECONDS }),
    formatDuration(DEFAULT_WINDOW_SECONDS),
  ),
  samples: flag(
    '--samples <n>',
    `samples over the window, at least ${MIN_SAMPLES} and at most one per ${MIN_SAMPLE_SPACING_SECONDS} s (default: ${DEFAULT_SAMPLES})`,
    integerValue(MIN_SAMPLES),
  ),
  timeout: flagWithDefault(
    '--timeout <duration>',
    `per-request timeout (1s–${formatDuration(MAX_TIMEOUT_SECONDS)})`,
    durationValue({ minSeconds: 1, maxSeconds: MAX_TIMEOUT_SECONDS }),
    formatDuration(DEFAULT_TIMEOUT_SECONDS),
  ),
  out: flag('--out <file>', 'write the workload file here (default: print it)', pathValue('a file name')),
  clusterOut: flag('--cluster-out <file>', 'write the cluster description (for `check`) here', pathValue('a file name')),
  ...machineOutputFlags('one document: both files, provenance of every figure, the guessed list'),
} as const;

export type RawInspectFlags = RawFlags<typeof INSPECT_FLAGS>;

/** The flags, checked alone and against each other; every problem one line, all at once. */
export function parseInspectFlags(raw: RawInspectFlags, env: Record<string, string | undefined> = {}): InspectFlags {
  const { values: f, problems } = readFlags(INSPECT_FLAGS, raw);
  let mgmt: MgmtUrl | null = null;
  const mgmtText = f.mgmt ?? env[MGMT_URL_ENV];
  if (mgmtText === undefined || mgmtText === '') {
    problems.push(`--mgmt: expected the management API URL, e.g. http://user:pass@host:15672 (or ${MGMT_URL_ENV}), got nothing`);
  } else {
    mgmt = collectProblems(problems, () => parseMgmtUrl(mgmtText), null);
  }
  const maxSamples = Math.floor(f.window / MIN_SAMPLE_SPACING_SECONDS) + 1;
  if (f.samples !== undefined && f.samples > maxSamples) {
    problems.push(
      `--samples: expected at most ${maxSamples} over a ${formatDuration(f.window)} window (samples at least ${MIN_SAMPLE_SPACING_SECONDS}s apart: the management API ` +
        `refreshes its counters every ${STATS_INTERVAL_SECONDS}s, so closer samples measure the refresh, not the traffic), got ${f.samples}`,
    );
  }
  const groupBy = collectProblems(problems, () => parseGroupBy(f.groupBy ?? []), []);
  if (f.out !== undefined && f.out === f.clusterOut)
    problems.push(`--cluster-out: expected a different file than --out, got ${JSON.stringify(f.clusterOut)} for both`);
  if (problems.length > 0 || mgmt === null) throw new InputError(problems);
  return {
    mgmt,
    vhost: f.vhost ?? null,
    groupBy,
    windowSeconds: f.window,
    samples: f.samples ?? Math.min(DEFAULT_SAMPLES, maxSamples),
    timeoutMs: f.timeout * 1000,
    out: f.out ?? null,
    clusterOut: f.clusterOut ?? null,
    json: printsJson(f),
  };
}

/** Adds `inspect` to the program. `runtime` is for tests (recording transport, fake clock). */
/** Adds the arguments, flags, help and action of `inspect` to its command (declared in program.ts). */
export function defineCommand(command: Command, io: CliIo, setExitCode: (code: ExitCode) => void, runtime: InspectRuntime = {}): Command {
  command.addHelpText('after', INSPECT_EXAMPLES).action(async (flags: RawInspectFlags) => setExitCode(await runInspectCommand(flags, io, runtime)));
  return addFlags(command, INSPECT_FLAGS);
}

export async function runInspectCommand(raw: RawInspectFlags, io: CliIo, runtime: InspectRuntime = {}): Promise<ExitCode> {
  const { runInspect } = await import('../inspect/run.js');
  const { renderJson, renderSummary } = await import('../render/inspect.js');

  const flags = parseInspectFlags(raw, io.env);
  // Check the output folders before sampling for a minute, not after.
  await checkWritable([
    ['--out', flags.out],
    ['--cluster-out', flags.clusterOut],
  ]);
  const every = Math.round((flags.windowSeconds / (flags.samples - 1)) * 10) / 10;
  io.stderr(`${PROGRAM_NAME} inspect: reading ${flags.mgmt.base} for ${flags.windowSeconds} s (${flags.samples} samples, one every ${every} s)…\n`);
  const outcome = await runInspect(flags, {
    ...runtime,
    onProgress: runtime.onProgress ?? (io.stdoutIsTTY ? (m: string): void => io.stderr(`  ${m}\n`) : undefined),
  });

  const written = { workload: flags.out, cluster: flags.clusterOut };
  if (flags.out !== null) await write('--out', flags.out, outcome.workloadYaml);
  if (flags.clusterOut !== null) await write('--cluster-out', flags.clusterOut, outcome.clusterYaml);

  if (flags.json) {
    io.stdout(renderJson(outcome, written));
  } else if (flags.out === null) {
    io.stdout(outcome.workloadYaml);
    io.stderr(renderSummary(outcome, written));
  } else {
    io.stdout(renderSummary(outcome, written));
  }
  return ExitCode.ok;
}

function fsReason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

async function checkWritable(targets: [string, string | null][]): Promise<void> {
  const problems: string[] = [];
  for (const [flag, path] of targets) {
    if (path === null) continue;
    try {
      await access(dirname(resolve(path)), fsConstants.W_OK);
    } catch (err) {
      problems.push(`cannot write ${flag} ${JSON.stringify(path)}: its folder is not writable (${fsReason(err)})`);
    }
  }
  // As every output file that cannot be written (src/io/output-file.ts): the environment, exit 3.
  if (problems.length > 0) throw new BrokerError(problems.join('; '));
}

async function write(flag: string, path: string, text: string): Promise<void> {
  writeOutputFile(path, text, flag);
}
