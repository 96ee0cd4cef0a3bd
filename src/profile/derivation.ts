/**
 * The arithmetic behind the shipped calibration profiles (docs/calibration.md):
 * - data/profiles/published-lab.json (`derivePublishedLabNumbers`): single-connection lab
 *   benchmarks with large confirm and ack batches, an optimistic upper bound;
 * - data/profiles/published.json (`derivePublishedNumbers`, the default): the same split, with its
 *   per-message CPU scaled so that the model reproduces a CPU-bound cloud cluster running a
 *   production-like workload (Vanlightly 2020: hundreds of connections, per-message acks, AWS vCPUs).
 * Every number stored in either profile is recomputed here from the published figures (and, for
 * memory, the local measurement in docs/measurements/memory.md) it came from, so a test can check
 * the stored profiles against their sources and docs/calibration.md can show the same steps.
 * Pure functions and named inputs only: no I/O.
 */

import { fitClusterScaling, type ScalingFit } from './cluster-scaling.js';
import { shapeName, TRAINING_CELLS, TRAINING_SHAPES, VL20QQ_GRID, VL20QQ_GRID_URL } from './vl20-grid.js';

// ---------------------------------------------------------------------------------------------
// Published inputs. Each constant names where it was read; docs/calibration.md quotes them.

/** Erlang schedulers of the broker in the 2024 AMQP benchmarks (`+S 3`). https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_SCHEDULERS = 3;
/** Body size in the 2024 AMQP benchmarks (`--size 12`). https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_BODY_BYTES = 12;
/** Classic queue, AMQP 0.9.1, 4.0.0-beta.5: "sending rate avg: 88534 msg/s". https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_CLASSIC_MSG_PER_SEC = 88_534;
/** Quorum queue (1 node, raised flow control), AMQP 0.9.1: "sending rate avg: 70067 msg/s". https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_QUORUM_MSG_PER_SEC = 70_067;
/** Stream (1 node), AMQP 0.9.1: "sending rate avg: 88912 msg/s". https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_STREAM_MSG_PER_SEC = 88_912;
/** Messages in each 2024 AMQP benchmark run ("1,000,000 messages"). https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_RUN_MESSAGES = 1_000_000;
/** WAL fsyncs for those 1M quorum messages under default flow control ("calls fsync 15,493 times"). https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_QUORUM_DEFAULT_FLOW_FSYNCS = 15_493;

/**
 * 3.10.1 single quorum queue on 3 nodes (8-CPU pods, credit flow disabled), published msg/s per
 * 15-minute message-size segment, read off the chart (10 B "~48-50k" and 5000 B "~24-26k" taken
 * at their midpoints). https://www.rabbitmq.com/blog/2022/05/16/rabbitmq-3.10-performance-improvements
 */
export const RMQ310_QUORUM_BY_SIZE: readonly SizeRate[] = [
  { sizeBytes: 10, msgPerSec: 49_000 },
  { sizeBytes: 100, msgPerSec: 37_000 },
  { sizeBytes: 1000, msgPerSec: 31_000 },
  { sizeBytes: 5000, msgPerSec: 25_000 },
];
/**
 * Smallest size used in the quorum service-time fit. The 10 B point lies off the straight line
 * through the others (the curve is concave); with it the fit is 14% optimistic at 1 kB, without
 * it every point from 100 B up is within 6% and 10 B is predicted conservatively.
 */
export const RMQ310_QUORUM_FIT_MIN_BYTES = 100;
/** 3.10.1 single quorum queue, 1 node, legend mean over the hour: 39,481 msg/s. https://www.rabbitmq.com/blog/2022/05/16/rabbitmq-3.10-performance-improvements */
export const RMQ310_QUORUM_1NODE_MEAN_MSG_PER_SEC = 39_481;
/** The same on 3 nodes (replication factor 3): 35,394 msg/s. https://www.rabbitmq.com/blog/2022/05/16/rabbitmq-3.10-performance-improvements */
export const RMQ310_QUORUM_3NODE_MEAN_MSG_PER_SEC = 35_394;
/** Followers per quorum queue in that 3-node run (replication factor 3 ⇒ 2 followers). */
export const RMQ310_QUORUM_3NODE_FOLLOWERS = 2;
/** 3.13 classic queues, 5 kB messages, 5 queues on 1 node: "all oscillated around 27000 messages/s". https://www.rabbitmq.com/blog/2024/01/11/3.13-release */
export const RMQ313_CLASSIC_5KB_MSG_PER_SEC = 27_000;
/** Message size of that 3.13 run ("5kB messages"), taken as 5000 B. https://www.rabbitmq.com/blog/2024/01/11/3.13-release */
export const RMQ313_CLASSIC_5KB_BYTES = 5000;

/** `erlang:memory()` total with 40,000 AMQP 0.9.1 connections × 2 channels, 4.0: 5,409,763,512 B. https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_40K_TOTAL_MEMORY_BYTES = 5_409_763_512;
/** Connections in that test. https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_40K_CONNECTIONS = 40_000;
/** Channels per connection in that test. https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_40K_CHANNELS_PER_CONNECTION = 2;
/** `erlang:system_info(process_count)` in that test: 600,314 (≈ 15 per connection). https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks */
export const AMQP24_40K_PROCESS_COUNT = 600_314;
/**
 * Erlang processes per AMQP 0.9.1 channel: rabbit_channel_sup supervises a writer, a limiter and
 * the channel process itself (4 with the supervisor).
 * https://github.com/rabbitmq/rabbitmq-server/blob/main/deps/rabbit/src/rabbit_channel_sup.erl
 */
export const PROCESSES_PER_CHANNEL = 4;
/** Linux-autotuned TCP buffers per connection, "about 100 kB". https://www.rabbitmq.com/docs/memory-use#breakdown-connections */
export const DEFAULT_TCP_BUFFER_BYTES = 100_000;

