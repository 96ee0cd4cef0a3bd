/**
 * `rmq-plan verify failover|partition`: prove the plan's HA claims on a real cluster
 * (docs/failover.md). Flags → options (every problem at once) → run → text or JSON. First Ctrl-C /
 * SIGTERM: stop, restart the killed node or heal the partition if the run made one, delete the
 * queues, print what was measured, exit 130; a second signal exits at once. The engine
 * (src/failover, amqplib) loads only when a run starts.
 *
 * Exit codes: 0 the check passed; 1 it did not (the report says why: a classic queue fails
 * failover); 2 bad flags; 3 broker or management API trouble, a kill/partition/heal command that
 * failed, or a resource alarm during the run (the report is still printed); 130 interrupted.
 */
import type { Command } from 'commander';
import { defaultManagementUrl, parseBrokerUrl } from '../broker/amqp-url.js';
import { parseMgmtUrl } from '../broker/management-url.js';
import { newRunId } from '../broker/run-id.js';
import { MIN_MESSAGE_SIZE_BYTES } from '../bench/types.js';
import { ExitCode, InputError } from '../errors.js';
import {
  DEFAULTS,
  FAILOVER_QUEUE_TYPES,
  MAX_DURATION_MS,
  MAX_MESSAGE_SIZE_BYTES,
  MAX_QUEUES,
  MAX_RATE_MSG_PER_SEC,
  type FailoverOptions,
} from '../failover/options.js';
import { MIN_PARTITION_NODES, PARTITION_DEFAULTS, type PartitionOptions } from '../failover/partition-options.js';
import type { CliIo } from '../io/cli-io.js';
import { formatDuration } from '../io/duration.js';
import { withInterrupts } from './interrupts.js';
import { MAX_CONFIRM_WINDOW, MAX_PREFETCH } from '../schema/bounds.js';
import { SIZE_FORMAT } from '../schema/byte-size.js';
import { CONNECT_TIMEOUT_FLAG, RUN_ID_FLAG, machineOutputFlags, mgmtFlag, printsJson } from './common-flags.js';
import { booleanWord, choiceValue, durationValue, integerValue, pathValue, sizeValue, textValue } from './flag-types.js';
import { addFlags, collectProblems, flag, flagWithDefault, readFlags, type RawFlags } from './flags.js';
import { configureCommand } from './shared/commander.js';
import { PROGRAM_NAME } from './shared/errors.js';
import { int } from '../format/numbers.js';

const FAILOVER_EXAMPLES = `
Examples (the project's local 3-node cluster: scripts/broker/start.sh cluster):
  $ rmq-plan verify failover \\
      --urls amqp://guest:guest@127.0.0.1:5682,amqp://guest:guest@127.0.0.1:5683,amqp://guest:guest@127.0.0.1:5684 \\
      --queue-type quorum --rate 200 --duration 40s --kill-after 10s --restart-after 20s \\
      --kill-command 'scripts/broker/kill-node.sh {node}' --restart-command 'scripts/broker/restart-node.sh {node}'
  $ rmq-plan verify failover ... --queue-type classic        the same run on a classic queue, for comparison
  $ rmq-plan verify failover ... --format json > failover.json

Placeholders in the commands: {node} = position (1-based) in --urls of the node to kill (the
leader of the run's first queue), {nodeName} = its Erlang node name. --status-command also gets
{queue} and {vhost}, and {nodeName} = a running node to ask (the queue's leader), e.g.
  --status-command 'rabbitmq-queues -q -n {nodeName} quorum_status --vhost {vhost} {queue} --formatter json'

The run declares only its own queues (rmq-plan-failover-<run id>-q<i>) and deletes them at the
end, on error and on Ctrl-C; a node it killed is restarted (with --restart-command) before it exits.
Exit codes: 0 no confirmed message lost and service resumed while the node was down; 1 the
check failed (the report says why; a classic queue fails it); 2 bad flag; 3 broker or
management API trouble; 130 interrupted.`;

