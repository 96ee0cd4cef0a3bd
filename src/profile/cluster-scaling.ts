/**
 * The cluster terms of the default profile, fitted on published cluster throughputs
 * (docs/calibration.md, part B): how much CPU one message costs the cluster, how fast each node's
 * quorum write-ahead log can take message copies at a given fsync latency, and how much every
 * message's work grows with the node count (coordination). Pure arithmetic, no I/O.
 *
 * The model it fits is the planner's, written in closed form for a cluster whose leaders, replicas
 * and connections spread evenly (src/model/node-demand.ts, kernel.ts): N nodes of v vCPUs, each
 * message replicated R times, fsync latency f. Per node
 *
 *   CPU:  (X / N) · C · g ≤ v · u                 (u: the usable fraction of a vCPU)
 *   WAL:  (X · R / N) · (w₀ + w₁ · f) · g ≤ 1      (one WAL process per node, one copy at a time)
 *   g  =  1 + σ · (N − 1)                           (coordination: Universal Scalability Law's σ)
 *
 * so the top throughput is X = min(N·v·u / (C·g), N / (R·(w₀ + w₁f)·g)). C is core-µs per
 * message over the cluster; w₀ the WAL's serial time per copy, w₁ what each ms of fsync adds to it
 * (the WAL writes one batch and waits for its fsync before the next: a slower disk stretches the
 * serial cycle); σ the share of a message's work that every further node adds (Gunther, Guerrilla
 * Capacity Planning, 2007, ch. 4; κ, the crosstalk term, is 0: 7 shapes up to 9 nodes do not
 * identify it, assumption A25).
 */

import { coordinationFactor } from '../model/wal.js';

/** What a cell's shape contributes to the closed form. */
export interface ScalingCell {
  nodes: number;
  vcpusPerNode: number;
  fsyncMs: number;
  msgPerSec: number;
}

export interface ClusterScaling {
  /** C: broker core-µs per message summed over the cluster. */
  clusterCpuMicrosPerMessage: number;
  /** w₀: WAL serial time per message copy at zero fsync latency (µs). */
  walMicrosPerCopy: number;
  /** w₁: µs of WAL serial time per copy added by each ms of fsync latency. */
  walMicrosPerCopyPerFsyncMs: number;
  /** σ: work added per message by each node beyond the first, as a fraction. */
  coordinationPerExtraNode: number;
}

export interface ScalingFit extends ClusterScaling {
  /** Root-mean-square of ln(predicted ÷ measured) over the fitted cells. */
  rmsLogError: number;
  cells: number;
}

/** Top throughput of a cell under the closed form, and which bound gives it. */
export function scalingPrediction(
  s: ClusterScaling,
  cell: Omit<ScalingCell, 'msgPerSec'>,
  replicationFactor: number,
  usableFraction: number,
): { msgPerSec: number; by: 'cpu' | 'wal' } {
  const g = coordinationFactor(s.coordinationPerExtraNode, cell.nodes);
  const cpu = (cell.nodes * cell.vcpusPerNode * usableFraction * 1e6) / (s.clusterCpuMicrosPerMessage * g);
  const wal = (cell.nodes * 1e6) / (replicationFactor * (s.walMicrosPerCopy + s.walMicrosPerCopyPerFsyncMs * cell.fsyncMs) * g);
  return cpu <= wal ? { msgPerSec: cpu, by: 'cpu' } : { msgPerSec: wal, by: 'wal' };
}

/** Starting values of the search: the order of magnitude of the 2020 cluster figures. */
const START = { cpuMicros: 500, walMicros: 20, walMicrosPerFsyncMs: 1 };
/** Starting σ values tried (the min() makes the surface kinked: several starts avoid a poor local minimum). */
const SIGMA_STARTS = [0, 0.05, 0.1, 0.2];
/** Initial step of each parameter (ln C, ln w₀, ln w₁, σ) and the step at which the search stops. */
const INITIAL_STEPS = [0.5, 0.5, 0.5, 0.05];
const FINAL_STEP = 1e-7;
const MAX_ITERATIONS = 20_000;
/** ln w₁ is kept above this (w₁ ≈ 2·10⁻⁹ µs/ms: no fsync effect). */
const MIN_LN_W1 = -20;

/**
 * Fits C, w₀, w₁ and σ to the cells by least squares on ln(predicted ÷ measured) (throughputs
 * are compared by ratio), with a deterministic pattern search (Hooke & Jeeves, "Direct search
 * solution of numerical and statistical problems", JACM 8(2), 1961) from several starts.
 */
export function fitClusterScaling(cells: readonly ScalingCell[], replicationFactor: number, usableFraction: number): ScalingFit {
  if (cells.length < 4) throw new Error('fitClusterScaling needs at least four cells for four parameters');
  const decode = (x: readonly number[]): ClusterScaling => ({
    clusterCpuMicrosPerMessage: Math.exp(x[0]!),
    walMicrosPerCopy: Math.exp(x[1]!),
    walMicrosPerCopyPerFsyncMs: Math.exp(x[2]!),
    coordinationPerExtraNode: x[3]!,
  });
  const loss = (x: readonly number[]): number => {
    const s = decode(x);
    let sum = 0;
    for (const c of cells) sum += Math.log(scalingPrediction(s, c, replicationFactor, usableFraction).msgPerSec / c.msgPerSec) ** 2;
    return sum;
  };
  const clamp = (x: number[]): number[] => [x[0]!, x[1]!, Math.max(MIN_LN_W1, x[2]!), Math.max(0, x[3]!)];

  let best: { x: number[]; loss: number } | null = null;
  for (const sigma of SIGMA_STARTS) {
    let x = [Math.log(START.cpuMicros), Math.log(START.walMicros), Math.log(START.walMicrosPerFsyncMs), sigma];
    let fx = loss(x);
    const step = [...INITIAL_STEPS];
    for (let it = 0; it < MAX_ITERATIONS && step.some((s) => s > FINAL_STEP); it++) {
      let moved = false;
      for (let i = 0; i < x.length; i++) {
        for (const sign of [1, -1]) {
          const y = [...x];
          y[i] = y[i]! + sign * step[i]!;
          const candidate = clamp(y);
          const fy = loss(candidate);
          if (fy < fx) {
            x = candidate;
            fx = fy;
            moved = true;
            break;
          }
        }
      }
      if (!moved) for (let i = 0; i < step.length; i++) step[i] = step[i]! / 2;
    }
    if (best === null || fx < best.loss) best = { x, loss: fx };
  }
  return { ...decode(best!.x), rmsLogError: Math.sqrt(best!.loss / cells.length), cells: cells.length };
}
