/**
 * `rmq-plan verify failover` flags → validated options. Every problem is reported at once, one
 * line each (`--flag: expected …, got "…"`), exit 2.
 */
import { randomBytes } from 'node:crypto';
import { InputError } from '../errors.js';
import { MIN_MESSAGE_SIZE_BYTES } from '../bench/types.js';
import { defaultManagementUrl, parseBrokerUrl } from '../broker/amqp-url.js';
import { redactUrl } from '../broker/redact.js';
import { DURATION_FORMAT, formatDuration, parseDurationSeconds } from '../io/duration.js';
import { parseSizeText, SIZE_FORMAT } from '../schema/byte-size.js';

export const FAILOVER_QUEUE_TYPES = ['quorum', 'classic'] as const;
export type FailoverQueueType = (typeof FAILOVER_QUEUE_TYPES)[number];

/** The flags as commander hands them over. */
export interface VerifyFailoverFlags {
  urls?: string;
  mgmt?: string;
  queueType?: string;
  queues?: string;
  rate?: string;
  messageSize?: string;
  confirmWindow?: string;
  prefetch?: string;
  persistent?: string;
  duration?: string;
  killAfter?: string;
  restartAfter?: string;
  killCommand?: string;
  restartCommand?: string;
  statusCommand?: string;
  drainTimeout?: string;
  catchUpTimeout?: string;
  commandTimeout?: string;
  connectTimeout?: string;
  runId?: string;
  json?: boolean;
}

export interface FailoverOptions {
  /** Raw AMQP URLs (with passwords; never printed), in the order given. */
  urls: string[];
  /** Management API base URL (with credentials). */
  managementUrl: string;
  queueType: FailoverQueueType;
  queues: number;
  /** Total offered publish rate over all queues, msg/s. */
  rateMsgPerSec: number;
  messageSizeBytes: number;
  /** Unconfirmed messages in flight per publisher (the bounded window). */
  confirmWindow: number;
  prefetch: number;
  /** Classic only: durable queue + persistent messages (true) or transient (false). Quorum queues are always durable. */
  persistent: boolean;
  durationMs: number;
  killAfterMs: number;
  /** null: do not restart the node (the report then says it stayed down). */
  restartAfterMs: number | null;
  killCommand: string;
  restartCommand: string | null;
  /** Prints `rabbitmq-queues quorum_status … --formatter json` for {queue} in {vhost} (optional). */
  statusCommand: string | null;
  drainTimeoutMs: number;
  catchUpTimeoutMs: number;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  runId: string;
  json: boolean;
}

export const DEFAULTS = {
  queueType: 'quorum' as FailoverQueueType,
  queues: 1,
  rateMsgPerSec: 200,
  messageSizeBytes: 1024,
  confirmWindow: 100,
  prefetch: 100,
  durationMs: 40_000,
  killAfterMs: 10_000,
  restartAfterMs: 20_000,
  drainTimeoutMs: 20_000,
  catchUpTimeoutMs: 60_000,
  /** restart-node.sh waits for boot and rejoin: ~10–20 s here (docs/failover.md); 2 minutes is generous. */
  commandTimeoutMs: 120_000,
  connectTimeoutMs: 5_000,
} as const;

/** Highest total rate accepted: the run keeps a per-message ledger in memory (1 byte per message). */
export const MAX_RATE_MSG_PER_SEC = 100_000;
/** Longest run: a failover test is about a kill and a restart, not a soak test. */
const MAX_DURATION_MS = 3_600_000;
const MAX_QUEUES = 64;
/** 16 MiB: RabbitMQ's default max_message_size (https://www.rabbitmq.com/docs/limits). */
export const MAX_MESSAGE_SIZE_BYTES = 16 * 1024 * 1024;

export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

export class Problems {
  readonly list: string[] = [];
  add(flag: string, expected: string, raw: unknown): void {
    this.list.push(`${flag}: expected ${expected}, got ${JSON.stringify(raw)}`);
  }
}

export function intFlag(p: Problems, flag: string, raw: string | undefined, def: number, min: number, max: number): number {
  if (raw === undefined) return def;
  const v = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min || v > max) {
    p.add(flag, `an integer from ${min} to ${max}`, raw);
    return def;
  }
  return v;
}

/** A size in the one size format (schema/byte-size.ts SIZE_FORMAT), from min to max bytes. */
export function sizeFlag(p: Problems, flag: string, raw: string | undefined, def: number, min: number, max: number): number {
  if (raw === undefined) return def;
  const v = parseSizeText(raw);
  if (v === undefined || v < min || v > max) {
    p.add(flag, `${SIZE_FORMAT}, from ${min} B to ${max.toLocaleString('en-US')} B`, raw);
    return def;
  }
  return v;
}

export function durationFlag(p: Problems, flag: string, raw: string | undefined, def: number): number {
  if (raw === undefined) return def;
  const seconds = parseDurationSeconds(raw);
  const ms = seconds === undefined ? undefined : Math.round(seconds * 1000);
  if (ms === undefined || ms > MAX_DURATION_MS) {
    p.add(flag, `${DURATION_FORMAT}, at most ${formatDuration(MAX_DURATION_MS / 1000)}`, raw);
    return def;
  }
  return ms;
}

