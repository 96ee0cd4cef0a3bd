/**
 * `validate` on the runs recorded on the local RabbitMQ 4.3.6 broker (docs/measurements/
 * validation-4.3, `npm run bench:validate`): a profile fitted on the calibration runs only
 * (1 KiB and 4 KiB transient recorded twice, classic persistent 4 KiB, 1 KiB without confirms,
 * prefetch 1, 3 and 30; one publisher/consumer/queue, window 1000)
 * predicts runs that differ in one dimension each (16 KiB, 4 publishers/consumers/queues, windows,
 * persistent 1 KiB, a 3-node cluster; and prefetch 10, 100 and 300). Guards the held-out accuracy
 * docs/validate.md quotes, and that the calibration runs themselves are refused as in-sample.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchRunResultSchema, type BenchRunResult } from '../../src/bench/types.js';
import { loadDefaultProfile } from '../../src/profile/load.js';
import { fitProfile } from '../../src/profile/fit/fit.js';
import { mergeRuns } from '../../src/profile/fit/merge.js';
import { validateRuns } from '../../src/validate/validate.js';
import { median } from '../../src/model/stats.js';
import type { Profile } from '../../src/schema/profile.js';
import { ROOT } from '../cli/built-cli.js';

const HELD_OUT = ['size-16kib', 'concurrency-4', 'window-20', 'window-5', 'window-50', 'window-10', 'window-200', 'persistent', 'cluster-3'];
/** Beyond the five dimensions of issue 10's targets: the consumers' prefetch (calibrated at 1, 3 and 30). */
const PREFETCH_HELD_OUT = ['prefetch-10', 'prefetch-100', 'prefetch-300'];
/** The runs every recording's profile is fitted on (scripts/bench-validate.mjs, calibration: true). */
const CALIBRATION_RUNS = ['calibration', 'calibration-repeat', 'persistence-4kib', 'no-confirms', 'prefetch-1', 'prefetch-3', 'prefetch-30'];

/** One recording's runs by name, and the profile fitted on its calibration runs only. */
function recording(folder: string): { read: (name: string) => BenchRunResult; profile: Profile } {
  const dir = join(ROOT, 'docs', 'measurements', folder);
  const read = (name: string): BenchRunResult => BenchRunResultSchema.parse(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')));
  return { read, profile: fitProfile(mergeRuns(CALIBRATION_RUNS.map(read)), loadDefaultProfile()).profile };
}

describe('validate on the recorded 4.3 runs (fit on the calibration runs, predict the others)', () => {
  const CALIBRATION = CALIBRATION_RUNS;
  const { read: run, profile } = recording('validation-4.3');
  const report = validateRuns(
    [...CALIBRATION, ...HELD_OUT, ...PREFETCH_HELD_OUT].map((n) => ({ file: `${n}.json`, run: run(n) })),
    profile,
    15,
  );
  const held = report.rows.filter((r) => !CALIBRATION.includes(r.file.replace('.json', '')));
  const maxRate = (file: string) => held.filter((r) => r.file === file && r.kind === 'max-rate');

  it('the calibration runs are in-sample: none of their rows is counted', () => {
    const own = report.rows.filter((r) => CALIBRATION.includes(r.file.replace('.json', '')));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.excluded === 'in-sample: the profile was fitted on this run')).toBe(true);
  });

  it('a small confirm window binds: the loop predicts the window as the limit at 5, 20 and 50', () => {
    for (const w of ['window-5.json', 'window-20.json', 'window-50.json']) expect(maxRate(w).map((r) => r.bindsOn)).toEqual(['window', 'window']);
  });

  it('persistence measured at 4 KiB predicts the persistent 1 KiB maximum within 15 % (docs/validate.md: 4.5 %)', () => {
    const [persistent] = maxRate('persistent.json');
    expect(persistent!.errorPercent!).toBeLessThan(15);
  });

  it('two calibration sizes predict 16 KiB within 25 % for both queue types (docs/validate.md: 0.2 %, 7.1 %)', () => {
    const rows = maxRate('size-16kib.json');
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.errorPercent!).toBeLessThan(25);
  });

  it('a 3-node cluster on the same machine (replication factor 3), predicted from one-node calibration, within 20 % (docs/validate.md: 18.0 %)', () => {
    const [cluster] = maxRate('cluster-3.json');
    expect(cluster!.brokerNodes).toBe(3);
    expect(cluster!.excluded).toBeNull();
    expect(cluster!.errorPercent!).toBeLessThan(20);
  });

  it("held-out maximum rates of the five dimensions: median error within issue 10's 15 % over the 16 (docs/validate.md: 9.1 %)", () => {
    const errors = held
      .filter((r) => r.kind === 'max-rate' && HELD_OUT.includes(r.file.replace('.json', '')) && r.excluded === null)
      .map((r) => r.errorPercent!);
    expect(errors).toHaveLength(16);
    expect(median(errors)!).toBeLessThanOrEqual(15);
  });

  it('prefetch: calibrated at 1, 3 and 30, the slots bind at 10, 100 and 300, each within 15 % (docs/validate.md: 12.5, 1.3, 10.3, 6.7 and 6.8 %)', () => {
    for (const file of ['prefetch-10.json', 'prefetch-100.json', 'prefetch-300.json']) {
      const rows = maxRate(file).filter((r) => r.excluded === null);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.bindsOn).toBe('prefetch');
        expect(r.errorPercent!).toBeLessThan(15);
      }
    }
  });

  it('held-out p99: at least half the open-loop steps within a factor of 2', () => {
    const p99 = report.summary.p99;
    expect(p99.withinFactor * 2).toBeGreaterThanOrEqual(p99.rows);
  });
});