const PARTITION_EXAMPLES = `
Examples (the project's partition cluster: scripts/broker/netns-cluster.sh start; its URLs:
scripts/broker/netns-cluster.sh urls):
  $ rmq-plan verify partition --urls "$RMQ_PARTITION_URLS" \\
      --partition-command 'scripts/broker/netns-cluster.sh isolate {node}' \\
      --heal-command 'scripts/broker/netns-cluster.sh heal'
  $ rmq-plan verify partition ... --partition-after 10s --heal-after 30s --duration 45s --format json > partition.json

The run declares one quorum queue (rmq-plan-failover-<run id>-q0) on the node of the first URL,
which leads it. Two sides publish with confirms and consume: the majority side through the other
URLs, the minority side through the leader's URL only. --partition-command cuts {node} (the
leader's position in --urls; {nodeName} = its Erlang node name) off from the other nodes while
clients still reach every node; --heal-command undoes it, also on failure and on Ctrl-C.
Exit codes: 0 no confirmed message lost on either side, the majority served during the partition,
the minority confirmed nothing while cut off, all drained after the heal; 1 the check failed (the
report says why); 2 bad flag; 3 broker, management API or partition/heal command trouble; 130
interrupted.`;

/** The environment variable with the cluster's AMQP URLs (keeps passwords out of `ps`). */
const URLS_ENV = 'RMQ_PLAN_URLS';
/** After a signal: restarting a node (~20 s) and deleting queues must fit; then exit anyway. */
const FAILOVER_HARD_EXIT_AFTER_SIGNAL_MS = 150_000;
/** After a signal: healing and deleting the queue must fit; then exit anyway. */
const PARTITION_HARD_EXIT_AFTER_SIGNAL_MS = 90_000;

const time = durationValue({ maxSeconds: MAX_DURATION_MS / 1000 });
const timeDefault = (ms: number) => formatDuration(ms / 1000);
const command = (what: string) => textValue(what, (t) => (t.trim() === '' ? undefined : t.trim()));

/** What both runs take: the cluster, the clients' load, the bounds on waiting, the run id, the output. */
function clientFlags(urlsHelp: string, d: { rateMsgPerSec: number; drainTimeoutMs: number; commandTimeoutMs: number; durationMs: number }, rateHelp: string) {
  return {
    urls: flag('--urls <list>', `${urlsHelp} (default: $${URLS_ENV})`, pathValue('comma-separated AMQP URLs of the cluster nodes')),
    mgmt: mgmtFlag('management API base URL, http://user:pass@host:15672 (default: from the first URL)'),
    rate: flagWithDefault('--rate <msg/s>', rateHelp, integerValue(1, MAX_RATE_MSG_PER_SEC), String(d.rateMsgPerSec)),
    messageSize: flagWithDefault(
      '--message-size <size>',
      'message size, e.g. 1KiB',
      sizeValue(MIN_MESSAGE_SIZE_BYTES, `${SIZE_FORMAT}, from ${MIN_MESSAGE_SIZE_BYTES} B to ${int(MAX_MESSAGE_SIZE_BYTES)} B`, MAX_MESSAGE_SIZE_BYTES),
      String(DEFAULTS.messageSizeBytes),
    ),
    confirmWindow: flagWithDefault(
      '--confirm-window <n>',
      'unconfirmed messages in flight per publisher',
      integerValue(1, MAX_CONFIRM_WINDOW),
      String(DEFAULTS.confirmWindow),
    ),
    prefetch: flagWithDefault('--prefetch <n>', 'consumer prefetch', integerValue(1, MAX_PREFETCH), String(DEFAULTS.prefetch)),
    duration: flagWithDefault('--duration <time>', 'how long to publish', time, timeDefault(d.durationMs)),
    drainTimeout: flagWithDefault(
      '--drain-timeout <time>',
      'after publishing stops, wait this long for outstanding confirms and deliveries',
      time,
      timeDefault(d.drainTimeoutMs),
    ),
    commandTimeout: flagWithDefault('--command-timeout <time>', 'bound on each command the run executes', time, timeDefault(d.commandTimeoutMs)),
    connectTimeout: CONNECT_TIMEOUT_FLAG,
    runId: RUN_ID_FLAG,
    ...machineOutputFlags('nothing but the report on stdout'),
  } as const;
}

