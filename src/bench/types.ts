/**
 * The bench's inputs and results. Zod schemas so that a saved run (`--out run.json`) can be
 * validated when the calibration fit loads it; the TypeScript types are inferred from them.
 *
 * Units are in the names: latencies are recorded in microseconds (HDR histogram, µs resolution)
 * and reported in µs; rates in msg/s; CPU in cores (1 = one core fully busy for the window).
 */
import { z } from '../schema/zod.js';
import { QueueTypeSchema, type QueueType } from '../schema/workload.js';

/** Version of the run.json layout; bump on an incompatible change. */
export const BENCH_RUN_VERSION = 1;

/** The queue types the bench drives, in the order it runs them (the one QueueType: src/schema/workload.ts). */
export const QUEUE_TYPES: readonly QueueType[] = ['classic', 'quorum', 'stream'];
export { QueueTypeSchema, type QueueType };

/**
 * Smallest body the bench can send: every body starts with its bench header (see message.ts:
 * magic 4 B + publisher id 4 B + sequence 8 B + send time 8 B).
 */
export const MIN_MESSAGE_SIZE_BYTES = 24;

/** One step's workload: everything the step runner needs to drive the broker. */
export const StepConfigSchema = z
  .object({
    queueType: QueueTypeSchema,
    messageSizeBytes: z.number().int().min(MIN_MESSAGE_SIZE_BYTES),
    publishers: z.number().int().positive(),
    consumers: z.number().int().positive(),
    queues: z.number().int().positive(),
    /** delivery_mode 2 and durable queues; quorum and stream queues are always durable. */
    persistent: z.boolean(),
    confirms: z.boolean(),
    /** Maximum unconfirmed messages per publisher (only with confirms). */
    confirmWindow: z.number().int().positive(),
    prefetch: z.number().int().positive(),
    /** Acknowledge every Nth message with multiple=true (1 = one ack per message). */
    ackEvery: z.number().int().positive(),
    consumerProcessingMs: z.number().nonnegative(),
    /** Offered load over all publishers; 'max' = as fast as backpressure and the window allow. */
    targetRateMsgPerSec: z.union([z.number().positive(), z.literal('max')]),
    durationSeconds: z.number().positive(),
    warmupSeconds: z.number().nonnegative(),
    /** Stop publishing after this many messages in the step (all publishers), or null. */
    maxMessages: z.number().int().positive().nullable(),
  })
  .strict();
export type StepConfig = z.infer<typeof StepConfigSchema>;

export const LatencySummarySchema = z
  .object({
    count: z.number().int().nonnegative(),
    meanMicros: z.number().nonnegative(),
    p50Micros: z.number().nonnegative(),
    p95Micros: z.number().nonnegative(),
    p99Micros: z.number().nonnegative(),
    p999Micros: z.number().nonnegative(),
    maxMicros: z.number().nonnegative(),
  })
  .strict();
export type LatencySummary = z.infer<typeof LatencySummarySchema>;

export const QueuePlacementSchema = z
  .object({
    name: z.string(),
    type: z.string(),
    leader: z.string().nullable(),
    members: z.array(z.string()),
  })
  .strict();
export type QueuePlacement = z.infer<typeof QueuePlacementSchema>;

/** What the management API said about the step (null when it is not reachable). */
export const StepBrokerFiguresSchema = z
  .object({
    publishMsgPerSec: z.number().nullable(),
    deliverMsgPerSec: z.number().nullable(),
    memUsedBytes: z.number().nullable(),
    diskFreeBytes: z.number().nullable(),
    queues: z.array(QueuePlacementSchema),
  })
  .strict();
export type StepBrokerFigures = z.infer<typeof StepBrokerFiguresSchema>;

export const StepCpuSchema = z
  .object({
    /** Client (this process, all threads) CPU over the measurement window, in cores. */
    clientCores: z.number().nonnegative(),
    /**
     * CPU of the busiest client thread (main or publisher worker) as a fraction of one core: one
     * event loop cannot use more than one core, so near 1 that thread is the limit.
     */
    clientBusiestThreadShare: z.number().nonnegative(),
    /** p99 event-loop delay of the main thread (ms). */
    eventLoopDelayP99Ms: z.number().nonnegative(),
    machineCores: z.number().int().positive(),
    /** Whole machine busy time over the window, in cores (os.cpus() deltas). */
    machineBusyCores: z.number().nonnegative(),
    /** machineBusyCores − clientCores: the broker's share when it runs on this machine (null when it does not). */
    brokerCoresEstimate: z.number().nonnegative().nullable(),
    /** The broker's own process CPU (/proc/<os_pid>/stat), when the broker is local. */
    brokerCoresMeasured: z.number().nonnegative().nullable(),
  })
  .strict();