/**
 * The held-out runs recorded again: -repeat and -third with the same calibration files (the model
 * frozen); -fourth recorded whole (its own calibration too) in the afternoon with the search's
 * re-runs, when this machine ran 10–30 % slower than in the morning: its prefetch 10 classic row is
 * 17.5 % off, so it is held to the worst-error bound (30 %) rather than 15 %.
 */
/**
 * A recording's held-out p99 steps at 50–90 % load within ×2 of the model, and its calibration's
 * p99 steps at those loads within ×2 of the calibration's repeat (minutes apart, step by step).
 */
function p99Agreement(folder: string): { modelWithin: number; modelSteps: number; repeatWithin: number; repeatPairs: number } {
  const { read, profile } = recording(folder);
  const loaded = (level: number | null) => level !== null && level >= 0.5 - 1e-9 && level <= 0.9 + 1e-9;
  const within = (f: number | null) => f !== null && f <= 2 && f >= 0.5;
  const model = validateRuns(
    HELD_OUT.map((n) => ({ file: `${n}.json`, run: read(n) })),
    profile,
    15,
  ).rows.filter((r) => r.kind === 'p99' && r.excluded === null && loaded(r.loadLevel));
  const groups = validateRuns(
    ['calibration', 'calibration-repeat'].map((n) => ({ file: `${n}.json`, run: read(n) })),
    profile,
    15,
  ).repeatability.groups.filter((g) => g.kind === 'p99' && loaded(g.loadLevel));
  const ratios = groups.flatMap((g) => g.measurements.flatMap((a) => g.measurements.filter((b) => b !== a).map((b) => a.measured / b.measured)));
  return {
    modelWithin: model.filter((r) => within(r.factor)).length,
    modelSteps: model.length,
    repeatWithin: ratios.filter(within).length,
    repeatPairs: ratios.length,
  };
}

