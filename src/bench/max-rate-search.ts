/**
 * Closed-loop search for the maximum sustainable rate of one configuration:
 *  1. probe: publish as fast as backpressure, the confirm window and the consumers allow (a
 *     bounded backlog: backlog-gate.ts); its consume rate P brackets the answer (a paced load
 *     rarely sustains much more than the unpaced one);
 *  2. paced trials from START_FRACTION·P, growing ×GROWTH while sustained, then bisection
 *     between the highest sustained and the lowest failed target, until they are within
 *     RESOLUTION of each other or the time budget runs out.
 * A trial is sustained when publishers offered and consumers received ≥ 95 % of the target and
 * p99 end-to-end latency did not explode relative to the lightest sustained trial.
 */
import type { StepMeta } from './step-runner.js';
import type { MaxRateSearch, StepConfig, StepResult } from './types.js';
import type { Variant } from './matrix.js';

/** The consume rate must track the target within 5 % (a queue that grows faster is saturated). */
export const TRACKING_FRACTION = 0.95;
/** p99 more than 10× the lightest sustained trial's p99 means queues are building up. */
export const LATENCY_EXPLOSION_FACTOR = 10;
/**
 * …unless it stays under 20 ms: below that, p99 moves with scheduler and GC jitter on a shared
 * 2-core machine (observed 1–8 ms p99 at light load on the local broker), not with saturation.
 */
export const LATENCY_FLOOR_MICROS = 20_000;
/** Without a sustained reference yet, a p99 above 1 s is saturation whatever else. */
export const LATENCY_CEILING_MICROS = 1_000_000;
/** First paced trial at 70 % of the probe: usually sustained, so the search goes up from there. */
const START_FRACTION = 0.7;
/** Step between trials before the bracket is found (×1.2 up, ÷1.2 down). */
const GROWTH = 1.2;
/** Stop bisecting when failed/sustained targets are within 5 % (run-to-run noise is larger). */
const RESOLUTION = 0.05;
/** Overhead of a trial beyond warm-up + window: connections, queue declare/delete, drain (s). */
export const STEP_OVERHEAD_SECONDS = 0.7;

export type RunStepFn = (config: StepConfig, meta: Omit<StepMeta, 'index'>) => Promise<StepResult>;

export interface Verdict {
  sustained: boolean;
  reason: string;
}

export function judgeTrial(step: StepResult, target: number, referenceP99Micros: number | null): Verdict {
  const { publishMsgPerSec, consumeMsgPerSec } = step.rates;
  const p99 = step.latency.endToEnd.p99Micros;
  const pct = (x: number) => `${Math.round((100 * x) / target)} %`;
  if (publishMsgPerSec < TRACKING_FRACTION * target) {
    return { sustained: false, reason: `published ${pct(publishMsgPerSec)} of the target${step.clientLimited ? ' (client-limited)' : ''}` };
  }
  if (consumeMsgPerSec < TRACKING_FRACTION * target) {
    return { sustained: false, reason: `consumed ${pct(consumeMsgPerSec)} of the target` };
  }
  const limit = referenceP99Micros === null ? LATENCY_CEILING_MICROS : Math.max(LATENCY_FLOOR_MICROS, LATENCY_EXPLOSION_FACTOR * referenceP99Micros);
  if (p99 > limit) {
    return { sustained: false, reason: `p99 ${(p99 / 1000).toFixed(1)} ms > ${(limit / 1000).toFixed(1)} ms` };
  }
  return { sustained: true, reason: `tracked (consumed ${pct(consumeMsgPerSec)}, p99 ${(p99 / 1000).toFixed(1)} ms)` };
}

export function stepSeconds(c: StepConfig): number {
  return c.warmupSeconds + c.durationSeconds + STEP_OVERHEAD_SECONDS;
}

/**
 * @param remainingSeconds time left in the run's overall budget (the search also has its own).
 */
export async function searchMaxRate(
  variant: Variant,
  budgetSeconds: number,
  run: RunStepFn,
  remainingSeconds: () => number,
  clockMs: () => number = Date.now,
): Promise<MaxRateSearch> {
  const started = clockMs();
  const timeLeft = () => Math.min(budgetSeconds - (clockMs() - started) / 1000, remainingSeconds());
  const id = variant.id;
  const search: MaxRateSearch = {
    id,
    label: variant.label,
    config: variant.config,
    probeMsgPerSec: 0,
    maxSustainedMsgPerSec: 0,
    maxSustainedConsumeMsgPerSec: 0,
    trials: [],
    clientLimited: false,
    budgetExhausted: false,
  };

  const probe = await run({ ...variant.config, targetRateMsgPerSec: 'max' }, { label: `${variant.label} probe`, kind: 'probe', searchId: id, loadLevel: null });
  search.probeMsgPerSec = probe.rates.consumeMsgPerSec;
  search.clientLimited = probe.clientLimited;
  search.trials.push({ stepIndex: probe.index, targetMsgPerSec: null, sustained: true, reason: 'unpaced probe' });
  if (search.probeMsgPerSec <= 0) return search;

  let lo: number | null = null;
  let hi: number | null = null;
  let referenceP99: number | null = null;
  let target = START_FRACTION * search.probeMsgPerSec;
  const trialSeconds = stepSeconds(variant.config);
  while (lo === null || hi === null || (hi - lo) / lo > RESOLUTION) {
    if (timeLeft() < trialSeconds) {
      search.budgetExhausted = true;
      break;
    }
    const rounded = Math.max(1, Math.round(target));
    const step = await run(
      { ...variant.config, targetRateMsgPerSec: rounded },
      { label: `${variant.label} @ ${rounded}/s`, kind: 'search', searchId: id, loadLevel: null },
    );
    const verdict = judgeTrial(step, rounded, referenceP99);
    step.sustained = verdict.sustained;
    search.trials.push({ stepIndex: step.index, targetMsgPerSec: rounded, sustained: verdict.sustained, reason: verdict.reason });
    if (step.clientLimited) search.clientLimited = true;
    if (verdict.sustained) {
      if (lo === null || rounded > lo) {
        lo = rounded;
        search.maxSustainedMsgPerSec = rounded;
        search.maxSustainedConsumeMsgPerSec = step.rates.consumeMsgPerSec;
      }
      const p99 = step.latency.endToEnd.p99Micros;
      if (referenceP99 === null || p99 < referenceP99) referenceP99 = p99;
      target = hi === null ? rounded * GROWTH : (rounded + hi) / 2;
    } else {
      hi = hi === null ? rounded : Math.min(hi, rounded);
      target = lo === null ? rounded / GROWTH : (lo + hi) / 2;
    }
    if (rounded <= 1 && !verdict.sustained) break;
  }
  return search;
}
