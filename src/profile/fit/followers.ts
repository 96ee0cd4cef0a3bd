/**
 * What a follower costs (replicaCpuMicros), from a calibration run on a cluster beside the
 * single-node runs the other stages were fitted on. A single node measures publish, enqueue and
 * deliver together but has no followers; a cluster run adds R − 1 followers per message and the
 * coordination of N nodes. With those stages fixed, the model's own CPU formula
 * (src/model/bench-prediction.ts benchSetup: (publish + leader + (R − 1) × follower) × (1 + σ(N − 1)))
 * is solved for the follower's per-message cost at each of the cluster run's steps at high load,
 * and the mean taken. The nodes' CPU is their sum, which the bench reads only when they run on its
 * machine (a local test cluster); on a real cluster each follower's work lands on its own node,
 * and the sum is the same. Pure.
 */
import { leaderCpuMicrosPerCopy, perByteMicros, publishCpuMicrosPerMessage } from '../../model/cpu.js';
import { coordinationFactor } from '../../model/wal.js';
import type { QueueTypeCoefficients } from '../../schema/profile.js';
import { cleanSamples, highLoadSamples, lowLoadNote, microsOf, nonNegativeMean, notMeasured, residualStats, sampleResidual } from './groups.js';
import type { FitGroup } from './report.js';
import { brokerCores, stepRate, type Selection } from './samples.js';

export const FOLLOWER_EQUATION =
  'broker core-µs per message on N nodes at ≥ 90 % of the maximum rate = (publish + leader + (R − 1) × (F + size × B)) × (1 + σ(N − 1)), solved for F';

/** Steps at high load the mean needs: one search's maximum and the steps around it. */
const MIN_FOLLOWER_POINTS = 2;

/**
 * `sel`: the cluster run's steps of one queue type; `nodes`: its broker nodes; `stages`: the
 * coefficients fitted on the single-node runs (publish, enqueue, deliver, per byte, σ).
 */
export function fitFollowerCpu(sel: Selection, nodes: number, stages: QueueTypeCoefficients): FitGroup {
  const replicas = sel.replicas ?? 1;
  if (sel.steps.length === 0) return notMeasured(FOLLOWER_EQUATION, 'core-µs/msg', `the cluster run has no ${sel.queueType} steps`);
  if (replicas <= 1) return notMeasured(FOLLOWER_EQUATION, 'core-µs/msg', `the cluster run's ${sel.queueType} queues had no followers`);
  if (!sel.steps.some((s) => brokerCores(s) !== null)) {
    return notMeasured(FOLLOWER_EQUATION, 'core-µs/msg', "the cluster's CPU was not measurable (its nodes do not run on the bench machine)");
  }
  const { samples: all, lowLoad } = highLoadSamples(sel, brokerCores);
  const { samples, notes: selectionNotes } = cleanSamples(all);
  if (samples.length < MIN_FOLLOWER_POINTS) {
    return notMeasured(
      FOLLOWER_EQUATION,
      'core-µs/msg',
      `${samples.length} cluster step(s) at high load with broker CPU figures; the fit needs ${MIN_FOLLOWER_POINTS}`,
    );
  }
  const sigma = stages.coordinationPerExtraNode?.value ?? 0;
  const coordination = coordinationFactor(sigma, nodes);
  const leaderPath = (size: number, confirms: boolean) => publishCpuMicrosPerMessage(stages, size, confirms) + leaderCpuMicrosPerCopy(stages, size);
  const perFollower = samples.map((s) => {
    const size = s.step.config.messageSizeBytes;
    return (microsOf(s) / coordination - leaderPath(size, s.step.config.confirms)) / (replicas - 1) - perByteMicros(stages, size);
  });
  const { value, stdErr } = nonNegativeMean(perFollower);
  const residuals = samples.map((s) => {
    const size = s.step.config.messageSizeBytes;
    return sampleResidual(s, (leaderPath(size, s.step.config.confirms) + (replicas - 1) * (value + perByteMicros(stages, size))) * coordination);
  });
  return {
    status: 'fitted',
    notes: [
      ...lowLoadNote(lowLoad),
      ...selectionNotes,
      `${nodes} nodes, ${replicas} replicas per queue; the single-node stages (${leaderPath(1024, true).toFixed(3)} core-µs for a 1 KiB message with a confirm) and σ = ${sigma} held fixed; the nodes' CPU summed (they run on the bench machine)`,
    ],
    equation: FOLLOWER_EQUATION,
    responseUnit: 'core-µs/msg',
    parameters: {
      followerMicros: value,
      ...(stdErr !== null ? { followerStdErrMicros: stdErr } : {}),
      replicas,
      nodes,
      coordinationFactor: coordination,
      meanRateMsgPerSec: samples.reduce((a, s) => a + stepRate(s.step), 0) / samples.length,
    },
    coefficients: { replicaCpuMicros: value },
    r2: null,
    points: samples.length,
    ...residualStats(residuals),
    residuals,
  };
}