const RECORDED_AGAIN = [
  { folder: 'validation-4.3-repeat', prefetchRowMaxPercent: 15 },
  { folder: 'validation-4.3-third', prefetchRowMaxPercent: 15 },
  { folder: 'validation-4.3-fourth', prefetchRowMaxPercent: 30 },
  // Recorded whole on a quiet machine (18:29–18:42), the model's p99 form then changed on it: held to the worst bound too.
  { folder: 'validation-4.3-fifth', prefetchRowMaxPercent: 30 },
  // Recorded whole (18:48–19:01) after that change: the first data it was tested on.
  { folder: 'validation-4.3-sixth', prefetchRowMaxPercent: 15 },
  // Recorded whole (19:15–19:29) after the quorum window split too: the first data it was tested on.
  { folder: 'validation-4.3-seventh', prefetchRowMaxPercent: 30 },
  // Recorded whole (19:38–19:52) with a calibration at 1, 4 and 8 KiB (--calibration-sizes): 16 KiB is still beyond it.
  { folder: 'validation-4.3-eighth', prefetchRowMaxPercent: 30 },
  // Recorded whole (21:51–22:04) after the per-byte CPU at matched rates: its first fresh test.
  { folder: 'validation-4.3-ninth', prefetchRowMaxPercent: 30 },
];

describe('the held-out runs recorded again (docs/measurements/validation-4.3-repeat, -third, -fourth, -fifth, -sixth, -seventh, -eighth and -ninth)', () => {
  for (const { folder, prefetchRowMaxPercent } of RECORDED_AGAIN) {
    it(`${folder}: the five dimensions' held-out maxima have a median error within 15 %, and the prefetch rows within ${prefetchRowMaxPercent} % each`, () => {
      const { read, profile } = recording(folder);
      const report = validateRuns(
        [...HELD_OUT, ...PREFETCH_HELD_OUT].map((n) => ({ file: `${n}.json`, run: read(n) })),
        profile,
        15,
      );
      const counted = (names: string[]) =>
        report.rows.filter((r) => r.kind === 'max-rate' && r.excluded === null && names.includes(r.file.replace('.json', ''))).map((r) => r.errorPercent!);
      const five = counted(HELD_OUT);
      expect(five.length).toBeGreaterThanOrEqual(15);
      expect(median(five)!).toBeLessThanOrEqual(15);
      for (const e of counted(PREFETCH_HELD_OUT)) expect(e).toBeLessThan(prefetchRowMaxPercent);
    });

    it(`${folder}: the held-out p99 at 50–90 % load is within ×2 of the model for at least 70 % of the steps`, () => {
      const { modelWithin, modelSteps } = p99Agreement(folder);
      expect(modelSteps).toBeGreaterThanOrEqual(40);
      expect(modelWithin / modelSteps).toBeGreaterThanOrEqual(0.7);
    });
  }
});

describe('quorum window 20 in all nine recordings: larger than one Ra flush of 16 enqueues (confirms.ts raFlushSplitMs)', () => {
  it('predicted within 20 % in every recording (without the split: 19.6–57.6 % too fast in each)', () => {
    for (const folder of ['validation-4.3', ...RECORDED_AGAIN.map((r) => r.folder)]) {
      const { read, profile } = recording(folder);
      const row = validateRuns([{ file: 'window-20.json', run: read('window-20') }], profile, 15).rows.find(
        (r) => r.kind === 'max-rate' && r.config.queueType === 'quorum',
      )!;
      expect(row.bindsOn, folder).toBe('window');
      expect(row.errorPercent!, folder).toBeLessThan(20);
    }
  });
});

describe('16 KiB classic, four times the largest calibrated size, in all nine recordings (per-byte CPU at matched rates)', () => {
  it('within 30 % in eight of the nine, and on both sides (a straight line through the maxima was 2–37 % slow in each of the first eight)', () => {
    const signed = ['validation-4.3', ...RECORDED_AGAIN.map((r) => r.folder)].map((folder) => {
      const { read, profile } = recording(folder);
      const row = validateRuns([{ file: 'size-16kib.json', run: read('size-16kib') }], profile, 15).rows.find(
        (r) => r.kind === 'max-rate' && r.config.queueType === 'classic',
      )!;
      return (row.predicted! - row.measured) / row.measured;
    });
    expect(signed.filter((e) => Math.abs(e) < 0.3).length).toBeGreaterThanOrEqual(8);
    expect(signed.some((e) => e > 0) && signed.some((e) => e < 0)).toBe(true);
  });
});

