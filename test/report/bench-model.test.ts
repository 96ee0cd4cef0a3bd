/**
 * The model's curve in the bench report (src/validate/bench-machine.ts), worked by hand on the
 * test-only profile: quorum at 1,000 B costs 11 µs to publish and 32 µs at the leader (43 µs per
 * message), and one queue process serves 25 + 5 = 30 µs per message (a 33,333 msg/s ceiling).
 */
import { describe, expect, it } from 'vitest';
import type { StepConfig } from '../../src/bench/types.js';
import { benchMachine, benchSetup, clientCoresLine, modelCurve, modelP99Ms, modelSaturation, type BenchMachine } from '../../src/validate/bench-machine.js';
import { prefetchBoundMsgPerSec } from '../../src/model/bench-prediction.js';
import { lockstepLoopMsgPerSec, raFlushSplitMs } from '../../src/model/confirms.js';
import { sharedMachineWaitP99Ms } from '../../src/model/latency.js';
import type { Profile } from '../../src/schema/profile.js';
import { testProfile, withCoefficients } from '../support/test-profile.js';
import { sampleBenchRun } from './bench-sample.js';

const FSYNC_MS = 2;
const profile: Profile = { ...testProfile, origin: { ...testProfile.origin, fsyncLatencyMs: FSYNC_MS } };

const config: StepConfig = {
  ...sampleBenchRun().steps[1]!.config,
  queueType: 'quorum',
  messageSizeBytes: 1000,
  publishers: 1,
  consumers: 1,
  queues: 1,
  consumerProcessingMs: 0,
  // Windows and slots enough not to bind (each loop has its own test): 10,000 ÷ (2 ms + 10,000 × 30 µs) is 99 % of the queue's ceiling.
  confirmWindow: 10_000,
  prefetch: 10_000,
};

const machine: BenchMachine = { brokerCores: 2, clientCores: 0, coresFrom: 'test', fsyncMs: FSYNC_MS, fsyncFrom: 'test', rttMs: 0, rttFrom: 'test' };

/** p99 of the M/M/1 wait (ms), docs/model.md: ln(100ρ) / (μ(1−ρ)). */
function mm1Ms(rho: number, mu: number): number {
  return (Math.log(100 * rho) / (mu * (1 - rho))) * 1000;
}

