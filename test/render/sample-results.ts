/**
 * Hand-built SizeResults for renderer tests: they pin what each renderer shows for a known
 * plan, independently of the model's numbers.
 */
import type { DiskOption, InstanceType } from '../../src/catalog/schema.js';
import type { EvaluatedPlan, ResourceUsage, ScenarioDescription, ScenarioResult, Shortfall, SizeResult } from '../../src/model/types.js';
import { WorkloadFileSchema, type WorkloadFile } from '../../src/schema/workload.js';

const SOURCE = { source: 'https://example.com/catalog', sourceDate: '2025-01-01', verified: 'unverified' as const };

export const M6I_XLARGE: InstanceType = {
  provider: 'aws',
  name: 'm6i.xlarge',
  family: 'm6i',
  category: 'general',
  vcpus: 4,
  memoryGiB: 16,
  networkGbps: 1.5625,
  networkBurstGbps: 12.5,
  diskMaxThroughputMBps: 156.25,
  diskMaxIops: 6000,
  pricePerHourUsd: 0.192,
  region: 'us-east-1',
  ...SOURCE,
};

export const C6I_XLARGE: InstanceType = { ...M6I_XLARGE, name: 'c6i.xlarge', family: 'c6i', category: 'compute', memoryGiB: 8, pricePerHourUsd: 0.17 };

export const GP3: DiskOption = {
  provider: 'aws',
  name: 'gp3',
  media: 'ssd',
  minSizeGiB: 1,
  maxSizeGiB: 16384,
  pricePerGiBMonthUsd: 0.08,
  baselineIops: 3000,
  iopsPerGiB: 0,
  maxIops: 16000,
  pricePerProvisionedIopsMonthUsd: 0.005,
  baselineThroughputMBps: 131.072,
  throughputMBpsPerGiB: 0,
  maxThroughputMBps: 1048.576,
  pricePerProvisionedMBpsMonthUsd: 0.04,
  writeLatencyMs: 2,
  writeLatencySource: 'assumption',
  ...SOURCE,
};

function usage(
  resource: ResourceUsage['resource'],
  demand: number,
  capacity: number,
  unit: ResourceUsage['unit'],
  limit: number,
  subject?: string,
): ResourceUsage {
  const utilization = demand / capacity;
  return { resource, demand, capacity, unit, utilization, limit, ok: utilization <= limit, ...(subject ? { subject } : {}) };
}

const GiB = 1024 ** 3;

function scenario(kind: ScenarioResult['kind'], nodesUp: number, scale: number, limit: number, description: ScenarioDescription): ScenarioResult {
  return {
    kind,
    description,
    nodesUp,
    resources: [
      usage('cpu', 0.9 * scale, 3.6, 'cores', limit),
      usage('queueCeiling', 400, 18000, 'msgPerSec', limit, 'orders'),
      usage('diskBandwidth', 1.3e6 * scale, 131.072e6, 'bytesPerSec', limit),
      usage('diskIops', 820 * scale, 3000, 'iops', limit),
      usage('diskCapacity', 12.5 * GiB * scale, 100 * GiB, 'bytes', limit),
      usage('network', 4.1e6 * scale, 195.3e6, 'bytesPerSec', limit),
      usage('memory', 2.9 * GiB * scale, 9.6 * GiB, 'bytes', limit),
      usage('fileDescriptors', 80 * scale, 65536, 'count', limit),
      usage('latency', 6.2 * scale, 50, 'ms', 1, 'orders'),
    ],
    latencyP99MsByWorkload: { orders: 6.2 * scale, audit: 4.1 * scale },
  };
}

export function sampleWorkloadFile(): WorkloadFile {
  return WorkloadFileSchema.parse({
    version: 1,
    name: 'Sample shop',
    workloads: [
      { name: 'orders', publishRate: { averageMsgPerSec: 200, peakMsgPerSec: 400 }, messageSize: '2KiB', latencyP99TargetMs: 50 },
      { name: 'audit', publishRate: { averageMsgPerSec: 50, peakMsgPerSec: 100 }, messageSize: 512 },
    ],
  });
}