describe('p99: the model against the broker repeating itself', () => {
  it('pooled over the recordings with their own calibration, the held-out p99s are within ×2 of the model more often than the calibration p99s are of their repeat', () => {
    const all = [
      'validation-4.3',
      'validation-4.3-fourth',
      'validation-4.3-fifth',
      'validation-4.3-sixth',
      'validation-4.3-seventh',
      'validation-4.3-eighth',
      'validation-4.3-ninth',
    ].map(p99Agreement);
    const sum = (k: 'modelWithin' | 'modelSteps' | 'repeatWithin' | 'repeatPairs') => all.reduce((acc, a) => acc + a[k], 0);
    expect(sum('repeatPairs')).toBeGreaterThanOrEqual(60);
    expect(sum('modelWithin') / sum('modelSteps')).toBeGreaterThan(sum('repeatWithin') / sum('repeatPairs'));
  });
});

describe('values no model decision saw (docs/measurements/validation-4.3-novel, bench:validate --set novel)', () => {
  const NOVEL = ['size-256b', 'size-64kib', 'concurrency-8', 'window-100', 'persistent-16kib'];
  const { read, profile } = recording('validation-4.3-novel');
  const report = validateRuns(
    NOVEL.map((n) => ({ file: `${n}.json`, run: read(n) })),
    profile,
    15,
  );
  const maxRates = report.rows.filter((r) => r.kind === 'max-rate' && r.excluded === null);

  it("every held-out maximum within issue 10's worst bound of 30 % (docs/validate.md: 1.2–26.1 %), their median within 20 % (15.8 %)", () => {
    expect(maxRates).toHaveLength(9);
    for (const r of maxRates) expect(r.errorPercent!, r.label).toBeLessThan(30);
    expect(median(maxRates.map((r) => r.errorPercent!))!).toBeLessThanOrEqual(20);
  });

  it('the sizes outside the calibrated 1–4 KiB are marked as extrapolated, the others are not', () => {
    for (const r of maxRates) expect(r.sizeExtrapolated, r.label).toBe(r.config.messageSizeBytes < 1024 || r.config.messageSizeBytes > 4096);
  });

  it('the p99 at 50–90 % load is within ×2 for at least 60 % of the steps (docs/validate.md: 19 of 27)', () => {
    const loaded = report.rows.filter(
      (r) => r.kind === 'p99' && r.excluded === null && r.loadLevel !== null && r.loadLevel >= 0.5 - 1e-9 && r.loadLevel <= 0.9 + 1e-9,
    );
    expect(loaded.length).toBeGreaterThanOrEqual(25);
    expect(loaded.filter((r) => r.factor !== null && r.factor <= 2 && r.factor >= 0.5).length / loaded.length).toBeGreaterThanOrEqual(0.6);
  });
});

