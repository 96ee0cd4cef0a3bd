/**
 * What `rmq-plan verify partition` reports (`--json` prints it as is). Times are ms since
 * publishing started unless the name says otherwise.
 *
 * Two sides, each with a confirmed publisher and a consumer on the test queue: the *majority*
 * side's clients use the nodes that stay together, the *minority* side's clients use the isolated
 * node (which led the queue), and keep using it through the partition, as clients of that node do.
 */
import type { LatencySummary } from '../bench/types.js';
import type { Gap } from './activity.js';
import type { ClientEvent } from './client-spec.js';
import type { CommandRun, MessageTotals, PhaseRates } from './report.js';

export const PARTITION_REPORT_VERSION = 1;

/**
 * Confirms a side gets within this long after the partition command returned are not counted as
 * "confirmed during the partition": they are confirms of messages committed before the cut,
 * still on their way to the client.
 */
export const PARTITION_SETTLE_MS = 1_000;

export interface PartitionSide {
  /** 1-based positions in --urls of the nodes this side's clients use, and those nodes. */
  urlIndexes: number[];
  nodes: (string | null)[];
  /** This side's publisher's messages (wherever they were consumed). */
  messages: MessageTotals;
  /** While partitioned (from the end of the partition command to the start of the heal command). */
  duringPartition: {
    /** New confirms this side's publisher got. */
    confirms: number;
    /** Nacks it got. */
    nacks: number;
    /** New messages this side's consumer received. */
    deliveries: number;
  };
  /** The longest stretch without a confirm of this side's publisher that overlaps the partition. */
  publishGap: Gap;
  /** The same for this side's consumer's deliveries. */
  deliverGap: Gap;
  /** From the start of the heal command to this side's first confirm after it (null: none, or no heal). */
  firstConfirmAfterHealMs: number | null;
  rates: { before: PhaseRates; partitioned: PhaseRates; healed: PhaseRates };
  connects: { publisher: number; consumer: number };
  events: ClientEvent[];
}

export interface PartitionReport {
  schemaVersion: typeof PARTITION_REPORT_VERSION;
  kind: 'partition';
  status: 'complete' | 'interrupted';
  runId: string;
  rabbitmqVersion: string | null;
  /** Redacted. */
  urls: string[];
  urlNodes: (string | null)[];
  /** The test queue (quorum), declared on the node of URL 1, which leads it. */
  queue: string;
  settings: {
    rateMsgPerSecPerSide: number;
    messageSizeBytes: number;
    confirmWindow: number;
    prefetch: number;
    durationMs: number;
    partitionAfterMs: number;
    healAfterMs: number;
  };
  /** The node cut off: the queue's leader when the partition began. */
  isolated: { node: string | null; urlIndex: number; reason: string } | null;
  partition: CommandRun | null;
  heal: CommandRun | null;
  leader: {
    before: string | null;
    /** As the majority side's management API reported it during the partition (its last answer). */
    duringPartition: string | null;
    /**
     * From the end of the partition command until the majority side's management API reported another
     * leader (null: never). Management statistics lag by seconds: the majority's confirm gap is the service measure.
     */
    electedAfterMs: number | null;
    after: string | null;
  };
  majority: PartitionSide;
  minority: PartitionSide;
  /** Both sides together: confirmedLost must be 0. */
  messages: MessageTotals;
  endToEndLatency: LatencySummary;
  drained: boolean;
  timeline: { majorityConfirmsPerSec: number[]; minorityConfirmsPerSec: number[]; deliveriesPerSec: number[] };
  cleanup: { queuesLeft: string[]; healedOnExit: boolean };
  verdict: { ok: boolean; lines: string[] };
}