export type StepCpu = z.infer<typeof StepCpuSchema>;

export const StepKindSchema = z.enum(['probe', 'search', 'open-loop']);
export type StepKind = z.infer<typeof StepKindSchema>;

export const StepResultSchema = z
  .object({
    index: z.number().int().nonnegative(),
    label: z.string(),
    kind: StepKindSchema,
    /** The closed-loop search this step belongs to (probe and search steps), else null. */
    searchId: z.string().nullable(),
    /** Fraction of the search's max rate for open-loop steps, else null. */
    loadLevel: z.number().nullable(),
    config: StepConfigSchema,
    startedAt: z.string(),
    measuredSeconds: z.number().nonnegative(),
    /** Counts inside the measurement window (after warm-up). */
    window: z
      .object({
        published: z.number().int().nonnegative(),
        confirmed: z.number().int().nonnegative(),
        nacked: z.number().int().nonnegative(),
        consumed: z.number().int().nonnegative(),
      })
      .strict(),
    rates: z
      .object({
        targetMsgPerSec: z.number().nullable(),
        publishMsgPerSec: z.number().nonnegative(),
        confirmMsgPerSec: z.number().nonnegative().nullable(),
        consumeMsgPerSec: z.number().nonnegative(),
        consumeBytesPerSec: z.number().nonnegative(),
      })
      .strict(),
    latency: z
      .object({
        /** Publish (client send) to delivery (client receive), messages sent in the window. */
        endToEnd: LatencySummarySchema,
        /** Publish to broker confirm; null without confirms. */
        confirm: LatencySummarySchema.nullable(),
      })
      .strict(),
    /** Over the whole step (warm-up and drain included): every message carries its sequence. */
    integrity: z
      .object({
        published: z.number().int().nonnegative(),
        received: z.number().int().nonnegative(),
        lost: z.number().int().nonnegative(),
        duplicated: z.number().int().nonnegative(),
        reordered: z.number().int().nonnegative(),
        /** Every expected message arrived before the drain bound. */
        drained: z.boolean(),
      })
      .strict(),
    cpu: StepCpuSchema,
    broker: StepBrokerFiguresSchema.nullable(),
    /** The client, not the broker, limited this step (CPU or event-loop saturation). */
    clientLimited: z.boolean(),
    /** For probe/search steps: did the consume rate track the target (see max-rate-search.ts). */
    sustained: z.boolean().nullable(),
    warnings: z.array(z.string()),
  })
  .strict();
export type StepResult = z.infer<typeof StepResultSchema>;

export const SearchTrialSchema = z
  .object({
    stepIndex: z.number().int().nonnegative(),
    targetMsgPerSec: z.number().nullable(),
    sustained: z.boolean(),
    reason: z.string(),
    /**
     * A failure below the probe's rate that was run again (max-rate-search.ts
     * CONFIRM_FAILURES_BELOW_PROBE): the next trial, at the same target, holds the verdict.
     */
    superseded: z.boolean().optional(),
  })
  .strict();

/** A closed-loop search for the maximum sustainable rate of one configuration. */
export const MaxRateSearchSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    /** The searched configuration (its targetRateMsgPerSec is the probe's 'max'). */
    config: StepConfigSchema,
    /** Consume rate of the unpaced probe step. */
    probeMsgPerSec: z.number().nonnegative(),
    /** Highest target rate that was sustained; 0 if none was. */
    maxSustainedMsgPerSec: z.number().nonnegative(),
    /** Consume rate measured at that target. */
    maxSustainedConsumeMsgPerSec: z.number().nonnegative(),
    trials: z.array(SearchTrialSchema),
    clientLimited: z.boolean(),
    /** The search stopped on its time or trial budget before the bracket closed. */
    budgetExhausted: z.boolean(),
  })
  .strict();
export type MaxRateSearch = z.infer<typeof MaxRateSearchSchema>;