export const FAILOVER_FLAGS = {
  ...clientFlags('AMQP URLs of the cluster nodes, comma-separated', DEFAULTS, 'total publish rate over all queues'),
  queueType: flagWithDefault('--queue-type <type>', 'quorum or classic', choiceValue(FAILOVER_QUEUE_TYPES), DEFAULTS.queueType),
  queues: flagWithDefault(
    '--queues <n>',
    'queues (each with a publisher and a consumer); queue i is declared on URL i mod n',
    integerValue(1, MAX_QUEUES),
    String(DEFAULTS.queues),
  ),
  persistent: flag(
    '--persistent <bool>',
    'classic only: durable queue and persistent messages (true, default) or transient (false)',
    textValue('true or false', (t) => booleanWord(t)),
  ),
  killAfter: flagWithDefault('--kill-after <time>', 'when to run --kill-command', time, timeDefault(DEFAULTS.killAfterMs)),
  restartAfter: flag('--restart-after <time>', `when to run --restart-command (default ${timeDefault(DEFAULTS.restartAfterMs)})`, time),
  killCommand: flag(
    '--kill-command <cmd>',
    "kills a node, e.g. 'scripts/broker/kill-node.sh {node}' (required)",
    command("the command that kills a node, e.g. 'scripts/broker/kill-node.sh {node}'"),
  ),
  restartCommand: flag('--restart-command <cmd>', "restarts it, e.g. 'scripts/broker/restart-node.sh {node}'", command('a command')),
  statusCommand: flag(
    '--status-command <cmd>',
    'prints `rabbitmq-queues quorum_status` JSON for {queue} in {vhost}: measures the log catch-up',
    command('a command'),
  ),
  catchUpTimeout: flagWithDefault(
    '--catch-up-timeout <time>',
    'wait this long after the restart for the member to catch up',
    time,
    timeDefault(DEFAULTS.catchUpTimeoutMs),
  ),
} as const;

export const PARTITION_FLAGS = {
  ...clientFlags(
    'AMQP URLs of the cluster nodes (at least 3), comma-separated; the first one leads the test queue',
    PARTITION_DEFAULTS,
    'publish rate of each side',
  ),
  partitionAfter: flagWithDefault('--partition-after <time>', 'when to run --partition-command', time, timeDefault(PARTITION_DEFAULTS.partitionAfterMs)),
  healAfter: flagWithDefault('--heal-after <time>', 'when to run --heal-command', time, timeDefault(PARTITION_DEFAULTS.healAfterMs)),
  partitionCommand: flag(
    '--partition-command <cmd>',
    "cuts node {node} off from the others, e.g. 'scripts/broker/netns-cluster.sh isolate {node}' (required)",
    command("the command that cuts {node} off from the others, e.g. 'scripts/broker/netns-cluster.sh isolate {node}'"),
  ),
  healCommand: flag(
    '--heal-command <cmd>',
    "undoes it, e.g. 'scripts/broker/netns-cluster.sh heal' (required)",
    command("the command that undoes it, e.g. 'scripts/broker/netns-cluster.sh heal'"),
  ),
} as const;

export type VerifyFailoverFlags = RawFlags<typeof FAILOVER_FLAGS>;
export type VerifyPartitionFlags = RawFlags<typeof PARTITION_FLAGS>;

const seconds = (ms: number) => `${ms / 1000} s`;
const ms = (s: number) => Math.round(s * 1000);

