/**
 * The calibration profile: the model's cost coefficients, each with its unit and source.
 * The shipped default is derived from published measurements; `rmq-plan bench` writes one
 * from a live broker. One zod schema validates both and gives the model its types.
 */
import { z } from './zod.js';

export const PROFILE_VERSION = 1;

/**
 * Largest coefficient value accepted: 10^12. The largest real one is the quorum WAL limit
 * (536,870,912 B); a product of a few coefficients and rates must stay finite, which 1e308 did not.
 */
const MAX_COEFFICIENT = 1e12;

/** A model coefficient: a number, its unit, and where it comes from (a citation or a measurement). */
export const CoefficientSchema = z
  .object({
    value: z.number().finite().nonnegative().max(MAX_COEFFICIENT),
    unit: z.string().min(1),
    source: z.string().min(1).describe('A URL with the figure it was derived from, or the bench run that measured it.'),
  })
  .strict();
export type Coefficient = z.infer<typeof CoefficientSchema>;

const coefficient = (what: string) => CoefficientSchema.describe(what);

/**
 * Costs of one queue type. CPU costs are core-microseconds of broker CPU; a per-byte cost adds
 * for every hop that touches the body (publish, enqueue, each replica, deliver).
 */
export const QueueTypeCoefficientsSchema = z
  .object({
    publishCpuMicros: coefficient('Broker CPU per message received on a channel: frame parsing, routing, confirm bookkeeping (core-µs/msg).'),
    enqueueCpuMicros: coefficient('Broker CPU per message copy at the queue leader: enqueue, log append (core-µs/msg).'),
    replicaCpuMicros: coefficient('Broker CPU per message copy at each follower replica (core-µs/msg); 0 for classic queues.'),
    deliverCpuMicros: coefficient('Broker CPU per message copy delivered to a consumer and settled (ack) (core-µs/msg).'),
    cpuNanosPerByte: coefficient('Broker CPU per body byte per hop that touches the body (core-ns/B).'),
    queueServiceMicros: coefficient(
      'Busy time of the one Erlang process serving a queue (the leader) per message at 0 bytes (µs/msg): its inverse is the per-queue ceiling.',
    ),
    queueServiceNanosPerByte: coefficient('Added busy time of the queue process per body byte (ns/B).'),
    memoryBytesPerQueuedMessage: coefficient('RAM per message waiting in a queue, per replica (B/msg): metadata kept in memory.'),
    memoryBytesPerQueue: coefficient('RAM per idle queue replica (B).'),
    diskWritesPerMessageKeepingUp: coefficient('Times each body is written to disk per replica when consumers keep up (quorum: WAL only).'),
    diskWritesPerMessageLagging: coefficient('Times each body is written to disk per replica when a backlog builds (quorum: WAL + segment files).'),
    latencyTailP99Ms: coefficient(
      "Measured spread between p99 and p50 end-to-end latency at low load (ms): the broker's tail jitter (garbage collection, batching) that no utilisation term carries. Optional: only a bench measures it; absent = 0.",
    ).optional(),
    confirmFloorMs: coefficient(
      "Median publish → confirm at low load on the calibration machine (ms), client round trip included: the turnaround of a publisher's confirm window, which the bench prediction's window loop adds to every cycle (src/model/bench-prediction.ts). Optional: only a bench measures it; absent = the model's round trip + commit.",
    ).optional(),
    deliveryTurnaroundMs: coefficient(
      "One consumer prefetch slot's turnaround without consumer processing (ms): delivery to the client, its ack back, and the broker crediting the slot (quorum queues: the settlement is a command in the queue's Raft log, committed like a publish). A consumer with prefetch p keeps at most p deliveries in this loop (src/model/bench-prediction.ts). Optional: only a bench with a small prefetch measures it; absent = the client round trip + the settlement's commit.",
    ).optional(),
    unbatchedDeliveryMicros: coefficient(
      "Serial time a consumer delivery adds to the prefetch loop's cycle while it travels alone, over a batched one (µs): with few unacknowledged deliveries per queue each is its own wake-up of the queue and channel processes, socket write and ack frame (src/model/confirms.ts UnbatchedDeliveries). Optional: only a bench with several small prefetches measures it; absent = 0.",
    ).optional(),
    unbatchedInFlightMax: coefficient(
      "Unacknowledged deliveries per queue up to which each travels alone (count); beyond it what a prefetch loop's cycle adds travels in batches at the queue process's own cost. Optional: only a bench with several small prefetches measures it; absent = 0.",
    ).optional(),
    queueWaitVariability: coefficient(
      "Kingman's (c_a² + c_s²) / 2 for the queue process (×): how much burstier than Poisson its arrivals and service are; multiplies the M/M/1 queue wait. Optional: only a bench measures it; absent = 1.",
    ).optional(),
    confirmCpuMicros: coefficient(
      'Broker CPU of a publisher confirm per message (the basic.ack to the publisher and its bookkeeping), included in publishCpuMicros: a workload that publishes without confirms is charged publishCpuMicros − this (core-µs/msg). Optional: absent = 0.',
    ).optional(),
    ackCpuMicros: coefficient(
      "Broker CPU of one consumer ack (the basic.ack frame, the channel's bookkeeping and the queue's settlement; a quorum queue's settle is a Raft command), included in deliverCpuMicros: consumers that ack every N deliveries with multiple=true are charged (1 − 1/N) of it less per delivery, automatic acks all of it (core-µs/ack). Optional: absent = 0.",
    ).optional(),
    ackQueueServiceMicros: coefficient(
      "Busy time of the queue process settling one consumer ack, included in queueServiceMicros: acking every N deliveries takes (1 − 1/N) of it off each message's service time and raises the per-queue ceiling (µs/ack). Optional: absent = 0.",
    ).optional(),
    persistentCpuMicros: coefficient(
      "Classic queues: broker CPU a persistent message adds at its queue leader over a transient one (core-µs/msg): the write to the queue's store and, with confirms, its share of the fsync. Optional: absent = 0.",
    ).optional(),
    persistentQueueServiceMicros: coefficient(
      'Classic queues: busy time a persistent message adds to the queue process over a transient one (µs/msg): it lowers the per-queue ceiling. Optional: absent = 0.',
    ).optional(),
    coordinationPerExtraNode: coefficient(
      "Universal Scalability Law σ: the share of a message's broker work (CPU, WAL) that each node of the cluster beyond the first adds (×/node): a message costs (1 + σ(N − 1)) times its single-node work on N nodes. Optional: absent = 0 (no coordination cost).",
    ).optional(),
  })
  .strict();
