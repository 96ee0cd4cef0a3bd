/**
 * The delivery turnaround from prefetch-bound searches (src/profile/fit/turnaround.ts), checked
 * against the model's own prefetch loop: a search generated with a known turnaround gives it back,
 * and the fit leaves out what cannot measure it.
 */
import { describe, expect, it } from 'vitest';
import type { MaxRateSearch, StepConfig } from '../../src/bench/types.js';
import { benchSetup, prefetchBoundMsgPerSec } from '../../src/model/bench-prediction.js';
import { fitDeliveryTurnaround, turnaroundFor } from '../../src/profile/fit/turnaround.js';
import type { Profile } from '../../src/schema/profile.js';
import { testProfile } from '../support/test-profile.js';
import { sampleBenchRun } from '../report/bench-sample.js';

const MACHINE = { brokerCores: 2, clientCores: 0, fsyncMs: 0, rttMs: 0 };
const machineOf = () => MACHINE;

const config: StepConfig = { ...sampleBenchRun().steps[1]!.config, queueType: 'classic', messageSizeBytes: 1024, publishers: 1, consumers: 1, queues: 1 };

/** The rate the model's loop carries with this turnaround, as a search would have measured it. */
function searchAt(turnaroundMs: number, prefetch: number, consumers = 1): MaxRateSearch {
  const c = { ...config, prefetch, consumers, queues: 1 };
  const withTurnaround: Profile = {
    ...testProfile,
    queueTypes: {
      ...testProfile.queueTypes,
      classic: { ...testProfile.queueTypes.classic, deliveryTurnaroundMs: { value: turnaroundMs, unit: 'ms', source: 'test' } },
    },
  };
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
      expect(turnaroundFor(testProfile, searchAt(ms, prefetch, consumers), searchAt(ms, prefetch, consumers).maxSustainedMsgPerSec, MACHINE)).toBeCloseTo(
        ms,
        9,
      );
    }
  });

  it('is the median over the searches, with their residuals against it', () => {
    const group = fitDeliveryTurnaround(
      [searchAt(0.2, 1), searchAt(0.3, 1), searchAt(0.5, 3)],
      'classic',
      testProfile.queueTypes.classic,
      testProfile,
      machineOf,
    );
    expect(group.status).toBe('fitted');
    expect(group.coefficients.deliveryTurnaroundMs).toBeCloseTo(0.3, 9);
    expect(group.points).toBe(3);
    expect(group.residuals.map((r) => Math.sign(Math.round(r.residualPercent * 1e6)) + 0)).toEqual([1, 0, -1]);
  });

  it('leaves out lower bounds and rates the queue process alone cannot carry, and says why when nothing is left', () => {
    const lower = { ...searchAt(0.2, 1), trials: [{ stepIndex: 0, targetMsgPerSec: 100, sustained: true, reason: 'tracked' }] };
    const tooFast = { ...searchAt(0.2, 1), maxSustainedMsgPerSec: 1e9 };
    const group = fitDeliveryTurnaround([lower, tooFast], 'classic', testProfile.queueTypes.classic, testProfile, machineOf);
    expect(group.status).toBe('not-measured');
    expect(group.notes[0]).toMatch(/lower bound/);
    expect(fitDeliveryTurnaround([], 'classic', testProfile.queueTypes.classic, testProfile, machineOf).notes[0]).toMatch(
      /no search with a prefetch of at most 10/,
    );
  });
});
