/**
 * `rmq-plan validate` on hand-made runs with the test-only profile, worked by hand: classic at
 * 1,024 B costs 10 + 1.024 µs to publish and 20 + 2 × 1.024 µs at the leader (33.072 µs per
 * message); the sample run's broker has 2 cores, of which its same-machine client used 0.4, so
 * the model saturates on CPU at 1.6 × 10⁶ ÷ 33.072 = 48,379 msg/s (the queue process would carry
 * 10⁶ ÷ 15.12 = 66,138).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchRunResult } from '../../src/bench/types.js';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { ExitCode } from '../../src/errors.js';
import type { Profile } from '../../src/schema/profile.js';
import { median } from '../../src/model/stats.js';
import { validateRuns, type ValidationReport } from '../../src/validate/validate.js';
import { renderValidation } from '../../src/render/table/validate.js';
import { sampleBenchRun } from '../report/bench-sample.js';
import { testProfile } from '../support/test-profile.js';

const PREDICTED_MAX = 1.6e6 / 33.072;

describe('validate: predictions against a run', () => {
  const report = validateRuns([{ file: 'sample.json', run: sampleBenchRun() }], testProfile, 15);
  const max = report.rows.find((r) => r.kind === 'max-rate')!;

  it('predicts the maximum rate on the run machine, less the cores its same-machine client used', () => {
    expect(max.predicted).toBeCloseTo(PREDICTED_MAX, 6);
    expect(max.bindsOn).toBe('cpu');
    expect(max.measured).toBe(20_000);
    expect(max.errorPercent).toBeCloseTo(((PREDICTED_MAX - 20_000) / 20_000) * 100, 6);
    expect(report.summary.maxRate).toMatchObject({ rows: 1, medianErrorPercent: max.errorPercent, worstErrorPercent: max.errorPercent });
  });

  it('one p99 row per open-loop step: measured at the delivered rate, error and factor consistent', () => {
    const p99 = report.rows.filter((r) => r.kind === 'p99');
    expect(p99.map((r) => r.loadLevel)).toEqual([0.3, 0.6, 0.9]);
    expect(p99.map((r) => r.measured)).toEqual([1.2, 2.5, 9]);
    for (const r of p99) {
      expect(r.predicted).not.toBeNull();
      expect(r.factor).toBeCloseTo(r.predicted! / r.measured, 9);
      expect(r.errorPercent).toBeCloseTo((Math.abs(r.predicted! - r.measured) / r.measured) * 100, 9);
    }
    expect(report.summary.p99.rows).toBe(3);
  });

  it('fails the gate above --max-error and passes below it', () => {
    expect(report.ok).toBe(false);
    expect(validateRuns([{ file: 'sample.json', run: sampleBenchRun() }], testProfile, 200).ok).toBe(true);
  });

  it('a run the profile was fitted on is in-sample: not counted, and nothing left to judge fails', () => {
    const run = sampleBenchRun();
    const fitted: Profile = { ...testProfile, origin: { ...testProfile.origin, kind: 'bench', steps: run.steps } };
    const r = validateRuns([{ file: 'sample.json', run }], fitted, 1000);
    expect(r.rows.every((row) => row.excluded === 'in-sample: the profile was fitted on this run')).toBe(true);
    expect(r.summary.maxRate.rows).toBe(0);
    expect(r.ok).toBe(false);
    expect(r.notes[0]).toMatch(/was fitted on this run/);
  });

  it('client-limited searches are listed but not counted', () => {
    const limited = sampleBenchRun();
    limited.searches[0]!.clientLimited = true;
    const r = validateRuns([{ file: 'a.json', run: limited }], testProfile, 15);
    const rows = r.rows.filter((x) => x.kind === 'max-rate');
    expect(rows.map((x) => x.excluded)).toEqual(['client-limited: the load generator, not the broker, set the maximum']);
    expect(r.summary.maxRate.rows).toBe(0);
  });

  it('a search that never failed a trial is a lower bound: listed, not counted', () => {
    const unbracketed = sampleBenchRun();
    const search = unbracketed.searches[0]!;
    search.trials = search.trials.map((t) => ({ ...t, sustained: true }));
    const r = validateRuns([{ file: 'a.json', run: unbracketed }], testProfile, 15);
    const row = r.rows.find((x) => x.kind === 'max-rate')!;
    expect(row.excluded).toMatch(/^a lower bound: every paced trial was sustained/);
    expect(r.summary.maxRate.rows).toBe(0);
  });

  it('a cluster on the bench machine is predicted too: its nodes share the cores, replicas cost CPU', () => {
    const one = sampleBenchRun();
    const quorum = (run: ReturnType<typeof sampleBenchRun>, members: string[]) => {
      for (const x of [...run.searches.map((q) => q.config), ...run.steps.map((q) => q.config)]) x.queueType = 'quorum';
      for (const step of run.steps) step.broker = { ...step.broker!, queues: [{ name: 'q', type: 'quorum', leader: members[0]!, members }] };
      return run;
    };
    quorum(one, ['rabbit@localhost']);
    const three = quorum(sampleBenchRun(), ['rabbit@localhost', 'rabbit2@localhost', 'rabbit3@localhost']);
    three.broker!.nodes.push({ ...three.broker!.nodes[0]!, name: 'rabbit2@localhost' }, { ...three.broker!.nodes[0]!, name: 'rabbit3@localhost' });
    const maxRate = (run: ReturnType<typeof sampleBenchRun>) =>
      validateRuns([{ file: 'r.json', run }], testProfile, 15).rows.find((x) => x.kind === 'max-rate')!;
    const single = maxRate(one);
    const cluster = maxRate(three);
    expect(cluster.excluded).toBeNull();
    expect(cluster.brokerNodes).toBe(3);
    // Same 2 cores, each message now also costs 2 followers: the CPU-bound maximum falls by their share.
    const q = testProfile.queueTypes.quorum;
    const bytes = (1024 * q.cpuNanosPerByte.value) / 1000;
    const onNode = q.publishCpuMicros.value + bytes + q.enqueueCpuMicros.value + q.deliverCpuMicros.value + 2 * bytes;
    const withFollowers = onNode + 2 * (q.replicaCpuMicros.value + bytes);
    if (single.bindsOn === 'cpu' && cluster.bindsOn === 'cpu') expect(cluster.predicted! / single.predicted!).toBeCloseTo(onNode / withFollowers, 6);
    expect(cluster.predicted!).toBeLessThan(single.predicted!);
  });

  it('a step past the model saturation counts as a miss without a finite error', () => {
    const run = sampleBenchRun();
    run.steps[3]!.rates.consumeMsgPerSec = 60_000; // beyond the predicted 48,379 msg/s
    const r = validateRuns([{ file: 's.json', run }], testProfile, 15);
    const beyond = r.rows.find((x) => x.kind === 'p99' && x.loadLevel === 0.9)!;
    expect(beyond).toMatchObject({ predicted: null, errorPercent: null, beyondSaturation: true, excluded: null });
    expect(r.summary.p99).toMatchObject({ rows: 3, beyondSaturation: 1 });
    expect(r.summary.p99.withinFactor).toBeLessThanOrEqual(2);
  });

  it('median: middle value, mean of the middle two, null when empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('validate: sizes outside the calibrated ones', () => {
  it('a row at a size the profile was not fitted on is marked extrapolated, with the calibrated range; a published profile has none', () => {
    const run = sampleBenchRun();
    const size = run.steps[0]!.config.messageSizeBytes;
    // Fitted on the same steps at 4× and 16× the size: the sample's own size lies below the calibrated range.
    const steps = run.steps.flatMap((s, i) =>
      [4, 16].map((k) => ({ ...s, startedAt: `elsewhere-${i}-${k}`, config: { ...s.config, messageSizeBytes: size * k } })),
    );
    const fitted: Profile = { ...testProfile, origin: { ...testProfile.origin, kind: 'bench', steps } };
    const report = validateRuns([{ file: 'sample.json', run }], fitted, 1000);
    const max = report.rows.find((r) => r.kind === 'max-rate')!;
    expect(max.calibratedSizesBytes).toEqual({ min: size * 4, max: size * 16 });
    expect(max.sizeExtrapolated).toBe(true);
    expect(report.notes.some((n) => /outside those the profile was fitted on/.test(n))).toBe(true);
    expect(renderValidation(report)).toMatch(/is outside the calibrated/);
    // Fitted at the run's own size: inside the range.
    const own: Profile = {
      ...testProfile,
      origin: { ...testProfile.origin, kind: 'bench', steps: steps.map((s) => ({ ...s, config: { ...s.config, messageSizeBytes: size } })) },
    };
    expect(validateRuns([{ file: 'sample.json', run }], own, 1000).rows.every((r) => !r.sizeExtrapolated)).toBe(true);
    // The test profile records no steps: nothing to compare with.
    const published = validateRuns([{ file: 'sample.json', run }], testProfile, 1000);
    expect(published.rows.every((r) => r.calibratedSizesBytes === null && !r.sizeExtrapolated)).toBe(true);
  });
});

describe("validate: repeats of the same configuration (the measurements' own noise)", () => {
  /** The sample run measured again: maximum 25,000 instead of 20,000, p99 1.5 / 2.5 / 27 ms instead of 1.2 / 2.5 / 9. */
  function repeatRun(): BenchRunResult {
    const run = sampleBenchRun();
    const p99Ms = [1.5, 2.5, 27];
    let i = 0;
    return {
      ...run,
      runId: 'repeat',
      searches: run.searches.map((s) => ({ ...s, maxSustainedMsgPerSec: 25_000 })),
      steps: run.steps.map((s) =>
        s.kind === 'open-loop' ? { ...s, latency: { ...s.latency, endToEnd: { ...s.latency.endToEnd, p99Micros: p99Ms[i++]! * 1000 } } } : s,
      ),
    };
  }

  it("each run taken as the other's prediction: 25,000 for 20,000 is 25 %, 20,000 for 25,000 is 20 %", () => {
    const r = validateRuns(
      [
        { file: 'a.json', run: sampleBenchRun() },
        { file: 'b.json', run: repeatRun() },
      ],
      testProfile,
      15,
    ).repeatability;
    expect(r.maxRate.pairs).toBe(2);
    expect(r.maxRate.medianDifferencePercent).toBeCloseTo(22.5, 9);
    expect(r.maxRate.worstDifferencePercent).toBeCloseTo(25, 9);
    expect(r.maxRate.worstLabel).toMatch(/a\.json 20000, b\.json 25000/);
    // p99: 1.2 vs 1.5 and 2.5 vs 2.5 are within ×2 of each other (both ways), 9 vs 27 is not.
    expect(r.p99.pairs).toBe(6);
    expect(r.p99.withinFactor).toBe(4);
    expect(r.p99.worstDifferencePercent).toBeCloseTo(200, 9);
    expect(r.groups.map((g) => g.measurements.length)).toEqual([2, 2, 2, 2]);
  });

  it("one run has no repeats; in-sample runs still count (the noise is the measurements', not the fit's)", () => {
    const single = validateRuns([{ file: 'a.json', run: sampleBenchRun() }], testProfile, 15).repeatability;
    expect(single).toMatchObject({ maxRate: { pairs: 0, medianDifferencePercent: null }, p99: { pairs: 0, withinFactor: 0 }, groups: [] });
    const run = sampleBenchRun();
    const fitted: Profile = { ...testProfile, origin: { ...testProfile.origin, kind: 'bench', steps: run.steps } };
    const both = validateRuns(
      [
        { file: 'a.json', run },
        { file: 'b.json', run: repeatRun() },
      ],
      fitted,
      15,
    );
    expect(both.rows.filter((row) => row.file === 'a.json').every((row) => row.excluded !== null)).toBe(true);
    expect(both.repeatability.maxRate.pairs).toBe(2);
  });

  it("the text report prints the repeats beside the model's error", () => {
    const text = renderValidation(
      validateRuns(
        [
          { file: 'a.json', run: sampleBenchRun() },
          { file: 'b.json', run: repeatRun() },
        ],
        testProfile,
        15,
      ),
    );
    expect(text).toMatch(/maximum rate: 2 pairs, median difference 22\.5 %, worst 25\.0 %/);
    expect(text).toMatch(/p99: 6 pairs, median difference [\d.]+ %, 4 of 6 within a factor of 2 of each other/);
  });
});

