/**
 * Unit conversions and the few fixed facts the model uses that are not calibration
 * coefficients (those live in the profile). Each names its source.
 */

// The byte units are defined once, with the numbers that print them (src/format/units.ts).
import { BYTES_PER_GIB, BYTES_PER_KIB, BYTES_PER_MB, BYTES_PER_MIB } from '../format/units.js';
export { BYTES_PER_GIB, BYTES_PER_KIB, BYTES_PER_MB, BYTES_PER_MIB };
/** Catalog Gbps are 10^9 bit/s (src/catalog/schema.ts, "Units"). */
export const BITS_PER_GBIT = 1e9;
export const BITS_PER_BYTE = 8;
export const MICROS_PER_SECOND = 1e6;
export const MS_PER_SECOND = 1000;
export const MICROS_PER_MS = 1000;
export const NANOS_PER_MICRO = 1000;
export const SECONDS_PER_MINUTE = 60;

/** max_message_size default, 16 MiB: https://www.rabbitmq.com/docs/limits */
export const MAX_MESSAGE_SIZE_DEFAULT_BYTES = 16 * BYTES_PER_MIB;
/** max_message_size cannot be set above 512 MiB: https://www.rabbitmq.com/docs/limits */
export const MAX_MESSAGE_SIZE_CEILING_BYTES = 512 * BYTES_PER_MIB;
/**
 * Messages of 1 MiB and more give quorum queues a large on-disk footprint
 * (https://www.rabbitmq.com/docs/quorum-queues, "Disk Space").
 */
export const LARGE_MESSAGE_BYTES = BYTES_PER_MIB;

/** "We do not recommend running quorum queues on more than 7 RabbitMQ nodes": https://www.rabbitmq.com/docs/quorum-queues */
export const MAX_REPLICATION_FACTOR = 7;
/** RabbitMQ's default quorum-queue group size (quorum_queue.initial_cluster_size): https://www.rabbitmq.com/docs/quorum-queues */
export const DEFAULT_QUORUM_GROUP_SIZE = 3;
/** Extra metadata per message in a quorum queue when any message TTL is used: https://www.rabbitmq.com/docs/quorum-queues ("Resource Use"). */
export const QUORUM_TTL_EXTRA_BYTES_PER_MESSAGE = 16;

/** Production checklist minimum per node: 4 CPU cores, 4 GiB RAM: https://www.rabbitmq.com/docs/production-checklist */
export const PRODUCTION_MIN_VCPUS = 4;
export const PRODUCTION_MIN_MEMORY_GIB = 4;

/** docs/model.md ("Burst"): during a burst no resource may pass 100%. */
export const BURST_UTILIZATION_LIMIT = 1;
/** A latency target is its own limit: p99 ÷ target must stay ≤ 1 in every scenario. */
export const LATENCY_UTILIZATION_LIMIT = 1;

/**
 * The p99 tail of an M/M/1 waiting time: P(W > t) = ρ·e^(−μ(1−ρ)t) = 1 − 0.99 gives
 * t = ln(ρ/0.01) / (μ(1−ρ)) (Kleinrock, Queueing Systems vol. 1, §3.2; docs/model.md "Latency").
 */
export const P99_TAIL_PROBABILITY = 0.01;
/** Below this utilisation the p99 wait is 0 (ρ ≤ tail probability: 99% of arrivals find the server idle). */
export const MM1_MIN_UTILIZATION = P99_TAIL_PROBABILITY;

/** Costs are compared to the cent, so float noise never decides a tie (docs/model.md "Search"). */
export const COST_COMPARISON_CENTS = 100;
