/**
 * The consumers' prefetch loop (queueTypes.<type>.deliveryTurnaroundMs, unbatchedDeliveryMicros and
 * unbatchedInFlightMax): from the closed-loop searches whose consumers' prefetch bound them
 * (samples.ts PREFETCH_BOUND_MAX). Each search's maximum is read back, through the model's own loop
 * with every delivery batched (src/model/bench-prediction.ts prefetchBoundMsgPerSec), as the
 * turnaround that carries it — found by bisection (the loop's rate falls as the turnaround grows).
 * Those turnarounds grow with the deliveries in flight N while the deliveries travel alone and stop
 * growing once they batch (src/model/confirms.ts UnbatchedDeliveries), so they are fitted as
 * Z + W·min(N, K): the slot's own turnaround Z, the extra time W of a delivery that travels alone,
 * and the most deliveries K that do. Which searches lie below K is chosen by least squares over the
 * splits of their distinct N. One N measures Z only; no search beyond the line's reach leaves K at
 * the largest N measured (named so in the report). The other stage of the loop (the queue process)
 * is the coefficients fitted before it.
 */
import type { MaxRateSearch } from '../../bench/types.js';
import { MICROS_PER_MS } from '../../model/constants.js';
import { benchSetup, prefetchBoundMsgPerSec, type BenchNode, type BenchSetup } from '../../model/bench-prediction.js';
import { ALL_BATCHED, unbatchedDeliveries, unbatchedTimeMs, type UnbatchedDeliveries } from '../../model/confirms.js';
import { leastSquaresLine, median } from '../../model/stats.js';
import type { Profile, QueueTypeCoefficients } from '../../schema/profile.js';
import type { QueueType } from '../../schema/workload.js';
import { notMeasured, residualPercent, residualStats } from './groups.js';
import type { FitGroup, FitResidual } from './report.js';
import { PREFETCH_BOUND_MAX, searchIsLowerBound } from './samples.js';

const EQUATION =
  "prefetch loop: N = consumers × prefetch deliveries cycle in Z + N × queue service + W × min(N, K) = the search's maximum (the first K travel alone)";
/** Bisection steps: 60 halvings of the bracket leave far less than a microsecond. */
const BISECTION_STEPS = 60;
/** K within this fraction of the next N up is at it (rounding): the line reaches that far. */
const K_AT_NEXT_TOLERANCE = 1e-9;
/** Two splits whose squared errors differ by less than this (ms²) fit equally well: the one that identifies K wins. */
const SSE_TIE_MS2 = 1e-12;

/**
 * The turnaround (ms) with which the prefetch loop of `setup` (a search's configuration on its
 * machine) carries `msgPerSec`, the loop's unbatched deliveries as given; null when no turnaround does.
 */
export function turnaroundFor(setup: BenchSetup, msgPerSec: number, unbatched: UnbatchedDeliveries = ALL_BATCHED): number | null {
  const at = (ms: number) => prefetchBoundMsgPerSec(setup, ms, unbatched);
  if (!(at(0) > msgPerSec)) return null;
  // Every slot turning once per (consumers × prefetch ÷ rate) is the slowest turnaround that could carry the rate.
  let hi = (setup.consumersOnBusiestQueue * setup.config.prefetch * 1000) / (msgPerSec * setup.busiestQueueShare);
  let lo = 0;
  for (let i = 0; i < BISECTION_STEPS; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) > msgPerSec) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A search read back as the turnaround its maximum needs with every delivery batched. */
export interface LoopPoint {
  /** Deliveries in flight on the busiest queue: its consumers × prefetch. */
  inFlight: number;
  turnaroundMs: number;
}

export interface LoopFit {
  turnaroundMs: number;
  unbatched: UnbatchedDeliveries;
  /** How much the points identified: the turnaround only (one N), the line without its end (K = the largest N), or all three. */
  identified: 'turnaround' | 'line' | 'all';
}

/** Least squares of ms = Z + W·N with Z, W ≥ 0. */
function line(points: readonly LoopPoint[]): { z: number; w: number } {
  const fit = leastSquaresLine(
    points.map((p) => p.inFlight),
    points.map((p) => p.turnaroundMs),
  );
  const w = fit.slope;
  if (w <= 0) return { z: Math.max(0, fit.meanY), w: 0 };
  const z = fit.intercept;
  if (z >= 0) return { z, w };
  // Through the origin: a slot cannot turn in negative time.
  const sxxo = points.reduce((a, p) => a + p.inFlight ** 2, 0);
  return { z: 0, w: points.reduce((a, p) => a + p.inFlight * p.turnaroundMs, 0) / sxxo };
}

/**
 * Z + W·min(N, K) fitted to the points (pure; the searches' read-backs are turnaroundFor's). With one
 * N only Z is measured: it is what is left of the read-backs once `prior` (the base profile's W and
 * K, kept) is taken off.
 */
