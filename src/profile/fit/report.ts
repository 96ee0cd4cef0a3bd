/**
 * The fit's goodness-of-fit report (FitReport): per queue type and coefficient group, what was
 * fitted from which steps, R², residuals, and why a coefficient was not measured. Plain JSON
 * data (stored in profile.origin.fit); no mathjs here, so `compare` and renderers can load it.
 */
import type { QueueType } from '../../bench/types.js';

/** One observation against its fitted value. */
export interface FitResidual {
  /** The step or search it came from. */
  label: string;
  stepIndex: number | null;
  sizeBytes: number;
  /** Message rate of the observation (msg/s); null for points that are not rates. */
  rateMsgPerSec: number | null;
  measured: number;
  fitted: number;
  /** (measured − fitted) ÷ fitted × 100. */
  residualPercent: number;
}

/** A group of coefficients fitted together from one kind of measurement. */
export interface FitGroup {
  /** fitted: the coefficients below come from the run; not-measured: the base profile's values were kept. */
  status: 'fitted' | 'not-measured';
  /** Why not measured, or caveats of the fit (e.g. "3 of 3 points were CPU-bound: the ceiling is a lower bound"). */
  notes: string[];
  /** What the regression explains, e.g. "10⁶ / single-queue max rate (µs/msg) = a + size × b". */
  equation: string;
  /** Unit of the response the residuals are in (core-µs/msg, msg/s, ms, B). */
  responseUnit: string;
  /** Fitted parameters of the equation, by name (in the units their names say). */
  parameters: Record<string, number>;
  /** Profile coefficients this group set, with their new values. */
  coefficients: Record<string, number>;
  r2: number | null;
  points: number;
  /** Root mean square of the residual percentages; null without points. */
  rmsResidualPercent: number | null;
  maxAbsResidualPercent: number | null;
  residuals: FitResidual[];
}

export interface QueueTypeFit {
  queueType: QueueType;
  /** Classic queues: whether the persistent or the transient variant was fitted (null for quorum and stream). */
  persistent: boolean | null;
  /** Replicas per queue in the fitted steps (1 on a single node). */
  replicas: number | null;
  /** Steps and closed-loop searches of this queue type used by the fit. */
  steps: number;
  searches: number;
  /** Broker CPU per message and per byte (publish/enqueue/deliver/replica CPU, cpuNanosPerByte). */
  cpu: FitGroup;
  /** Single-queue maximum rate against size (queueServiceMicros, queueServiceNanosPerByte). */
  ceiling: FitGroup;
  /** Broker memory against messages held in queues (memoryBytesPerQueuedMessage). */
  memory: FitGroup;
  /** The bench client's own CPU per message (not a profile coefficient: what the client cost on this machine). */
  clientCpu: FitGroup;
  /** Publish → confirm p50 at low load (ms): the commit floor. */
  confirmFloor: FitGroup;
  /** The prefetch loop from the prefetch-bound searches (queueTypes.<type>.deliveryTurnaroundMs, unbatchedDeliveryMicros, unbatchedInFlightMax). */
  turnaround: FitGroup;
  /** Classic queues: what persistence adds (persistentCpuMicros, persistentQueueServiceMicros); not measured for other types. */
  persistence: FitGroup;
  /** What a publisher confirm costs (confirmCpuMicros), from steps without confirms. */
  confirmCost: FitGroup;
  /** What a consumer ack costs (ackCpuMicros, ackQueueServiceMicros), from steps whose consumers ack every N > 1 deliveries. */
  ackCost: FitGroup;
  /** End-to-end p99 − p50 at low load (queueTypes.<type>.latencyTailP99Ms). */
  latencyTail: FitGroup;
  /** Kingman factor on the queue wait (queueTypes.<type>.queueWaitVariability). */
  queueWait: FitGroup;
  /** What a follower costs (replicaCpuMicros), from a calibration run on a cluster beside the single-node ones. */
  followers: FitGroup;
}

/** One closed-loop search as the fit saw it. */
export interface FitSearch {
  id: string;
  label: string;
  queueType: QueueType;
  persistent: boolean;
  sizeBytes: number;
  queues: number;
  publishers: number;
  maxSustainedMsgPerSec: number;
  /** The machine's CPU was saturated at the maximum (the broker's CPU, not its queue process, limited it). */
  cpuBound: boolean | null;
  /** The search never failed a trial: the true maximum lies higher. */
  lowerBound: boolean;
  /** A paced trial saturated a client thread (> 85 % of a core): the maximum is the client's, not the broker's. */
  clientLimited: boolean;
  /** Other processes used a noticeable share of the machine during one of its steps. */
  disturbed: boolean;
  usedForCeiling: boolean;
}

/** Version of `rmq-plan fit --json` (FitReport's shape). */
export const FIT_REPORT_VERSION = 1;

export interface FitReport {
  kind: 'rmq-plan-fit-report';
  schemaVersion: typeof FIT_REPORT_VERSION;
  runId: string;
  runStatus: string;
  brokerVersion: string | null;
  /** The profile whose values were kept where the run measured nothing. */
  baseProfile: string;
  createdAt: string;
  queueTypes: QueueTypeFit[];
  /** origin.fsyncLatencyMs: the commit floor of the queue type that measured it (quorum first). */
  fsyncLatencyMs: { value: number | null; from: string };
  /** node.messagesPerFsyncPerChannel. */
  messagesPerFsync: FitGroup;
  searches: FitSearch[];
  /** Run-level caveats (partial run, remote broker without CPU figures, …). */
  notes: string[];
}
