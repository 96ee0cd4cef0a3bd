/**
 * CPU (docs/model.md "Per-node demand"): broker core-seconds per second on a node, from the
 * per-message costs in the calibration profile, and what a node can usefully supply.
 *
 * Why a usable fraction: Erlang cannot keep very large nodes busy. Vanlightly measured 36-vCPU
 * nodes that "didn't go past 60% utilisation" while 8 and 16 vCPU nodes were CPU-bound
 * (https://www.rabbitmq.com/blog/2020/06/19/cluster-sizing-case-study-mirrored-queues-part-1);
 * the profile's cpuEfficiency curve carries the figures.
 */
import type { NodeCoefficients, QueueTypeCoefficients } from '../schema/profile.js';
import { ACK_EACH, ackCpuSavingMicros, type AckPattern } from './acks.js';
import { MICROS_PER_SECOND, NANOS_PER_MICRO } from './constants.js';

type EfficiencyPoint = NodeCoefficients['cpuEfficiency'][number];

/** Body-handling cost of one hop (core-µs): size × ns/B ÷ 1000. */
export function perByteMicros(coeff: QueueTypeCoefficients, sizeBytes: number): number {
  return (sizeBytes * coeff.cpuNanosPerByte.value) / NANOS_PER_MICRO;
}

/**
 * Core-µs per message received on a channel (parse, route, confirm): one body hop. publishCpuMicros
 * includes the confirm; without confirms (`confirms` false) the profile's confirmCpuMicros is taken off.
 */
export function publishCpuMicrosPerMessage(coeff: QueueTypeCoefficients, sizeBytes: number, confirms = true): number {
  const confirm = confirms ? 0 : Math.min(coeff.confirmCpuMicros?.value ?? 0, coeff.publishCpuMicros.value);
  return coeff.publishCpuMicros.value - confirm + perByteMicros(coeff, sizeBytes);
}

/**
 * Core-µs per message copy at the queue leader: enqueue + deliver, two body hops (in and out),
 * + what persistence adds (`persistent`: a persistent classic message; persistentCpuMicros, 0 when
 * absent), − the acks its consumers do not send (`acks`; deliverCpuMicros includes one per delivery: acks.ts).
 */
export function leaderCpuMicrosPerCopy(coeff: QueueTypeCoefficients, sizeBytes: number, persistent = false, acks: AckPattern = ACK_EACH): number {
  const extra = persistent ? (coeff.persistentCpuMicros?.value ?? 0) : 0;
  return coeff.enqueueCpuMicros.value + coeff.deliverCpuMicros.value - ackCpuSavingMicros(coeff, acks) + 2 * perByteMicros(coeff, sizeBytes) + extra;
}

/** Core-µs per message copy at each follower replica: one body hop (0 work for classic queues, which have none). */
export function followerCpuMicrosPerCopy(coeff: QueueTypeCoefficients, sizeBytes: number): number {
  return coeff.replicaCpuMicros.value + perByteMicros(coeff, sizeBytes);
}

/** Cores busy for `msgPerSec` messages at `micros` core-µs each. */
export function coresFor(msgPerSec: number, micros: number): number {
  return (msgPerSec * micros) / MICROS_PER_SECOND;
}

/**
 * Usable fraction of a node's vCPUs: piecewise linear through the profile's points (sorted by
 * vCPU count), flat beyond the first and last point.
 */
export function usableCpuFraction(vcpus: number, curve: readonly EfficiencyPoint[]): number {
  const points = [...curve].sort((a, b) => a.vcpus - b.vcpus);
  const first = points[0];
  if (first === undefined) return 1;
  if (vcpus <= first.vcpus) return first.usableFraction;
  for (let i = 1; i < points.length; i++) {
    const hi = points[i]!;
    const lo = points[i - 1]!;
    if (vcpus <= hi.vcpus) {
      const t = (vcpus - lo.vcpus) / (hi.vcpus - lo.vcpus);
      return lo.usableFraction + t * (hi.usableFraction - lo.usableFraction);
    }
  }
  return points[points.length - 1]!.usableFraction;
}

/** Cores a node can usefully keep busy: vCPU × usable fraction. */
export function cpuCapacityCores(vcpus: number, curve: readonly EfficiencyPoint[]): number {
  return vcpus * usableCpuFraction(vcpus, curve);
}
