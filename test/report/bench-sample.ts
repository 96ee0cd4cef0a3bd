/**
 * A small bench run (src/bench/types.ts BenchRunResult) made by hand, for the bench report
 * tests: one max-rate search on classic transient 1 KiB and its open-loop curve at three load
 * levels, with figures of the order a 2-core machine gives.
 */
import { BenchRunResultSchema, type BenchRunResult, type StepConfig, type StepResult } from '../../src/bench/types.js';

const CONFIG: StepConfig = {
  queueType: 'classic',
  messageSizeBytes: 1024,
  publishers: 1,
  consumers: 1,
  queues: 1,
  persistent: false,
  confirms: true,
  confirmWindow: 100,
  prefetch: 100,
  ackEvery: 1,
  consumerProcessingMs: 0,
  targetRateMsgPerSec: 'max',
  durationSeconds: 2,
  warmupSeconds: 0.5,
  maxMessages: null,
};

const CPU = {
  clientCores: 0.4,
  clientBusiestThreadShare: 0.4,
  eventLoopDelayP99Ms: 2,
  machineCores: 2,
  machineBusyCores: 1.2,
  brokerCoresEstimate: 0.8,
  brokerCoresMeasured: 0.8,
};

function latency(p50Micros: number, p99Micros: number) {
  return {
    count: 1000,
    meanMicros: p50Micros,
    p50Micros,
    p95Micros: (p50Micros + p99Micros) / 2,
    p99Micros,
    p999Micros: p99Micros * 1.5,
    maxMicros: p99Micros * 2,
  };
}

function step(index: number, level: number | null, rate: number, p50Micros: number, p99Micros: number): StepResult {
  const open = level !== null;
  return {
    index,
    label: open ? `classic transient 1 KiB @ ${Math.round(level * 100)} % (${rate}/s)` : 'classic transient 1 KiB probe',
    kind: open ? 'open-loop' : 'probe',
    searchId: 's1',
    loadLevel: level,
    config: { ...CONFIG, targetRateMsgPerSec: open ? rate : 'max' },
    startedAt: '2026-01-15T10:00:00.000Z',
    measuredSeconds: 2,
    window: { published: rate * 2, confirmed: rate * 2, nacked: 0, consumed: rate * 2 },
    rates: { targetMsgPerSec: open ? rate : null, publishMsgPerSec: rate, confirmMsgPerSec: rate, consumeMsgPerSec: rate, consumeBytesPerSec: rate * 1024 },
    latency: { endToEnd: latency(p50Micros, p99Micros), confirm: latency(p50Micros / 2, p99Micros / 2) },
    integrity: { published: rate * 3, received: rate * 3, lost: 0, duplicated: 0, reordered: 0, drained: true },
    cpu: CPU,
    broker: null,
    clientLimited: false,
    sustained: open ? null : true,
    warnings: [],
  };
}

export function sampleBenchRun(): BenchRunResult {
  return BenchRunResultSchema.parse({
    kind: 'rmq-plan-bench-run',
    schemaVersion: 1,
    runId: 'sample',
    status: 'complete',
    startedAt: '2026-01-15T10:00:00.000Z',
    finishedAt: '2026-01-15T10:01:00.000Z',
    url: 'amqp://guest:****@localhost:5672/',
    broker: {
      source: 'management',
      rabbitmqVersion: '3.10.8',
      erlangVersion: '25.2',
      clusterName: 'rabbit@localhost',
      nodes: [
        {
          name: 'rabbit@localhost',
          processors: 2,
          memUsedBytes: 1e8,
          memLimitBytes: 1e9,
          diskFreeBytes: 1e10,
          diskFreeLimitBytes: 5e7,
          memAlarm: false,
          diskFreeAlarm: false,
          osPid: 123,
        },
      ],
      local: true,
    },
    client: { nodeVersion: 'v20.20.2', platform: 'linux', cpuModel: 'test CPU', cores: 2, totalMemoryBytes: 24e9, workers: 1 },
    matrix: {
      queueTypes: ['classic'],
      messageSizesBytes: [1024],
      persistent: [false],
      publishers: [1],
      consumers: [1],
      queues: [1],
      confirms: true,
      confirmWindow: 100,
      prefetch: 100,
      ackEvery: 1,
      consumerProcessingMs: 0,
      durationSeconds: 2,
      warmupSeconds: 0.5,
      maxMessages: null,
      loadLevels: [0.3, 0.6, 0.9],
      curveSizesBytes: [1024],
      fixedRatesMsgPerSec: [],
      searchBudgetSeconds: 20,
      totalTimeSeconds: 420,
      workers: 1,
    },
    steps: [step(0, null, 20000, 900, 4000), step(1, 0.3, 6000, 400, 1200), step(2, 0.6, 12000, 600, 2500), step(3, 0.9, 18000, 1500, 9000)],
    searches: [
      {
        id: 's1',
        label: 'classic transient 1 KiB',
        config: CONFIG,
        probeMsgPerSec: 21000,
        maxSustainedMsgPerSec: 20000,
        maxSustainedConsumeMsgPerSec: 19950,
        trials: [
          { stepIndex: 0, targetMsgPerSec: 20000, sustained: true, reason: 'consume rate within 5% of target' },
          { stepIndex: 0, targetMsgPerSec: 21000, sustained: false, reason: 'published 93 % of the target' },
        ],
        clientLimited: false,
        budgetExhausted: false,
      },
    ],
    warnings: [],
    error: null,
    cleanup: { queuesDeleted: 1, queuesLeft: [] },
  });
}
