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
