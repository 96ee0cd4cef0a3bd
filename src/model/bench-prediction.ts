/**
 * What the model predicts for one configuration on one broker node, as a bench step runs it:
 * the delivered rate at which it saturates (and what saturates first) and its p99 publish →
 * delivery latency at a rate — through the same per-message CPU costs, queue-process ceiling and
 * latency terms the planner uses for `size` and `check` (src/model/cpu.ts, queue-ceiling.ts,
 * latency.ts; docs/model.md "Latency"):
 *
 *   p99 = client round trip + broker fixed cost (quorum: the fsync) + the quorum WAL's wait under
 *       load + the measured low-load tail and the queue-process wait (together at most the
 *       publishers' windows' worth of queue service: latency.ts windowBoundQueueMs) + node CPU
 *       wait + consumer time
 *       (+ with the load generator on the broker's machine, the wait for a CPU among its threads:
 *       latency.ts sharedMachineWaitP99Ms).
 *
 * With one node there are no followers (R = 1): a quorum message waits for its fsync only. A
 * client on the broker's machine takes its own cores from the broker's (clientCores). Used by the
 * bench report's model curve and by `rmq-plan validate`. Pure.
 */
import type { Profile } from '../schema/profile.js';
import type { QueueType } from '../schema/workload.js';
import type { AckPattern } from './acks.js';
import { MICROS_PER_SECOND, MS_PER_SECOND } from './constants.js';
import { coresFor, cpuCapacityCores, followerCpuMicrosPerCopy, leaderCpuMicrosPerCopy, publishCpuMicrosPerMessage } from './cpu.js';
import {
  clientNetworkMs,
  confirmFixedMs,
  consumerTimeP99Ms,
  cpuWaitP99Ms,
  deliveryFixedMs,
  queueWaitP99Ms,
  settleCommitMs,
  sharedMachineWaitP99Ms,
  windowBoundQueueMs,
} from './latency.js';
import { queueCeilingMsgPerSec } from './queue-ceiling.js';
import { lockstepLoopMsgPerSec, prefetchCarryMsgPerSec, raFlushSplitMs, unbatchedDeliveries, type UnbatchedDeliveries } from './confirms.js';
import { coordinationFactor, walCapacityCopiesPerSec, walWaitP99Ms } from './wal.js';

/** Replicas per queue on a single bench node. */
const SINGLE_NODE_REPLICAS = 1;
/**
 * The least CPU the broker is left when a same-machine client's cores are taken from its own: a
 * client that measured as much as the machine has would otherwise leave the model no capacity at
 * all (0.1 core: the broker still ran; the prediction then says it is client-bound).
 */
const MIN_BROKER_CORES = 0.1;

/** The broker the model is evaluated on. */
export interface BenchNode {
  /** vCPUs of a broker node's machine. */
  brokerCores: number;
  /** Cores the load generator used on the same machine (0 when it runs elsewhere). */
  clientCores: number;
  fsyncMs: number;
  rttMs: number;
  /** Broker nodes (default 1). */
  nodes?: number;
  /** Every node runs on the same machine, sharing its cores (a local test cluster). Default false. */
  sharedMachine?: boolean;
  /** Replicas of the step's queues (quorum and streams; default 1). */
  replicas?: number;
}

/** What of a bench step's configuration the prediction reads. */
export interface BenchStepShape {
  queueType: QueueType;
  messageSizeBytes: number;
  publishers: number;
  consumers: number;
  queues: number;
  consumerProcessingMs: number;
  persistent: boolean;
  confirms: boolean;
  /** Unconfirmed messages in flight per publisher (with confirms). */
  confirmWindow: number;
  /** Unacknowledged deliveries per consumer (basic.qos). */
  prefetch: number;
  /** Consumers ack every this many deliveries (multiple=true beyond 1); the bench's consumers always ack manually. */
  ackEvery: number;
}

/** Why the model has no steady state beyond its saturation rate. */
export type Saturation = 'queue' | 'cpu' | 'wal' | 'consumers' | 'window' | 'prefetch';

