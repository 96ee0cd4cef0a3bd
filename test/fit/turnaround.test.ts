/**
 * The delivery turnaround from prefetch-bound searches (src/profile/fit/turnaround.ts), checked
 * against the model's own prefetch loop: a search generated with a known turnaround gives it back,
 * and the fit leaves out what cannot measure it.
 */
import { describe, expect, it } from 'vitest';
import type { MaxRateSearch, StepConfig } from '../../src/bench/types.js';
import { benchSetup, prefetchBoundMsgPerSec } from '../../src/model/bench-prediction.js';
import { fitDeliveryTurnaround, fitLoop, turnaroundFor } from '../../src/profile/fit/turnaround.js';
import { testProfile, withCoefficients } from '../support/test-profile.js';
import { sampleBenchRun } from '../report/bench-sample.js';

const MACHINE = { brokerCores: 2, clientCores: 0, fsyncMs: 0, rttMs: 0 };
const machineOf = () => MACHINE;

const config: StepConfig = { ...sampleBenchRun().steps[1]!.config, queueType: 'classic', messageSizeBytes: 1024, publishers: 1, consumers: 1, queues: 1 };

/** The rate the model's loop carries with this turnaround (and unbatched deliveries), as a search would have measured it. */
function searchAt(turnaroundMs: number, prefetch: number, consumers = 1, unbatched: { micros: number; upTo: number } | null = null): MaxRateSearch {
  const c = { ...config, prefetch, consumers, queues: 1 };
  const withTurnaround = withCoefficients(testProfile, 'classic', {
    deliveryTurnaroundMs: { value: turnaroundMs, unit: 'ms', source: 'test' },
    ...(unbatched
      ? {
          unbatchedDeliveryMicros: { value: unbatched.micros, unit: 'µs/msg', source: 'test' },
          unbatchedInFlightMax: { value: unbatched.upTo, unit: 'deliveries', source: 'test' },
        }
      : {}),
  });
  const rate = prefetchBoundMsgPerSec(benchSetup(withTurnaround, MACHINE, c));
  return {
    id: `p${prefetch}`,
    label: `classic prefetch ${prefetch}`,
    config: c,
    probeMsgPerSec: rate,
    maxSustainedMsgPerSec: rate,
    maxSustainedConsumeMsgPerSec: rate,
    trials: [
      { stepIndex: 0, targetMsgPerSec: rate, sustained: true, reason: 'tracked' },
      { stepIndex: 1, targetMsgPerSec: rate * 1.05, sustained: false, reason: 'published 90 % of the target' },
    ],
    clientLimited: false,
    budgetExhausted: false,
  };
}