describe('the novel set again, calibrated at 1, 4 and 16 KiB (docs/measurements/validation-4.3-novel-wide, bench:validate --set novel --calibration-sizes 1KiB,4KiB,16KiB)', () => {
  const { read, profile } = recording('validation-4.3-novel-wide');
  const maxRates = validateRuns(
    ['size-256b', 'size-64kib', 'concurrency-8', 'window-100', 'persistent-16kib'].map((n) => ({ file: `${n}.json`, run: read(n) })),
    profile,
    15,
  ).rows.filter((r) => r.kind === 'max-rate' && r.excluded === null);

  it("both of issue 10's maximum-rate targets hold: median ≤ 15 % (docs/validate.md: 8.5 %), every row ≤ 30 % (worst 22.7 %)", () => {
    expect(maxRates).toHaveLength(9);
    for (const r of maxRates) expect(r.errorPercent!, r.label).toBeLessThan(30);
    expect(median(maxRates.map((r) => r.errorPercent!))!).toBeLessThanOrEqual(15);
  });

  it('64 KiB, four times the largest calibrated size, is still predicted high (the line through 1–16 KiB undercharges it), 256 B within 15 %', () => {
    for (const r of maxRates.filter((x) => x.config.messageSizeBytes === 65536)) {
      expect(r.sizeExtrapolated, r.label).toBe(true);
      expect(r.predicted!, r.label).toBeGreaterThan(r.measured);
    }
    for (const r of maxRates.filter((x) => x.config.messageSizeBytes === 256)) expect(r.errorPercent!, r.label).toBeLessThan(15);
  });
});

describe('a cluster run in the calibration measures the follower cost (docs/measurements/validation-4.3-cluster, bench:validate --set cluster)', () => {
  const dir = 'validation-4.3-cluster';
  const { read } = recording(dir);
  const single = mergeRuns(CALIBRATION_RUNS.map(read));
  const clusterRun = read('cluster-calibration');
  const withCluster = fitProfile(single, loadDefaultProfile(), { clusterRun }).profile;
  const without = fitProfile(single, loadDefaultProfile()).profile;
  const HELD = ['cluster-4kib', 'cluster-window-50', 'cluster-concurrency-3'];
  const maxRates = (profile: Profile) =>
    validateRuns(
      HELD.map((n) => ({ file: `${n}.json`, run: read(n) })),
      profile,
      15,
    ).rows.filter((r) => r.kind === 'max-rate' && r.excluded === null);

  it('the measured follower cost is above the scaled base one (replication on this machine costs more than the published proportions say)', () => {
    expect(withCluster.queueTypes.quorum.replicaCpuMicros.source).toMatch(/per follower/);
    expect(withCluster.queueTypes.quorum.replicaCpuMicros.value).toBeGreaterThan(without.queueTypes.quorum.replicaCpuMicros.value);
  });

  it('predicts the CPU-bound cluster runs it was not fitted on (4 KiB; 3 publishers and queues) within 15 % (docs/validate.md: 11.7 and 5.7 %), each closer than without the cluster run (35.2 and 14.7 %)', () => {
    const fitted = maxRates(withCluster);
    const scaled = maxRates(without);
    expect(fitted).toHaveLength(3);
    for (const label of ['quorum 4 KiB', 'quorum 1 KiB 3p/3c/3q']) {
      const a = fitted.find((r) => r.label === label)!;
      const b = scaled.find((r) => r.label === label)!;
      expect(a.bindsOn, label).toBe('cpu');
      expect(a.errorPercent!, label).toBeLessThan(15);
      expect(a.errorPercent!, label).toBeLessThan(b.errorPercent!);
    }
  });

  it('the follower cost repeats: the same set recorded again (docs/measurements/validation-4.3-cluster-repeat) gives it within 10 % (23.2 and 23.7 core-µs), and the 4 KiB cluster run within 15 % again (12.2 %)', () => {
    const again = recording('validation-4.3-cluster-repeat');
    const fitted = fitProfile(mergeRuns(CALIBRATION_RUNS.map(again.read)), loadDefaultProfile(), { clusterRun: again.read('cluster-calibration') }).profile;
    const [a, b] = [withCluster, fitted].map((p) => p.queueTypes.quorum.replicaCpuMicros.value);
    expect(Math.abs(a! - b!) / a!).toBeLessThan(0.1);
    const row = validateRuns([{ file: 'cluster-4kib.json', run: again.read('cluster-4kib') }], fitted, 15).rows.find((r) => r.kind === 'max-rate')!;
    expect(row.errorPercent!).toBeLessThan(15);
  });

  it('the cluster calibration run itself is in-sample', () => {
    const report = validateRuns([{ file: 'cluster-calibration.json', run: clusterRun }], withCluster, 15);
    expect(report.rows.filter((r) => r.kind === 'max-rate').every((r) => r.excluded !== null)).toBe(true);
  });
});