export function fitLoop(points: readonly LoopPoint[], prior: UnbatchedDeliveries = ALL_BATCHED): LoopFit {
  const distinct = [...new Set(points.map((p) => p.inFlight))].sort((a, b) => a - b);
  if (distinct.length < 2) {
    const own = points.map((p) => Math.max(0, p.turnaroundMs - unbatchedTimeMs(prior, p.inFlight)));
    return { turnaroundMs: median(own)!, unbatched: prior, identified: 'turnaround' };
  }
  let best: (LoopFit & { sse: number }) | null = null;
  for (let s = 2; s <= distinct.length; s++) {
    const edge = distinct[s - 1]!;
    const below = points.filter((p) => p.inFlight <= edge);
    const beyond = points.filter((p) => p.inFlight > edge);
    const { z, w } = line(below);
    let upTo = edge;
    if (beyond.length > 0 && w > 0) {
      const level = beyond.reduce((a, p) => a + p.turnaroundMs, 0) / beyond.length;
      upTo = Math.min(distinct[s]!, Math.max(edge, (level - z) / w));
    }
    const sse = points.reduce((a, p) => a + (p.turnaroundMs - z - w * Math.min(p.inFlight, upTo)) ** 2, 0);
    // K at the next N up is no end seen: the line reaches that far at least.
    const identified = beyond.length > 0 && upTo < distinct[s]! * (1 - K_AT_NEXT_TOLERANCE) ? 'all' : 'line';
    if (identified === 'line' && beyond.length > 0) upTo = distinct[s]!;
    const better = best === null || sse < best.sse - SSE_TIE_MS2 || (sse <= best.sse + SSE_TIE_MS2 && identified === 'all' && best.identified !== 'all');
    if (better) {
      best = { turnaroundMs: z, unbatched: w > 0 ? { extraMs: w, upTo } : ALL_BATCHED, identified, sse };
    }
  }
  const { sse: _sse, ...fit } = best!;
  return fit;
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
): { group: FitGroup; identified: LoopFit['identified'] | null } {
  if (searches.length === 0) {
    const why = `no search with a prefetch of at most ${PREFETCH_BOUND_MAX} (the consumers' slots did not bind)`;
    return { group: notMeasured(EQUATION, 'ms', why), identified: null };
  }
  // Read back with every delivery batched: what the unbatched ones add is what is fitted.
  const { unbatchedDeliveryMicros: _w, unbatchedInFlightMax: _k, ...batched } = coefficients;
  const profile: Profile = { ...base, queueTypes: { ...base.queueTypes, [queueType]: batched } };
  const notes: string[] = [];
  const read: { search: MaxRateSearch; setup: BenchSetup; point: LoopPoint }[] = [];
  for (const s of searches) {
    if (s.maxSustainedMsgPerSec <= 0) notes.push(`${s.label}: no rate was sustained`);
    else if (searchIsLowerBound(s)) notes.push(`${s.label}: every trial was sustained (a lower bound), left out`);
    else {
      const setup = benchSetup(profile, machineOf(s), s.config);
      const ms = turnaroundFor(setup, s.maxSustainedMsgPerSec);
      if (ms === null) notes.push(`${s.label}: the queue process alone cannot carry its maximum with these coefficients, left out`);
      else read.push({ search: s, setup, point: { inFlight: setup.consumersOnBusiestQueue * s.config.prefetch, turnaroundMs: ms } });
    }
  }
  if (read.length === 0) return { group: notMeasured(EQUATION, 'ms', notes[0] ?? 'no usable search'), identified: null };
  const prior = unbatchedDeliveries(coefficients);
  const fit = fitLoop(
    read.map((r) => r.point),
    prior,
  );
  if (fit.identified === 'turnaround') {
    notes.push(
      prior.extraMs > 0
        ? "one prefetch measured: the turnaround only (the base profile's unbatched deliveries kept)"
        : 'one prefetch measured: the turnaround only (every delivery taken as batched)',
    );
  }
  const terms = fit.identified === 'all' ? 3 : fit.identified === 'line' ? 2 : 1;
  if (read.length <= terms && terms > 1) {
    notes.push(`${read.length} searches for ${terms} terms: exactly determined, so the residuals do not check the fit (measure more prefetches to check it)`);
  }
  if (fit.identified === 'line') {
    notes.push(`no search beyond the unbatched line: every delivery up to the largest in flight measured (${fit.unbatched.upTo}) taken as travelling alone`);
  }
  const residuals: FitResidual[] = read.map(({ search, setup }) => {
    const fitted = prefetchBoundMsgPerSec(setup, fit.turnaroundMs, fit.unbatched);
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
  const unbatched: Record<string, number> =
    fit.identified === 'turnaround' ? {} : { unbatchedDeliveryMicros: fit.unbatched.extraMs * MICROS_PER_MS, unbatchedInFlightMax: fit.unbatched.upTo };
  const group: FitGroup = {
    status: 'fitted',
    notes,
    equation: EQUATION,
    responseUnit: 'msg/s',
    parameters: { turnaroundMs: fit.turnaroundMs, ...unbatched },
    coefficients: { deliveryTurnaroundMs: fit.turnaroundMs, ...unbatched },
    r2: null,
    points: read.length,
    ...residualStats(residuals),
    residuals,
  };
  return { group, identified: fit.identified };
}