/** --urls (comma-separated AMQP URLs, or $RMQ_PLAN_URLS) and --mgmt (default: from the first URL). */
export function parseClusterFlags(p: Problems, rawUrls: string | undefined, mgmt: string | undefined): { urls: string[]; managementUrl: string } {
  const urls = (rawUrls ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (urls.length === 0) p.add('--urls', 'comma-separated AMQP URLs of the cluster nodes (or $RMQ_PLAN_URLS)', rawUrls ?? '');
  for (const u of urls) {
    try {
      parseBrokerUrl(u, '--urls');
    } catch (err) {
      p.list.push(...(err instanceof InputError ? err.problems : [String(err)]));
    }
  }
  let managementUrl = mgmt ?? '';
  if (mgmt !== undefined) {
    try {
      const u = new URL(mgmt);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    } catch {
      p.add('--mgmt', 'an http(s):// management API URL, e.g. http://user:pass@host:15672', redactUrl(mgmt));
    }
  } else if (urls.length > 0 && p.list.length === 0) {
    managementUrl = defaultManagementUrl(parseBrokerUrl(urls[0]!));
  }

  return { urls, managementUrl };
}

/** --run-id: the given id (letters, digits, "_", "-"; it goes into queue names), else a random one. */
export function runIdFlag(p: Problems, raw: string | undefined): string {
  const runId = raw ?? newRunId();
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(runId)) p.add('--run-id', 'letters, digits, "_" or "-" (at most 32)', runId);
  return runId;
}

export function parseFailoverFlags(flags: VerifyFailoverFlags, env: Record<string, string | undefined>): FailoverOptions {
  const p = new Problems();
  const { urls, managementUrl } = parseClusterFlags(p, flags.urls ?? env.RMQ_PLAN_URLS, flags.mgmt);

  const queueType = FAILOVER_QUEUE_TYPES.find((t) => t === (flags.queueType ?? DEFAULTS.queueType).trim().toLowerCase());
  if (queueType === undefined) p.add('--queue-type', `one of ${FAILOVER_QUEUE_TYPES.join(', ')}`, flags.queueType);

  const queues = intFlag(p, '--queues', flags.queues, DEFAULTS.queues, 1, MAX_QUEUES);
  const rateMsgPerSec = intFlag(p, '--rate', flags.rate, DEFAULTS.rateMsgPerSec, 1, MAX_RATE_MSG_PER_SEC);
  const messageSizeBytes = sizeFlag(p, '--message-size', flags.messageSize, DEFAULTS.messageSizeBytes, MIN_MESSAGE_SIZE_BYTES, MAX_MESSAGE_SIZE_BYTES);
  const confirmWindow = intFlag(p, '--confirm-window', flags.confirmWindow, DEFAULTS.confirmWindow, 1, 100_000);
  const prefetch = intFlag(p, '--prefetch', flags.prefetch, DEFAULTS.prefetch, 1, 65_535);

  let persistent = true;
  if (flags.persistent !== undefined) {
    const v = flags.persistent.trim().toLowerCase();
    if (v !== 'true' && v !== 'false') p.add('--persistent', 'true or false', flags.persistent);
    persistent = v !== 'false';
    if (queueType === 'quorum' && v === 'false') p.add('--persistent', 'true for quorum queues (they are always durable); use it with --queue-type classic', flags.persistent);
  }

  const durationMs = durationFlag(p, '--duration', flags.duration, DEFAULTS.durationMs);
  const killAfterMs = durationFlag(p, '--kill-after', flags.killAfter, DEFAULTS.killAfterMs);
  const restartCommand = flags.restartCommand?.trim() ? flags.restartCommand.trim() : null;
  const restartAfterMs = restartCommand === null ? null : durationFlag(p, '--restart-after', flags.restartAfter, DEFAULTS.restartAfterMs);
  if (restartCommand === null && flags.restartAfter !== undefined) p.add('--restart-after', 'only together with --restart-command', flags.restartAfter);
  const killCommand = flags.killCommand?.trim() ?? '';
  if (killCommand === '') p.add('--kill-command', "the command that kills a node, e.g. 'scripts/broker/kill-node.sh {node}'", flags.killCommand ?? '');

  if (killAfterMs >= durationMs) p.add('--kill-after', `less than --duration (${durationMs / 1000} s)`, flags.killAfter ?? `${killAfterMs / 1000}s`);
  if (restartAfterMs !== null && (restartAfterMs <= killAfterMs || restartAfterMs >= durationMs)) {
    p.add('--restart-after', `between --kill-after (${killAfterMs / 1000} s) and --duration (${durationMs / 1000} s)`, flags.restartAfter ?? `${restartAfterMs / 1000}s`);
  }

  const drainTimeoutMs = durationFlag(p, '--drain-timeout', flags.drainTimeout, DEFAULTS.drainTimeoutMs);
  const catchUpTimeoutMs = durationFlag(p, '--catch-up-timeout', flags.catchUpTimeout, DEFAULTS.catchUpTimeoutMs);
  const commandTimeoutMs = durationFlag(p, '--command-timeout', flags.commandTimeout, DEFAULTS.commandTimeoutMs);
  const connectTimeoutMs = durationFlag(p, '--connect-timeout', flags.connectTimeout, DEFAULTS.connectTimeoutMs);
  const runId = runIdFlag(p, flags.runId);

  if (p.list.length > 0) throw new InputError(p.list);
  return {
    urls,
    managementUrl,
    queueType: queueType!,
    queues,
    rateMsgPerSec,
    messageSizeBytes,
    confirmWindow,
    prefetch,
    persistent: queueType === 'quorum' ? true : persistent,
    durationMs,
    killAfterMs,
    restartAfterMs,
    killCommand,
    restartCommand,
    statusCommand: flags.statusCommand?.trim() ? flags.statusCommand.trim() : null,
    drainTimeoutMs,
    catchUpTimeoutMs,
    commandTimeoutMs,
    connectTimeoutMs,
    runId,
    json: flags.json === true,
  };
}