describe('delivery turnaround fit', () => {
  it('gives back the turnaround a search was generated with, for one slot, several and several consumers', () => {
    for (const [ms, prefetch, consumers] of [
      [0.2, 1, 1],
      [0.7, 3, 1],
      [0.35, 10, 2],
    ] as const) {
      const search = searchAt(ms, prefetch, consumers);
      expect(turnaroundFor(benchSetup(testProfile, MACHINE, search.config), search.maxSustainedMsgPerSec)).toBeCloseTo(ms, 9);
    }
  });

  it('one prefetch measures the turnaround only: the median over its searches, with their residuals against it', () => {
    const group = fitDeliveryTurnaround(
      [searchAt(0.2, 1), searchAt(0.3, 1), searchAt(0.5, 1)],
      'classic',
      testProfile.queueTypes.classic,
      testProfile,
      machineOf,
    ).group;
    expect(group.status).toBe('fitted');
    expect(group.coefficients.deliveryTurnaroundMs).toBeCloseTo(0.3, 9);
    expect(group.coefficients.unbatchedDeliveryMicros).toBeUndefined();
    expect(group.notes.join(' ')).toMatch(/turnaround only/);
    expect(group.points).toBe(3);
    expect(group.residuals.map((r) => Math.sign(Math.round(r.residualPercent * 1e6)) + 0)).toEqual([1, 0, -1]);
  });

  it("one prefetch with the base profile's unbatched deliveries: the turnaround is what is left once they are taken off", () => {
    const truth = { micros: 45, upTo: 10 };
    const base = {
      ...testProfile.queueTypes.classic,
      unbatchedDeliveryMicros: { value: truth.micros, unit: 'µs/msg', source: 'test' },
      unbatchedInFlightMax: { value: truth.upTo, unit: 'deliveries', source: 'test' },
    };
    const group = fitDeliveryTurnaround([searchAt(0.2, 3, 1, truth), searchAt(0.2, 3, 1, truth)], 'classic', base, testProfile, machineOf).group;
    expect(group.coefficients.deliveryTurnaroundMs).toBeCloseTo(0.2, 6);
    expect(group.coefficients.unbatchedDeliveryMicros).toBeUndefined();
    expect(group.notes.join(' ')).toMatch(/base profile's unbatched deliveries kept/);
    expect(group.maxAbsResidualPercent).toBeLessThan(1e-6);
  });

  it('gives back the turnaround, the unbatched delivery time and how many travel alone from prefetches on both sides of K', () => {
    const truth = { micros: 45, upTo: 10 };
    const searches = [1, 3, 30, 100].map((p) => searchAt(0.15, p, 1, truth));
    const group = fitDeliveryTurnaround(searches, 'classic', testProfile.queueTypes.classic, testProfile, machineOf).group;
    expect(group.coefficients.deliveryTurnaroundMs).toBeCloseTo(0.15, 6);
    expect(group.coefficients.unbatchedDeliveryMicros).toBeCloseTo(45, 4);
    expect(group.coefficients.unbatchedInFlightMax).toBeCloseTo(10, 4);
    expect(group.maxAbsResidualPercent).toBeLessThan(1e-6);
    // Only prefetches below K: the line, with K the largest measured (and said so).
    const { group: below, identified } = fitDeliveryTurnaround(
      [1, 3, 8].map((p) => searchAt(0.15, p, 1, truth)),
      'classic',
      testProfile.queueTypes.classic,
      testProfile,
      machineOf,
    );
    expect(identified).toBe('line');
    expect(below.coefficients.unbatchedDeliveryMicros).toBeCloseTo(45, 4);
    expect(below.coefficients.unbatchedInFlightMax).toBe(8);
    expect(below.notes.join(' ')).toMatch(/no search beyond the unbatched line/);
  });

  it('leaves out lower bounds and rates the queue process alone cannot carry, and says why when nothing is left', () => {
    const lower = { ...searchAt(0.2, 1), trials: [{ stepIndex: 0, targetMsgPerSec: 100, sustained: true, reason: 'tracked' }] };
    const tooFast = { ...searchAt(0.2, 1), maxSustainedMsgPerSec: 1e9 };
    const group = fitDeliveryTurnaround([lower, tooFast], 'classic', testProfile.queueTypes.classic, testProfile, machineOf).group;
    expect(group.status).toBe('not-measured');
    expect(group.notes[0]).toMatch(/lower bound/);
    expect(fitDeliveryTurnaround([], 'classic', testProfile.queueTypes.classic, testProfile, machineOf).group.notes[0]).toMatch(
      /no search with a prefetch of at most 50/,
    );
  });
});

describe('the prefetch loop fit Z + W·min(N, K)', () => {
  it('by hand: turnarounds 0.2, 0.3, 0.5 ms at 1, 2, 4 in flight and 0.8 ms at 20 and 40 give Z 0.1, W 0.1, K 7', () => {
    const fit = fitLoop([
      { inFlight: 1, turnaroundMs: 0.2 },
      { inFlight: 2, turnaroundMs: 0.3 },
      { inFlight: 4, turnaroundMs: 0.5 },
      { inFlight: 20, turnaroundMs: 0.8 },
      { inFlight: 40, turnaroundMs: 0.8 },
    ]);
    expect(fit.identified).toBe('all');
    expect(fit.turnaroundMs).toBeCloseTo(0.1, 9);
    expect(fit.unbatched.extraMs).toBeCloseTo(0.1, 9);
    expect(fit.unbatched.upTo).toBeCloseTo(7, 9);
  });

  it('never a negative turnaround or unbatched time, and no unbatched term when the turnarounds do not grow', () => {
    const flat = fitLoop([
      { inFlight: 1, turnaroundMs: 0.5 },
      { inFlight: 10, turnaroundMs: 0.4 },
    ]);
    expect(flat.unbatched).toEqual({ extraMs: 0, upTo: 0 });
    expect(flat.turnaroundMs).toBeCloseTo(0.45, 9);
    const steep = fitLoop([
      { inFlight: 2, turnaroundMs: 0.1 },
      { inFlight: 4, turnaroundMs: 0.5 },
    ]);
    expect(steep.turnaroundMs).toBe(0);
    expect(steep.unbatched.extraMs).toBeGreaterThan(0);
  });
});
