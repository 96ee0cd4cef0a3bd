/**
 * `rmq-plan inspect`: read a live cluster through its management API and write a workload file
 * (and a cluster description) from what it is actually doing. Thin adapter: flags → validate →
 * src/inspect (read, derive) → write files → render. Read-only: GET requests only.
 *
 * Registered on the program by registerInspectCommand; the heavy modules load only when the
 * command runs.
 */
import { writeOutputFile } from '../io/output-file.js';
import { access } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { BrokerError, ExitCode } from '../errors.js';
import { PROGRAM_NAME } from './shared/errors.js';
import type { CliIo } from '../io/cli-io.js';
import type { RawInspectFlags } from '../inspect/options.js';
import type { InspectRuntime } from '../inspect/run.js';
import { formatHelp, JSON_ALIAS_HELP, wantsJson } from '../io/output-format.js';

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

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds `inspect` to the program. `runtime` is for tests (recording fetch, fake clock). */
export function registerInspectCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
  runtime: InspectRuntime = {},
): Command {
  return program
    .command('inspect')
    .description('read a live cluster (management API) and write a workload file and cluster description from its real traffic')
    .option('--mgmt <url>', 'management API, http://user:pass@host:15672 (default: $RMQ_PLAN_MGMT_URL)')
    .option('--vhost <name>', 'only this vhost (default: all)')
    .option('--group-by <[name=]glob>', "group queues matching the glob into one workload, e.g. 'orders-*' (repeatable)", collect)
    .option('--window <duration>', 'how long to sample, e.g. 60s, 5m (20s–60m)', '60s')
    .option('--samples <n>', 'samples over the window, at least 3 and at most one per 10 s (default: 7)')
    .option('--timeout <duration>', 'per-request timeout (1s–120s)', '10s')
    .option('--out <file>', 'write the workload file here (default: print it)')
    .option('--cluster-out <file>', 'write the cluster description (for `check`) here')
    .option('-f, --format <format>', formatHelp('one document: both files, provenance of every figure, the guessed list'))
    .option('--json', JSON_ALIAS_HELP)
    .addHelpText('after', INSPECT_EXAMPLES)
    .action(async (flags: RawInspectFlags & { format?: string }) => {
      setExitCode(await runInspectCommand({ ...flags, json: wantsJson(flags) }, io, runtime));
    });
}

export async function runInspectCommand(raw: RawInspectFlags, io: CliIo, runtime: InspectRuntime = {}): Promise<ExitCode> {
  const { parseInspectFlags } = await import('../inspect/options.js');
  const { runInspect } = await import('../inspect/run.js');
  const { renderJson, renderSummary } = await import('../inspect/summary.js');

  const flags = parseInspectFlags(raw, io.env);
  // Check the output folders before sampling for a minute, not after.
  await checkWritable([['--out', flags.out], ['--cluster-out', flags.clusterOut]]);
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
