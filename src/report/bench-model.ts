/**
 * The model's latency-versus-load curve for one bench configuration, to draw next to the measured
 * one: a single node (the bench's broker) with the run's broker cores, the configuration's queue
 * type, message size, queues and consumers, and a calibration profile's coefficients, through the
 * latency terms the planner uses (src/model/latency.ts, docs/model.md "Latency"):
 *
 *   p99 = client round trip + broker fixed cost (quorum: the fsync) + queue-process wait
 *       + node CPU wait + consumer time.
 *
 * With one node there are no followers (R = 1): a quorum message waits for its fsync only. Pure.
 */
import type { BenchRunResult, StepConfig } from '../bench/types.js';
import { MICROS_PER_SECOND, MS_PER_SECOND } from '../model/constants.js';
import { coresFor, cpuCapacityCores, leaderCpuMicrosPerCopy, publishCpuMicrosPerMessage } from '../model/cpu.js';
import { clientNetworkMs, consumerTimeP99Ms, cpuWaitP99Ms, deliveryFixedMs, queueWaitP99Ms } from '../model/latency.js';
import { queueCeilingMsgPerSec } from '../model/queue-ceiling.js';
import type { Profile } from '../schema/profile.js';

/** Replicas per queue on the bench's single node. */
const SINGLE_NODE_REPLICAS = 1;
/**
 * Client ↔ broker round trip when the broker runs on the bench machine: loopback, tens of µs on
 * Linux (`ping -c 100 127.0.0.1`), below what a bench step's latency (hundreds of µs and up) shows.
 */
export const LOOPBACK_RTT_MS = 0;
/**
 * Round trip to a broker elsewhere: the workload file's default cluster.broker.interNodeRttMs
 * (src/schema/workload.ts), an assumption for one region; the bench does not measure it.
 */
export const REMOTE_RTT_MS = 1;
/** Where the fsync latency is unknown it is taken as 0: the quorum curve is then a lower bound. */
const UNKNOWN_FSYNC_MS = 0;

/** The machine the model is evaluated on, with where each figure comes from. */
export interface BenchMachine {
  brokerCores: number;
  coresFrom: string;
  fsyncMs: number;
  fsyncFrom: string;
  rttMs: number;
  rttFrom: string;
}

/** The run's broker machine as the model sees it, or why it cannot be drawn. */
export function benchMachine(run: BenchRunResult, profile: Profile): BenchMachine | { missing: string } {
  const reported = run.broker?.nodes[0]?.processors ?? null;
  let brokerCores: number;
  let coresFrom: string;
  if (reported !== null && reported > 0) {
    brokerCores = reported;
    coresFrom = 'as the broker reported them';
  } else if (run.broker?.local) {
    brokerCores = run.client.cores;
    coresFrom = "the bench machine's (the broker runs on it)";
  } else if (profile.origin.coresPerNode !== undefined) {
    brokerCores = profile.origin.coresPerNode;
    coresFrom = "the profile's calibration hardware (the run does not say)";
  } else {
    return { missing: 'the run does not say how many cores the broker has, nor does the profile' };
  }
  const fsync = profile.origin.fsyncLatencyMs;
  const local = run.broker?.local === true;
  return {
    brokerCores,
    coresFrom,
    fsyncMs: fsync ?? UNKNOWN_FSYNC_MS,
    fsyncFrom: fsync !== undefined ? "the profile's origin.fsyncLatencyMs" : 'unknown (the profile carries none): taken as 0, so quorum curves are a lower bound',
    rttMs: local ? LOOPBACK_RTT_MS : REMOTE_RTT_MS,
    rttFrom: local ? 'loopback (broker on the bench machine)' : 'the workload default for one region (not measured)',
  };
}

/** Why the model has no steady state beyond its saturation rate. */
export type Saturation = 'queue' | 'cpu' | 'consumers';

