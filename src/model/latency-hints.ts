/**
 * What would bring a missed latency target within reach, read off the p99's own terms
 * (LatencyMiss): the term that is largest is named, and each change that alone closes the gap
 * is computed with the model's own formulas, the others held. Ranked by what it costs: changes
 * to the application's side (consumers, queues) cost the cluster nothing; a faster disk or
 * bigger nodes cost money; raising the target gives the requirement up, so it comes last.
 */
import type { ModelContext } from './context.js';
import { MS_PER_SECOND } from './constants.js';
import { consumerTimeP99Ms, queueWaitP99Ms } from './latency.js';
import type { LatencyFix, LatencyMiss, LatencyTerm, Suggestion } from './types.js';

/** Workloads a hint is written for; the rest are counted. */
export const MAX_LATENCY_HINTS = 3;
/** Largest consumer or queue count a hint proposes (beyond it the term cannot be the fix). */
const MAX_PROPOSED_COUNT = 100_000;

type Term = LatencyTerm;

/** The largest term of a p99 (the first of equals, in the order of LatencyMiss.terms). */
export function largestTerm(miss: LatencyMiss): Term {
  let best: Term = 'clientMs';
  for (const t of Object.keys(miss.terms) as Term[]) if (miss.terms[t] > miss.terms[best]) best = t;
  return best;
}

/** Smallest count ≥ from whose value(count) ≤ goal, or null below MAX_PROPOSED_COUNT. */
function smallestCount(from: number, goal: number, value: (count: number) => number): number | null {
  if (value(MAX_PROPOSED_COUNT) > goal) return null;
  let lo = from;
  let hi = MAX_PROPOSED_COUNT;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (value(mid) <= goal) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The changes that each alone bring the p99 to the target, cheapest first. */
function fixes(ctx: ModelContext, miss: LatencyMiss): LatencyFix[] {
  const w = ctx.workloads.find((x) => x.name === miss.workload);
  const excessMs = miss.p99Ms - miss.targetMs;
  const out: LatencyFix[] = [];
  if (miss.processingTimeMs > 0) {
    const goal = miss.terms.consumerMs - excessMs;
    const consumer = (c: number) => consumerTimeP99Ms(miss.peakMsgPerSec / c, miss.processingTimeMs);
    const c = goal > miss.processingTimeMs ? smallestCount(miss.consumersPerGroup + 1, goal, consumer) : null;
    if (c !== null) {
      out.push({
        kind: 'moreConsumers',
        consumersPerGroup: c,
        nowConsumersPerGroup: miss.consumersPerGroup,
        nowBusy: ((miss.peakMsgPerSec / miss.consumersPerGroup) * miss.processingTimeMs) / MS_PER_SECOND,
        termMs: miss.terms.consumerMs,
        newTermMs: consumer(c),
      });
    }
  }
  if (w && miss.terms.queueWaitMs > excessMs) {
    const goal = miss.terms.queueWaitMs - excessMs;
    const wait = (s: number) => queueWaitP99Ms(miss.peakMsgPerSec / s, w.queueCeilingMsgPerSec) * w.queueWaitVariability;
    const s = smallestCount(miss.queuesPerGroup + 1, goal, wait);
    if (s !== null)
      out.push({ kind: 'moreQueues', queuesPerGroup: s, nowQueuesPerGroup: miss.queuesPerGroup, termMs: miss.terms.queueWaitMs, newTermMs: wait(s) });
  }
  if (miss.fsyncMs !== null && miss.fsyncMs > excessMs) {
    out.push({ kind: 'fasterDisk', atMostMs: miss.fsyncMs - excessMs, nowMs: miss.fsyncMs });
  }
  if (miss.terms.walWaitMs > excessMs) out.push({ kind: 'lessBusyWal', waitMs: miss.terms.walWaitMs });
  if (miss.terms.cpuWaitMs > excessMs) out.push({ kind: 'lessBusyCpu', waitMs: miss.terms.cpuWaitMs });
  out.push({ kind: 'raiseTarget', p99Ms: miss.p99Ms });
  return out;
}

/** One hint per missed workload (the worst MAX_LATENCY_HINTS) with its largest term and the fixes; the rest counted. */
export function latencyHints(ctx: ModelContext, misses: readonly LatencyMiss[]): Suggestion[] {
  const hints: Suggestion[] = misses
    .slice(0, MAX_LATENCY_HINTS)
    .map((miss) => ({ kind: 'latencyMiss', miss, largestTerm: largestTerm(miss), fixes: fixes(ctx, miss) }));
  const more = misses.length - hints.length;
  if (more > 0) hints.push({ kind: 'moreLatencyMisses', count: more });
  return hints;
}
