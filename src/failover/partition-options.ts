/**
 * What `rmq-plan verify partition` is asked to do (PartitionOptions, from src/cli/verify.ts) and
 * its defaults.
 */
import { DEFAULTS as FAILOVER_DEFAULTS } from './options.js';

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
} as const;

/** A partition needs a majority and a minority: at least 3 nodes. */
export const MIN_PARTITION_NODES = 3;
