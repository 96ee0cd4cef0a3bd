/**
 * The closed-loop search (src/bench/max-rate-search.ts) against a scripted broker: a fixed
 * capacity, and disturbances on chosen trials (another process took the machine for that trial).
 */
import { describe, expect, it } from 'vitest';
import { CONFIRM_FAILURES_BELOW_PROBE, searchMaxRate, stepSeconds, type RunStepFn } from '../../src/bench/max-rate-search.js';
import type { StepResult } from '../../src/bench/types.js';
import type { Variant } from '../../src/bench/matrix.js';
import { searchIsLowerBound } from '../../src/profile/fit/samples.js';
import { sampleBenchRun } from '../report/bench-sample.js';

const TEMPLATE = sampleBenchRun().steps[0]!;
const VARIANT: Variant = { id: 's1', label: 'classic transient 1 KiB', config: { ...TEMPLATE.config, targetRateMsgPerSec: 'max' }, curve: false };
const P99_MICROS = 5_000;

/**
 * A broker that delivers up to `capacity` msg/s; the trials (1-based, the probe is 0) listed in
 * `disturbed` deliver 90 % of their target whatever it is. The clock advances one trial per run.
 */
function scriptedBroker(capacity: number, disturbed: readonly number[]) {
  let nowMs = 0;
  let index = 0;
  const targets: (number | 'max')[] = [];
  const run: RunStepFn = async (config) => {
    const i = index++;
    nowMs += stepSeconds(config) * 1000;
    targets.push(config.targetRateMsgPerSec);
    const target = config.targetRateMsgPerSec === 'max' ? capacity : config.targetRateMsgPerSec;
    const delivered = disturbed.includes(i) ? 0.9 * target : Math.min(target, capacity);
    const step: StepResult = {
      ...TEMPLATE,
      index: i,
      rates: { ...TEMPLATE.rates, publishMsgPerSec: delivered, consumeMsgPerSec: delivered, confirmMsgPerSec: delivered },
      latency: { ...TEMPLATE.latency, endToEnd: { ...TEMPLATE.latency.endToEnd, p99Micros: P99_MICROS } },
    };
    return step;
  };
  return { run, clock: () => nowMs, targets };
}

const search = (broker: ReturnType<typeof scriptedBroker>, budgetSeconds = 120) =>
  searchMaxRate(VARIANT, budgetSeconds, broker.run, () => Infinity, broker.clock);

describe('searchMaxRate', () => {
  it('brackets an undisturbed broker within the resolution, without re-runs', async () => {
    const broker = scriptedBroker(10_000, []);
    const result = await search(broker);
    // Tracking within 95 % sustains a target up to capacity ÷ 0.95.
    expect(result.maxSustainedMsgPerSec).toBeLessThanOrEqual(10_000 / 0.95);
    expect(result.maxSustainedMsgPerSec).toBeGreaterThan(0.95 * 10_000);
    expect(result.trials.some((t) => t.superseded === true)).toBe(false);
    expect(searchIsLowerBound(result)).toBe(false);
  });

  it('runs a failure below the probe once more, and the re-run holds the verdict', async () => {
    // The first paced trial (70 % of the probe) is disturbed: without the re-run it would cap the search there.
    const broker = scriptedBroker(10_000, [1]);
    const result = await search(broker);
    expect(broker.targets[1]).toBe(broker.targets[2]);
    expect(result.trials[1]).toMatchObject({ sustained: false, superseded: true });
    expect(result.trials[2]).toMatchObject({ sustained: true, targetMsgPerSec: broker.targets[1] });
    expect(result.trials[2]!.reason).toMatch(/^re-run/);
    expect(result.maxSustainedMsgPerSec).toBeGreaterThan(0.95 * 10_000);
  });

  it('believes a failure its re-run repeats', async () => {
    const broker = scriptedBroker(10_000, [1, 2]);
    const result = await search(broker);
    const failedTarget = broker.targets[1] as number;
    expect(result.trials[2]).toMatchObject({ sustained: false, targetMsgPerSec: failedTarget });
    expect(result.maxSustainedMsgPerSec).toBeLessThan(failedTarget);
  });

  it('re-runs at most CONFIRM_FAILURES_BELOW_PROBE failures per search, and none above the probe', async () => {
    const everyTrial = Array.from({ length: 40 }, (_, i) => i + 1);
    const broker = scriptedBroker(10_000, everyTrial);
    const result = await search(broker);
    expect(result.trials.filter((t) => t.superseded === true)).toHaveLength(CONFIRM_FAILURES_BELOW_PROBE);
    const probe = result.probeMsgPerSec;
    const above = scriptedBroker(10_000, []);
    const searched = await search(above);
    // Undisturbed, the failures are the trials above the capacity (= the probe here): none is re-run.
    expect(searched.trials.filter((t) => t.targetMsgPerSec !== null && t.targetMsgPerSec >= probe && !t.sustained).length).toBeGreaterThan(0);
    expect(searched.trials.some((t) => t.superseded === true)).toBe(false);
  });

  it('a superseded failure does not make a search that only went up a bracketed one', async () => {
    // The budget runs out going up after the re-run: every verdict that stands is sustained.
    const broker = scriptedBroker(1_000_000, [1]);
    const trial = stepSeconds(VARIANT.config);
    const result = await search(broker, 4.5 * trial);
    expect(result.budgetExhausted).toBe(true);
    expect(searchIsLowerBound(result)).toBe(true);
  });
});
