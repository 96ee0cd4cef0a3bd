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
 * Queueing: M/M/1 waiting-time p99 at the queue process (one Erlang process serves it), M/M/c
 * at the node's CPU (one scheduler per core), and the consumer's own service time and wait. Summing p99s over-estimates the p99 of the sum: the
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

/**
 * Wait at one queue process (ms): ρ = per-queue rate ÷ ceiling, μ = ceiling. Callers scale it by
 * the profile's Kingman factor (c_a² + c_s²)/2 (G/G/1 ≈ M/M/1 × that factor; Kingman 1961), 1 by default.
 */
export function queueWaitP99Ms(perQueueMsgPerSec: number, ceilingMsgPerSec: number): number {
  return mm1WaitP99Seconds(perQueueMsgPerSec / ceilingMsgPerSec, ceilingMsgPerSec) * MS_PER_SECOND;
}

/**
 * Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = λ/μ
 * (in servers) and c servers, via the Erlang B recursion B(k) = a·B(k−1) / (k + a·B(k−1)) and
 * C = B / (1 − ρ(1 − B)) with ρ = a/c (Kleinrock, Queueing Systems vol. 1, §3.5); 1 when ρ ≥ 1.
 */
export function erlangC(servers: number, offeredLoad: number): number {
  const rho = offeredLoad / servers;
  if (rho >= 1) return 1;
  if (!(offeredLoad > 0)) return 0;
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b / (1 - rho * (1 - b));
}

/**
 * p99 of the M/M/c waiting time (s): P(W > t) = C(c, a)·e^(−cμ(1−ρ)t), so t = ln(C/0.01) / (cμ(1−ρ));
 * 0 when C ≤ 0.01 (99% of arrivals find a server free); ∞ when ρ ≥ 1. With c = 1 it is the M/M/1 formula.
 */
export function mmcWaitP99Seconds(rho: number, servers: number, serviceRatePerServerPerSec: number): number {
  if (!(serviceRatePerServerPerSec > 0) || serviceRatePerServerPerSec === Infinity || rho <= 0) return 0;
  if (rho >= 1) return Infinity;
  const waitProbability = erlangC(servers, rho * servers);
  if (waitProbability <= P99_TAIL_PROBABILITY) return 0;
  return Math.log(waitProbability / P99_TAIL_PROBABILITY) / (servers * serviceRatePerServerPerSec * (1 - rho));
}

/**
 * Servers of a node's CPU in the M/M/c wait: its usable cores, whole (RabbitMQ runs one Erlang
 * scheduler per core, https://www.rabbitmq.com/docs/runtime#scheduling), at least one.
 */
export function cpuServers(cpuCapacityCores: number): number {
  return Math.max(1, Math.floor(cpuCapacityCores));
}

/**
 * Wait for the node's CPU (ms): an M/M/c queue whose c servers are the usable cores, each serving
 * a message in its whole CPU cost on the node (as if one core did all its work: the slow side),
 * at ρ = the node's CPU utilisation.
 */
export function cpuWaitP99Ms(cpuUtilization: number, messageCpuMicros: number, cpuCapacityCores: number): number {
  if (!(messageCpuMicros > 0)) return 0;
  return mmcWaitP99Seconds(cpuUtilization, cpuServers(cpuCapacityCores), MICROS_PER_SECOND / messageCpuMicros) * MS_PER_SECOND;
}

/** sysctl_sched_base_slice's default (kernel/sched/fair.c: 750000 ns). */
const SCHEDULER_BASE_SLICE_MS = 0.75;
/** The kernel scales its slice with at most 8 CPUs (get_update_sysctl_factor: min(num_online_cpus(), 8)). */
const SCHEDULER_SCALING_CPU_CAP = 8;

/**
 * The Linux scheduler's base slice per CPU count (ms): 0.75 ms × (1 + log₂ min(CPUs, 8)), the
 * kernel's default tunable scaling (kernel/sched/fair.c: sysctl_sched_base_slice = 750000 ns,
 * named min_granularity before EEVDF, scaled by 1 + ilog2(CPUs) under
 * SCHED_TUNABLESCALING_LOG, CPUs capped at 8): 1.5 ms on the project's 2-core machine.
 */