/** One configuration's figures that do not depend on the rate. */
export interface BenchSetup {
  config: BenchStepShape;
  /** Unconfirmed messages the busiest queue can hold at once: its publishers' windows (∞ without confirms). */
  inFlightPerQueue: number;
  /** Share of the publish rate the busiest queue takes: publisher p publishes to queue p mod queues. */
  busiestQueueShare: number;
  /** Consumers on the busiest queue: consumer c reads queue c mod queues. */
  consumersOnBusiestQueue: number;
  queueCeilingMsgPerSec: number;
  /** Quorum: what the node's one WAL takes at the machine's fsync latency (msg/s, one copy each on one node); ∞ otherwise. */
  walCeilingMsgPerSec: number;
  /** The machine's fsync latency (ms), for the WAL's wait under load. */
  fsyncMs: number;
  /** Kingman factor on the queue wait (the profile's queueWaitVariability, else 1). */
  queueWaitVariability: number;
  cpuCapacityCores: number;
  /** Broker CPU per message: publish + leader (core-µs). */
  messageCpuMicros: number;
  /** Round trip + the broker's fixed cost (quorum: the fsync; replicated: a round trip). */
  fixedMs: number;
  /** The profile's measured low-load tail (p99 − p50, ms), 0 when it has none. */
  tailMs: number;
  /**
   * Publish → confirm turnaround (ms): the profile's measured low-load confirm median (confirmFloorMs)
   * when it has one, else client round trip + the commit (quorum: the fsync; classic persistent: its fsync).
   */
  confirmFixedMs: number;
  /**
   * One consumer prefetch slot's turnaround without processing (ms): the profile's measured
   * deliveryTurnaroundMs when it has one, else client round trip + the settlement's commit.
   */
  deliveryTurnaroundMs: number;
  /** Deliveries in flight that travel alone and what each adds to the prefetch loop (the profile's, else none). */
  unbatched: UnbatchedDeliveries;
  /** The machine the broker shares with the load generator (its cores, and the client's), or null when the client runs elsewhere. */
  sharedWithClient: { cores: number; clientCores: number } | null;
}

/**
 * On several nodes (a cluster bench run), the same terms `size` uses (docs/model.md): every
 * message costs its publish, its leader's work and R − 1 followers' (each × the coordination
 * factor 1 + σ(N − 1)) spread over the nodes' cores — one machine's when the nodes share it; each
 * node's WAL takes R × rate ÷ N copies; a replicated commit adds a round trip.
 */