describe('bench model curve', () => {
  const setup = benchSetup(profile, machine, config);

  it('at low load is the commit floor: the fsync of a single-node quorum queue, nothing else', () => {
    expect(modelP99Ms(setup, 10)).toBe(FSYNC_MS);
  });

  it('adds the queue-process and CPU waits as the load grows', () => {
    const rate = 20_000;
    const queue = mm1Ms(rate / 33_333.333333333336, 33_333.333333333336);
    // CPU: M/M/c over the 2 cores at ρ = 20,000 × 43 µs / 2 = 0.43, offered load a = 0.86:
    // Erlang B(1) = 0.86/1.86, B(2) = 0.86·B(1) / (2 + 0.86·B(1)); C = B(2) / (1 − ρ(1 − B(2))) ≈ 0.2586;
    // p99 wait = ln(100·C) / (2μ(1−ρ)) with μ = 10⁶/43 per core ≈ 0.1227 ms
    const b1 = 0.86 / 1.86;
    const b2 = (0.86 * b1) / (2 + 0.86 * b1);
    const c = b2 / (1 - 0.43 * (1 - b2));
    const cpu = (Math.log(100 * c) / (2 * (1e6 / 43) * (1 - 0.43))) * 1000;
    expect(modelP99Ms(setup, rate)).toBeCloseTo(FSYNC_MS + queue + cpu, 9);
    expect(modelP99Ms(setup, rate)).toBeCloseTo(2.4298, 3);
  });

  it('with the load generator on the broker machine, adds the wait for a CPU among their threads (sharedMachineWaitP99Ms), and only then', () => {
    const rate = 20_000;
    const shared = benchSetup(profile, { ...machine, clientCores: 0.6 }, config);
    const client = shared.sharedWithClient!;
    expect(client).toEqual({ cores: 2, clientCores: 0.6 });
    // The machine's busy share: the broker's 20,000 × 43 µs = 0.86 cores + the client's 0.6, of 2.
    const rho = (0.86 + 0.6) / 2;
    const alone = benchSetup(profile, machine, config);
    expect(alone.sharedWithClient).toBeNull();
    const withoutClientCores = modelP99Ms({ ...shared, sharedWithClient: null }, rate);
    expect(modelP99Ms(shared, rate)).toBeCloseTo(withoutClientCores + sharedMachineWaitP99Ms(rho, 2), 9);
    expect(modelP99Ms(shared, rate)).toBeGreaterThan(modelP99Ms(alone, rate));
  });

  it('saturates where the queue process reaches its ceiling (before 2 cores ÷ 43 µs = 46,512 msg/s)', () => {
    const s = modelSaturation(setup);
    expect(s.by).toBe('queue');
    expect(s.msgPerSec).toBeCloseTo(33_333.33, 1);
    expect(modelP99Ms(setup, s.msgPerSec)).toBe(Infinity);
  });

  it('spreads publishers over queues as the bench does (publisher p → queue p mod queues)', () => {
    // 3 publishers on 2 queues: queue 0 takes 2 of them, so 2/3 of the rate.
    const three = benchSetup(profile, machine, { ...config, publishers: 3, queues: 2 });
    expect(three.busiestQueueShare).toBeCloseTo(2 / 3, 12);
    // The queue would now last to 50,000 msg/s: the 2 cores (46,512 msg/s at 43 µs) give out first.
    expect(modelSaturation(three).by).toBe('cpu');
    expect(modelSaturation(three).msgPerSec).toBeCloseTo(2e6 / 43, 6);
  });

  it('saturates at the consumers when their processing time is the limit', () => {
    // 2 consumers on one queue, 2 ms each: 1,000 msg/s.
    const slow = benchSetup(profile, machine, { ...config, consumers: 2, consumerProcessingMs: 2 });
    expect(modelSaturation(slow)).toEqual({ msgPerSec: 1000, by: 'consumers' });
  });

  it("binds on the publishers' confirm windows, which move in step: N ÷ (confirm turnaround + N × the queue process's service)", () => {
    // No measured confirm in the test profile: the turnaround is the commit, the 2 ms fsync. Window 10: 10 ÷ (2 + 10 × 0.03) ms.
    const ten = benchSetup(profile, machine, { ...config, confirmWindow: 10 });
    expect(modelSaturation(ten)).toEqual({ msgPerSec: 1e4 / 2.3, by: 'window' });
    // Two publishers on one queue put both windows on it; without confirms there is no window.
    expect(modelSaturation(benchSetup(profile, machine, { ...config, confirmWindow: 5, publishers: 2 })).msgPerSec).toBeCloseTo(1e4 / 2.3, 6);
    expect(modelSaturation(benchSetup(profile, machine, { ...config, confirmWindow: 10, confirms: false })).by).toBe('queue');
    expect(lockstepLoopMsgPerSec(0, 0, 0.03)).toBe(Infinity);
  });

  it('a quorum window larger than one Ra flush (16 enqueues) reaches the WAL in two writes: the second may wait for the first sync', () => {
    // Turnaround 2 ms (the fsync f), D = 30 µs. Window 16: one write, 16 ÷ (2 + 16 × 0.03) ms.
    const rate = (window: number) => modelSaturation(benchSetup(profile, machine, { ...config, confirmWindow: window })).msgPerSec;
    expect(rate(16)).toBeCloseTo(16e3 / (2 + 16 * 0.03), 6);
    // Window 20: the last 4 are written at 20·D, the first 16 at 16·D and synced until 16·D + f: they wait f − 4·D = 1.88 ms more.
    expect(rate(20)).toBeCloseTo(20e3 / (2 + 20 * 0.03 + (2 - 4 * 0.03)), 6);
    expect(raFlushSplitMs(20, 2, 0.03)).toBeCloseTo(1.88, 9);
    // Window 100: the leader's 84 × 30 µs of further work outlasts the 2 ms sync: nothing more to wait for.
    expect(raFlushSplitMs(100, 2, 0.03)).toBe(0);
    expect(rate(100)).toBe(Math.min(rate(1_000_000), 100e3 / (2 + 100 * 0.03)));
    // Classic queues do not go through Ra: window 20 is one loop of 20 ÷ (2 + 20 × 0.03) ms.
    const classic = benchSetup(profile, machine, { ...config, queueType: 'classic', persistent: true, confirmWindow: 20 });
    expect(raFlushSplitMs(16, 2, 0.03)).toBe(0);
    expect(modelSaturation(classic)).toEqual({
      msgPerSec: lockstepLoopMsgPerSec(20, classic.confirmFixedMs, 1e3 / classic.queueCeilingMsgPerSec),
      by: 'window',
    });
    // A slower sync never makes the split shorter; more leader work per message never makes it longer.
    for (const w of [17, 20, 32, 50]) {
      expect(raFlushSplitMs(w, 3, 0.03)).toBeGreaterThanOrEqual(raFlushSplitMs(w, 2, 0.03));
      expect(raFlushSplitMs(w, 2, 0.05)).toBeLessThanOrEqual(raFlushSplitMs(w, 2, 0.03));
    }
  });

  it("binds on the consumers' prefetch slots, which move in step: N ÷ (turnaround + N × the queue process's service)", () => {
    const turnaround = (ms: number): Profile => withCoefficients(profile, 'quorum', { deliveryTurnaroundMs: { value: ms, unit: 'ms', source: 'test' } });
    // One slot: each delivery turns in 0.47 ms + the queue process's 30 µs = 0.5 ms, so 2,000 msg/s.
    const one = benchSetup(turnaround(0.47), machine, { ...config, prefetch: 1 });
    expect(prefetchBoundMsgPerSec(one)).toBeCloseTo(2000, 6);
    expect(modelSaturation(one)).toEqual({ msgPerSec: prefetchBoundMsgPerSec(one), by: 'prefetch' });
    // Without a measured turnaround a quorum slot waits for its settlement's commit: the fsync.
    expect(prefetchBoundMsgPerSec(benchSetup(profile, machine, { ...config, prefetch: 1 }))).toBeCloseTo(1e3 / (FSYNC_MS + 0.03), 6);
    // Ten slots move in step: 10 ÷ (0.47 ms + 10 × 30 µs) = 12,987 msg/s; 2 consumers × 5 the same.
    expect(prefetchBoundMsgPerSec(benchSetup(turnaround(0.47), machine, { ...config, prefetch: 10 }))).toBeCloseTo(1e4 / 0.77, 6);
    expect(prefetchBoundMsgPerSec(benchSetup(turnaround(0.47), machine, { ...config, prefetch: 5, consumers: 2 }))).toBeCloseTo(1e4 / 0.77, 6);
    // More slots never carry less, a slower turnaround never more; a large prefetch leaves the queue process's ceiling.
    const rate = (prefetch: number, ms: number) => prefetchBoundMsgPerSec(benchSetup(turnaround(ms), machine, { ...config, prefetch }));
    const prefetches = [1, 2, 3, 5, 10, 30, 100, 1000];
    for (let i = 1; i < prefetches.length; i++) expect(rate(prefetches[i]!, 0.47)).toBeGreaterThanOrEqual(rate(prefetches[i - 1]!, 0.47));
    for (const p of prefetches) expect(rate(p, 1)).toBeLessThanOrEqual(rate(p, 0.47) * (1 + 1e-9));
    expect(rate(1000, 0.47)).toBeLessThanOrEqual(33_333.334);
    expect(modelSaturation(benchSetup(turnaround(0.47), machine, { ...config, prefetch: 1000 })).by).toBe('queue');
  });

  it("adds the measured low-load tail, at most the publishers' windows' worth of queue service", () => {
    const tailMs = 10;
    const withTail = withCoefficients(profile, 'quorum', { latencyTailP99Ms: { value: tailMs, unit: 'ms', source: 'test' } });
    const at = (window: number, confirms = true) => modelP99Ms(benchSetup(withTail, machine, { ...config, confirmWindow: window, confirms }), 10);
    // Window 1000: 1000 messages × 30 µs = 30 ms > 10 ms, the tail stands; window 20: 20 × 30 µs = 0.6 ms.
    expect(at(1000)).toBeCloseTo(FSYNC_MS + tailMs, 9);
    expect(at(20)).toBeCloseTo(FSYNC_MS + 0.6, 9);
    expect(at(1000, false)).toBeCloseTo(FSYNC_MS + tailMs, 9);
    // A larger window never lowers the p99.
    const windows = [1, 2, 5, 20, 100, 333, 1000, 10_000];
    for (let i = 1; i < windows.length; i++) expect(at(windows[i]!)).toBeGreaterThanOrEqual(at(windows[i - 1]!));
  });

  it("bounds the queue's wait under load the same way: a window cannot queue deeper than itself", () => {
    const variability = (tailMs: number, factor: number): Profile =>
      withCoefficients(profile, 'quorum', {
        latencyTailP99Ms: { value: tailMs, unit: 'ms', source: 'test' },
        queueWaitVariability: { value: factor, unit: '×', source: 'test' },
      });
    const p99 = (p: Profile, window: number, msgPerSec: number) => modelP99Ms(benchSetup(p, machine, { ...config, confirmWindow: window }), msgPerSec);
    // The other terms (fsync, WAL and CPU waits) alone: no tail, no queue wait.
    const rest = (msgPerSec: number) => p99(variability(0, 0), 20, msgPerSec);
    const loaded = variability(10, 20);
    // Window 20 on a 30 µs queue process: at most 20 × 30 µs = 0.6 ms in front of it, at any load short of its ceiling.
    for (const rate of [100, 10_000, 25_000, 30_000]) expect(p99(loaded, 20, rate)).toBeCloseTo(rest(rate) + 0.6, 9);
    // Window 1000 (30 ms): the tail and the wait under load stand until they reach it.
    const unbounded = (rate: number) => p99(loaded, 1_000_000, rate);
    expect(p99(loaded, 1000, 100)).toBeCloseTo(unbounded(100), 9);
    expect(unbounded(30_000)).toBeGreaterThan(rest(30_000) + 30);
    expect(p99(loaded, 1000, 30_000)).toBeCloseTo(rest(30_000) + 30, 9);
    // Past the queue's ceiling (33,333 msg/s) there is no steady state, window or not.
    expect(p99(loaded, 20, 40_000)).toBe(Infinity);
    // Never lower with more load or a larger window.
    const rates = [100, 5_000, 15_000, 25_000, 30_000, 33_000];
    for (const w of [1, 20, 1000])
      for (let i = 1; i < rates.length; i++) expect(p99(loaded, w, rates[i]!)).toBeGreaterThanOrEqual(p99(loaded, w, rates[i - 1]!));
  });

  it('samples the curve evenly up to the given rate', () => {
    const curve = modelCurve(() => setup, 30_000, 3);
    expect(curve.map((p) => p.msgPerSec)).toEqual([10_000, 20_000, 30_000]);
    expect(curve[1]!.p99Ms).toBe(modelP99Ms(setup, 20_000));
  });
});