// Local measurements: RabbitMQ 3.10.8, Erlang 25.2.3, management plugin on, RSS medians of 3 runs
// (docs/measurements/memory.md; reproduce with `bash scripts/measure-memory.sh 3`).

/** Idle node 15 s after boot, RSS: 138,711,040 B. docs/measurements/memory.md */
export const MEASURED_IDLE_NODE_RSS_BYTES = 138_711_040;
/** Idle connection without channels (conn + 1 channel − 1 channel), RSS: 86,524 B. docs/measurements/memory.md */
export const MEASURED_BARE_CONNECTION_RSS_BYTES = 86_524;
/** Each further channel, RSS: 43,696 B. docs/measurements/memory.md */
export const MEASURED_CHANNEL_RSS_BYTES = 43_696;
/**
 * What persistence adds to a classic message, measured on the project's RabbitMQ 4.3.6 (2 cores,
 * broker and client on one machine): `rmq-plan fit docs/measurements/validation-4.3/calibration.json
 * docs/measurements/validation-4.3/persistence-4kib.json` (transient 1 KiB and 4 KiB, persistent
 * 4 KiB; docs/validate.md): the transient per-message CPU at 0 B (A), the persistent steps' extra
 * CPU per message over it, the transient single-queue service time at 0 B (a) and the persistent
 * search's extra service time (an upper bound: that search was CPU-bound). The default takes the
 * ratios (assumption A28). test/calibration/persistence-measurement.test.ts refits the runs.
 */
export const LOCAL43_CLASSIC_TRANSIENT_CPU_MICROS = 41.565;
export const LOCAL43_CLASSIC_PERSISTENT_EXTRA_CPU_MICROS = 35.637;
export const LOCAL43_CLASSIC_TRANSIENT_SERVICE_MICROS = 33.582;
export const LOCAL43_CLASSIC_PERSISTENT_EXTRA_SERVICE_MICROS = 16.216;
/**
 * What a publisher confirm costs, measured the same way with docs/measurements/validation-4.3/no-confirms.json
 * added (1 KiB without confirms): the CPU fit with confirms minus the steps without, per message
 * (classic 4.725 of 41.565 core-µs at 0 B; quorum 3.530 of 56.822). The default takes the shares
 * (assumption A29; streams take the quorum share).
 */
export const LOCAL43_CLASSIC_CONFIRM_CPU_MICROS = 4.725;
export const LOCAL43_QUORUM_CONFIRM_CPU_MICROS = 3.53;
export const LOCAL43_QUORUM_CPU_MICROS = 56.822;
/** One sitting's measurement of what an ack costs: per ack, and the per-message figure it is a share of (at 0 B). */
export interface LocalAckMeasurement {
  cpuMicros: number;
  ofCpuMicros: number;
  serviceMicros: number;
  ofServiceMicros: number;
}

/**
 * What a consumer ack costs (src/model/acks.ts), measured on the same broker in two sittings half
 * an hour apart: `node scripts/bench-validate.mjs --set acks --from docs/measurements/validation-4.3-acks`
 * (and `-acks-repeat`) fits the standard calibration runs plus 1 KiB with consumers acking every 10
 * deliveries (docs/validate.md "The ack set"). One ack cost classic 5.791 and 2.188 of 30.062 and
 * 28.705 core-µs per message at 0 B, and 6.313 and 4.292 of the queue process's 26.100 and 24.469
 * µs; quorum 5.185 and 0 of 39.255 and 37.516, and 3.539 and 0 of 31.379 and 30.697 (the second
 * sitting's quorum run acking every 10 was no faster: held at 0 as noise). The default takes the
 * mean of the two sittings' shares (assumption A31; streams take the quorum shares).
 */
export const LOCAL43_ACK_SITTINGS: Record<'classic' | 'quorum', readonly LocalAckMeasurement[]> = {
  classic: [
    { cpuMicros: 5.79145, ofCpuMicros: 3 * 10.0207, serviceMicros: 6.31271, ofServiceMicros: 26.0997 },
    { cpuMicros: 2.18804, ofCpuMicros: 3 * 9.56828, serviceMicros: 4.29177, ofServiceMicros: 24.4687 },
  ],
  quorum: [
    { cpuMicros: 5.18534, ofCpuMicros: 10.3501 + 2 * 14.4526, serviceMicros: 3.53917, ofServiceMicros: 31.3786 },
    { cpuMicros: 0, ofCpuMicros: 9.89155 + 2 * 13.8123, serviceMicros: 0, ofServiceMicros: 30.6971 },
  ],
};

/** The mean share of a message's CPU and of its queue's service time one ack took over the sittings. */
export function meanAckShares(sittings: readonly LocalAckMeasurement[]): { cpu: number; service: number } {
  const mean = (f: (m: LocalAckMeasurement) => number) => sittings.reduce((sum, m) => sum + f(m), 0) / sittings.length;
  return { cpu: mean((m) => m.cpuMicros / m.ofCpuMicros), service: mean((m) => m.serviceMicros / m.ofServiceMicros) };
}
/**
 * Deliveries that travel alone (src/model/confirms.ts UnbatchedDeliveries), measured on the same
 * broker: `node scripts/bench-validate.mjs --from docs/measurements/validation-4.3` fits the
 * calibration runs (prefetch 1, 3 and 30 among them; docs/validate.md) to the extra time W of a
 * delivery travelling alone, the most deliveries per queue K that do, and the queue process's
 * service at 0 B it is compared with. The default takes W as the same share of its queue service
 * time and K as it is (assumption A30; streams take the quorum figures).
 */
