/**
 * What would bring a missed latency target within reach, read off the p99's own terms
 * (LatencyMiss): the term that is largest is named, and each change that alone closes the gap
 * is computed with the model's own formulas, the others held. Ranked by what it costs: changes
 * to the application's side (consumers, queues) cost the cluster nothing; a faster disk or
 * bigger nodes cost money; raising the target gives the requirement up, so it comes last.
 */
import type { ModelContext } from './context.js';
import { ms, num, pct } from './format.js';
import { consumerTimeP99Ms, queueWaitP99Ms } from './latency.js';
import type { LatencyMiss, ScenarioKind } from './types.js';

/** Workloads a hint is written for; the rest are counted. */
export const MAX_LATENCY_HINTS = 3;
/** Largest consumer or queue count a hint proposes (beyond it the term cannot be the fix). */
const MAX_PROPOSED_COUNT = 100_000;

type Term = keyof LatencyMiss['terms'];
const TERM_NAMES: Record<Term, string> = {
  clientMs: 'client round trips',
  commitMs: 'commit (fsync and replication)',
  walWaitMs: "quorum WAL's wait under load",
  queueWaitMs: 'queue wait',
  cpuWaitMs: 'CPU wait',
  consumerMs: 'consumer',
};
const SCENARIO_WORDS: Record<ScenarioKind, string> = {
  healthy: 'at peak',
  nodeFailure: 'after a node loss',
  zoneFailure: 'after a zone loss',
  burst: 'in the burst',
};

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

/** x rounded up to 3 significant digits (a target at or above the p99). */
function roundUp(x: number): string {
  const decimals = Math.max(0, 2 - Math.floor(Math.log10(x)));
  const scale = 10 ** decimals;
  return num(Math.ceil(x * scale - 1e-9) / scale, decimals);
}

/** The changes that each alone bring the p99 to the target, cheapest first. */
function fixes(ctx: ModelContext, miss: LatencyMiss): string[] {
  const w = ctx.workloads.find((x) => x.name === miss.workload);
  const excessMs = miss.p99Ms - miss.targetMs;
  const out: string[] = [];
  if (miss.processingTimeMs > 0) {
    const goal = miss.terms.consumerMs - excessMs;
    const consumer = (c: number) => consumerTimeP99Ms(miss.peakMsgPerSec / c, miss.processingTimeMs);
    const c = goal > miss.processingTimeMs ? smallestCount(miss.consumersPerGroup + 1, goal, consumer) : null;
    if (c !== null) {
      out.push(
        `consumers.count: ${num(c)} per queue group (now ${num(miss.consumersPerGroup)}, each ${pct(((miss.peakMsgPerSec / miss.consumersPerGroup) * miss.processingTimeMs) / 1000)} busy): the consumer term ${ms(miss.terms.consumerMs)} → ${ms(consumer(c))}, no cluster cost`,
      );
    }
  }
  if (w && miss.terms.queueWaitMs > excessMs) {
    const goal = miss.terms.queueWaitMs - excessMs;
    const wait = (s: number) => queueWaitP99Ms(miss.peakMsgPerSec / s, w.queueCeilingMsgPerSec) * w.queueWaitVariability;
    const s = smallestCount(miss.queuesPerGroup + 1, goal, wait);
    if (s !== null)
      out.push(`queues: ${num(s)} per group (now ${num(miss.queuesPerGroup)}): the queue wait ${ms(miss.terms.queueWaitMs)} → ${ms(wait(s))}, no cluster cost`);
  }
  if (miss.fsyncMs !== null && miss.fsyncMs > excessMs) {
    out.push(`a disk whose write (fsync) latency is at most ${ms(miss.fsyncMs - excessMs)} (now ${ms(miss.fsyncMs)}): cluster.constraints.diskTypes`);
  }
  if (miss.terms.walWaitMs > excessMs) {
    out.push(
      `less busy quorum WALs (their wait under load is ${ms(miss.terms.walWaitMs)}): more nodes to spread the quorum copies over, a disk with a lower fsync latency, or a lower targetUtilization`,
    );
  }
  if (miss.terms.cpuWaitMs > excessMs) {
    out.push(`less busy CPUs (the CPU wait is ${ms(miss.terms.cpuWaitMs)}): larger instance types or a lower targetUtilization`);
  }
  out.push(`latencyP99TargetMs: ${roundUp(miss.p99Ms)} or more`);
  return out;
}

/** One line per missed workload (the worst MAX_LATENCY_HINTS), naming its largest term and the fixes. */
export function latencyHints(ctx: ModelContext, misses: readonly LatencyMiss[]): string[] {
  const lines = misses.slice(0, MAX_LATENCY_HINTS).map((miss) => {
    const term = largestTerm(miss);
    const consumerDetail = term === 'consumerMs' && miss.processingTimeMs > 0 ? `: ${ms(miss.processingTimeMs)} processing + waiting for a free consumer` : '';
    return (
      `${miss.workload}: p99 ${ms(miss.p99Ms)} ${SCENARIO_WORDS[miss.scenario]} > target ${ms(miss.targetMs)}; its largest term is the ${TERM_NAMES[term]} (${ms(miss.terms[term])}${consumerDetail}). ` +
      `Any one of, cheapest first: ${fixes(ctx, miss).join('; ')}`
    );
  });
  const more = misses.length - lines.length;
  if (more > 0) lines.push(`… and ${num(more)} more workload${more === 1 ? '' : 's'} miss their latency target (JSON: plan.latencyMisses)`);
  return lines;
}
