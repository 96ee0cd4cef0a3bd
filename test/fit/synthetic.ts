/**
 * Synthetic bench runs generated from the model's own equations (docs/model.md), with known
 * coefficients and seeded multiplicative noise, so the tests can check that the fit recovers
 * what went in. Everything about the run that the fit does not read is filled with plausible
 * constants.
 */
import { BenchRunResultSchema, type BenchRunResult, type MaxRateSearch, type QueueType, type StepConfig, type StepResult } from '../../src/bench/types.js';
import { DEFAULT_MATRIX } from '../../src/bench/matrix.js';

/** What a queue type really costs in the synthetic world. */
export interface Truth {
  /**
   * Extra broker CPU per message at low load, as a multiple of the high-load cost (Erlang batches
   * less at low rates: ~3× at 20 % on the project's machine). Applied to steps below 50 % of the maximum.
   */
  lowLoadCpuFactor: number;
  /** Broker core-µs per message at high load: publish + enqueue + deliver (+ followers). */
  aMicros: number;
  /** Broker core-ns per body byte over all hops (3 on one node). */
  bNanosPerByteAllHops: number;
  /** Queue process busy time: a + size × b. */
  serviceMicros: number;
  serviceNanosPerByte: number;
  /** Client core-µs per message and core-ns per byte. */
  clientMicros: number;
  clientNanosPerByte: number;
  /** Publish → confirm p50 at low load (ms). */
  floorMs: number;
  /** Broker memory per message held, per replica (B); used when backlog steps are generated. */
  memoryBytesPerMessage?: number;
}

export interface SyntheticOptions {
  truths: Partial<Record<QueueType, Truth>>;
  sizes: number[];
  /** Relative noise σ on every measured figure (e.g. 0.02). */
  noise: number;
  seed: number;
  machineCores?: number;
  /** Classic steps persistent or not. */
  persistent?: boolean;
  loadLevels?: number[];
  /** Management figures and local CPU available (false: a remote broker, broker CPU unknown). */
  local?: boolean;
  /** Add steps that hold a growing backlog (for the memory fit). */
  backlogSteps?: boolean;
  runId?: string;
  brokerVersion?: string;
}

/** mulberry32: a tiny seeded PRNG (public domain, https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  // Box–Muller.
  const u = Math.max(1e-12, rand());
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function ceilingOf(t: Truth, size: number): number {
  return 1e6 / (t.serviceMicros + (size * t.serviceNanosPerByte) / 1000);
}

/** Broker cores by the model's equations (docs/model.md "CPU", one node: publish + leader, three body hops). */
export function brokerCoresAt(t: Truth, rate: number, size: number): number {
  return (rate * (t.aMicros + (size * t.bNanosPerByteAllHops) / 1000)) / 1e6;
}

export function clientCoresAt(t: Truth, rate: number, size: number): number {
  return (rate * (t.clientMicros + (size * t.clientNanosPerByte) / 1000)) / 1e6;
}

/** Max sustainable rate: the queue ceiling, or the rate at which broker + client fill the machine. */
export function maxRateOf(t: Truth, size: number, machineCores: number): number {
  const perMessage = (t.aMicros + (size * t.bNanosPerByteAllHops) / 1000 + t.clientMicros + (size * t.clientNanosPerByte) / 1000) / 1e6;
  const cpuRate = machineCores / perMessage;
  return Math.min(ceilingOf(t, size), cpuRate);
}

const LATENCY = { count: 1000, meanMicros: 2000, p50Micros: 1500, p95Micros: 4000, p99Micros: 6000, p999Micros: 9000, maxMicros: 12000 };