export const LOCAL43_CLASSIC_UNBATCHED_DELIVERY_MICROS = 45.3456;
export const LOCAL43_CLASSIC_UNBATCHED_IN_FLIGHT_MAX = 20.1124;
export const LOCAL43_CLASSIC_POOLED_SERVICE_MICROS = 37.3988;
export const LOCAL43_QUORUM_UNBATCHED_DELIVERY_MICROS = 52.8025;
export const LOCAL43_QUORUM_UNBATCHED_IN_FLIGHT_MAX = 22.1846;
export const LOCAL43_QUORUM_POOLED_SERVICE_MICROS = 44.9175;
/** Empty durable classic queue, RSS: 68,346 B. docs/measurements/memory.md */
export const MEASURED_EMPTY_CLASSIC_QUEUE_RSS_BYTES = 68_346;
/** Empty durable quorum queue (one member), RSS: 125,870 B. docs/measurements/memory.md */
export const MEASURED_EMPTY_QUORUM_QUEUE_RSS_BYTES = 125_870;
/** Quorum queue index per queued message (quorum_queue_procs: 65 B with 16 B bodies, 53 B with 1 KiB). docs/measurements/memory.md */
export const MEASURED_QUORUM_INDEX_BYTES_PER_MESSAGE = 65;

/** Native MQTT 3.12: "around 47 GB of memory per node in a 3-node cluster" for 3M connections + 1.5M classic queues. https://www.rabbitmq.com/blog/2023/03/21/native-mqtt */
export const MQTT23_PER_NODE_MEMORY_BYTES = 47e9;
/** Nodes in that cluster. https://www.rabbitmq.com/blog/2023/03/21/native-mqtt */
export const MQTT23_NODES = 3;
/** "3 million MQTT connections in total". https://www.rabbitmq.com/blog/2023/03/21/native-mqtt */
export const MQTT23_CONNECTIONS = 3_000_000;
/** "1.5 million QoS 1 subscribers (i.e. 1.5 million classic queues [version 2])". https://www.rabbitmq.com/blog/2023/03/21/native-mqtt */
export const MQTT23_CLASSIC_QUEUES = 1_500_000;
/** 1,000,000 idle MQTT connections need "6.1 + 6.3 + 6.3 = 18.7 GiB" in 3.12. https://www.rabbitmq.com/blog/2023/03/21/native-mqtt */
export const MQTT23_IDLE_1M_MEMORY_BYTES = 18.7 * 1024 ** 3;
/** Connections in that idle test. https://www.rabbitmq.com/blog/2023/03/21/native-mqtt */
export const MQTT23_IDLE_CONNECTIONS = 1_000_000;

/**
 * Assumption A2 (docs/calibration.md): the share of the end-to-end classic CPU spent on the
 * publish side (reader and channel: parse, route, confirm). No source splits it; publish, enqueue
 * and deliver each pass through comparable Erlang process hops, so each gets a third.
 */
export const PUBLISH_SHARE_OF_CLASSIC = 1 / 3;
/**
 * Classic per-message metadata bound: 1M × 4,100 B messages kept the node "below 400MB"; below
 * 4 kB no metadata stays in memory (assumption A10: the bound is used at every size).
 * https://www.rabbitmq.com/blog/2025/01/17/how-are-the-messages-stored
 */
export const CLASSIC_METADATA_BYTES_PER_MESSAGE_BOUND = 400;
/** "Streams - no message metadata is stored in memory". https://www.rabbitmq.com/blog/2025/01/17/how-are-the-messages-stored */
export const STREAM_METADATA_BYTES_PER_MESSAGE = 0;
/** Body hops on a single node in the model: publish (1) + leader enqueue and deliver (2). docs/model.md "Per-node demand". */
export const SINGLE_NODE_BODY_HOPS = 3;
/**
 * Assumption A13: AMQP frames handled to open and close one connection with one channel: 15 TCP
 * packets for open, channel, one publish and close, less the publish. Each costs about one publish.
 * https://www.cloudamqp.com/blog/maintaining-long-lived-connections-with-AMQProxy.html
 */
export const CONNECTION_LIFECYCLE_FRAMES = 14;

// ---------------------------------------------------------------------------------------------
// Cloud-scale inputs for the default profile (data/profiles/published.json).
// Vanlightly 2020 sizing case study, quorum queues ("vl20qq"): AWS c5 instances, PerfTest with
// 200 publishers (confirms, 1,000 in flight each), 100 quorum queues (replication factor 3,
// x-max-in-memory-length=0), consumers with prefetch 1,000 acking every message after 10 ms of
// processing (more consumers at higher rates), 1 KiB persistent messages, RabbitMQ 3.8.
// https://www.rabbitmq.com/blog/2020/06/18/cluster-sizing-and-other-considerations
// https://www.rabbitmq.com/blog/2020/06/21/cluster-sizing-case-study-quorum-queues-part-1

/** vCPUs per node of the study's large cluster (c5.9xlarge), the lab profile's 36 vCPU point. https://www.rabbitmq.com/blog/2020/06/18/cluster-sizing-and-other-considerations */
export const VL20QQ_LARGE_VCPUS_PER_NODE = 36;
/** Message size of the case study (`--size 1024`). https://www.rabbitmq.com/blog/2020/06/21/cluster-sizing-case-study-quorum-queues-part-1 */
export const VL20QQ_BODY_BYTES = 1024;
/** Replication factor of the case study ("x-quorum-initial-group-size=3"). https://www.rabbitmq.com/blog/2020/06/21/cluster-sizing-case-study-quorum-queues-part-1 */
export const VL20QQ_REPLICATION_FACTOR = 3;
/**
 * Usable fraction of an 8 or 16 vCPU node: "Once CPU reached above 90% we stopped seeing any more
 * increases in throughput". https://www.rabbitmq.com/blog/2020/06/19/cluster-sizing-case-study-mirrored-queues-part-1
 */
export const VL20_CPU_BOUND_USABLE_FRACTION = 0.9;
/** vCPU counts that quote is about ("In the 8 and 16 vCPU (CPU thread) instances"). https://www.rabbitmq.com/blog/2020/06/19/cluster-sizing-case-study-mirrored-queues-part-1 */
export const VL20_CPU_BOUND_VCPUS: readonly number[] = [8, 16];
/**
 * Utilisation ceiling of 36 vCPU nodes (mirrored queues): "The large 36 vCPU instances didn't go
 * past 60% utilisation". Used by the lab profile; the default derives its own from quorum throughput.
 * https://www.rabbitmq.com/blog/2020/06/19/cluster-sizing-case-study-mirrored-queues-part-1
 */
