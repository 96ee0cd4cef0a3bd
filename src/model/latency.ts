/**
 * Latency (docs/model.md "Latency"): p99 publish-to-delivery = fixed costs + queueing.
 *
 * Fixed costs:
 * - quorum queues deliver a message only once a majority has written and fsynced it: the
 *   disk's fsync latency plus one inter-node round trip when there are followers
 *   (https://www.rabbitmq.com/docs/quorum-queues);
 * - streams confirm after a quorum of replicas wrote, without fsync
 *   (https://www.rabbitmq.com/docs/streams): one round trip when replicated;
 * - classic queues: nothing beyond the network;
 * - the client hops (publisher → node, node → consumer) add one round trip; clients are assumed
 *   to sit in the cluster's region, so cluster.broker.interNodeRttMs stands in for it.
 * Queueing: M/M/1 waiting-time p99 at the queue process and at the node's CPU, and the
 * consumer's own service time and wait. Summing p99s over-estimates the p99 of the sum: the
 * model errs on the slow side.
 */
import type { QueueType } from '../schema/workload.js';
import { MICROS_PER_SECOND, MM1_MIN_UTILIZATION, MS_PER_SECOND, P99_TAIL_PROBABILITY } from './constants.js';

/** Round trips of client traffic in one publish → deliver (and one publish → confirm). */
export const CLIENT_ROUND_TRIPS = 1;

/**
 * p99 of the M/M/1 waiting time (s): ln(ρ/0.01) / (μ(1−ρ)); 0 when ρ ≤ 0.01 (99% of arrivals find
 * the server idle); ∞ when ρ ≥ 1 (no steady state: the queue grows without bound).
 */
export function mm1WaitP99Seconds(rho: number, serviceRatePerSec: number): number {
  if (rho <= MM1_MIN_UTILIZATION || !(serviceRatePerSec > 0) || serviceRatePerSec === Infinity) return 0;
  if (rho >= 1) return Infinity;
  return Math.log(rho / P99_TAIL_PROBABILITY) / (serviceRatePerSec * (1 - rho));
}

/** Wait at one queue process (ms): ρ = per-queue rate ÷ ceiling, μ = ceiling. */
export function queueWaitP99Ms(perQueueMsgPerSec: number, ceilingMsgPerSec: number): number {
  return mm1WaitP99Seconds(perQueueMsgPerSec / ceilingMsgPerSec, ceilingMsgPerSec) * MS_PER_SECOND;
}

/** Wait for the node's CPU (ms): ρ = CPU utilisation, service time = the message's CPU cost. */
export function cpuWaitP99Ms(cpuUtilization: number, messageCpuMicros: number): number {
  if (!(messageCpuMicros > 0)) return 0;
  return mm1WaitP99Seconds(cpuUtilization, MICROS_PER_SECOND / messageCpuMicros) * MS_PER_SECOND;
}

/**
 * Consumer side (ms): processing time plus waiting for a busy consumer, each consumer an M/M/1
 * server at ρc = its rate × processing time.
 */
export function consumerTimeP99Ms(perConsumerMsgPerSec: number, processingTimeMs: number): number {
  if (processingTimeMs <= 0) return 0;
  const rho = (perConsumerMsgPerSec * processingTimeMs) / MS_PER_SECOND;
  return processingTimeMs + mm1WaitP99Seconds(rho, MS_PER_SECOND / processingTimeMs) * MS_PER_SECOND;
}

/** Broker-side fixed cost before a message can be delivered (ms). */
export function deliveryFixedMs(queueType: QueueType, replicationFactor: number, fsyncMs: number, rttMs: number): number {
  const replicated = replicationFactor > 1;
  if (queueType === 'quorum') return fsyncMs + (replicated ? rttMs : 0);
  if (queueType === 'stream') return replicated ? rttMs : 0;
  return 0;
}

/** Broker-side fixed cost before a publish is confirmed (ms): classic persistent messages are confirmed after their fsync. */
export function confirmFixedMs(
  queueType: QueueType,
  persistent: boolean,
  replicationFactor: number,
  fsyncMs: number,
  rttMs: number,
): number {
  if (queueType === 'classic') return persistent ? fsyncMs : 0;
  return deliveryFixedMs(queueType, replicationFactor, fsyncMs, rttMs);
}

/** Client network cost of one publish → deliver or publish → confirm (ms). */
export function clientNetworkMs(rttMs: number): number {
  return CLIENT_ROUND_TRIPS * rttMs;
}