export function syntheticRun(o: SyntheticOptions): BenchRunResult {
  const rand = seededRandom(o.seed);
  const noisy = (v: number) => v * (1 + o.noise * gaussian(rand));
  const machineCores = o.machineCores ?? 16;
  const local = o.local ?? true;
  const loadLevels = o.loadLevels ?? [0.1, 0.3, 0.5, 0.7, 0.9];
  const runId = o.runId ?? 'synthetic1';
  const steps: StepResult[] = [];
  const searches: MaxRateSearch[] = [];
  const t0 = Date.parse('2026-01-15T10:00:00Z');

  const config = (queueType: QueueType, size: number, target: number | 'max'): StepConfig => ({
    queueType,
    messageSizeBytes: size,
    publishers: 1,
    consumers: 1,
    queues: 1,
    persistent: queueType === 'classic' ? (o.persistent ?? false) : true,
    confirms: true,
    confirmWindow: 1000,
    prefetch: 1000,
    ackEvery: 1,
    consumerProcessingMs: 0,
    targetRateMsgPerSec: target,
    durationSeconds: 2,
    warmupSeconds: 0.5,
    maxMessages: null,
  });

  const step = (
    queueType: QueueType,
    t: Truth,
    size: number,
    rate: number,
    meta: {
      label: string;
      kind: StepResult['kind'];
      searchId: string | null;
      loadLevel: number | null;
      target: number | null;
      sustained: boolean | null;
      floor?: boolean;
      backlog?: number;
    },
  ): StepResult => {
    const index = steps.length;
    const lowLoad = meta.loadLevel !== null && meta.loadLevel < 0.5;
    const broker = noisy(brokerCoresAt(t, rate, size) * (lowLoad ? t.lowLoadCpuFactor : 1));
    const client = noisy(clientCoresAt(t, rate, size));
    const published = Math.round(rate * 2);
    const backlog = meta.backlog ?? 0;
    const confirmP50 = meta.floor ? noisy(t.floorMs) * 1000 : t.floorMs * 1000 * 3;
    const memUsed = 150e6 + backlog * (t.memoryBytesPerMessage ?? 0) * (1 + 0.3 * o.noise * gaussian(rand));
    const s: StepResult = {
      index,
      label: meta.label,
      kind: meta.kind,
      searchId: meta.searchId,
      loadLevel: meta.loadLevel,
      config: config(queueType, size, meta.target ?? 'max'),
      startedAt: new Date(t0 + index * 4000).toISOString(),
      measuredSeconds: 2,
      window: { published: published + Math.round((backlog * 2) / 2.5), confirmed: published, nacked: 0, consumed: published },
      rates: { targetMsgPerSec: meta.target, publishMsgPerSec: rate, confirmMsgPerSec: rate, consumeMsgPerSec: rate, consumeBytesPerSec: rate * size },
      latency: { endToEnd: LATENCY, confirm: { ...LATENCY, p50Micros: confirmP50 } },
      integrity: { published, received: published, lost: 0, duplicated: 0, reordered: 0, drained: true },
      cpu: {
        clientCores: client,
        clientBusiestThreadShare: Math.min(0.8, client),
        eventLoopDelayP99Ms: 12,
        machineCores,
        machineBusyCores: Math.min(machineCores, broker + client),
        brokerCoresEstimate: local ? broker : null,
        brokerCoresMeasured: local ? broker : null,
      },
      broker: local
        ? {
            publishMsgPerSec: rate,
            deliverMsgPerSec: rate,
            memUsedBytes: memUsed,
            diskFreeBytes: 50e9,
            queues: [{ name: `q${index}`, type: queueType, leader: 'rabbit@a', members: queueType === 'classic' ? [] : ['rabbit@a'] }],
          }
        : null,
      clientLimited: false,
      sustained: meta.sustained,
      warnings: [],
    };
    steps.push(s);
    return s;
  };

  for (const [queueType, t] of Object.entries(o.truths) as [QueueType, Truth][]) {
    for (const size of o.sizes) {
      const id = `${queueType}-${size}`;
      const label = `${queueType} ${size} B`;
      const max = maxRateOf(t, size, machineCores);
      const measuredMax = Math.round(noisy(max));
      const probe = step(queueType, t, size, measuredMax * 1.02, {
        label: `${label} probe`,
        kind: 'probe',
        searchId: id,
        loadLevel: null,
        target: null,
        sustained: null,
      });
      const trials: MaxRateSearch['trials'] = [{ stepIndex: probe.index, targetMsgPerSec: null, sustained: true, reason: 'unpaced probe' }];
      for (const [fraction, sustained] of [
        [0.7, true],
        [0.85, true],
        [1, true],
        [1.08, false],
      ] as const) {
        const target = Math.round(measuredMax * fraction);
        const rate = sustained ? target : max;
        const s = step(queueType, t, size, rate, { label: `${label} @ ${target}/s`, kind: 'search', searchId: id, loadLevel: null, target, sustained });
        trials.push({ stepIndex: s.index, targetMsgPerSec: target, sustained, reason: sustained ? 'tracked' : 'consumed 93 % of the target' });
      }
      searches.push({
        id,
        label,
        config: config(queueType, size, 'max'),
        probeMsgPerSec: probe.rates.consumeMsgPerSec,
        maxSustainedMsgPerSec: measuredMax,
        maxSustainedConsumeMsgPerSec: measuredMax,
        trials,
        clientLimited: false,
        budgetExhausted: false,
      });
      for (const level of loadLevels) {
        const rate = Math.round(level * measuredMax);
        step(queueType, t, size, rate, {
          label: `${label} @ ${level * 100} %`,
          kind: 'open-loop',
          searchId: id,
          loadLevel: level,
          target: rate,
          sustained: null,
          floor: level <= 0.3,
        });
      }
      if (o.backlogSteps) {
        for (const backlog of [60_000, 120_000, 240_000]) {
          const rate = Math.round(0.6 * measuredMax);
          step(queueType, t, size, rate, {
            label: `${label} backlog ${backlog}`,
            kind: 'open-loop',
            searchId: null,
            loadLevel: null,
            target: rate,
            sustained: null,
            backlog,
          });
        }
      }
    }
  }

  const run: BenchRunResult = {
    kind: 'rmq-plan-bench-run',
    schemaVersion: 1,
    runId,
    status: 'complete',
    startedAt: new Date(t0).toISOString(),
    finishedAt: new Date(t0 + steps.length * 4000).toISOString(),
    url: 'amqp://guest:****@127.0.0.1:5672',
    broker: {
      source: local ? 'management' : 'amqp',
      rabbitmqVersion: o.brokerVersion ?? '3.13.7',
      erlangVersion: '26.2.5',
      clusterName: 'rabbit@synthetic',
      nodes: local
        ? [
            {
              name: 'rabbit@a',
              processors: machineCores,
              memUsedBytes: 150e6,
              memLimitBytes: 6e9,
              diskFreeBytes: 50e9,
              diskFreeLimitBytes: 5e7,
              memAlarm: false,
              diskFreeAlarm: false,
              osPid: 1234,
            },
          ]
        : [],
      local,
    },
    client: { nodeVersion: 'v20.20.0', platform: 'linux', cpuModel: 'Synthetic CPU @ 3 GHz', cores: machineCores, totalMemoryBytes: 16 * 2 ** 30, workers: 1 },
    matrix: {
      ...DEFAULT_MATRIX,
      ...(Object.keys(o.truths).length > 0 ? { queueTypes: Object.keys(o.truths) as QueueType[] } : {}),
      ...(o.sizes.length > 0 ? { messageSizesBytes: o.sizes } : {}),
      loadLevels,
      curveSizesBytes: o.sizes,
    },
    steps,
    searches,
    warnings: [],
    error: null,
    cleanup: { queuesDeleted: steps.length, queuesLeft: [] },
  };
  // The generator must produce what the bench produces: validate like a saved run.json.
  return BenchRunResultSchema.parse(run);
}

/** Plausible single-node figures (core-µs, ns/B) in the range measured on the project's 2-core machine. */
export const CLASSIC_TRUTH: Truth = {
  lowLoadCpuFactor: 2,
  aMicros: 36,
  bNanosPerByteAllHops: 3.0,
  serviceMicros: 40,
  serviceNanosPerByte: 6,
  clientMicros: 20,
  clientNanosPerByte: 1,
  floorMs: 0.4,
};

export const QUORUM_TRUTH: Truth = {
  lowLoadCpuFactor: 3,
  aMicros: 80,
  bNanosPerByteAllHops: 9.0,
  serviceMicros: 90,
  serviceNanosPerByte: 12,
  clientMicros: 25,
  clientNanosPerByte: 1.5,
  floorMs: 4,
  memoryBytesPerMessage: 120,
};
