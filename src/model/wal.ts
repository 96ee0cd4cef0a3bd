/**
 * The quorum write path's serial stage and the cost of coordination (docs/model.md "Quorum WAL
 * and coordination").
 *
 * - One write-ahead log process per node takes every quorum message copy on that node, writes a
 *   batch and waits for its fsync before the next ("There is a single WAL per broker, which serves
 *   all quorum queues on that broker": https://www.rabbitmq.com/blog/2020/04/21/quorum-queues-and-why-disks-matter).
 *   Its serial time per copy is w₀ + w₁ × fsync ms, so a node takes at most 10⁶ ÷ that copies/s
 *   however many cores it has: the ceiling that makes 3 × 36 vCPU carry what 3 × 16 does, and a
 *   slower disk lower it (the profile's walMicrosPerCopy, walMicrosPerCopyPerFsyncMs).
 * - Every node beyond the first adds a share σ of each message's work (Raft and cluster
 *   coordination: Universal Scalability Law, Gunther 2007): a message costs 1 + σ(N − 1) times
 *   its single-node work on N nodes (the profile's coordinationPerExtraNode per queue type).
 * Both are fitted on the 2020 cluster grid (src/profile/cluster-scaling.ts). Pure.
 */
import type { NodeCoefficients } from '../schema/profile.js';
import { MICROS_PER_SECOND } from './constants.js';

/** 1 + σ(N − 1): how much more work a message is on an N-node cluster than on one node (σ: coordinationPerExtraNode). */
export function coordinationFactor(sigma: number, clusterNodes: number): number {
  return 1 + sigma * Math.max(0, clusterNodes - 1);
}

/** Serial WAL time per quorum copy at this fsync latency (µs); 0 when the profile has no WAL terms. */
export function walMicrosPerCopy(node: NodeCoefficients, fsyncMs: number): number {
  return (node.walMicrosPerCopy?.value ?? 0) + (node.walMicrosPerCopyPerFsyncMs?.value ?? 0) * fsyncMs;
}

/** Quorum copies/s one node's WAL takes at this fsync latency (∞ without WAL terms). */
export function walCapacityCopiesPerSec(node: NodeCoefficients, fsyncMs: number): number {
  const micros = walMicrosPerCopy(node, fsyncMs);
  return micros > 0 ? MICROS_PER_SECOND / micros : Infinity;
}

/**
 * The quorum WAL's extra commit wait at utilisation ρ (ms), over the one fsync every commit sees:
 * the WAL writes what arrived during the previous cycle, so a cycle of fsync f stretches to
 * f ÷ (1 − ρ) as the copies' serial time fills it (a batch server: T = f + ρT), and a copy waits
 * out the cycle in progress before its own. Taken at the p99 as one whole extra cycle beyond the
 * fsync: f ÷ (1 − ρ) − f = f·ρ ÷ (1 − ρ). 0 without load; ∞ at ρ ≥ 1 (no steady state).
 */
export function walWaitP99Ms(fsyncMs: number, rho: number): number {
  if (!(rho > 0)) return 0;
  if (rho >= 1) return Infinity;
  return (fsyncMs * rho) / (1 - rho);
}