/** --urls (or $RMQ_PLAN_URLS) and --mgmt (default: from the first URL). */
function clusterUrls(problems: string[], rawUrls: string | undefined, mgmt: string | undefined): { urls: string[]; managementUrl: string } {
  const urls = (rawUrls ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (urls.length === 0)
    problems.push(`--urls: expected comma-separated AMQP URLs of the cluster nodes (or $${URLS_ENV}), got ${JSON.stringify(rawUrls ?? '')}`);
  for (const u of urls) collectProblems(problems, () => parseBrokerUrl(u, '--urls'), null);
  let managementUrl = mgmt ?? '';
  if (mgmt !== undefined) {
    collectProblems(problems, () => parseMgmtUrl(mgmt), null);
  } else if (urls.length > 0 && problems.length === 0) {
    managementUrl = defaultManagementUrl(parseBrokerUrl(urls[0]!));
  }
  return { urls, managementUrl };
}

export function parseFailoverFlags(raw: VerifyFailoverFlags, env: Record<string, string | undefined>): FailoverOptions {
  const { values: f, problems } = readFlags(FAILOVER_FLAGS, raw);
  const { urls, managementUrl } = clusterUrls(problems, f.urls ?? env[URLS_ENV], f.mgmt);
  if (f.queueType === 'quorum' && f.persistent === false) {
    problems.push(
      `--persistent: expected true for quorum queues (they are always durable); use it with --queue-type classic, got ${JSON.stringify(raw.persistent)}`,
    );
  }
  const durationMs = ms(f.duration);
  const killAfterMs = ms(f.killAfter);
  const restartCommand = f.restartCommand ?? null;
  if (restartCommand === null && f.restartAfter !== undefined)
    problems.push(`--restart-after: expected only together with --restart-command, got ${JSON.stringify(raw.restartAfter)}`);
  const restartAfterMs = restartCommand === null ? null : ms(f.restartAfter ?? DEFAULTS.restartAfterMs / 1000);
  if (raw.killCommand === undefined) problems.push(`--kill-command: expected the command that kills a node, e.g. 'scripts/broker/kill-node.sh {node}', got ""`);
  if (killAfterMs >= durationMs)
    problems.push(`--kill-after: expected less than --duration (${seconds(durationMs)}), got ${JSON.stringify(raw.killAfter ?? timeDefault(killAfterMs))}`);
  if (restartAfterMs !== null && (restartAfterMs <= killAfterMs || restartAfterMs >= durationMs)) {
    problems.push(
      `--restart-after: expected between --kill-after (${seconds(killAfterMs)}) and --duration (${seconds(durationMs)}), got ${JSON.stringify(raw.restartAfter ?? timeDefault(restartAfterMs))}`,
    );
  }
  const json = collectProblems(problems, () => printsJson(f), false);
  if (problems.length > 0) throw new InputError(problems);
  return {
    urls,
    managementUrl,
    queueType: f.queueType,
    queues: f.queues,
    rateMsgPerSec: f.rate,
    messageSizeBytes: f.messageSize,
    confirmWindow: f.confirmWindow,
    prefetch: f.prefetch,
    persistent: f.queueType === 'quorum' ? true : (f.persistent ?? true),
    durationMs,
    killAfterMs,
    restartAfterMs,
    killCommand: f.killCommand!,
    restartCommand,
    statusCommand: f.statusCommand ?? null,
    drainTimeoutMs: ms(f.drainTimeout),
    catchUpTimeoutMs: ms(f.catchUpTimeout),
    commandTimeoutMs: ms(f.commandTimeout),
    connectTimeoutMs: ms(f.connectTimeout),
    runId: f.runId ?? newRunId(),
    json,
  };
}

export function parsePartitionFlags(raw: VerifyPartitionFlags, env: Record<string, string | undefined>): PartitionOptions {
  const { values: f, problems } = readFlags(PARTITION_FLAGS, raw);
  const { urls, managementUrl } = clusterUrls(problems, f.urls ?? env[URLS_ENV], f.mgmt);
  if (urls.length > 0 && urls.length < MIN_PARTITION_NODES) {
    problems.push(
      `--urls: expected at least ${MIN_PARTITION_NODES} node URLs (a majority side and a minority side), got "${urls.length} URL${urls.length === 1 ? '' : 's'}"`,
    );
  }
  const durationMs = ms(f.duration);
  const partitionAfterMs = ms(f.partitionAfter);
  const healAfterMs = ms(f.healAfter);
  if (partitionAfterMs >= durationMs)
    problems.push(
      `--partition-after: expected less than --duration (${seconds(durationMs)}), got ${JSON.stringify(raw.partitionAfter ?? timeDefault(partitionAfterMs))}`,
    );
  if (healAfterMs <= partitionAfterMs || healAfterMs >= durationMs) {
    problems.push(
      `--heal-after: expected between --partition-after (${seconds(partitionAfterMs)}) and --duration (${seconds(durationMs)}), got ${JSON.stringify(raw.healAfter ?? timeDefault(healAfterMs))}`,
    );
  }
  if (raw.partitionCommand === undefined)
    problems.push(
      `--partition-command: expected the command that cuts {node} off from the others, e.g. 'scripts/broker/netns-cluster.sh isolate {node}', got ""`,
    );
  if (raw.healCommand === undefined) problems.push(`--heal-command: expected the command that undoes it, e.g. 'scripts/broker/netns-cluster.sh heal', got ""`);
  const json = collectProblems(problems, () => printsJson(f), false);
  if (problems.length > 0) throw new InputError(problems);
  return {
    urls,
    managementUrl,
    rateMsgPerSec: f.rate,
    messageSizeBytes: f.messageSize,
    confirmWindow: f.confirmWindow,
    prefetch: f.prefetch,
    durationMs,
    partitionAfterMs,
    healAfterMs,
    partitionCommand: f.partitionCommand!,
    healCommand: f.healCommand!,
    drainTimeoutMs: ms(f.drainTimeout),
    commandTimeoutMs: ms(f.commandTimeout),
    connectTimeoutMs: ms(f.connectTimeout),
    runId: f.runId ?? newRunId(),
    json,
  };
}

export async function runVerifyFailoverCommand(raw: VerifyFailoverFlags, io: CliIo): Promise<ExitCode> {
  const opts = parseFailoverFlags(raw, io.env);
  const [{ reportRun }, { renderFailover }, { runFailover }] = await Promise.all([
    import('../failover/run-outcome.js'),
    import('../render/table/failover.js'),
    import('../failover/run-failover.js'),
  ]);
  const notice = (sig: NodeJS.Signals): void => {
    io.stderr(`\nrmq-plan: ${sig}: stopping; restarting the killed node if needed and deleting the run's queues (Ctrl-C again to quit at once)\n`);
  };
  return withInterrupts({ hardExitMs: FAILOVER_HARD_EXIT_AFTER_SIGNAL_MS, onSignal: notice }, async (signal) => {
    const progress = opts.json ? undefined : (line: string) => io.stderr(`rmq-plan: ${line}\n`);
    return reportRun(
      () => runFailover(opts, { signal, ...(progress ? { onProgress: progress } : {}) }),
      { json: opts.json, render: renderFailover, events: (r) => r.events, fault: 'failover' },
      io,
    );
  });
}

export async function runVerifyPartitionCommand(raw: VerifyPartitionFlags, io: CliIo): Promise<ExitCode> {
  const opts = parsePartitionFlags(raw, io.env);
  const [{ reportRun }, { renderPartition }, { runPartition }] = await Promise.all([
    import('../failover/run-outcome.js'),
    import('../render/table/partition.js'),
    import('../failover/run-partition.js'),
  ]);
  const notice = (sig: NodeJS.Signals): void => {
    io.stderr(`\nrmq-plan: ${sig}: stopping; healing the partition if one was made and deleting the run's queue (Ctrl-C again to quit at once)\n`);
  };
  return withInterrupts({ hardExitMs: PARTITION_HARD_EXIT_AFTER_SIGNAL_MS, onSignal: notice }, async (signal) => {
    const progress = opts.json ? undefined : (line: string) => io.stderr(`rmq-plan: ${line}\n`);
    return reportRun(
      () => runPartition(opts, { signal, ...(progress ? { onProgress: progress } : {}) }),
      { json: opts.json, render: renderPartition, events: (r) => [...r.majority.events, ...r.minority.events], fault: 'partition' },
      io,
    );
  });
}

/** Adds `verify failover` and `verify partition` to the `verify` command (declared in program.ts). */
export function defineCommand(verify: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  const failover = verify
    .command('failover')
    .description('kill and restart a node under a confirmed workload; report the availability gap, catch-up and confirmed messages lost')
    .addHelpText('after', FAILOVER_EXAMPLES)
    .action(async (flags: VerifyFailoverFlags) => setExitCode(await runVerifyFailoverCommand(flags, io)));
  const partition = verify
    .command('partition')
    .description(
      "cut the test queue's leader off from the other nodes under a confirmed workload, heal it; report what each side saw and confirmed messages lost",
    )
    .addHelpText('after', PARTITION_EXAMPLES)
    .action(async (flags: VerifyPartitionFlags) => setExitCode(await runVerifyPartitionCommand(flags, io)));
  configureCommand(addFlags(failover, FAILOVER_FLAGS), io, `${PROGRAM_NAME} verify failover`);
  configureCommand(addFlags(partition, PARTITION_FLAGS), io, `${PROGRAM_NAME} verify partition`);
  return verify;
}
