/**
 * The delivery turnaround (queueTypes.<type>.deliveryTurnaroundMs): from the closed-loop searches
 * whose consumers' prefetch bound them (samples.ts PREFETCH_BOUND_MAX), the one slot turnaround
 * with which the model's own prefetch loop (src/model/bench-prediction.ts prefetchBoundMsgPerSec)
 * carries what each search sustained, found by bisection (the loop's rate falls as the turnaround
 * grows); the coefficient is their median. The other stages of the loop (the queue process) are
 * the coefficients fitted before it.
 */
import type { MaxRateSearch } from '../../bench/types.js';
import { benchSetup, prefetchBoundMsgPerSec, type BenchNode } from '../../model/bench-prediction.js';
import { median } from '../../model/stats.js';
import type { Profile, QueueTypeCoefficients } from '../../schema/profile.js';
import type { QueueType } from '../../schema/workload.js';
import { notMeasured, residualPercent, residualStats } from './groups.js';
import type { FitGroup, FitResidual } from './report.js';
import { PREFETCH_BOUND_MAX, searchIsLowerBound } from './samples.js';

const EQUATION = "prefetch loop (consumers × prefetch deliveries through the turnaround and the queue process) = the search's maximum";
/** Bisection steps: 60 halvings of the bracket leave far less than a microsecond. */
const BISECTION_STEPS = 60;

/** The turnaround (ms) with which the prefetch loop on `machine` carries `msgPerSec`; null when no turnaround does. */
export function turnaroundFor(profile: Profile, search: MaxRateSearch, msgPerSec: number, machine: BenchNode): number | null {
  const setup = benchSetup(profile, machine, search.config);
  const at = (ms: number) => prefetchBoundMsgPerSec(setup, ms);
  if (!(at(0) > msgPerSec)) return null;
  // Every slot turning once per (consumers × prefetch ÷ rate) is the slowest turnaround that could carry the rate.
  let hi = (setup.consumersOnBusiestQueue * search.config.prefetch * 1000) / (msgPerSec * setup.busiestQueueShare);
  let lo = 0;
  for (let i = 0; i < BISECTION_STEPS; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) > msgPerSec) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * `machineOf(search)`: the bench machine as the model sees it during that search (its cores, and
 * the cores its same-machine client used at the maximum): the loop's CPU stage runs on it.
 */
export function fitDeliveryTurnaround(
  searches: readonly MaxRateSearch[],
  queueType: QueueType,
  coefficients: QueueTypeCoefficients,
  base: Profile,
  machineOf: (search: MaxRateSearch) => BenchNode,
): FitGroup {
  if (searches.length === 0) {
    return notMeasured(EQUATION, 'ms', `no search with a prefetch of at most ${PREFETCH_BOUND_MAX} (the consumers' slots did not bind)`);
  }
  const profile: Profile = { ...base, queueTypes: { ...base.queueTypes, [queueType]: coefficients } };
  const notes: string[] = [];
  const points: { search: MaxRateSearch; ms: number }[] = [];
  for (const s of searches) {
    if (s.maxSustainedMsgPerSec <= 0) notes.push(`${s.label}: no rate was sustained`);
    else if (searchIsLowerBound(s)) notes.push(`${s.label}: every trial was sustained (a lower bound), left out`);
    else {
      const ms = turnaroundFor(profile, s, s.maxSustainedMsgPerSec, machineOf(s));
      if (ms === null) notes.push(`${s.label}: the queue process alone cannot carry its maximum with these coefficients, left out`);
      else points.push({ search: s, ms });
    }
  }
  if (points.length === 0) return notMeasured(EQUATION, 'ms', notes[0] ?? 'no usable search');
  const turnaroundMs = median(points.map((p) => p.ms))!;
  const residuals: FitResidual[] = points.map(({ search }) => {
    const fitted = prefetchBoundMsgPerSec(benchSetup(profile, machineOf(search), search.config), turnaroundMs);
    return {
      label: search.label,
      stepIndex: null,
      sizeBytes: search.config.messageSizeBytes,
      rateMsgPerSec: search.maxSustainedMsgPerSec,
      measured: search.maxSustainedMsgPerSec,
      fitted,
      residualPercent: residualPercent(search.maxSustainedMsgPerSec, fitted),
    };
  });
  return {
    status: 'fitted',
    notes,
    equation: EQUATION,
    responseUnit: 'msg/s',
    parameters: { turnaroundMs },
    coefficients: { deliveryTurnaroundMs: turnaroundMs },
    r2: null,
    points: points.length,
    ...residualStats(residuals),
    residuals,
  };
}
