/**
 * `validate` on the runs recorded on the local RabbitMQ 4.3.6 broker (docs/measurements/
 * validation-4.3, `npm run bench:validate`): a profile fitted on the calibration run only
 * (1 KiB, one publisher/consumer/queue, window 1000) predicts runs that differ in one dimension
 * each. Guards the held-out accuracy docs/validate.md quotes, and that the calibration run itself
 * is refused as in-sample.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchRunResultSchema, type BenchRunResult } from '../../src/bench/types.js';
import { loadDefaultProfile } from '../../src/calibration/default-profile.js';
import { fitProfile } from '../../src/calibration-fit/fit.js';
import { validateRuns } from '../../src/validate/validate.js';
import { ROOT } from '../cli/built-cli.js';

const DIR = join(ROOT, 'docs', 'measurements', 'validation-4.3');
const run = (name: string): BenchRunResult => BenchRunResultSchema.parse(JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')));
const HELD_OUT = ['size-16kib', 'concurrency-4', 'window-20', 'persistent'];

describe('validate on the recorded 4.3 runs (fit on the calibration run, predict the others)', () => {
  const calibration = run('calibration');
  const profile = fitProfile(calibration, loadDefaultProfile()).profile;
  const report = validateRuns(
    [{ file: 'calibration.json', run: calibration }, ...HELD_OUT.map((n) => ({ file: `${n}.json`, run: run(n) }))],
    profile,
    15,
  );
  const held = report.rows.filter((r) => r.file !== 'calibration.json');

  it('the calibration run is in-sample: none of its rows is counted', () => {
    const own = report.rows.filter((r) => r.file === 'calibration.json');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.excluded === 'in-sample: the profile was fitted on this run')).toBe(true);
  });

  it('a small confirm window binds: the closed loop predicts both queue types within 25 %', () => {
    const window = held.filter((r) => r.file === 'window-20.json' && r.kind === 'max-rate');
    expect(window.map((r) => r.bindsOn)).toEqual(['window', 'window']);
    for (const r of window) expect(r.errorPercent!).toBeLessThan(25);
  });

  it('held-out maximum rates: median error at most 25 % over the 7 (docs/validate.md: 22.0 %)', () => {
    expect(report.summary.maxRate.rows).toBe(7);
    expect(report.summary.maxRate.medianErrorPercent!).toBeLessThanOrEqual(25);
  });

  it('held-out p99: at least half the open-loop steps within a factor of 2', () => {
    const p99 = report.summary.p99;
    expect(p99.withinFactor * 2).toBeGreaterThanOrEqual(p99.rows);
  });
});