describe('the machine the model is evaluated on', () => {
  it("takes the broker's reported cores, the profile's fsync latency and a loopback round trip for a local broker", () => {
    const m = benchMachine(sampleBenchRun(), profile);
    expect(m).toMatchObject({ brokerCores: 2, fsyncMs: FSYNC_MS, rttMs: 0 });
  });

  it("falls back to the bench machine's cores for a local broker that did not report them", () => {
    const run = sampleBenchRun();
    run.broker!.nodes[0]!.processors = null;
    run.client.cores = 8;
    expect(benchMachine(run, profile)).toMatchObject({ brokerCores: 8 });
  });

  it("says why it cannot draw the model when nothing gives the broker's cores", () => {
    const run = { ...sampleBenchRun(), broker: null };
    expect(benchMachine(run, testProfile)).toEqual({ missing: 'the run does not say how many cores the broker has, nor does the profile' });
  });

  it("takes the load generator's cores at a rate from the straight line through the curve's steps, 0 for a remote broker", () => {
    const steps = sampleBenchRun().steps.filter((s) => s.kind === 'open-loop');
    // Client cores 0.2 + 0.04 per 1,000 msg/s at the sample's rates: the line recovers it exactly.
    const shaped = steps.map((s) => ({ ...s, cpu: { ...s.cpu, clientCores: 0.2 + (0.04 * s.rates.consumeMsgPerSec) / 1000 } }));
    const line = clientCoresLine(shaped, true);
    expect(line(10_000)).toBeCloseTo(0.6, 9);
    expect(line(0)).toBeCloseTo(0.2, 9);
    // Never below 0 (a line falling with the rate, extrapolated far).
    const falling = shaped.map((s, i) => ({ ...s, cpu: { ...s.cpu, clientCores: 1 - i * 0.3 } }));
    expect(clientCoresLine(falling, true)(1e9)).toBe(0);
    expect(clientCoresLine(shaped, false)(10_000)).toBe(0);
  });

  it('without a fsync latency in the profile, takes 0 and says the quorum curve is a lower bound', () => {
    const m = benchMachine(sampleBenchRun(), testProfile);
    expect(m).toMatchObject({ fsyncMs: 0 });
    expect('fsyncFrom' in m && m.fsyncFrom).toContain('lower bound');
  });
});
