/**
 * `rmq-plan verify partition` flags → validated options. Every problem is reported at once, one
 * line each (`--flag: expected …, got "…"`), exit 2. Shares the failover run's flag parsers.
 */
import { InputError } from '../errors.js';
import { MIN_MESSAGE_SIZE_BYTES } from '../bench/types.js';
import { DEFAULTS as FAILOVER_DEFAULTS, MAX_MESSAGE_SIZE_BYTES, MAX_RATE_MSG_PER_SEC, Problems, durationFlag, intFlag, parseClusterFlags, runIdFlag, sizeFlag } from './options.js';

/** The flags as commander hands them over. */
export interface VerifyPartitionFlags {
  urls?: string;
  mgmt?: string;
  rate?: string;
  messageSize?: string;
  confirmWindow?: string;
  prefetch?: string;
  duration?: string;
  partitionAfter?: string;
  healAfter?: string;
  partitionCommand?: string;
  healCommand?: string;
  drainTimeout?: string;
  commandTimeout?: string;
  connectTimeout?: string;
  runId?: string;
  json?: boolean;
}

export interface PartitionOptions {
  /** Raw AMQP URLs (with passwords; never printed): at least 3 nodes. The test queue is led by URL 1's node. */
  urls: string[];
  managementUrl: string;
  /** Publish rate of each side's publisher, msg/s. */
  rateMsgPerSec: number;
  messageSizeBytes: number;
  confirmWindow: number;
  prefetch: number;
  durationMs: number;
  partitionAfterMs: number;
  healAfterMs: number;
  /** Cuts {node} (1-based position in urls) off from the other nodes; the clients still reach every node. */
  partitionCommand: string;
  /** Undoes it. Run also on failure and interrupt, so the cluster is left whole. */
  healCommand: string;
  drainTimeoutMs: number;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  runId: string;
  json: boolean;
}

export const PARTITION_DEFAULTS = {
  rateMsgPerSec: 100,
  messageSizeBytes: FAILOVER_DEFAULTS.messageSizeBytes,
  confirmWindow: FAILOVER_DEFAULTS.confirmWindow,
  prefetch: FAILOVER_DEFAULTS.prefetch,
  durationMs: 45_000,
  partitionAfterMs: 10_000,
  /** 20 s apart: longer than Erlang's net_ticktime on the project's partition cluster (10 s), so the nodes see the partition. */
  healAfterMs: 30_000,
  /** The minority's publisher re-publishes everything it could not get confirmed after the heal: allow a while. */
  drainTimeoutMs: 30_000,
  commandTimeoutMs: 60_000,
  connectTimeoutMs: FAILOVER_DEFAULTS.connectTimeoutMs,
} as const;

/** A partition needs a majority and a minority: at least 3 nodes. */
export const MIN_PARTITION_NODES = 3;

export function parsePartitionFlags(flags: VerifyPartitionFlags, env: Record<string, string | undefined>): PartitionOptions {
  const p = new Problems();
  const { urls, managementUrl } = parseClusterFlags(p, flags.urls ?? env.RMQ_PLAN_URLS, flags.mgmt);
  if (urls.length > 0 && urls.length < MIN_PARTITION_NODES) {
    p.add('--urls', `at least ${MIN_PARTITION_NODES} node URLs (a majority side and a minority side)`, `${urls.length} URL${urls.length === 1 ? '' : 's'}`);
  }
  const d = PARTITION_DEFAULTS;
  const rateMsgPerSec = intFlag(p, '--rate', flags.rate, d.rateMsgPerSec, 1, MAX_RATE_MSG_PER_SEC);
  const messageSizeBytes = sizeFlag(p, '--message-size', flags.messageSize, d.messageSizeBytes, MIN_MESSAGE_SIZE_BYTES, MAX_MESSAGE_SIZE_BYTES);
  const confirmWindow = intFlag(p, '--confirm-window', flags.confirmWindow, d.confirmWindow, 1, 100_000);
  const prefetch = intFlag(p, '--prefetch', flags.prefetch, d.prefetch, 1, 65_535);
  const durationMs = durationFlag(p, '--duration', flags.duration, d.durationMs);
  const partitionAfterMs = durationFlag(p, '--partition-after', flags.partitionAfter, d.partitionAfterMs);
  const healAfterMs = durationFlag(p, '--heal-after', flags.healAfter, d.healAfterMs);
  if (partitionAfterMs >= durationMs) p.add('--partition-after', `less than --duration (${durationMs / 1000} s)`, flags.partitionAfter ?? `${partitionAfterMs / 1000}s`);
  if (healAfterMs <= partitionAfterMs || healAfterMs >= durationMs) {
    p.add('--heal-after', `between --partition-after (${partitionAfterMs / 1000} s) and --duration (${durationMs / 1000} s)`, flags.healAfter ?? `${healAfterMs / 1000}s`);
  }
  const partitionCommand = flags.partitionCommand?.trim() ?? '';
  if (partitionCommand === '') p.add('--partition-command', "the command that cuts {node} off from the others, e.g. 'scripts/broker/netns-cluster.sh isolate {node}'", flags.partitionCommand ?? '');
  const healCommand = flags.healCommand?.trim() ?? '';
  if (healCommand === '') p.add('--heal-command', "the command that undoes it, e.g. 'scripts/broker/netns-cluster.sh heal'", flags.healCommand ?? '');
  const drainTimeoutMs = durationFlag(p, '--drain-timeout', flags.drainTimeout, d.drainTimeoutMs);
  const commandTimeoutMs = durationFlag(p, '--command-timeout', flags.commandTimeout, d.commandTimeoutMs);
  const connectTimeoutMs = durationFlag(p, '--connect-timeout', flags.connectTimeout, d.connectTimeoutMs);
  const runId = runIdFlag(p, flags.runId);
  if (p.list.length > 0) throw new InputError(p.list);
  return {
    urls,
    managementUrl,
    rateMsgPerSec,
    messageSizeBytes,
    confirmWindow,
    prefetch,
    durationMs,
    partitionAfterMs,
    healAfterMs,
    partitionCommand,
    healCommand,
    drainTimeoutMs,
    commandTimeoutMs,
    connectTimeoutMs,
    runId,
    json: flags.json === true,
  };
}