/** The matrix the user chose (flags), recorded in the run for reproducibility. */
export const BenchMatrixSchema = z
  .object({
    queueTypes: z.array(QueueTypeSchema).min(1),
    messageSizesBytes: z.array(z.number().int().min(MIN_MESSAGE_SIZE_BYTES)).min(1),
    persistent: z.array(z.boolean()).min(1),
    publishers: z.array(z.number().int().positive()).min(1),
    consumers: z.array(z.number().int().positive()).min(1),
    queues: z.array(z.number().int().positive()).min(1),
    confirms: z.boolean(),
    confirmWindow: z.number().int().positive(),
    prefetch: z.number().int().positive(),
    ackEvery: z.number().int().positive(),
    consumerProcessingMs: z.number().nonnegative(),
    durationSeconds: z.number().positive(),
    warmupSeconds: z.number().nonnegative(),
    maxMessages: z.number().int().positive().nullable(),
    /** Load levels (fractions of each max rate) of the open-loop latency curve. */
    loadLevels: z.array(z.number().gt(0).max(1)),
    /** Message sizes at which the open-loop curve runs (a subset of messageSizesBytes). */
    curveSizesBytes: z.array(z.number().int()),
    /** Fixed target rates instead of a search ('--rates'); empty = closed-loop search. */
    fixedRatesMsgPerSec: z.array(z.number().positive()),
    searchBudgetSeconds: z.number().positive(),
    totalTimeSeconds: z.number().positive(),
    workers: z.number().int().positive(),
  })
  .strict();
export type BenchMatrix = z.infer<typeof BenchMatrixSchema>;

export const BrokerNodeInfoSchema = z
  .object({
    name: z.string(),
    processors: z.number().nullable(),
    memUsedBytes: z.number().nullable(),
    memLimitBytes: z.number().nullable(),
    diskFreeBytes: z.number().nullable(),
    diskFreeLimitBytes: z.number().nullable(),
    memAlarm: z.boolean().nullable(),
    diskFreeAlarm: z.boolean().nullable(),
    osPid: z.number().nullable(),
  })
  .strict();
export type BrokerNodeInfo = z.infer<typeof BrokerNodeInfoSchema>;

export const BrokerInfoSchema = z
  .object({
    /** Where the figures come from: the management API, or only the AMQP handshake. */
    source: z.enum(['management', 'amqp']),
    rabbitmqVersion: z.string().nullable(),
    erlangVersion: z.string().nullable(),
    clusterName: z.string().nullable(),
    nodes: z.array(BrokerNodeInfoSchema),
    /** The broker runs on this machine (loopback host): broker CPU can be estimated locally. */
    local: z.boolean(),
  })
  .strict();
export type BrokerInfo = z.infer<typeof BrokerInfoSchema>;

export const ClientInfoSchema = z
  .object({
    nodeVersion: z.string(),
    platform: z.string(),
    cpuModel: z.string(),
    cores: z.number().int().positive(),
    totalMemoryBytes: z.number().positive(),
    workers: z.number().int().positive(),
  })
  .strict();
export type ClientInfo = z.infer<typeof ClientInfoSchema>;

export const RunStatusSchema = z.enum(['complete', 'partial', 'interrupted', 'failed']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const BenchRunResultSchema = z
  .object({
    kind: z.literal('rmq-plan-bench-run'),
    schemaVersion: z.literal(BENCH_RUN_VERSION),
    runId: z.string(),
    /**
     * complete: every planned step ran; partial: the total-time budget cut the plan short;
     * interrupted: SIGINT/SIGTERM; failed: broker trouble (see error).
     */
    status: RunStatusSchema,
    startedAt: z.string(),
    finishedAt: z.string(),
    /** Broker URL with the password replaced by ****. */
    url: z.string(),
    broker: BrokerInfoSchema.nullable(),
    client: ClientInfoSchema,
    matrix: BenchMatrixSchema,
    steps: z.array(StepResultSchema),
    searches: z.array(MaxRateSearchSchema),
    warnings: z.array(z.string()),
    error: z.string().nullable(),
    cleanup: z
      .object({
        queuesDeleted: z.number().int().nonnegative(),
        /** Queues the bench declared but could not delete (they expire on their own: x-expires). */
        queuesLeft: z.array(z.string()),
      })
      .strict(),
  })
  .strict();
export type BenchRunResult = z.infer<typeof BenchRunResultSchema>;