export function benchSetup(profile: Profile, machine: BenchNode, config: BenchStepShape): BenchSetup {
  const coeff = profile.queueTypes[config.queueType];
  const size = config.messageSizeBytes;
  const classicPersistent = config.queueType === 'classic' && config.persistent;
  const publishersOnQueue0 = Math.ceil(config.publishers / config.queues);
  const nodes = Math.max(1, machine.nodes ?? 1);
  const replicas = config.queueType === 'classic' ? SINGLE_NODE_REPLICAS : Math.max(1, Math.min(nodes, machine.replicas ?? SINGLE_NODE_REPLICAS));
  const coordination = coordinationFactor(coeff.coordinationPerExtraNode?.value ?? 0, nodes);
  const machines = machine.sharedMachine === true ? 1 : nodes;
  const followerMicros = replicas > 1 ? (replicas - 1) * followerCpuMicrosPerCopy(coeff, size) : 0;
  const acks: AckPattern = { ackMode: 'manual', ackEvery: config.ackEvery };
  const queueCeiling = queueCeilingMsgPerSec(coeff, size, classicPersistent, acks);
  // Unconfirmed messages one queue can hold at once: its publishers' windows (unbounded without confirms).
  const inFlightPerQueue = config.confirms ? publishersOnQueue0 * config.confirmWindow : Infinity;
  return {
    config,
    inFlightPerQueue,
    busiestQueueShare: publishersOnQueue0 / config.publishers,
    consumersOnBusiestQueue: Math.max(1, Math.ceil(config.consumers / config.queues)),
    queueCeilingMsgPerSec: queueCeiling,
    walCeilingMsgPerSec:
      config.queueType === 'quorum' ? (nodes * walCapacityCopiesPerSec(profile.node, machine.fsyncMs)) / (replicas * coordination) : Infinity,
    fsyncMs: machine.fsyncMs,
    queueWaitVariability: coeff.queueWaitVariability?.value ?? 1,
    cpuCapacityCores: Math.max(MIN_BROKER_CORES, machines * cpuCapacityCores(machine.brokerCores, profile.node.cpuEfficiency) - machine.clientCores),
    messageCpuMicros:
      (publishCpuMicrosPerMessage(coeff, size, config.confirms) + leaderCpuMicrosPerCopy(coeff, size, classicPersistent, acks) + followerMicros) * coordination,
    fixedMs: clientNetworkMs(machine.rttMs) + deliveryFixedMs(config.queueType, replicas, machine.fsyncMs, machine.rttMs),
    tailMs: coeff.latencyTailP99Ms?.value ?? 0,
    // A fitted profile measured the low-load confirm on its machine, client included (one node: a
    // replicated commit adds its round trip); else the model's round trip + commit.
    confirmFixedMs:
      coeff.confirmFloorMs !== undefined
        ? coeff.confirmFloorMs.value + (replicas > 1 ? machine.rttMs : 0)
        : clientNetworkMs(machine.rttMs) + confirmFixedMs(config.queueType, config.persistent, replicas, machine.fsyncMs, machine.rttMs),
    deliveryTurnaroundMs:
      coeff.deliveryTurnaroundMs !== undefined
        ? coeff.deliveryTurnaroundMs.value + (replicas > 1 ? machine.rttMs : 0)
        : clientNetworkMs(machine.rttMs) + settleCommitMs(config.queueType, replicas, machine.fsyncMs, machine.rttMs),
    unbatched: unbatchedDeliveries(coeff),
    sharedWithClient: machine.clientCores > 0 ? { cores: machine.brokerCores, clientCores: machine.clientCores } : null,
  };
}

/** The model's p99 publish → delivery (ms) at `msgPerSec` delivered; Infinity past saturation. */
export function modelP99Ms(setup: BenchSetup, msgPerSec: number): number {
  const perQueue = msgPerSec * setup.busiestQueueShare;
  const brokerCores = coresFor(msgPerSec, setup.messageCpuMicros);
  const cpuUtilization = brokerCores / setup.cpuCapacityCores;
  const shared = setup.sharedWithClient;
  const walRho = Number.isFinite(setup.walCeilingMsgPerSec) ? msgPerSec / setup.walCeilingMsgPerSec : 0;
  return (
    setup.fixedMs +
    walWaitP99Ms(setup.fsyncMs, walRho) +
    windowBoundQueueMs(
      setup.tailMs + queueWaitP99Ms(perQueue, setup.queueCeilingMsgPerSec) * setup.queueWaitVariability,
      setup.inFlightPerQueue,
      setup.queueCeilingMsgPerSec,
    ) +
    cpuWaitP99Ms(cpuUtilization, setup.messageCpuMicros, setup.cpuCapacityCores) +
    consumerTimeP99Ms(perQueue / setup.consumersOnBusiestQueue, setup.config.consumerProcessingMs) +
    (shared === null ? 0 : sharedMachineWaitP99Ms((brokerCores + shared.clientCores) / shared.cores, shared.cores))
  );
}

/**
 * The highest rate the publishers' confirm windows carry, as a delivered total: the busiest
 * queue's publishers × window unconfirmed messages cycle through the confirm's turnaround and
 * that queue's process (a loop in step, lockstepLoopMsgPerSec); a quorum window larger than one
 * Ra flush of 16 enqueues may also wait for a second WAL sync (confirms.ts raFlushSplitMs). With
 * large windows this is the queue's ceiling, with small ones the windows bind (Little's law: in
 * flight ÷ cycle time). Infinity without confirms.
 */
function windowBoundMsgPerSec(setup: BenchSetup): number {
  if (!Number.isFinite(setup.inFlightPerQueue)) return Infinity;
  const serialMs = MS_PER_SECOND / setup.queueCeilingMsgPerSec;
  // A quorum window larger than one Ra flush reaches the WAL in two writes: the second may wait for the first's sync.
  const splitMs = setup.config.queueType === 'quorum' ? raFlushSplitMs(setup.inFlightPerQueue, setup.fsyncMs, serialMs) : 0;
  return lockstepLoopMsgPerSec(setup.inFlightPerQueue, setup.confirmFixedMs + splitMs, serialMs) / setup.busiestQueueShare;
}