export function samplePlan(): EvaluatedPlan {
  const healthy = scenario('healthy', 3, 1, 0.6, { kind: 'healthy', nodes: 3 });
  const nodeLoss = scenario('nodeFailure', 2, 1.5, 0.8, { kind: 'nodeFailure', nodes: 3, lost: [1] });
  return {
    instanceType: M6I_XLARGE,
    nodes: 3,
    disk: { option: GP3, sizeGiB: 100, provisionedIops: 3000, provisionedThroughputMBps: 131.072, monthlyCostUsdPerNode: 8, sizedToFit: ['diskCapacity'] },
    cost: { instancesUsdPerMonth: 420.48, disksUsdPerMonth: 24, totalUsdPerMonth: 444.48 },
    zoneOfNode: [0, 0, 0],
    layout: [
      {
        workload: 'orders',
        vhost: '/',
        queueType: 'quorum',
        fanOut: 1,
        queuesPerGroup: 1,
        totalQueues: 1,
        replicationFactor: 3,
        queueNames: ['orders'],
        leadersPerNode: [1, 0, 0],
        replicasPerNode: [1, 1, 1],
        peakPublishMsgPerSec: 400,
        perQueueMsgPerSec: 400,
        perQueueCeilingMsgPerSec: 18000,
        consumers: 1,
        publisherConnections: 1,
        consumerConnections: 1,
        inFlightPerChannel: 4,
        latencyP99Ms: 6.2,
        latencyTargetMs: 50,
      },
      {
        workload: 'audit',
        vhost: '/',
        queueType: 'quorum',
        fanOut: 1,
        queuesPerGroup: 1,
        totalQueues: 1,
        replicationFactor: 3,
        queueNames: ['audit'],
        leadersPerNode: [0, 1, 0],
        replicasPerNode: [1, 1, 1],
        peakPublishMsgPerSec: 100,
        perQueueMsgPerSec: 100,
        perQueueCeilingMsgPerSec: 21000,
        consumers: 1,
        publisherConnections: 1,
        consumerConnections: 1,
        inFlightPerChannel: 1,
        latencyP99Ms: 4.1,
        latencyTargetMs: null,
      },
    ],
    healthy,
    failures: [nodeLoss],
    burst: null,
    binding: {
      resource: 'memory',
      scenario: 'nodeFailure',
      utilization: (2.9 * 1.5) / 9.6,
      limit: 0.8,
      subject: 'node 1',
      scenarioRef: { kind: 'nodeFailure', lostNodes: [1], lostZone: null },
      scenarioDescription: { kind: 'nodeFailure', nodes: 3, lost: [1] },
      verdict: 'tightest',
      unboundedBecause: null,
      budget: null,
      decidedBy: null,
      derivation: {
        kind: 'memory',
        node: 1,
        baselineBytes: 400 * 2 ** 20,
        queues: [{ workload: 'orders', replicas: 2, bytesPerQueue: 30 * 2 ** 10, backlog: null }],
        wal: { maxBytes: 512 * 2 ** 20, multiple: 4 },
        connections: 4,
        connectionBytes: 400 * 2 ** 10,
        nodesUp: 2,
        bytes: 4.35 * GiB,
        memoryGiB: 16,
        watermark: 0.6,
        capacityBytes: 9.6 * GiB,
        floored: null,
        verdict: { demand: 4.35 * GiB, capacity: 9.6 * GiB, utilization: 4.35 / 9.6, limit: 0.8 },
      },
    },
    feasible: true,
    shortfalls: [],
    latencyMisses: [],
  };
}

/** 91% of a node's usable memory after a node loss, against an 80% limit. */
export const MEMORY_MISS: Shortfall = {
  kind: 'overLimit',
  scenario: { kind: 'nodeFailure', lostNodes: [1], lostZone: null },
  usage: {
    resource: 'memory',
    demand: 0.91 * 9.6 * 2 ** 30,
    capacity: 9.6 * 2 ** 30,
    unit: 'bytes',
    utilization: 0.91,
    limit: 0.8,
    ok: false,
    subject: 'node 1',
  },
  unboundedBecause: null,
};

/** A p99 of 6.2 ms against a 1 ms target. */
export const LATENCY_MISS: Shortfall = {
  kind: 'overLimit',
  scenario: { kind: 'healthy', lostNodes: [], lostZone: null },
  usage: { resource: 'latency', demand: 6.2, capacity: 1, unit: 'ms', utilization: 6.2, limit: 1, ok: false, subject: 'orders' },
  unboundedBecause: null,
};

export function sampleResult(): SizeResult {
  const plan = samplePlan();
  const cheaper: EvaluatedPlan = {
    ...samplePlan(),
    instanceType: C6I_XLARGE,
    cost: { instancesUsdPerMonth: 372.3, disksUsdPerMonth: 24, totalUsdPerMonth: 396.3 },
    feasible: false,
    shortfalls: [MEMORY_MISS],
    binding: { ...plan.binding, utilization: 0.91 },
  };
  const five: EvaluatedPlan = {
    ...samplePlan(),
    nodes: 5,
    cost: { instancesUsdPerMonth: 700.8, disksUsdPerMonth: 40, totalUsdPerMonth: 740.8 },
  };
  return {
    feasible: true,
    plan,
    alternatives: [
      { plan: cheaper, whyNot: { kind: 'missesTargets', near: null, firstMiss: MEMORY_MISS } },
      { plan: five, whyNot: { kind: 'costsMore', moreUsdPerMonth: 296.32, overBudgetUsdPerMonth: null } },
    ],
    basis: {
      horizonMonths: 12,
      trafficScale: 1,
      workloads: [
        { name: 'orders', peakMsgPerSec: 400, averageMsgPerSec: 200, sizeBytes: 2048 },
        { name: 'audit', peakMsgPerSec: 100, averageMsgPerSec: 50, sizeBytes: 512 },
      ],
    },
    infeasibility: null,
    warnings: [{ kind: 'unevenZones', nodes: 4, zones: 3 }],
    search: { candidatesEvaluated: 12345, candidatesSkipped: 0, candidatesRuledOut: 0, instanceTypesConsidered: 40, stoppedEarly: false },
    profileName: 'published-2025',
    attribution: null,
  };
}

export function sampleInfeasibleResult(): SizeResult {
  const base = sampleResult();
  const plan: EvaluatedPlan = {
    ...samplePlan(),
    feasible: false,
    shortfalls: [LATENCY_MISS],
    binding: {
      ...samplePlan().binding,
      resource: 'latency',
      scenario: 'healthy',
      utilization: 6.2,
      limit: 1,
      subject: 'orders',
      scenarioRef: { kind: 'healthy', lostNodes: [], lostZone: null },
      verdict: 'missesMost',
    },
  };
  return {
    ...base,
    feasible: false,
    plan,
    alternatives: [],
    infeasibility: {
      reasons: [
        {
          kind: 'latencyBelowFloor',
          workload: 'orders',
          targetMs: 1,
          floorMs: 3,
          quorum: true,
          terms: [
            { name: 'fsync', ms: 2 },
            { name: 'replication round trip', ms: 1 },
          ],
        },
      ],
      suggestions: [
        { kind: 'latencyFloor', workload: 'orders', largest: { name: 'fsync', ms: 2 }, fixes: [{ kind: 'raiseTarget', aboveMs: 3 }] },
        { kind: 'spreadQuorumWal' },
      ],
    },
  };
}