describe('streams, calibrated and held out like the others (docs/measurements/validation-4.3-stream, bench:validate --set stream)', () => {
  const { read } = recording('validation-4.3-stream');
  const profile = fitProfile(mergeRuns([...CALIBRATION_RUNS, 'stream-calibration'].map(read)), loadDefaultProfile()).profile;
  const rows = validateRuns(
    ['stream-16kib', 'stream-window-50', 'stream-concurrency-4'].map((n) => ({ file: `${n}.json`, run: read(n) })),
    profile,
    15,
  ).rows.filter((r) => r.kind === 'max-rate' && r.excluded === null);
  const row = (label: string) => rows.find((r) => r.label === label)!;

  it('the stream coefficients come from the stream runs', () => {
    expect(profile.queueTypes.stream.queueServiceMicros.source).toMatch(/^bench .*stream single-queue max sustained rate/);
    expect(profile.queueTypes.stream.publishCpuMicros.source).toMatch(/^bench .*stream broker CPU per message/);
  });

  it('4 publishers, consumers and streams within 15 % (docs/validate.md: 10.1 %), window 50 within 20 % (19.7 %)', () => {
    expect(rows).toHaveLength(3);
    expect(row('stream 1 KiB 4p/4c/4q').errorPercent!).toBeLessThan(15);
    expect(row('stream 1 KiB').errorPercent!).toBeLessThan(20);
  });

  it('16 KiB, four times the largest calibrated size, is predicted low (47.4 %): the ceiling line through 1 and 4 KiB overcharges the bytes, on the safe side', () => {
    const r = row('stream 16 KiB');
    expect(r.bindsOn).toBe('queue');
    expect(r.sizeExtrapolated).toBe(true);
    expect(r.predicted!).toBeLessThan(r.measured);
  });
});

describe('how often consumers ack, calibrated with one ack-every-10 run (docs/measurements/validation-4.3-acks, bench:validate --set acks)', () => {
  const { read, profile: standard } = recording('validation-4.3-acks');
  /** The standard fit without any ack term: every delivery charged one whole ack, as before the model had acks. */
  const withoutAcks = structuredClone(standard);
  for (const type of ['classic', 'quorum', 'stream'] as const) {
    delete withoutAcks.queueTypes[type].ackCpuMicros;
    delete withoutAcks.queueTypes[type].ackQueueServiceMicros;
  }
  const withAcks = fitProfile(mergeRuns([...CALIBRATION_RUNS, 'ack-every-10'].map(read)), loadDefaultProfile()).profile;
  const HELD = ['ack-every-3', 'ack-every-50', 'ack-every-10-4kib'];
  const rowsOf = (profile: Profile) =>
    validateRuns(
      HELD.map((n) => ({ file: `${n}.json`, run: read(n) })),
      profile,
      15,
    ).rows.filter((r) => r.kind === 'max-rate' && r.excluded === null);

  it('the ack costs come from the ack-every-10 run, and every other coefficient from the runs that ack each delivery', () => {
    for (const type of ['classic', 'quorum'] as const) {
      expect(withAcks.queueTypes[type].ackCpuMicros!.source).toMatch(/consumers acking every 10 deliveries against one ack each/);
      expect(withAcks.queueTypes[type].ackQueueServiceMicros!.source).toMatch(/single-queue service time/);
      expect(withAcks.queueTypes[type].queueServiceMicros.value).toBe(standard.queueTypes[type].queueServiceMicros.value);
    }
  });

  it('predicts acking every 3 and every 50, and every 10 at 4 KiB, within 10 % each (docs/validate.md: median 2.6 %, worst 7.5 %)', () => {
    const rows = rowsOf(withAcks);
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r.errorPercent!, `${r.file} ${r.label}`).toBeLessThan(10);
  });

  it('a profile that charges every delivery a whole ack under-predicts the batched-ack maxima (docs/validate.md: classic 13–24 % low)', () => {
    const rows = rowsOf(withoutAcks).filter((r) => r.config.queueType === 'classic');
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.predicted!).toBeLessThan(r.measured);
  });

  it('the ack-every-10 calibration run itself is in-sample', () => {
    const report = validateRuns([{ file: 'ack-every-10.json', run: read('ack-every-10') }], withAcks, 15);
    expect(report.rows.every((r) => r.excluded === 'in-sample: the profile was fitted on this run')).toBe(true);
  });
});