/**
 * The highest rate the consumers' prefetch carries on the busiest queue, as a delivered total:
 * its consumers × prefetch unacknowledged deliveries cycle through one slot's turnaround
 * (delivery → client → processing → ack → the broker credits it) and the queue process, in step
 * (lockstepLoopMsgPerSec), the first few of them travelling alone at a higher cost
 * (UnbatchedDeliveries, confirms.ts); at most what the consumers' processing allows (one message at a time
 * each). With a large prefetch this is the queue's ceiling; with a small one the slots bind
 * (prefetch 1 on the local broker: 4,229 msg/s classic, 1,360 quorum, where the queue process
 * carries 27,854 and 19,489; docs/measurements/prefetch-4.3).
 */
export function prefetchBoundMsgPerSec(setup: BenchSetup, deliveryTurnaroundMs = setup.deliveryTurnaroundMs, unbatched = setup.unbatched): number {
  const c = setup.config;
  const carry = prefetchCarryMsgPerSec(
    setup.consumersOnBusiestQueue,
    c.prefetch,
    deliveryTurnaroundMs,
    c.consumerProcessingMs,
    MS_PER_SECOND / setup.queueCeilingMsgPerSec,
    unbatched,
  );
  return carry / setup.busiestQueueShare;
}

/** A loop-bound rate within 2 % of a stage's ceiling is that stage's saturation (the loop only approaches it). */
const WINDOW_BINDS_BELOW = 0.98;

/** The delivered rate at which the model saturates, and what saturates first. */
export function modelSaturation(setup: BenchSetup): { msgPerSec: number; by: Saturation } {
  const queue = setup.queueCeilingMsgPerSec / setup.busiestQueueShare;
  const cpu = setup.messageCpuMicros > 0 ? (setup.cpuCapacityCores * MICROS_PER_SECOND) / setup.messageCpuMicros : Infinity;
  const p = setup.config.consumerProcessingMs;
  const consumers = p > 0 ? (setup.consumersOnBusiestQueue * MS_PER_SECOND) / p / setup.busiestQueueShare : Infinity;
  const bounds: { msgPerSec: number; by: Saturation }[] = [
    { msgPerSec: queue, by: 'queue' },
    { msgPerSec: cpu, by: 'cpu' },
    { msgPerSec: setup.walCeilingMsgPerSec, by: 'wal' },
    { msgPerSec: consumers, by: 'consumers' },
  ];
  // The first of the lowest: ties go to the order above.
  let best = bounds.reduce((a, b) => (b.msgPerSec < a.msgPerSec ? b : a));
  // The windows bind when the closed loop carries clearly less than the stages' ceiling (a loop
  // with large windows only approaches that ceiling; within WINDOW_BINDS_BELOW it is the stage that binds).
  const window = windowBoundMsgPerSec(setup);
  if (window < best.msgPerSec * WINDOW_BINDS_BELOW) best = { msgPerSec: window, by: 'window' };
  const prefetch = prefetchBoundMsgPerSec(setup);
  if (prefetch < best.msgPerSec * WINDOW_BINDS_BELOW) best = { msgPerSec: prefetch, by: 'prefetch' };
  return best;
}

/**
 * `points` evenly spaced rates in (0, maxMsgPerSec] and the model's p99 at each, on the setup
 * `setupAt` gives for that rate (a same-machine client's cores grow with the rate).
 */
export function modelCurve(setupAt: (msgPerSec: number) => BenchSetup, maxMsgPerSec: number, points: number): { msgPerSec: number; p99Ms: number }[] {
  const out: { msgPerSec: number; p99Ms: number }[] = [];
  for (let i = 1; i <= points; i++) {
    const msgPerSec = (maxMsgPerSec * i) / points;
    out.push({ msgPerSec, p99Ms: modelP99Ms(setupAt(msgPerSec), msgPerSec) });
  }
  return out;
}
