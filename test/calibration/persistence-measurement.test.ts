/**
 * The local measurement behind the default profile's classic persistence coefficients
 * (src/profile/derivation.ts LOCAL43_*, assumption A28): fitting the recorded runs again gives
 * the stored figures. The runs are the project's own (docs/measurements/validation-4.3, RabbitMQ
 * 4.3.6), so the number is reproducible: `rmq-plan fit calibration.json persistence-4kib.json`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitProfile } from '../../src/profile/fit/fit.js';
import { mergeRuns } from '../../src/profile/fit/merge.js';
import { loadDefaultProfile } from '../../src/profile/load.js';
import {
  LOCAL43_CLASSIC_CONFIRM_CPU_MICROS,
  LOCAL43_QUORUM_CONFIRM_CPU_MICROS,
  LOCAL43_QUORUM_CPU_MICROS,
  LOCAL43_CLASSIC_PERSISTENT_EXTRA_CPU_MICROS,
  LOCAL43_CLASSIC_PERSISTENT_EXTRA_SERVICE_MICROS,
  LOCAL43_CLASSIC_TRANSIENT_CPU_MICROS,
  LOCAL43_CLASSIC_TRANSIENT_SERVICE_MICROS,
  LOCAL43_CLASSIC_UNBATCHED_DELIVERY_MICROS,
  LOCAL43_CLASSIC_UNBATCHED_IN_FLIGHT_MAX,
  LOCAL43_CLASSIC_POOLED_SERVICE_MICROS,
  LOCAL43_QUORUM_UNBATCHED_DELIVERY_MICROS,
  LOCAL43_QUORUM_UNBATCHED_IN_FLIGHT_MAX,
  LOCAL43_QUORUM_POOLED_SERVICE_MICROS,
} from '../../src/profile/derivation.js';
import type { BenchRunResult } from '../../src/bench/types.js';

const DIR = 'docs/measurements/validation-4.3';
const run = (name: string) => JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8')) as BenchRunResult;

describe('what persistence adds to a classic message, and what a confirm costs, measured on RabbitMQ 4.3 (A28, A29)', () => {
  const { fit } = fitProfile(mergeRuns([run('calibration'), run('persistence-4kib'), run('no-confirms')]), loadDefaultProfile());
  const classic = fit.queueTypes.find((q) => q.queueType === 'classic')!;

  it('fits the classic coefficients on the transient steps and the persistence on the persistent ones', () => {
    expect(classic.persistent).toBe(false);
    expect(classic.persistence.status).toBe('fitted');
  });

  it('gives the figures derivation.ts stores', () => {
    expect(classic.cpu.parameters.aMicrosPerMessage).toBeCloseTo(LOCAL43_CLASSIC_TRANSIENT_CPU_MICROS, 2);
    expect(classic.persistence.parameters.cpuExtraMicros).toBeCloseTo(LOCAL43_CLASSIC_PERSISTENT_EXTRA_CPU_MICROS, 2);
    expect(classic.ceiling.parameters.aMicros).toBeCloseTo(LOCAL43_CLASSIC_TRANSIENT_SERVICE_MICROS, 2);
    expect(classic.persistence.parameters.serviceExtraMicros).toBeCloseTo(LOCAL43_CLASSIC_PERSISTENT_EXTRA_SERVICE_MICROS, 2);
  });

  it('gives the confirm costs derivation.ts stores, from the steps without confirms', () => {
    const quorum = fit.queueTypes.find((q) => q.queueType === 'quorum')!;
    expect(classic.confirmCost.status).toBe('fitted');
    expect(classic.confirmCost.parameters.confirmMicros).toBeCloseTo(LOCAL43_CLASSIC_CONFIRM_CPU_MICROS, 2);
    expect(quorum.confirmCost.parameters.confirmMicros).toBeCloseTo(LOCAL43_QUORUM_CONFIRM_CPU_MICROS, 2);
    expect(quorum.cpu.parameters.aMicrosPerMessage).toBeCloseTo(LOCAL43_QUORUM_CPU_MICROS, 2);
  });

  it('never charges persistence less than nothing, and says the service figure is an upper bound when CPU-bound', () => {
    expect(classic.persistence.parameters.cpuExtraMicros).toBeGreaterThan(0);
    expect(classic.persistence.notes.join(' ')).toMatch(/upper bound/);
  });
});

describe('deliveries that travel alone, measured on RabbitMQ 4.3 (A30)', () => {
  // The calibration of scripts/bench-validate.mjs, prefetch 1, 3 and 30 among it.
  const calibration = ['calibration', 'calibration-repeat', 'persistence-4kib', 'no-confirms', 'prefetch-1', 'prefetch-3', 'prefetch-30'];
  const { profile, fit } = fitProfile(mergeRuns(calibration.map(run)), loadDefaultProfile());

  it('gives the figures derivation.ts stores: W, K and the queue service they are compared with', () => {
    const classic = profile.queueTypes.classic;
    const quorum = profile.queueTypes.quorum;
    expect(classic.unbatchedDeliveryMicros!.value).toBeCloseTo(LOCAL43_CLASSIC_UNBATCHED_DELIVERY_MICROS, 3);
    expect(classic.unbatchedInFlightMax!.value).toBeCloseTo(LOCAL43_CLASSIC_UNBATCHED_IN_FLIGHT_MAX, 3);
    expect(classic.queueServiceMicros.value).toBeCloseTo(LOCAL43_CLASSIC_POOLED_SERVICE_MICROS, 3);
    expect(quorum.unbatchedDeliveryMicros!.value).toBeCloseTo(LOCAL43_QUORUM_UNBATCHED_DELIVERY_MICROS, 3);
    expect(quorum.unbatchedInFlightMax!.value).toBeCloseTo(LOCAL43_QUORUM_UNBATCHED_IN_FLIGHT_MAX, 3);
    expect(quorum.queueServiceMicros.value).toBeCloseTo(LOCAL43_QUORUM_POOLED_SERVICE_MICROS, 3);
  });

  it('identifies all three terms (a prefetch beyond K was measured) and reports each search against them', () => {
    for (const q of fit.queueTypes.filter((t) => t.queueType !== 'stream')) {
      expect(q.turnaround.status).toBe('fitted');
      expect(q.turnaround.notes.join(' ')).not.toMatch(/no search beyond|turnaround only/);
      expect(q.turnaround.points).toBe(3);
    }
  });
});