export const VL20_LARGE_UTILISATION_CEILING = 0.6;
/**
 * 3.9.0 single quorum queue on 3 nodes, legend mean: 22,603 msg/s (3.10.1: 35,394). The version
 * adjustment this implies (×1.566) is NOT applied to the default (docs/calibration.md §B.3).
 * https://www.rabbitmq.com/blog/2022/05/16/rabbitmq-3.10-performance-improvements
 */
export const RMQ310_QUORUM_3NODE_390_MEAN_MSG_PER_SEC = 22_603;

// ---------------------------------------------------------------------------------------------
// Arithmetic.

export interface SizeRate {
  sizeBytes: number;
  msgPerSec: number;
}

/** Least-squares line of the queue process busy time per message against body size. */
export interface ServiceTimeFit {
  /** Busy time at 0 bytes (µs/msg). */
  interceptMicros: number;
  /** Added busy time per body byte (ns/B). */
  slopeNanosPerByte: number;
  /** Coefficient of determination over the fitted points. */
  r2: number;
  /** Per point: measured and fitted msg/s. */
  points: { sizeBytes: number; measuredMsgPerSec: number; fittedMsgPerSec: number }[];
}

/** Core-µs of broker CPU per message when `cores` are saturated at `msgPerSec` (assumption A1 when applied to amqp24). */
export function cpuMicrosPerMessage(msgPerSec: number, cores: number): number {
  return (cores * 1e6) / msgPerSec;
}

/** Busy time (µs) of a serial process that handles `msgPerSec` messages per second. */
export function serviceMicros(msgPerSec: number): number {
  return 1e6 / msgPerSec;
}

/** Fits service time t = a + b·size (t = 1e6 / msg/s) by ordinary least squares. */
export function fitServiceTime(points: readonly SizeRate[]): ServiceTimeFit {
  if (points.length < 2) throw new Error('fitServiceTime needs at least two points');
  const xs = points.map((p) => p.sizeBytes);
  const ts = points.map((p) => serviceMicros(p.msgPerSec));
  const meanX = mean(xs);
  const meanT = mean(ts);
  let sxx = 0;
  let sxt = 0;
  let stt = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - meanX;
    const dt = ts[i]! - meanT;
    sxx += dx * dx;
    sxt += dx * dt;
    stt += dt * dt;
  }
  const slopeMicrosPerByte = sxt / sxx;
  const interceptMicros = meanT - slopeMicrosPerByte * meanX;
  return {
    interceptMicros,
    slopeNanosPerByte: slopeMicrosPerByte * 1000,
    r2: stt === 0 ? 1 : (slopeMicrosPerByte * sxt) / stt,
    points: points.map((p) => ({
      sizeBytes: p.sizeBytes,
      measuredMsgPerSec: p.msgPerSec,
      fittedMsgPerSec: 1e6 / (interceptMicros + slopeMicrosPerByte * p.sizeBytes),
    })),
  };
}

/** Per-queue ceiling (msg/s) of the model: 1e6 / (a + s·b/1000). */
export function queueCeilingMsgPerSec(serviceMicrosAtZero: number, serviceNanosPerByte: number, sizeBytes: number): number {
  return 1e6 / (serviceMicrosAtZero + (sizeBytes * serviceNanosPerByte) / 1000);
}

export type QueueTypeName = 'quorum' | 'classic' | 'stream';
export const QUEUE_TYPE_NAMES: readonly QueueTypeName[] = ['quorum', 'classic', 'stream'];

/** The derived coefficients of one queue type (the rest of QueueTypeCoefficients are quotes). */
export interface DerivedQueueTypeNumbers {
  publishCpuMicros: number;
  enqueueCpuMicros: number;
  replicaCpuMicros: number;
  deliverCpuMicros: number;
  cpuNanosPerByte: number;
  queueServiceMicros: number;
  queueServiceNanosPerByte: number;
  memoryBytesPerQueue: number;
  memoryBytesPerQueuedMessage: number;
  /** σ (default profile only). */
  coordinationPerExtraNode?: number;
  /** What a confirm costs, included in publishCpuMicros (default profile). */
  confirmCpuMicros?: number;
  /** What persistence adds (default profile, classic only). */
  persistentCpuMicros?: number;
  persistentQueueServiceMicros?: number;
  /** What a consumer ack costs, included in deliverCpuMicros and queueServiceMicros (default profile). */
  ackCpuMicros?: number;
  ackQueueServiceMicros?: number;
  /** Deliveries that travel alone (default profile). */
  unbatchedDeliveryMicros?: number;
  unbatchedInFlightMax?: number;
}

/** The derived node coefficients (the others are quotes of the docs). */
export interface DerivedNodeNumbers {
  baselineMemoryBytes: number;
  memoryPerConnectionBytes: number;
  memoryPerChannelBytes: number;
  connectionOpenCpuMicros: number;
  messagesPerFsyncPerChannel: number;
  /** WAL terms (default profile only). */
  walMicrosPerCopy?: number;
  walMicrosPerCopyPerFsyncMs?: number;
}

/** What every shipped profile's derivation returns: the numbers a test compares with the stored JSON. */
export interface DerivedShippedNumbers {
  queueTypes: Record<QueueTypeName, DerivedQueueTypeNumbers>;
  node: DerivedNodeNumbers;
  cpuEfficiency: { vcpus: number; usableFraction: number }[];
}

