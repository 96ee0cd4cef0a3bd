/**
 * fitProfile on synthetic runs generated from the model's own equations (test/fit/synthetic.ts):
 * it must recover the coefficients that went in, keep the base profile's values where the run
 * measures nothing (and say so), and produce a profile the `size` loader accepts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultProfile, loadProfileFile, validateProfile } from '../../src/profile/load.js';
import { fitProfile } from '../../src/profile/fit/fit.js';
import { mergeRuns } from '../../src/profile/fit/merge.js';
import type { FitGroup } from '../../src/profile/fit/report.js';
import type { BenchRunResult } from '../../src/bench/types.js';
import { queueWaitP99Ms, sharedMachineWaitP99Ms } from '../../src/model/latency.js';
import { queueCeilingMsgPerSec } from '../../src/model/queue-ceiling.js';
import { testProfile } from '../support/test-profile.js';
import { CLASSIC_TRUTH, QUORUM_TRUTH, syntheticRun, type Truth } from './synthetic.js';

const SIZES = [256, 1024, 4096, 16384, 65536];

function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / expected;
}

function sumCpu(q: { publishCpuMicros: { value: number }; enqueueCpuMicros: { value: number }; deliverCpuMicros: { value: number } }): number {
  return q.publishCpuMicros.value + q.enqueueCpuMicros.value + q.deliverCpuMicros.value;
}

function group(
  fit: ReturnType<typeof fitProfile>['fit'],
  queueType: string,
  name: 'cpu' | 'ceiling' | 'memory' | 'confirmFloor' | 'clientCpu' | 'latencyTail' | 'queueWait',
): FitGroup {
  const q = fit.queueTypes.find((t) => t.queueType === queueType);
  if (!q) throw new Error(`no ${queueType} in the report`);
  return q[name];
}

describe('fitProfile recovers known coefficients from synthetic runs', () => {
  const run = syntheticRun({ truths: { classic: CLASSIC_TRUTH, quorum: QUORUM_TRUTH }, sizes: SIZES, noise: 0.03, seed: 42, backlogSteps: true });
  const { profile, fit } = fitProfile(run, testProfile);

  for (const [queueType, truth] of [
    ['classic', CLASSIC_TRUTH],
    ['quorum', QUORUM_TRUTH],
  ] as ['classic' | 'quorum', Truth][]) {
    it(`${queueType}: per-message and per-byte broker CPU within 6 % (3 % noise)`, () => {
      const q = profile.queueTypes[queueType];
      expect(relErr(sumCpu(q), truth.aMicros)).toBeLessThan(0.06);
      // One node: three body hops (publish, enqueue, deliver).
      expect(relErr(q.cpuNanosPerByte.value, truth.bNanosPerByteAllHops / 3)).toBeLessThan(0.06);
      const cpu = group(fit, queueType, 'cpu');
      expect(cpu.status).toBe('fitted');
      expect(cpu.r2).toBeGreaterThan(0.95);
      // Per size: the 70 % and 85 % trials, the 10–70 % curve steps and 3 backlog steps at 60 % are
      // below 90 % of the maximum and left out (the 10 % and 30 % ones are dearer per message).
      expect(cpu.notes.join(' ')).toMatch(/45 step\(s\) below 90 % of the maximum left out/);
      expect(cpu.points).toBe(5 * 4);
    });

    // Five maxima with 3 % noise each: the two-parameter line is good to ~2σ ≈ 8 %.
    it(`${queueType}: queue ceiling (service time per message and per byte) within 10 %`, () => {
      const q = profile.queueTypes[queueType];
      expect(relErr(q.queueServiceMicros.value, truth.serviceMicros)).toBeLessThan(0.1);
      expect(relErr(q.queueServiceNanosPerByte.value, truth.serviceNanosPerByte)).toBeLessThan(0.1);
      const ceiling = group(fit, queueType, 'ceiling');
      expect(ceiling.points).toBe(SIZES.length);
      expect(ceiling.r2).toBeGreaterThan(0.95);
      expect(ceiling.residuals).toHaveLength(SIZES.length);
      // The ceiling bound on 16 cores: no point was CPU-bound, so no lower-bound caveat.
      expect(ceiling.notes.join(' ')).not.toMatch(/lower bound/);
    });
  }

  it("splits the fitted per-message CPU in the base profile's proportions", () => {
    const q = profile.queueTypes.quorum;
    const base = testProfile.queueTypes.quorum;
    expect(q.enqueueCpuMicros.value / q.publishCpuMicros.value).toBeCloseTo(base.enqueueCpuMicros.value / base.publishCpuMicros.value, 5);
  });

  it('fits the commit floor into origin.fsyncLatencyMs from the quorum low-load confirms', () => {
    expect(relErr(profile.origin.fsyncLatencyMs!, QUORUM_TRUTH.floorMs)).toBeLessThan(0.05);
    expect(fit.fsyncLatencyMs.from).toMatch(/^quorum confirm p50 at low load/);
    // The lowest load level the run has (10 %) at 5 sizes: the confirm window's turnaround.
    expect(group(fit, 'quorum', 'confirmFloor').points).toBe(5);
  });

  it('fits the latency tail: end-to-end p99 − p50 at low load (synthetic steps: 6.0 − 1.5 ms)', () => {
    for (const queueType of ['classic', 'quorum'] as const) {
      expect(profile.queueTypes[queueType].latencyTailP99Ms?.value).toBeCloseTo(4.5, 6);
      expect(profile.queueTypes[queueType].latencyTailP99Ms?.source).toMatch(/end-to-end p99 − p50 of the open-loop steps at ≤ 30 % of the maximum rate/);
      // 10 % and 30 % levels at 5 sizes.
      expect(group(fit, queueType, 'latencyTail').points).toBe(10);
    }
    // Nothing measured for streams, and the base has no tail: none is invented.
    expect(profile.queueTypes.stream.latencyTailP99Ms).toBeUndefined();
  });

  it('fits memory per queued message from backlog steps', () => {
    const memory = group(fit, 'quorum', 'memory');
    expect(memory.status).toBe('fitted');
    expect(relErr(profile.queueTypes.quorum.memoryBytesPerQueuedMessage.value, QUORUM_TRUTH.memoryBytesPerMessage!)).toBeLessThan(0.1);
  });

  it('says where each fitted coefficient comes from: run, broker version, steps, R²', () => {
    expect(profile.queueTypes.quorum.cpuNanosPerByte.source).toMatch(/^bench synthetic1 on RabbitMQ 3\.13\.7, \d+ steps, R²=(0\.9\d\d|1\.000): /);
    expect(profile.queueTypes.classic.queueServiceMicros.source).toMatch(
      /^bench synthetic1 on RabbitMQ 3\.13\.7, \d+ steps, R²=(0\.9\d\d|1\.000): classic transient single-queue max/,
    );
  });

  it('keeps what the bench cannot measure, with the base profile named in the source', () => {
    for (const [name, c] of Object.entries(profile.node)) {
      if (name === 'cpuEfficiency' || name === 'messagesPerFsyncPerChannel') continue;
      const base = testProfile.node[name as keyof typeof testProfile.node] as { value: number };
      expect((c as { value: number }).value).toBe(base.value);
      expect((c as { source: string }).source).toMatch(/^not measured by bench; from test-only \(/);
    }
    expect(profile.node.cpuEfficiency).toEqual(testProfile.node.cpuEfficiency);
    // No followers on one node: the replica cost cannot be measured; it is the base's, scaled as the fitted stages are.
    const q = profile.queueTypes.quorum;
    const b = testProfile.queueTypes.quorum;
    const k =
      (q.publishCpuMicros.value + q.enqueueCpuMicros.value + q.deliverCpuMicros.value) /
      (b.publishCpuMicros.value + b.enqueueCpuMicros.value + b.deliverCpuMicros.value);
    expect(q.replicaCpuMicros.value / b.replicaCpuMicros.value).toBeCloseTo(k, 3);
    expect(q.replicaCpuMicros.source).toMatch(/^not measured by bench \(quorum: the run's queues had no followers\); test-only's \d+(\.\d+)? core-µs × /);
    expect(profile.queueTypes.classic.diskWritesPerMessageLagging.source).toMatch(/^not measured by bench; from test-only/);
  });

  it('stream has no steps: every stream coefficient keeps its base value and the report says why', () => {
    for (const [name, c] of Object.entries(profile.queueTypes.stream)) {
      expect(c.value).toBe(testProfile.queueTypes.stream[name as keyof typeof testProfile.queueTypes.stream]?.value);
      expect(c.source).toMatch(/^not measured by bench; from test-only \(stream: no stream steps in the run\)/);
    }
    const stream = fit.queueTypes.find((q) => q.queueType === 'stream')!;
    expect(stream.steps).toBe(0);
    expect(stream.cpu.status).toBe('not-measured');
    expect(stream.cpu.notes).toEqual(['no stream steps in the run']);
  });

  it("records the origin: broker, node count, cores, memory, the run's date, matrix and raw steps", () => {
    expect(profile.origin).toMatchObject({
      kind: 'bench',
      createdAt: run.finishedAt,
      brokerVersion: '3.13.7',
      erlangVersion: '26.2.5',
      nodes: 1,
      coresPerNode: 16,
      memoryBytesPerNode: 16 * 2 ** 30,
    });
    expect(profile.origin.matrix).toEqual(run.matrix);
    expect(profile.origin.steps).toEqual(run.steps);
    expect(profile.origin.fit).toBe(fit);
    expect(profile.name).toBe('bench synthetic1');
  });

  it('is pure: the same run and base give the same profile; createdAt can be given', () => {
    expect(fitProfile(run, testProfile)).toEqual({ profile, fit });
    expect(fitProfile(run, testProfile, { createdAt: '2026-02-01' }).profile.origin.createdAt).toBe('2026-02-01');
  });

  it('writes a profile that validates and loads like `size --calibration` loads it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-fit-'));
    const path = join(dir, 'profile.json');
    writeFileSync(path, JSON.stringify(profile));
    const loaded = loadProfileFile(path);
    expect(loaded.queueTypes.quorum.queueServiceMicros).toEqual(profile.queueTypes.quorum.queueServiceMicros);
    expect(validateProfile(JSON.parse(JSON.stringify(profile)), 'p')).toBeTruthy();
  });
});

describe('fitProfile on incomplete or awkward runs', () => {
  it('several message sizes: the per-byte costs say the range they were measured over (outside it they are extrapolated)', () => {
    const run = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: [1024, 4096, 16384], noise: 0.02, seed: 7 });
    const { fit } = fitProfile(run, testProfile);
    expect(group(fit, 'classic', 'ceiling').notes.join(' ')).toMatch(/per-byte cost measured between 1 KiB and 16 KiB: outside that range it is extrapolated/);
    // The CPU's per-byte cost is measured at matched rates, over the sizes whose loaded steps ran
    // inside the reference line's rates: 16 KiB runs below the 4 KiB line's, so 1 and 4 KiB.
    const cpu = group(fit, 'classic', 'cpu').notes.join(' ');
    expect(cpu).toMatch(/per-byte cost at matched rates: \d+ step\(s\) of 1 KiB against 4 KiB's cores at the same rate/);
    expect(cpu).toMatch(/per-byte cost measured between 1 KiB and 4 KiB: outside that range it is extrapolated/);
  });

  it('one message size: per-byte costs keep the base values and a note says why', () => {
    const run = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: [1024], noise: 0.02, seed: 7 });
    const { profile, fit } = fitProfile(run, testProfile);
    const q = profile.queueTypes.classic;
    expect(q.cpuNanosPerByte.value).toBe(testProfile.queueTypes.classic.cpuNanosPerByte.value);
    expect(q.queueServiceNanosPerByte.value).toBe(testProfile.queueTypes.classic.queueServiceNanosPerByte.value);
    expect(q.queueServiceNanosPerByte.source).toMatch(/^not measured by bench; from test-only/);
    // The per-message figures are still fitted, net of the base per-byte cost.
    const expectedA = CLASSIC_TRUTH.aMicros + (1024 * (CLASSIC_TRUTH.bNanosPerByteAllHops - 3 * testProfile.queueTypes.classic.cpuNanosPerByte.value)) / 1000;
    expect(relErr(sumCpu(q), expectedA)).toBeLessThan(0.08);
    expect(group(fit, 'classic', 'ceiling').notes.join(' ')).toMatch(/one message size only/);
    expect(group(fit, 'classic', 'cpu').notes.join(' ')).toMatch(/one message size only/);
    expect(group(fit, 'classic', 'cpu').notes.join(' ')).not.toMatch(/per-byte cost measured between/);
  });

  it('a remote broker (no broker CPU): CPU coefficients keep the base values; the ceiling is still fitted', () => {
    const run = syntheticRun({ truths: { quorum: QUORUM_TRUTH }, sizes: SIZES, noise: 0.02, seed: 3, local: false });
    const { profile, fit } = fitProfile(run, testProfile);
    expect(profile.queueTypes.quorum.publishCpuMicros.value).toBe(testProfile.queueTypes.quorum.publishCpuMicros.value);
    expect(profile.queueTypes.quorum.publishCpuMicros.source).toMatch(/broker CPU was not measurable/);
    expect(relErr(profile.queueTypes.quorum.queueServiceMicros.value, QUORUM_TRUTH.serviceMicros)).toBeLessThan(0.06);
    expect(fit.notes.join(' ')).toMatch(/not on the bench machine/);
    expect(profile.origin.nodes).toBeUndefined();
    expect(profile.origin.memoryBytesPerNode).toBeUndefined();
  });

  it('maxima reached with the machine saturated: the ceiling is flagged as a lower bound', () => {
    // A cheap queue process on 2 cores: CPU binds before the queue ceiling at every size.
    const cpuBound: Truth = { ...CLASSIC_TRUTH, serviceMicros: 5, serviceNanosPerByte: 0.5, aMicros: 90, bNanosPerByteAllHops: 6 };
    const run = syntheticRun({ truths: { classic: cpuBound }, sizes: SIZES, noise: 0.01, seed: 5, machineCores: 2 });
    const { profile, fit } = fitProfile(run, testProfile);
    const ceiling = group(fit, 'classic', 'ceiling');
    expect(ceiling.parameters.cpuBoundPoints).toBe(SIZES.length);
    expect(ceiling.notes.join(' ')).toMatch(/5 of 5 maxima were reached with the machine's CPU saturated/);
    expect(profile.queueTypes.classic.queueServiceMicros.source).toMatch(/a lower bound/);
    expect(fit.searches.every((s) => s.cpuBound === true)).toBe(true);
  });

  it('steps disturbed by other processes are left out of the CPU and ceiling fits when clean ones cover every size', () => {
    const run = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: SIZES, noise: 0.02, seed: 11 });
    const disturbedRun: BenchRunResult = structuredClone(run);
    // Another process eats a core during the 4 KiB search: its failed trial came early.
    const search = disturbedRun.searches.find((s) => s.config.messageSizeBytes === 4096)!;
    search.maxSustainedMsgPerSec *= 0.5;
    for (const t of search.trials) {
      const step = disturbedRun.steps[t.stepIndex]!;
      step.cpu.machineBusyCores += 1;
      step.cpu.brokerCoresMeasured! *= 1.3;
    }
    const repeat = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: [4096], noise: 0.02, seed: 12, runId: 'synthetic2' });
    const { profile, fit } = fitProfile(mergeRuns([disturbedRun, repeat]), testProfile);
    expect(group(fit, 'classic', 'ceiling').notes.join(' ')).toMatch(/1 search\(es\) left out: other processes/);
    expect(fit.searches.find((s) => s.disturbed)?.usedForCeiling).toBe(false);
    expect(group(fit, 'classic', 'cpu').notes.join(' ')).toMatch(/5 step\(s\) left out: other processes/);
    expect(relErr(profile.queueTypes.classic.queueServiceMicros.value, CLASSIC_TRUTH.serviceMicros)).toBeLessThan(0.06);
    expect(relErr(sumCpu(profile.queueTypes.classic), CLASSIC_TRUTH.aMicros)).toBeLessThan(0.06);
  });

  it('a search whose client thread saturated is left out of the ceiling fit; event-loop delay alone is not', () => {
    const run = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: SIZES, noise: 0.02, seed: 13 });
    const saturated = run.searches.find((s) => s.config.messageSizeBytes === 16384)!;
    const failed = saturated.trials.find((t) => !t.sustained)!;
    run.steps[failed.stepIndex]!.cpu.clientBusiestThreadShare = 0.97;
    run.steps[failed.stepIndex]!.clientLimited = true;
    const starved = run.searches.find((s) => s.config.messageSizeBytes === 1024)!;
    run.steps[starved.trials.find((t) => !t.sustained)!.stepIndex]!.clientLimited = true; // event-loop delay, thread at 0.8
    const { fit } = fitProfile(run, testProfile);
    expect(fit.searches.find((s) => s.sizeBytes === 16384)).toMatchObject({ clientLimited: true, usedForCeiling: false });
    expect(fit.searches.find((s) => s.sizeBytes === 1024)).toMatchObject({ clientLimited: false, usedForCeiling: true });
    expect(group(fit, 'classic', 'ceiling').points).toBe(4);
    expect(fit.notes.join(' ')).toMatch(/the bench flagged 2 step\(s\) as client-limited/);
  });

  it('every coefficient of a fitted profile says whether the run measured it or it was kept (the shipped default as base)', () => {
    const run = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: SIZES, noise: 0.01, seed: 31 });
    const { profile } = fitProfile(run, loadDefaultProfile());
    for (const type of ['quorum', 'classic', 'stream'] as const) {
      for (const [name, c] of Object.entries(profile.queueTypes[type])) {
        expect(c.source, `${type}.${name}`).toMatch(/^(bench \S+ on |not measured by bench)/);
      }
    }
    for (const [name, c] of Object.entries(profile.node)) {
      if (name !== 'cpuEfficiency') expect((c as { source: string }).source, `node.${name}`).toMatch(/^(bench \S+ on |not measured by bench; from published)/);
    }
  });

  it('an empty run keeps every base value and still validates', () => {
    const run = syntheticRun({ truths: {}, sizes: [], noise: 0, seed: 1 });
    const { profile, fit } = fitProfile({ ...run, status: 'failed', error: 'connection refused' }, testProfile);
    for (const q of ['quorum', 'classic', 'stream'] as const) {
      for (const [name, c] of Object.entries(profile.queueTypes[q])) {
        expect(c.value).toBe(testProfile.queueTypes[q][name as keyof typeof testProfile.queueTypes.quorum]?.value);
      }
    }
    expect(fit.notes[0]).toMatch(/the run is failed \(connection refused\)/);
    expect(fit.fsyncLatencyMs).toEqual({ value: null, from: 'not measured by bench; from test-only' });
    expect(profile.origin.fsyncLatencyMs).toBeUndefined();
    expect(() => validateProfile(JSON.parse(JSON.stringify(profile)), 'p')).not.toThrow();
  });

  it('classic persistent and transient in one run: the transient steps give the classic coefficients, the persistent ones what persistence adds', () => {
    const slow: Truth = { ...CLASSIC_TRUTH, serviceMicros: 80 };
    const persistent = syntheticRun({ truths: { classic: slow }, sizes: SIZES, noise: 0.01, seed: 21, persistent: true, runId: 'p' });
    const transient = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: SIZES, noise: 0.01, seed: 22, persistent: false, runId: 't' });
    const merged = mergeRuns([persistent, transient], 'pt');
    const auto = fitProfile(merged, testProfile);
    const classic = auto.fit.queueTypes.find((q) => q.queueType === 'classic')!;
    expect(classic.persistent).toBe(false);
    expect(classic.cpu.notes[0]).toMatch(/fitted on the transient ones, what persistence adds on the persistent ones/);
    expect(relErr(auto.profile.queueTypes.classic.queueServiceMicros.value, CLASSIC_TRUTH.serviceMicros)).toBeLessThan(0.05);
    // The persistent queue is 80 − truth µs slower per message at every size.
    expect(classic.persistence.status).toBe('fitted');
    expect(relErr(auto.profile.queueTypes.classic.persistentQueueServiceMicros!.value, 80 - CLASSIC_TRUTH.serviceMicros)).toBeLessThan(0.1);
    expect(auto.profile.queueTypes.classic.persistentQueueServiceMicros!.source).toMatch(/classic persistent minus transient at the same size/);
    // On request the persistent steps alone: they carry the whole cost, so persistence adds nothing on top.
    const p = fitProfile(merged, testProfile, { classic: 'persistent' });
    expect(relErr(p.profile.queueTypes.classic.queueServiceMicros.value, 80)).toBeLessThan(0.05);
    expect(p.profile.queueTypes.classic.persistentQueueServiceMicros!.value).toBe(0);
    expect(p.profile.queueTypes.classic.persistentCpuMicros!.value).toBe(0);
  });

  it('consumers acking every 10 deliveries: those steps measure what an ack costs, the others every other coefficient', () => {
    // One ack costs 12 core-µs and 10 µs of the queue process; every 10 deliveries saves 0.9 of each.
    // Small sizes: at 64 KiB the 1 % noise on a maximum is larger than what an ack saves.
    const [ackCpu, ackService, every] = [12, 10, 10];
    const sizes = [256, 1024, 4096];
    const saved = 1 - 1 / every;
    const batchedTruth: Truth = {
      ...QUORUM_TRUTH,
      aMicros: QUORUM_TRUTH.aMicros - saved * ackCpu,
      serviceMicros: QUORUM_TRUTH.serviceMicros - saved * ackService,
    };
    const each = syntheticRun({ truths: { quorum: QUORUM_TRUTH }, sizes, noise: 0.01, seed: 31, runId: 'each' });
    const generated = syntheticRun({ truths: { quorum: batchedTruth }, sizes, noise: 0.01, seed: 32, runId: 'batched' });
    const batched = {
      ...generated,
      steps: generated.steps.map((s) => ({ ...s, config: { ...s.config, ackEvery: every } })),
      searches: generated.searches.map((s) => ({ ...s, config: { ...s.config, ackEvery: every } })),
    };
    const { profile, fit } = fitProfile(mergeRuns([each, batched], 'acks'), testProfile);
    const quorum = fit.queueTypes.find((q) => q.queueType === 'quorum')!;
    // The one-ack steps alone give the other coefficients: the batched ones are set aside.
    expect(quorum.cpu.notes.some((n) => /ack every N > 1 deliveries set aside/.test(n))).toBe(true);
    expect(relErr(profile.queueTypes.quorum.queueServiceMicros.value, QUORUM_TRUTH.serviceMicros)).toBeLessThan(0.05);
    expect(quorum.ackCost.status).toBe('fitted');
    expect(relErr(profile.queueTypes.quorum.ackCpuMicros!.value, ackCpu)).toBeLessThan(0.2);
    expect(relErr(profile.queueTypes.quorum.ackQueueServiceMicros!.value, ackService)).toBeLessThan(0.2);
    expect(profile.queueTypes.quorum.ackCpuMicros!.source).toMatch(/consumers acking every 10 deliveries against one ack each/);
    // Without such steps the base profile's values are kept (here: none), and the report says how to measure them.
    const plain = fitProfile(each, testProfile).fit.queueTypes.find((q) => q.queueType === 'quorum')!;
    expect(plain.ackCost.status).toBe('not-measured');
    expect(plain.ackCost.notes[0]).toMatch(/bench --ack-every 10 measures it/);
  });

  it('messagesPerFsyncPerChannel: updated only when the run proves the base value too low', () => {
    const run = syntheticRun({ truths: { quorum: QUORUM_TRUTH }, sizes: SIZES, noise: 0.01, seed: 9 });
    // Max per channel ~10.9k msg/s at 256 B × 4 ms floor ⇒ ≥ 43.7 messages per fsync.
    const low = fitProfile(run, testProfile); // base 64: not proven too low
    expect(low.profile.node.messagesPerFsyncPerChannel.value).toBe(64);
    expect(low.fit.messagesPerFsync.status).toBe('not-measured');
    expect(low.fit.messagesPerFsync.notes[0]).toMatch(/only bounds it from below/);
    const smallBase = structuredClone(testProfile);
    smallBase.node.messagesPerFsyncPerChannel.value = 10;
    const high = fitProfile(run, smallBase);
    expect(high.profile.node.messagesPerFsyncPerChannel.value).toBeGreaterThan(40);
    expect(high.profile.node.messagesPerFsyncPerChannel.source).toMatch(
      /^bench synthetic1 on RabbitMQ 3\.13\.7, \d+ steps, R²=n\/a: one publishing channel carried/,
    );
  });

  it('refitting on top of a bench profile does not nest "not measured" sources', () => {
    const run = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: SIZES, noise: 0.02, seed: 4 });
    const first = fitProfile(run, testProfile).profile;
    const second = fitProfile({ ...run, runId: 'again' }, first).profile;
    expect(second.node.baselineMemoryBytes.source).toBe(first.node.baselineMemoryBytes.source);
    expect(second.queueTypes.classic.queueServiceMicros.source).toMatch(/^bench again on/);
  });
});

describe('whether the CPU per message was read on a saturated machine', () => {
  const NOTE = /no step at high load saturated the machine's CPU: serial processes set these maxima, so A is an upper bound/;

  it('ceiling-bound maxima on a 16-core machine: the note says A is an upper bound', () => {
    const { fit } = fitProfile(syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: SIZES, noise: 0, seed: 51 }), testProfile);
    expect(group(fit, 'classic', 'cpu').notes.join(' ')).toMatch(NOTE);
  });

  it('CPU-bound maxima on one core (36 + 20 core-µs a 0 B message: ~17.8k msg/s, below the 21.7k ceiling at 1 KiB): no note', () => {
    const { fit } = fitProfile(syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: [1024, 4096], noise: 0, seed: 52, machineCores: 1 }), testProfile);
    expect(group(fit, 'classic', 'cpu').notes.join(' ')).not.toMatch(NOTE);
  });

  it('a remote broker (no machine figures for it): no note', () => {
    const { fit } = fitProfile(syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: SIZES, noise: 0, seed: 53, local: false }), testProfile);
    expect(group(fit, 'classic', 'cpu').notes.join(' ')).not.toMatch(NOTE);
  });
});

describe('mergeRuns', () => {
  it('renumbers steps and prefixes search ids so repeated runs do not collide', () => {
    const a = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: [1024], noise: 0.02, seed: 1, runId: 'a' });
    const b = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: [1024], noise: 0.02, seed: 2, runId: 'b' });
    const m = mergeRuns([a, b]);
    expect(m.runId).toBe('a+b');
    const many = mergeRuns([a, b, a, b]);
    expect(many.runId).toBe('a+3-more');
    expect(m.steps.map((s) => s.index)).toEqual(m.steps.map((_, i) => i));
    expect(new Set(m.searches.map((s) => s.id)).size).toBe(2);
    const second = m.searches[1]!;
    expect(second.trials.every((t) => m.steps[t.stepIndex]!.searchId === second.id)).toBe(true);
  });

  it('refuses runs from different brokers', () => {
    const a = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: [1024], noise: 0, seed: 1 });
    const b = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: [1024], noise: 0, seed: 1, brokerVersion: '4.0.5' });
    expect(() => mergeRuns([a, b])).toThrow(/runs\[1\]: broker\.rabbitmqVersion: expected 3\.13\.7 like runs\[0\], got 4\.0\.5/);
  });
});

describe('queue wait variability (Kingman factor)', () => {
  /**
   * A synthetic run whose loaded quorum steps wait `k` × the M/M/1 queue wait above a 6 ms low-load
   * p99, plus (`sharedMachine`) the wait for a CPU of a 2-core machine shared with the client.
   */
  function burstyRun(k: number, sharedMachine = false): BenchRunResult {
    const run = syntheticRun({ truths: { quorum: QUORUM_TRUTH }, sizes: SIZES, noise: 0, seed: 7, ...(sharedMachine ? { machineCores: 2 } : {}) });
    const { profile } = fitProfile(run, testProfile);
    const coeff = profile.queueTypes.quorum;
    const steps = run.steps.map((s) => {
      if (s.kind !== 'open-loop' || s.loadLevel === null || s.loadLevel < 0.5) return s;
      const rate = (s.rates.publishMsgPerSec + s.rates.consumeMsgPerSec) / 2;
      const machineMs = sharedMachine ? sharedMachineWaitP99Ms(s.cpu.machineBusyCores / s.cpu.machineCores, s.cpu.machineCores) : 0;
      const waitMs = queueWaitP99Ms(rate, queueCeilingMsgPerSec(coeff, s.config.messageSizeBytes)) + machineMs / k;
      return { ...s, latency: { ...s.latency, endToEnd: { ...s.latency.endToEnd, p99Micros: s.latency.endToEnd.p99Micros + k * waitMs * 1000 } } };
    });
    return { ...run, steps };
  }

  it('recovers the factor the loaded steps were made with', () => {
    const { profile, fit } = fitProfile(burstyRun(4), testProfile);
    expect(profile.queueTypes.quorum.queueWaitVariability?.value).toBeCloseTo(4, 3);
    expect(profile.queueTypes.quorum.queueWaitVariability?.source).toMatch(/M\/M\/1 queue wait p99 at the open-loop steps at ≥ 50 % of the maximum rate/);
    // 50 %, 70 % and 90 % levels at 5 sizes.
    expect(group(fit, 'quorum', 'queueWait').points).toBe(15);
  });

  it("takes the wait for a CPU among broker and client threads on a shared machine out before it fits the factor (that wait is the machine's)", () => {
    const run = burstyRun(4, true);
    const loaded = run.steps.filter((s) => s.kind === 'open-loop' && s.loadLevel !== null && s.loadLevel >= 0.5);
    // The machine's wait is a noticeable share of the excess at these steps, and the factor is still the queue's 4.
    expect(loaded.some((s) => sharedMachineWaitP99Ms(s.cpu.machineBusyCores / s.cpu.machineCores, 2) > 1)).toBe(true);
    expect(fitProfile(run, testProfile).profile.queueTypes.quorum.queueWaitVariability?.value).toBeCloseTo(4, 3);
  });

  it('is not set when loaded steps wait no longer than the low-load ones', () => {
    const { profile, fit } = fitProfile(syntheticRun({ truths: { quorum: QUORUM_TRUTH }, sizes: SIZES, noise: 0, seed: 7 }), testProfile);
    expect(profile.queueTypes.quorum.queueWaitVariability).toBeUndefined();
    expect(group(fit, 'quorum', 'queueWait').status).not.toBe('fitted');
  });
});