describe('rmq-plan validate (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-validate-'));
  const write = (name: string, run: BenchRunResult | string): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof run === 'string' ? run : JSON.stringify(run));
    return path;
  };

  it('exit 1 when the median error exceeds --max-error; --json prints the versioned report', async () => {
    const file = write('run.json', sampleBenchRun());
    const io = memoryIo({ NO_COLOR: '1' });
    expect(await runCli(['validate', file, '--json'], io)).toBe(ExitCode.targetsNotMet);
    const r = JSON.parse(io.out) as ValidationReport;
    expect(r).toMatchObject({ kind: 'rmq-plan-validation', schemaVersion: 1, profile: 'published', maxErrorPercent: 15, ok: false });
  });

  it('exit 0 within --max-error, with the verdict line', async () => {
    const file = write('run2.json', sampleBenchRun());
    const io = memoryIo({ NO_COLOR: '1' });
    const code = await runCli(['validate', file, '--max-error', '1000'], io);
    expect(code, io.err).toBe(ExitCode.ok);
    expect(io.out.trimEnd().split('\n').pop()).toMatch(/^OK: median maximum-rate error [\d.]+ % ≤ 1000 %$/);
  });

  it('bad input: one line per problem naming the file or flag, exit 2', async () => {
    const bad = write('bad.json', '{"kind":"rmq-plan-bench-run"}');
    const io = memoryIo({ NO_COLOR: '1' });
    expect(await runCli(['validate', bad], io)).toBe(ExitCode.badInput);
    expect(io.err).toMatch(/bad\.json/);
    const io2 = memoryIo({ NO_COLOR: '1' });
    expect(await runCli(['validate', bad, '--max-error', 'lots'], io2)).toBe(ExitCode.badInput);
    expect(io2.err).toMatch(/--max-error: expected a percentage above 0 and at most 1000, e\.g\. 15, got "lots"/);
  });
});
