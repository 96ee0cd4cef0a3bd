/**
 * What `rmq-plan verify failover` reports (`--json` prints it as is). Times are ms since
 * publishing started unless the name says otherwise.
 */
import type { LatencySummary } from '../bench/types.js';
import type { Gap } from './activity.js';
import type { CatchUpResult } from './catch-up.js';
import type { ClientEvent } from './client-spec.js';
import type { FailoverQueueType } from './options.js';

export const FAILOVER_REPORT_VERSION = 1;

export interface CommandRun {
  /** The command as run, placeholders substituted. */
  command: string;
  atMs: number;
  durationMs: number;
  exitCode: number | null;
  timedOut: boolean;
  output: string;
}

export interface PhaseRates {
  /** First-time confirms per second over all queues. */
  confirmsPerSec: number | null;
  /** First-time deliveries per second over all queues. */
  deliveriesPerSec: number | null;
}

export interface QueueAvailability {
  queue: string;
  leaderBefore: string | null;
  leaderAfter: string | null;
  /** The stretch without a confirm on this queue that overlaps the kill (without a kill: the longest). */
  publishGap: Gap;
  /** The same for new deliveries from this queue. */
  deliverGap: Gap;
}

export interface MessageTotals {
  published: number;
  publishAttempts: number;
  republished: number;
  confirmed: number;
  nacked: number;
  returned: number;
  /** Messages whose confirm was lost with their channel (re-published). */
  lostInFlight: number;
  /** Messages the publishers did not offer while they could not send (rate shortfall). */
  notOffered: number;
  received: number;
  duplicated: number;
  reordered: number;
  /** Confirmed by the broker, never delivered: must be 0. */
  confirmedLost: number;
  /** Published, never confirmed when the run ended. */
  unconfirmed: number;
  redelivered: number;
}

export interface FailoverReport {
  schemaVersion: typeof FAILOVER_REPORT_VERSION;
  status: 'complete' | 'interrupted';
  runId: string;
  queueType: FailoverQueueType;
  persistent: boolean;
  rabbitmqVersion: string | null;
  /** Redacted. */
  urls: string[];
  /** Node reached by each URL (management API listeners). */
  urlNodes: (string | null)[];
  queues: string[];
  settings: {
    rateMsgPerSec: number;
    messageSizeBytes: number;
    confirmWindow: number;
    prefetch: number;
    durationMs: number;
    killAfterMs: number;
    restartAfterMs: number | null;
  };
  kill: (CommandRun & { node: string | null; urlIndex: number | null; reason: string }) | null;
  restart: CommandRun | null;
  /** From the kill until the restart command finished (the node booted and rejoined), or the end. */
  degradedWindowMs: { fromMs: number; toMs: number } | null;
  availability: {
    /** The longest of the queues' gaps (the availability gap of the run). */
    publishGap: Gap;
    deliverGap: Gap;
    perQueue: QueueAvailability[];
  };
  rates: { healthy: PhaseRates; degraded: PhaseRates; recovered: PhaseRates };
  catchUp: CatchUpResult;
  messages: MessageTotals;
  endToEndLatency: LatencySummary;
  clients: { publisherConnects: number; consumerConnects: number };
  drained: boolean;
  events: ClientEvent[];
  timeline: { confirmsPerSec: number[]; deliveriesPerSec: number[] };
  cleanup: { queuesLeft: string[] };
  verdict: { ok: boolean; lines: string[] };
}