describe('a mixed set of configurations no recording had, against the ack set’s profile (docs/measurements/validation-4.3-mixed)', () => {
  const dir = join(ROOT, 'docs', 'measurements', 'validation-4.3-mixed');
  const names = [
    'two-publishers-one-queue',
    'two-queues-1kib',
    'two-queues-2kib-first',
    'two-queues-2kib',
    'one-queue-2kib',
    'persistent-256-w100',
    'processing',
    'processing-02-2c',
  ];
  const read = (name: string): BenchRunResult => BenchRunResultSchema.parse(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')));
  const profile = fitProfile(mergeRuns([...CALIBRATION_RUNS, 'ack-every-10'].map(recording('validation-4.3-acks').read)), loadDefaultProfile()).profile;
  const report = validateRuns(
    names.map((n) => ({ file: `${n}.json`, run: read(n) })),
    profile,
    15,
  );
  const maxRates = report.rows.filter((r) => r.kind === 'max-rate' && r.excluded === null);

  it('the consumers’ processing binds where it should: 1 ÷ 0.05 ms and 2 ÷ 0.2 ms, within 2 % (docs/validate.md: 0.8–1.2 %)', () => {
    const bound = maxRates.filter((r) => r.file.startsWith('processing'));
    expect(bound).toHaveLength(3);
    for (const r of bound) {
      expect(r.bindsOn).toBe('consumers');
      expect(r.errorPercent!).toBeLessThan(2);
    }
  });

  it('over the 14 rows, the median maximum-rate error is within 15 % (docs/validate.md: 9.3 %)', () => {
    expect(maxRates).toHaveLength(14);
    expect(report.summary.maxRate.medianErrorPercent!).toBeLessThan(15);
  });
});

describe('the ack set recorded again (docs/measurements/validation-4.3-acks-repeat)', () => {
  const { read } = recording('validation-4.3-acks-repeat');
  const fitted = fitProfile(mergeRuns([...CALIBRATION_RUNS, 'ack-every-10'].map(read)), loadDefaultProfile());
  const rows = validateRuns(
    ['ack-every-3', 'ack-every-50', 'ack-every-10-4kib'].map((n) => ({ file: `${n}.json`, run: read(n) })),
    fitted.profile,
    15,
  ).rows.filter((r) => r.kind === 'max-rate' && r.excluded === null);

  it('a quorum run acking every 10 that was no faster is held at 0, with the reason (docs/validate.md: noise)', () => {
    const quorum = fitted.fit.queueTypes.find((q) => q.queueType === 'quorum')!;
    expect(fitted.profile.queueTypes.quorum.ackCpuMicros!.value).toBe(0);
    expect(quorum.ackCost.notes.some((n) => /held at 0/.test(n))).toBe(true);
    expect(fitted.profile.queueTypes.classic.ackCpuMicros!.value).toBeGreaterThan(0);
  });

  it('still predicts the six held-out maxima within 10 % each (docs/validate.md: median 5.0 %, worst 7.1 %)', () => {
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r.errorPercent!, `${r.file} ${r.label}`).toBeLessThan(10);
  });
});