/** Every number of the lab profile (data/profiles/published-lab.json), recomputed from the inputs above. */
export interface DerivedProfileNumbers extends DerivedShippedNumbers {
  endToEndCpuMicros: { classic: number; quorum: number; stream: number };
  quorumServiceFit: ServiceTimeFit;
  leaderOverheadPerFollowerMicros: number;
  /** Intermediate and published-only figures docs/calibration.md quotes as cross-checks. */
  intermediate: {
    bytesPerConnectionWithChannels: number;
    processesPerConnection: number;
    publishedConnectionBytes: number;
    publishedChannelBytes: number;
    idleMqttConnectionBytes: number;
    publishedClassicQueueBytes: number;
  };
}

/** data/profiles/published-lab.json: the single-connection lab split (docs/calibration.md, part A). */
export function derivePublishedLabNumbers(): DerivedProfileNumbers {
  const endToEnd = {
    classic: cpuMicrosPerMessage(AMQP24_CLASSIC_MSG_PER_SEC, AMQP24_SCHEDULERS),
    quorum: cpuMicrosPerMessage(AMQP24_QUORUM_MSG_PER_SEC, AMQP24_SCHEDULERS),
    stream: cpuMicrosPerMessage(AMQP24_STREAM_MSG_PER_SEC, AMQP24_SCHEDULERS),
  };

  const quorumFit = fitServiceTime(RMQ310_QUORUM_BY_SIZE.filter((p) => p.sizeBytes >= RMQ310_QUORUM_FIT_MIN_BYTES));
  // Assumption A4: each hop that touches the body costs the queue process's per-byte busy time.
  const cpuNanosPerByte = quorumFit.slopeNanosPerByte;
  const bodyMicrosAt12B = (SINGLE_NODE_BODY_HOPS * AMQP24_BODY_BYTES * cpuNanosPerByte) / 1000;

  const publish = (endToEnd.classic - bodyMicrosAt12B) * PUBLISH_SHARE_OF_CLASSIC;
  // Assumption A3: what remains splits equally between enqueue and deliver.
  const halfOfRest = (total: number) => (total - bodyMicrosAt12B - publish) / 2;
  const classicStage = halfOfRest(endToEnd.classic);
  const quorumStage = halfOfRest(endToEnd.quorum);
  const streamStage = halfOfRest(endToEnd.stream);

  // Assumption A5: the leader's extra busy time per follower is charged to the follower.
  const leaderOverheadPerFollower =
    (serviceMicros(RMQ310_QUORUM_3NODE_MEAN_MSG_PER_SEC) - serviceMicros(RMQ310_QUORUM_1NODE_MEAN_MSG_PER_SEC)) / RMQ310_QUORUM_3NODE_FOLLOWERS;

  // Classic queue ceiling: through the 4.0 12-byte point and the 3.13 5 kB point (assumption A7).
  const classicAt12 = serviceMicros(AMQP24_CLASSIC_MSG_PER_SEC);
  const classicAt5k = serviceMicros(RMQ313_CLASSIC_5KB_MSG_PER_SEC);
  const classicSlopeMicrosPerByte = (classicAt5k - classicAt12) / (RMQ313_CLASSIC_5KB_BYTES - AMQP24_BODY_BYTES);
  const classicServiceAtZero = classicAt12 - AMQP24_BODY_BYTES * classicSlopeMicrosPerByte;
  // Stream ceiling: the 12-byte point; per-byte slope equal to the quorum fit's (assumption A8).
  const streamServiceAtZero = serviceMicros(AMQP24_STREAM_MSG_PER_SEC) - (AMQP24_BODY_BYTES * quorumFit.slopeNanosPerByte) / 1000;

  const bytesPerConnectionWithChannels = AMQP24_40K_TOTAL_MEMORY_BYTES / AMQP24_40K_CONNECTIONS;
  const processesPerConnection = AMQP24_40K_PROCESS_COUNT / AMQP24_40K_CONNECTIONS;
  // Cross-check only (the profile uses the local measurement): memory split by Erlang process count.
  const bytesPerProcess = bytesPerConnectionWithChannels / processesPerConnection;
  const memoryPerChannel = PROCESSES_PER_CHANNEL * bytesPerProcess;
  const connectionOnly = bytesPerConnectionWithChannels - AMQP24_40K_CHANNELS_PER_CONNECTION * memoryPerChannel;

  // Cross-check only: an MQTT connection in the 3M test costs what an idle one did.
  const idleMqttConnectionBytes = MQTT23_IDLE_1M_MEMORY_BYTES / MQTT23_IDLE_CONNECTIONS;
  const connectionsPerNode = MQTT23_CONNECTIONS / MQTT23_NODES;
  const queuesPerNode = MQTT23_CLASSIC_QUEUES / MQTT23_NODES;
  const classicQueueBytes = (MQTT23_PER_NODE_MEMORY_BYTES - connectionsPerNode * idleMqttConnectionBytes) / queuesPerNode;

  return {
    endToEndCpuMicros: endToEnd,
    quorumServiceFit: quorumFit,
    leaderOverheadPerFollowerMicros: leaderOverheadPerFollower,
    queueTypes: {
      quorum: {
        publishCpuMicros: publish,
        enqueueCpuMicros: quorumStage,
        replicaCpuMicros: quorumStage + leaderOverheadPerFollower,
        deliverCpuMicros: quorumStage,
        cpuNanosPerByte,
        queueServiceMicros: quorumFit.interceptMicros,
        queueServiceNanosPerByte: quorumFit.slopeNanosPerByte,
        memoryBytesPerQueue: MEASURED_EMPTY_QUORUM_QUEUE_RSS_BYTES,
        memoryBytesPerQueuedMessage: MEASURED_QUORUM_INDEX_BYTES_PER_MESSAGE,
      },
      classic: {
        publishCpuMicros: publish,
        enqueueCpuMicros: classicStage,
        replicaCpuMicros: 0,
        deliverCpuMicros: classicStage,
        cpuNanosPerByte,
        queueServiceMicros: classicServiceAtZero,
        queueServiceNanosPerByte: classicSlopeMicrosPerByte * 1000,
        memoryBytesPerQueue: MEASURED_EMPTY_CLASSIC_QUEUE_RSS_BYTES,
        memoryBytesPerQueuedMessage: CLASSIC_METADATA_BYTES_PER_MESSAGE_BOUND,
      },
      stream: {
        publishCpuMicros: publish,
        enqueueCpuMicros: streamStage,
        replicaCpuMicros: streamStage, // assumption A6
        deliverCpuMicros: streamStage,
        cpuNanosPerByte,
        queueServiceMicros: streamServiceAtZero,
        queueServiceNanosPerByte: quorumFit.slopeNanosPerByte,
        // Assumption A9: a stream replica (a replicated log member) costs what a quorum queue does.
        memoryBytesPerQueue: MEASURED_EMPTY_QUORUM_QUEUE_RSS_BYTES,
        memoryBytesPerQueuedMessage: STREAM_METADATA_BYTES_PER_MESSAGE,
      },
    },
    node: {
      baselineMemoryBytes: MEASURED_IDLE_NODE_RSS_BYTES,
      // Assumption A12: a busy connection's TCP buffers (not in the idle measurement) add the docs' ~100 kB.
      memoryPerConnectionBytes: MEASURED_BARE_CONNECTION_RSS_BYTES + DEFAULT_TCP_BUFFER_BYTES,
      memoryPerChannelBytes: MEASURED_CHANNEL_RSS_BYTES,
      connectionOpenCpuMicros: CONNECTION_LIFECYCLE_FRAMES * publish,
      messagesPerFsyncPerChannel: AMQP24_RUN_MESSAGES / AMQP24_QUORUM_DEFAULT_FLOW_FSYNCS,
    },
    cpuEfficiency: [
      ...VL20_CPU_BOUND_VCPUS.map((vcpus) => ({ vcpus, usableFraction: VL20_CPU_BOUND_USABLE_FRACTION })),
      { vcpus: VL20QQ_LARGE_VCPUS_PER_NODE, usableFraction: VL20_LARGE_UTILISATION_CEILING },
    ],
    intermediate: {
      bytesPerConnectionWithChannels,
      processesPerConnection,
      publishedConnectionBytes: connectionOnly + DEFAULT_TCP_BUFFER_BYTES,
      publishedChannelBytes: memoryPerChannel,
      idleMqttConnectionBytes,
      publishedClassicQueueBytes: classicQueueBytes,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The default profile: the lab split, scaled to the 2020 cloud cluster grid (docs/calibration.md, part B).

/** The cluster terms fitted on the grid and the stage factor they give, for docs/calibration.md and the tests. */
export interface CloudFit {
  /** The shapes fitted on (every volume type of each): src/profile/vl20-grid.ts. */
  trainingShapes: readonly string[];
  /** C, w₀, w₁, σ and the fit's rms log error (src/profile/cluster-scaling.ts). */
  scaling: ScalingFit;
  /** Usable fraction of every vCPU in the fit (the 8 and 16 vCPU quote). */
  usableFraction: number;
  /** Of C, the body bytes (5 hops × 1024 B × cpuNanosPerByte, kept from the lab profile). */
  bodyMicros: number;
  /** The lab profile's per-message stages for the same message: publish + enqueue + deliver + 2 replicas. */
  labStageMicros: number;
  /** (C − body) / lab stages: the factor every per-message CPU stage is multiplied by (assumption B2). */
  stageFactor: number;
  /** The version adjustment rmq310 would imply (3.10.1 ÷ 3.9.0, single queue), reported but not applied (B3). */
  unappliedVersionFactor: number;
}

export interface DerivedDefaultNumbers extends DerivedShippedNumbers {
  cloudFit: CloudFit;
}

/** Stage costs of one queue type of a derivation, as clusterCpuMicrosPerMessage takes them. */
export function stageCosts(numbers: DerivedShippedNumbers, type: QueueTypeName): StageCosts {
  const t = numbers.queueTypes[type];
  return {
    publishCpuMicros: t.publishCpuMicros,
    enqueueCpuMicros: t.enqueueCpuMicros,
    replicaCpuMicros: t.replicaCpuMicros,
    deliverCpuMicros: t.deliverCpuMicros,
    cpuNanosPerByte: t.cpuNanosPerByte,
  };
}

/** The 2020 grid fit the default profile stores (src/profile/cluster-scaling.ts on TRAINING_CELLS). */
export function fitCloudGrid(): ScalingFit {
  return fitClusterScaling(TRAINING_CELLS, VL20QQ_REPLICATION_FACTOR, VL20_CPU_BOUND_USABLE_FRACTION);
}

/**
 * data/profiles/published.json (the default). The cluster terms are fitted on 3 of the 7 shapes
 * of the 2020 quorum grid (all three volume types of 3 × 16, 3 × 36 and 9 × 8 vCPU; A24): the
 * cluster CPU per 1 KiB message at replication factor 3 (C), the quorum WAL's serial time per copy
 * and per ms of fsync (w₀, w₁) and the coordination σ. The body bytes keep the lab's per-byte cost
 * (A18); every per-message stage of every queue type is the lab stage × one factor so that the
 * stages add up to C (A19); no version adjustment (A20). σ applies to quorum queues and, by
 * assumption A26, streams; classic queues have none (A27). Queue ceilings (A22), memory, disk and
 * network coefficients are the lab profile's. Every vCPU is 90% usable: the WAL, not a lower
 * usable fraction, is what stops large nodes (it replaces the derived 36 vCPU point).
 */
export function derivePublishedNumbers(): DerivedDefaultNumbers {
  const lab = derivePublishedLabNumbers();
  const quorumLab = stageCosts(lab, 'quorum');
  const scaling = fitCloudGrid();

  // The lab profile's cost of the same message, split into per-byte and per-message parts.
  const labTotal = clusterCpuMicrosPerMessage(quorumLab, VL20QQ_BODY_BYTES, VL20QQ_REPLICATION_FACTOR);
  const bodyMicros = bodyMicrosPerMessage(quorumLab.cpuNanosPerByte, VL20QQ_BODY_BYTES, VL20QQ_REPLICATION_FACTOR);
  const labStageMicros = labTotal - bodyMicros;
  const stageFactor = (scaling.clusterCpuMicrosPerMessage - bodyMicros) / labStageMicros;

  const scaled = (t: DerivedQueueTypeNumbers, coordinationPerExtraNode: number): DerivedQueueTypeNumbers => ({
    ...t,
    publishCpuMicros: t.publishCpuMicros * stageFactor,
    enqueueCpuMicros: t.enqueueCpuMicros * stageFactor,
    replicaCpuMicros: t.replicaCpuMicros * stageFactor,
    deliverCpuMicros: t.deliverCpuMicros * stageFactor,
    coordinationPerExtraNode,
  });
  const classic = scaled(lab.queueTypes.classic, 0);
  // Assumption A28: persistence adds the same share of a classic message's CPU and queue time as measured locally.
  const classicCpuAtZeroBytes = classic.publishCpuMicros + classic.enqueueCpuMicros + classic.deliverCpuMicros;
  classic.persistentCpuMicros = (classicCpuAtZeroBytes * LOCAL43_CLASSIC_PERSISTENT_EXTRA_CPU_MICROS) / LOCAL43_CLASSIC_TRANSIENT_CPU_MICROS;
  classic.persistentQueueServiceMicros =
    (classic.queueServiceMicros * LOCAL43_CLASSIC_PERSISTENT_EXTRA_SERVICE_MICROS) / LOCAL43_CLASSIC_TRANSIENT_SERVICE_MICROS;
  const queueTypes = {
    quorum: scaled(lab.queueTypes.quorum, scaling.coordinationPerExtraNode),
    classic,
    stream: scaled(lab.queueTypes.stream, scaling.coordinationPerExtraNode),
  };
  // Assumption A29: a confirm is the same share of a message's CPU as measured locally (streams: the quorum share).
  const confirmShare = {
    classic: LOCAL43_CLASSIC_CONFIRM_CPU_MICROS / LOCAL43_CLASSIC_TRANSIENT_CPU_MICROS,
    quorum: LOCAL43_QUORUM_CONFIRM_CPU_MICROS / LOCAL43_QUORUM_CPU_MICROS,
  };
  for (const type of QUEUE_TYPE_NAMES) {
    const t = queueTypes[type];
    t.confirmCpuMicros = (t.publishCpuMicros + t.enqueueCpuMicros + t.deliverCpuMicros) * (type === 'classic' ? confirmShare.classic : confirmShare.quorum);
  }
  // Assumption A31: an ack is the same share of a message's CPU and of its queue's service time as
  // measured locally (streams: the quorum shares).
  const ackShare = { classic: meanAckShares(LOCAL43_ACK_SITTINGS.classic), quorum: meanAckShares(LOCAL43_ACK_SITTINGS.quorum) };
  for (const type of QUEUE_TYPE_NAMES) {
    const t = queueTypes[type];
    const share = type === 'classic' ? ackShare.classic : ackShare.quorum;
    t.ackCpuMicros = (t.publishCpuMicros + t.enqueueCpuMicros + t.deliverCpuMicros) * share.cpu;
    t.ackQueueServiceMicros = t.queueServiceMicros * share.service;
  }
  // Assumption A30: a delivery travelling alone costs the same share of the queue's service time as
  // measured locally, and as many deliveries per queue travel alone (streams: the quorum figures).
  const unbatched = {
    classic: { share: LOCAL43_CLASSIC_UNBATCHED_DELIVERY_MICROS / LOCAL43_CLASSIC_POOLED_SERVICE_MICROS, upTo: LOCAL43_CLASSIC_UNBATCHED_IN_FLIGHT_MAX },
    quorum: { share: LOCAL43_QUORUM_UNBATCHED_DELIVERY_MICROS / LOCAL43_QUORUM_POOLED_SERVICE_MICROS, upTo: LOCAL43_QUORUM_UNBATCHED_IN_FLIGHT_MAX },
  };
  for (const type of QUEUE_TYPE_NAMES) {
    const t = queueTypes[type];
    const measured = type === 'classic' ? unbatched.classic : unbatched.quorum;
    t.unbatchedDeliveryMicros = t.queueServiceMicros * measured.share;
    t.unbatchedInFlightMax = measured.upTo;
  }

  return {
    cloudFit: {
      trainingShapes: TRAINING_SHAPES,
      scaling,
      usableFraction: VL20_CPU_BOUND_USABLE_FRACTION,
      bodyMicros,
      labStageMicros,
      stageFactor,
      unappliedVersionFactor: RMQ310_QUORUM_3NODE_MEAN_MSG_PER_SEC / RMQ310_QUORUM_3NODE_390_MEAN_MSG_PER_SEC,
    },
    queueTypes,
    node: {
      ...lab.node,
      // Assumption A13 with this profile's publish cost.
      connectionOpenCpuMicros: CONNECTION_LIFECYCLE_FRAMES * queueTypes.classic.publishCpuMicros,
      walMicrosPerCopy: scaling.walMicrosPerCopy,
      walMicrosPerCopyPerFsyncMs: scaling.walMicrosPerCopyPerFsyncMs,
    },
    cpuEfficiency: VL20_CPU_BOUND_VCPUS.map((vcpus) => ({ vcpus, usableFraction: VL20_CPU_BOUND_USABLE_FRACTION })),
  };
}

// ---------------------------------------------------------------------------------------------
// The by-hand sanity check of docs/calibration.md, as a function so a test can recompute it.

export interface StageCosts {
  publishCpuMicros: number;
  enqueueCpuMicros: number;
  replicaCpuMicros: number;
  deliverCpuMicros: number;
  cpuNanosPerByte: number;
}

/**
 * Broker CPU (core-µs) summed over the cluster for one message published once and consumed once,
 * following docs/model.md: publish hop, leader enqueue + deliver (2 body hops), (R−1) followers.
 */
export function clusterCpuMicrosPerMessage(costs: StageCosts, sizeBytes: number, replicationFactor: number): number {
  const followers = replicationFactor - 1;
  return (
    costs.publishCpuMicros +
    costs.enqueueCpuMicros +
    costs.deliverCpuMicros +
    followers * costs.replicaCpuMicros +
    bodyMicrosPerMessage(costs.cpuNanosPerByte, sizeBytes, replicationFactor)
  );
}

/** The per-byte part of that: body hops (publish, leader in and out, each follower) × size × ns/B. */
export function bodyMicrosPerMessage(cpuNanosPerByte: number, sizeBytes: number, replicationFactor: number): number {
  const bodyHops = 1 + 2 + (replicationFactor - 1);
  return (bodyHops * sizeBytes * cpuNanosPerByte) / 1000;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

// ---------------------------------------------------------------------------------------------
// Cross-checks of the default profile (docs/calibration.md, part B §5): published cluster figures
// the model is compared with, assuming leaders, replicas and connections spread evenly.

/** How a published figure bounds the cluster's capacity. */
export type ObservationKind =
  /** The highest throughput reached, with CPU (or nothing stated) the bottleneck: ≈ capacity. */
  | 'top'
  /** The highest throughput reached while something else (Raft coordination) limited it: ≤ capacity. */
  | 'top-not-cpu'
  /** A target rate that was met: capacity ≥ it. */
  | 'reached'
  /** A target rate stated to be above what the cluster could carry: capacity < it. */
  | 'exceeds'
  /** A vendor specification, method not stated. */
  | 'vendor';

export interface ClusterObservation {
  id: string;
  /** One line for the docs table. */
  what: string;
  url: string;
  nodes: number;
  vcpusPerNode: number;
  queueType: QueueTypeName;
  sizeBytes: number;
  replicationFactor: number;
  /** Lowest and highest published figure (msg/s). */
  msgPerSec: readonly [number, number];
  kind: ObservationKind;
}

const VL20_STRESS_URL = 'https://www.rabbitmq.com/blog/2020/05/15/quorum-queues-and-flow-control-stress-tests';
const HUAWEI_URL = 'https://support.huaweicloud.com/intl/en-us/my-kualalumpur-1-usermanual-rabbitmq/rabbitmq-pd-190828004.html';

/** A figure for the case study's messages: quorum, 1 KiB, replication factor 3. */
function caseStudyMessages(
  id: string,
  what: string,
  url: string,
  cluster: { nodes: number; vcpusPerNode: number },
  msgPerSec: readonly [number, number],
  kind: ObservationKind,
): ClusterObservation {
  return { id, what, url, ...cluster, queueType: 'quorum', sizeBytes: VL20QQ_BODY_BYTES, replicationFactor: VL20QQ_REPLICATION_FACTOR, msgPerSec, kind };
}

/** What the study says of a shape, beyond its rates. */
const VL20QQ_NOTES: Readonly<Record<string, string>> = {
  '3x16': ' ("for this small cluster, CPU seemed to be the resource bottleneck")',
  '7x16': ' ("the limitation was the cost of coordination")',
};
/** The grid's shapes on SSD (io1 and gp2 top rates; the st1 HDD is held out of the cross-checks): from src/profile/vl20-grid.ts. */
const vl20qqShapes = (): ClusterObservation[] =>
  [...new Set(VL20QQ_GRID.map(shapeName))].map((shape) => {
    const ssd = VL20QQ_GRID.filter((c) => shapeName(c) === shape && c.volume !== 'st1');
    const rates = ssd.map((c) => c.msgPerSec);
    const { nodes, vcpusPerNode } = ssd[0]!;
    const role = TRAINING_SHAPES.includes(shape) ? 'training' : 'held out';
    return caseStudyMessages(
      `vl20qq-${shape}`,
      `case study ${nodes} × ${vcpusPerNode} vCPU (${role})${VL20QQ_NOTES[shape] ?? ''}`,
      VL20QQ_GRID_URL,
      { nodes, vcpusPerNode },
      [Math.min(...rates), Math.max(...rates)],
      shape === '7x16' ? 'top-not-cpu' : 'top',
    );
  });
const vl20stress = (test: number, msgPerSec: number, kind: ObservationKind, what: string) =>
  caseStudyMessages(`vl20-stress-${test}`, `stress test #${test}: ${what}`, VL20_STRESS_URL, { nodes: 3, vcpusPerNode: 16 }, [msgPerSec, msgPerSec], kind);
/** Huawei's flavors name no message size or queue type: compared on the case study's messages. */
const huawei = (vcpus: number, tps: number) =>
  caseStudyMessages(
    `huawei-${vcpus}u-3`,
    `Huawei DMS rabbitmq.${vcpus}u${2 * vcpus}g.cluster × 3 brokers, "Reference TPS" (3.8.35)`,
    HUAWEI_URL,
    { nodes: 3, vcpusPerNode: vcpus },
    [tps, tps],
    'vendor',
  );

/** Every published cluster figure the default profile is compared with (vl20qq: io1 and gp2 top rates; the st1 HDD is left out). */
export const DEFAULT_PROFILE_CROSS_CHECKS: readonly ClusterObservation[] = [
  ...vl20qqShapes(),
  vl20stress(2, 40_000, 'reached', '10 queues, 20 publishers, 20 consumers, target 40k met (3.8.4 alpha)'),
  vl20stress(
    4,
    30_000,
    'exceeds',
    '100 queues, 500 publishers, 500 consumers, prefetch 60, acks per message or every 6: 30k "just above the total throughput limit"',
  ),
  vl20stress(5, 35_000, 'reached', '200 queues, 1,000 publishers, 1,000 consumers, multi-ack every 10: "close to 35000 msg/s"'),
  huawei(2, 3_000),
  huawei(4, 6_000),
  huawei(8, 12_000),
  huawei(12, 24_000),
  huawei(16, 48_000),
  huawei(24, 60_000),
];