export type QueueTypeCoefficients = z.infer<typeof QueueTypeCoefficientsSchema>;

/** Point of the Erlang CPU-efficiency curve: the fraction of vCPUs a node can usefully keep busy. */
export const CpuEfficiencyPointSchema = z
  .object({
    vcpus: z.number().int().positive(),
    usableFraction: z.number().gt(0).max(1),
    source: z.string().min(1),
  })
  .strict();

export const NodeCoefficientsSchema = z
  .object({
    baselineMemoryBytes: coefficient('RAM of an idle node after boot (B).'),
    memoryPerConnectionBytes: coefficient('RAM per client connection incl. TCP buffers (B).'),
    memoryPerChannelBytes: coefficient('RAM per channel (B).'),
    connectionOpenCpuMicros: coefficient('Broker CPU to open and close one connection (core-µs), for churn.'),
    quorumWalMaxBytes: coefficient('Quorum-queue WAL size limit (B); the node needs a multiple of it in RAM.'),
    quorumWalMemoryMultiplier: coefficient('RAM the node needs per byte of WAL limit (×).'),
    quorumWalMemoryMultiplierHighThroughput: coefficient('The same for high-throughput nodes (×).'),
    highThroughputMsgPerSec: coefficient('Quorum-queue writes per node above which the node counts as high-throughput (msg/s).'),
    messagesPerFsyncPerChannel: coefficient('Messages from one publishing channel that share one WAL fsync under default flow control (msg).'),
    maxPublishMsgPerSecPerConnection: coefficient('Highest publish rate one client connection sustains (msg/s).'),
    networkOverheadFactor: coefficient('Bytes on the wire per body byte, framing and headers included (×).'),
    diskIoSizeBytes: coefficient('Largest single IO the disk counts as one operation (B), to turn write bandwidth into IOPS.'),
    walMicrosPerCopy: coefficient(
      "Serial time of a node's quorum write-ahead log per message copy at zero fsync latency (µs): one WAL process per node takes every quorum copy on it, so the node takes at most 10⁶ ÷ (this + fsync ms × walMicrosPerCopyPerFsyncMs) copies/s. Optional: absent = no WAL ceiling.",
    ).optional(),
    walMicrosPerCopyPerFsyncMs: coefficient(
      'WAL serial time per copy added by each ms of fsync latency (µs/ms): the WAL waits for one fsync before the next batch. Optional: absent = 0.',
    ).optional(),
    cpuEfficiency: z
      .array(CpuEfficiencyPointSchema)
      .min(1)
      .describe('Piecewise-linear usable fraction of vCPUs by vCPU count: Erlang cannot keep very large nodes busy.'),
  })
  .strict();
export type NodeCoefficients = z.infer<typeof NodeCoefficientsSchema>;

export const ProfileOriginSchema = z
  .object({
    kind: z.enum(['published', 'bench']),
    createdAt: z.string().min(1).describe('ISO date the profile was made.'),
    brokerVersion: z.string().optional(),
    erlangVersion: z.string().optional(),
    nodes: z.number().int().positive().optional(),
    coresPerNode: z.number().positive().optional(),
    memoryBytesPerNode: z.number().positive().optional(),
    hardware: z.string().optional().describe('Where the figures were measured.'),
    fsyncLatencyMs: z.number().positive().optional().describe('Disk fsync latency on the calibration hardware.'),
    matrix: z.unknown().optional().describe('The bench matrix that produced this profile.'),
    steps: z.array(z.unknown()).optional().describe('Raw bench step results.'),
    fit: z.unknown().optional().describe('Goodness of fit per coefficient group.'),
  })
  .strict();

export const ProfileSchema = z
  .object({
    version: z.literal(PROFILE_VERSION),
    name: z.string().min(1),
    description: z.string(),
    origin: ProfileOriginSchema,
    queueTypes: z
      .object({
        quorum: QueueTypeCoefficientsSchema,
        classic: QueueTypeCoefficientsSchema,
        stream: QueueTypeCoefficientsSchema,
      })
      .strict(),
    node: NodeCoefficientsSchema,
  })
  .strict();
export type Profile = z.infer<typeof ProfileSchema>;