describe('the per-byte CPU at matched rates (groups.ts matchedRateNanosPerByte)', () => {
  // A broker whose cores are a constant 0.3 plus 25 core-µs and 1 core-ns per byte above 1 KiB per
  // message: a message costs more the lower the rate, as the local broker's do (batching).
  const CONSTANT_CORES = 0.3;
  const PER_MESSAGE_MICROS = 25;
  const PER_BYTE_NANOS = 1;
  const run = syntheticRun({ truths: { classic: CLASSIC_TRUTH }, sizes: [1024, 4096], noise: 0, seed: 1, machineCores: 16 });
  for (const s of run.steps) {
    const rate = s.rates.consumeMsgPerSec;
    s.cpu.brokerCoresMeasured = CONSTANT_CORES + (rate * (PER_MESSAGE_MICROS + ((s.config.messageSizeBytes - 1024) * PER_BYTE_NANOS) / 1000)) / 1e6;
  }
  const { profile, fit } = fitProfile(run, testProfile);

  it('reads the bytes at equal rates: 1 core-ns/B over the three hops, where the maxima differ by the rate too', () => {
    expect(profile.queueTypes.classic.cpuNanosPerByte.value * 3).toBeCloseTo(PER_BYTE_NANOS, 4);
    expect(group(fit, 'classic', 'cpu').notes.join(' ')).toMatch(
      /per-byte cost at matched rates: \d+ step\(s\) of 4 KiB against 1 KiB's cores at the same rate/,
    );
  });

  it("A is 1 KiB's cost at its maximum: 25 core-µs plus the constant cores spread over that rate", () => {
    const max = run.searches.find((s) => s.config.messageSizeBytes === 1024)!.maxSustainedMsgPerSec;
    const a = group(fit, 'classic', 'cpu').parameters.aMicrosPerMessage!;
    // At ≥ 90 % of the maximum the constant share is at most 0.3 ÷ (0.9 × max) per message.
    expect(a).toBeGreaterThan(PER_MESSAGE_MICROS + (CONSTANT_CORES / max) * 1e6 - 1024 * PER_BYTE_NANOS * 1e-3 - 1e-6);
    expect(a).toBeLessThan(PER_MESSAGE_MICROS + (CONSTANT_CORES / (0.9 * max)) * 1e6);
  });
});