/** One configuration's figures that do not depend on the rate. */
export interface BenchSetup {
  config: StepConfig;
  /** Share of the publish rate the busiest queue takes: publisher p publishes to queue p mod queues. */
  busiestQueueShare: number;
  /** Consumers on the busiest queue: consumer c reads queue c mod queues. */
  consumersOnBusiestQueue: number;
  queueCeilingMsgPerSec: number;
  /** Kingman factor on the queue wait (the profile's queueWaitVariability, else 1). */
  queueWaitVariability: number;
  cpuCapacityCores: number;
  /** Broker CPU per message: publish + leader (core-µs). */
  messageCpuMicros: number;
  fixedMs: number;
}

export function benchSetup(profile: Profile, machine: BenchMachine, config: StepConfig): BenchSetup {
  const coeff = profile.queueTypes[config.queueType];
  const size = config.messageSizeBytes;
  const publishersOnQueue0 = Math.ceil(config.publishers / config.queues);
  return {
    config,
    busiestQueueShare: publishersOnQueue0 / config.publishers,
    consumersOnBusiestQueue: Math.max(1, Math.ceil(config.consumers / config.queues)),
    queueCeilingMsgPerSec: queueCeilingMsgPerSec(coeff, size),
    queueWaitVariability: coeff.queueWaitVariability?.value ?? 1,
    cpuCapacityCores: cpuCapacityCores(machine.brokerCores, profile.node.cpuEfficiency),
    messageCpuMicros: publishCpuMicrosPerMessage(coeff, size) + leaderCpuMicrosPerCopy(coeff, size),
    fixedMs:
      clientNetworkMs(machine.rttMs) +
      deliveryFixedMs(config.queueType, SINGLE_NODE_REPLICAS, machine.fsyncMs, machine.rttMs) +
      (coeff.latencyTailP99Ms?.value ?? 0),
  };
}

/** The model's p99 publish → delivery (ms) at `msgPerSec` delivered; Infinity past saturation. */
export function modelP99Ms(setup: BenchSetup, msgPerSec: number): number {
  const perQueue = msgPerSec * setup.busiestQueueShare;
  const cpuUtilization = coresFor(msgPerSec, setup.messageCpuMicros) / setup.cpuCapacityCores;
  return (
    setup.fixedMs +
    queueWaitP99Ms(perQueue, setup.queueCeilingMsgPerSec) * setup.queueWaitVariability +
    cpuWaitP99Ms(cpuUtilization, setup.messageCpuMicros, setup.cpuCapacityCores) +
    consumerTimeP99Ms(perQueue / setup.consumersOnBusiestQueue, setup.config.consumerProcessingMs)
  );
}

/** The delivered rate at which the model saturates, and what saturates first. */
export function modelSaturation(setup: BenchSetup): { msgPerSec: number; by: Saturation } {
  const queue = setup.queueCeilingMsgPerSec / setup.busiestQueueShare;
  const cpu = setup.messageCpuMicros > 0 ? (setup.cpuCapacityCores * MICROS_PER_SECOND) / setup.messageCpuMicros : Infinity;
  const p = setup.config.consumerProcessingMs;
  const consumers = p > 0 ? (setup.consumersOnBusiestQueue * MS_PER_SECOND) / p / setup.busiestQueueShare : Infinity;
  if (queue <= cpu && queue <= consumers) return { msgPerSec: queue, by: 'queue' };
  return cpu <= consumers ? { msgPerSec: cpu, by: 'cpu' } : { msgPerSec: consumers, by: 'consumers' };
}

/** `points` evenly spaced rates in (0, maxMsgPerSec] and the model's p99 at each. */
export function modelCurve(setup: BenchSetup, maxMsgPerSec: number, points: number): { msgPerSec: number; p99Ms: number }[] {
  const out: { msgPerSec: number; p99Ms: number }[] = [];
  for (let i = 1; i <= points; i++) {
    const msgPerSec = (maxMsgPerSec * i) / points;
    out.push({ msgPerSec, p99Ms: modelP99Ms(setup, msgPerSec) });
  }
  return out;
}
