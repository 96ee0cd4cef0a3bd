/**
 * What `rmq-plan verify failover` is asked to do (FailoverOptions, from src/cli/verify.ts), its
 * defaults and the bounds of its flags.
 */

export const FAILOVER_QUEUE_TYPES = ['quorum', 'classic'] as const;
export type FailoverQueueType = (typeof FAILOVER_QUEUE_TYPES)[number];

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
} as const;

/** Highest total rate accepted: the run keeps a per-message ledger in memory (1 byte per message). */
export const MAX_RATE_MSG_PER_SEC = 100_000;
/** Longest run: a failover test is about a kill and a restart, not a soak test. */
export const MAX_DURATION_MS = 3_600_000;
export const MAX_QUEUES = 64;
/** 16 MiB: RabbitMQ's default max_message_size (https://www.rabbitmq.com/docs/limits). */
export const MAX_MESSAGE_SIZE_BYTES = 16 * 1024 * 1024;