export function schedulerSliceMs(cpus: number): number {
  const scaled = Math.min(Math.max(1, Math.floor(cpus)), SCHEDULER_SCALING_CPU_CAP);
  return SCHEDULER_BASE_SLICE_MS * (1 + Math.floor(Math.log2(scaled)));
}

/**
 * Wait for a CPU when the load generator shares the broker's machine (ms): threads of both runnable
 * at once wait for each other's scheduler slices, not for a message's microseconds. An M/M/c queue
 * whose c servers are the machine's cores, each serving a slice (schedulerSliceMs), at ρ = the
 * machine's busy share (broker + client cores ÷ cores). It is what the bench's own p99 carries on a
 * busy shared machine — on the project's 2 cores, 90 of 93 held-out steps below 1.4 busy cores
 * were within ×2 of the model without it, 20 of 52 above 1.6 (docs/validate.md) — and not a broker
 * term: `size` plans clients on their own machines.
 */
export function sharedMachineWaitP99Ms(machineUtilization: number, machineCores: number): number {
  const servers = Math.max(1, Math.floor(machineCores));
  return mmcWaitP99Seconds(machineUtilization, servers, MS_PER_SECOND / schedulerSliceMs(machineCores)) * MS_PER_SECOND;
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

/**
 * Broker-side fixed cost before a consumer's ack frees its prefetch slot (ms): a quorum queue's
 * settlement is a command of its Raft state machine (rabbit_fifo's settle, applied through Ra:
 * https://github.com/rabbitmq/rabbitmq-server/blob/main/deps/rabbit/src/rabbit_fifo.erl), so it is
 * committed like a publish (fsync, and a replication round trip with followers); classic queues
 * and streams settle in memory. Measured on the local broker with prefetch 1: a slot turns in
 * 0.74 ms on a quorum queue against 0.24 ms on a classic one.
 */
export function settleCommitMs(queueType: QueueType, replicationFactor: number, fsyncMs: number, rttMs: number): number {
  return queueType === 'quorum' ? deliveryFixedMs(queueType, replicationFactor, fsyncMs, rttMs) : 0;
}

/** Broker-side fixed cost before a publish is confirmed (ms): classic persistent messages are confirmed after their fsync. */
export function confirmFixedMs(queueType: QueueType, persistent: boolean, replicationFactor: number, fsyncMs: number, rttMs: number): number {
  if (queueType === 'classic') return persistent ? fsyncMs : 0;
  return deliveryFixedMs(queueType, replicationFactor, fsyncMs, rttMs);
}

/** Client network cost of one publish → deliver or publish → confirm (ms). */
export function clientNetworkMs(rttMs: number): number {
  return CLIENT_ROUND_TRIPS * rttMs;
}

/**
 * What a message waits in front of the queue process (ms) — the measured low-load tail (p99 − p50:
 * messages queued behind a burst the client sent at once, after a pause of its event loop or a
 * batch of confirms) plus the queue's wait under load — bounded by what the confirm windows let
 * queue there: with at most `inFlightPerQueue` unconfirmed messages per queue, a message finds at
 * most that many ahead of it, each taking the queue process's service time (1 ÷ its ceiling). A
 * finite population cannot queue deeper than itself (Lazowska et al., *Quantitative System
 * Performance*, 1984, §5.2, the closed network's bound). Without a window (no confirms: Infinity
 * in flight) or past the queue's ceiling (no steady state) the wait stands as modelled. A bench
 * stamps a message when it is sent, after any wait for a window slot, so this is what a bench's
 * p99 sees; an application's publish waits for the slot instead (`size` keeps the unbounded wait:
 * the slow side).
 */
export function windowBoundQueueMs(queuedMs: number, inFlightPerQueue: number, queueCeilingMsgPerSec: number): number {
  if (!(queuedMs > 0)) return 0;
  // Past the queue's ceiling the model has no steady state, window or not: that stays a miss.
  if (!Number.isFinite(queuedMs) || !Number.isFinite(inFlightPerQueue) || !(queueCeilingMsgPerSec > 0) || !Number.isFinite(queueCeilingMsgPerSec))
    return queuedMs;
  return Math.min(queuedMs, (inFlightPerQueue / queueCeilingMsgPerSec) * MS_PER_SECOND);
}
