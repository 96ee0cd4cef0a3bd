/**
 * A whole candidate evaluated by hand: 3 × c6i.xlarge (4 vCPU, 8 GiB, 1.5 Gbps), gp3, quorum
 * RF 3, orders at 10,000 msg/s of 1,000 B in 3 queues (3,333.3 msg/s each), f = 1.
 * Every node leads one queue and follows two.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCluster } from '../../src/model/cluster.js';
import type { EvaluatedPlan, Resource, ScenarioResult } from '../../src/model/types.js';
import { erlangC } from '../../src/model/latency.js';
import { gp3, instance } from '../support/test-catalog.js';
import { MIB, testProfile, withCoefficients } from '../support/test-profile.js';
import { request, workload, workloadFile } from './helpers.js';
import { bindingSummary, explainedLines, scenarioText, shortfallText } from '../../src/render/findings.js';

const GiB = 1024 ** 3;

function use(s: ScenarioResult, r: Resource) {
  const u = s.resources.find((x) => x.resource === r);
  if (!u) throw new Error(`no ${r} in ${s.kind}`);
  return u;
}

function handCase(over: Parameters<typeof workload>[0] = {}, cluster = {}): EvaluatedPlan {
  const file = workloadFile([workload({ publishRate: { averageMsgPerSec: 5000, peakMsgPerSec: 10_000 }, ...over })], cluster);
  return evaluateCluster(request(file), {
    instanceType: instance('c6i.xlarge'),
    nodes: 3,
    disk: gp3,
    replicationFactor: 3,
    queuesPerWorkload: { orders: 3 },
  });
}

describe('evaluate: healthy, by hand', () => {
  const plan = handCase();
  const h = plan.healthy;

  it('lays out 3 queues, one leader per node, every node a replica of each', () => {
    const l = plan.layout[0]!;
    expect(l.queueNames).toEqual(['orders.s00', 'orders.s01', 'orders.s02']);
    expect(l.leadersPerNode).toEqual([1, 1, 1]);
    expect(l.replicasPerNode).toEqual([3, 3, 3]);
    expect(l.perQueueMsgPerSec).toBeCloseTo(3333.333, 3);
    expect(l.consumers).toBe(3); // auto: one per queue (processing time 0)
    expect(l.publisherConnections).toBe(1); // ⌈10,000 / min(50,000, 64 × 1000 / 1 ms)⌉
    expect(l.consumerConnections).toBe(3);
  });

  it('CPU = publish + leader + followers', () => {
    // publish 10,000 × 11 µs / 3 = 0.036667; leader 3,333.3 × 32 µs = 0.106667;
    // followers 2 × 3,333.3 × 11 µs = 0.073333 → 0.216667 cores of 4 × 1.00 → 5.4%
    const cpu = use(h, 'cpu');
    expect(cpu.demand).toBeCloseTo(0.216667, 5);
    expect(cpu.capacity).toBe(4);
    expect(cpu.utilization).toBeCloseTo(0.0541667, 6);
    expect(cpu.limit).toBe(0.6);
    expect(cpu.ok).toBe(true);
  });

  it('queue ceiling: 3,333 of 33,333 msg/s', () => {
    const q = use(h, 'queueCeiling');
    expect(q.utilization).toBeCloseTo(0.1, 9);
    expect(q.subject).toBe('orders');
  });

  it('network: each direction 14.44 MB/s of bodies × 1.1', () => {
    // in: client 3.333 + replication 2 × 3.333 + forwarded publishes 3.333 × 2/3
    //     + forwarded deliveries (3.333 − 1.111) = 14.444 MB/s; × 1.1 = 15.889 MB/s of 187.5
    const n = use(h, 'network');
    expect(n.demand).toBeCloseTo(15.888889e6, 0);
    expect(n.capacity).toBe(187.5e6);
  });

  it('disk: 10 MB/s, 1,038 IOPS, WAL + free-disk limit', () => {
    // 3 replicas × 3,333.3 × 1,000 B × 1 write = 10 MB/s
    expect(use(h, 'diskBandwidth').demand).toBeCloseTo(10e6, 3);
    // 10e6 / 262,144 = 38.147 + min(10,000 copies/s, 1000 / 1 ms) = 1,038.147
    expect(use(h, 'diskIops').demand).toBeCloseTo(1038.147, 3);
    // 512 MiB WAL + 8 GiB × 0.6 = 5.3 GiB; the volume: ⌈5.3 / 0.6⌉ = 9 GiB
    const space = use(h, 'diskCapacity');
    expect(space.demand).toBeCloseTo(512 * MIB + 8 * GiB * 0.6, 0);
    expect(plan.disk.sizeGiB).toBe(9);
    expect(plan.disk.provisionedIops).toBe(3000);
  });

  it('memory: baseline + queues + WAL ×3 + connections', () => {
    // 100 MiB + 3 × 50,000 + 3 × 512 MiB (10,000 copies/s is not above the 10,000 threshold)
    //   + 4 connections × 120,000 B / 3 nodes = 1,715,780,336 B of 8 GiB × 0.6
    const m = use(h, 'memory');
    expect(m.demand).toBeCloseTo(100 * MIB + 150_000 + 3 * 512 * MIB + 160_000, 0);
    expect(m.capacity).toBeCloseTo(8 * GiB * 0.6, 0);
  });

  it('file descriptors: 2 × ⌈4 / 3⌉ + 3 replicas = 7', () => {
    expect(use(h, 'fileDescriptors').demand).toBe(7);
  });

  it('latency: client RTT + fsync + replication RTT + queue and CPU waits', () => {
    // 1 + 1 + 1 ms; queue: ln(10) / (33,333 × 0.9) s = 0.07675 ms;
    // CPU at 5.417% of 4 cores (M/M/c): Erlang C(4, 0.2167) ≈ 1e-4 < 1%, so the p99 CPU wait is 0
    const queueWait = (Math.log(10) / ((100_000 / 3) * 0.9)) * 1000;
    expect(erlangC(4, 0.216666667)).toBeLessThan(0.01);
    expect(h.latencyP99MsByWorkload.orders).toBeCloseTo(3 + queueWait, 6);
  });

  it("a profile's measured latency tail adds to the p99 as it is, and to nothing else", () => {
    const file = workloadFile([workload({ publishRate: { averageMsgPerSec: 5000, peakMsgPerSec: 10_000 } })]);
    const spec = { instanceType: instance('c6i.xlarge'), nodes: 3, disk: gp3, replicationFactor: 3, queuesPerWorkload: { orders: 3 } };
    const tailed = evaluateCluster(
      request(file, { profile: withCoefficients(testProfile, 'quorum', { latencyTailP99Ms: { value: 4.5, unit: 'ms', source: 'test' } }) }),
      spec,
    );
    expect(tailed.healthy.latencyP99MsByWorkload.orders).toBeCloseTo(h.latencyP99MsByWorkload.orders! + 4.5, 9);
    expect(use(tailed.healthy, 'cpu').demand).toBe(use(h, 'cpu').demand);
  });

  it("a profile's queue wait variability scales the queue-process wait (Kingman), nothing else", () => {
    const file = workloadFile([workload({ publishRate: { averageMsgPerSec: 5000, peakMsgPerSec: 10_000 } })]);
    const spec = { instanceType: instance('c6i.xlarge'), nodes: 3, disk: gp3, replicationFactor: 3, queuesPerWorkload: { orders: 3 } };
    const bursty = evaluateCluster(
      request(file, { profile: withCoefficients(testProfile, 'quorum', { queueWaitVariability: { value: 10, unit: '×', source: 'test' } }) }),
      spec,
    );
    // The hand case's queue wait: ln(10) / (33,333 × 0.9) s = 0.07675 ms; ten times that, 9 × more.
    const queueWait = (Math.log(10) / ((100_000 / 3) * 0.9)) * 1000;
    expect(bursty.healthy.latencyP99MsByWorkload.orders).toBeCloseTo(h.latencyP99MsByWorkload.orders! + 9 * queueWait, 9);
  });

  it('cost: 3 × $0.17 × 730 h + 3 × 9 GiB × $0.08', () => {
    expect(plan.cost.instancesUsdPerMonth).toBeCloseTo(372.3, 9);
    expect(plan.cost.disksUsdPerMonth).toBeCloseTo(2.16, 9);
    expect(plan.cost.totalUsdPerMonth).toBeCloseTo(374.46, 9);
    expect(plan.feasible).toBe(true);
    expect(plan.shortfalls.map(shortfallText)).toEqual([]);
  });
});

describe('evaluate: one node lost, by hand', () => {
  const plan = handCase();
  const f = plan.failures[0]!;

  it('loses the node with the most leaders (tie: node 0) and moves its leader to node 1', () => {
    expect(f.kind).toBe('nodeFailure');
    expect(f.nodesUp).toBe(2);
    expect(f.lostNodes).toEqual([0]);
    expect(scenarioText(f.description)).toBe('1 node lost (node 0; 3 → 2 up), its leaders moved to survivors');
  });

  it('CPU on node 1 = publish / 2 + 2 leaders + 1 follower', () => {
    // 10,000 × 11 / 2 = 0.055 + 2 × 3,333.3 × 32 = 0.213333 + 3,333.3 × 11 = 0.036667 → 0.305
    const cpu = use(f, 'cpu');
    expect(cpu.demand).toBeCloseTo(0.305, 6);
    expect(cpu.subject).toBe('node 1');
    expect(cpu.limit).toBe(0.8);
  });

  it('keeps the healthy figure where the survivors compute lower (network: fewer followers to feed)', () => {
    // node 1 after: egress = deliveries 5 + replication 2 × 3.333 (to node 2 only)
    //   + forwarded deliveries 6.667 / 2 = 15 MB/s ≥ 14.44: not lowered
    expect(use(f, 'network').demand).toBeGreaterThanOrEqual(use(plan.healthy, 'network').demand);
  });
});

describe('evaluate: shortfalls and the binding constraint', () => {
  it('names resource, scenario, node and figures, worst first', () => {
    // 100,000 msg/s of 1,000 B in 3 queues: 33,333 msg/s per queue = 100% of the ceiling
    const plan = handCase({ publishRate: { averageMsgPerSec: 50_000, peakMsgPerSec: 100_000 } });
    expect(plan.feasible).toBe(false);
    expect(plan.shortfalls.map(shortfallText)).toContain('queue ceiling at peak: orders 33,333 msg/s per queue of a 33,333 msg/s ceiling = 100% > 60%');
    // CPU healthy: 100,000 × 11 / 3 + 33,333 × 32 + 2 × 33,333 × 11 = 0.3667 + 1.0667 + 0.7333 = 2.1667 of 4 = 54%: fine
    // network healthy: 158.9 MB/s of 187.5 = 85% > 60%
    expect(plan.shortfalls.map(shortfallText)).toContain('network at peak: 159 MB/s of 188 MB/s on node 0 = 85% > 60%');
    // after losing node 0, node 1 leads 2 queues: egress = deliveries 50 + replication 2 × 33.3
    //   + forwarded deliveries 33.3 + forwarded publishes 16.7 = 166.7 MB/s × 1.1 = 183 MB/s = 98% > 80%
    expect(plan.shortfalls.map(shortfallText)).toContain('network after 1 node lost: 183 MB/s of 188 MB/s on node 1 = 98% > 80%');
    // disk: 3 × 33,333 × 1,000 B = 100 MB/s against the instance's 150 MB/s (the volume is bought up to it)
    expect(plan.shortfalls.map(shortfallText)).toContain('disk bandwidth at peak: 100 MB/s of 150 MB/s on node 0 = 67% > 60%');
    // worst first: queue ceiling 100% / 60% = 1.67 beats network 98% / 80% = 1.22
    expect(plan.shortfalls.map(shortfallText)[0]).toBe('queue ceiling at peak: orders 33,333 msg/s per queue of a 33,333 msg/s ceiling = 100% > 60%');
    expect(plan.shortfalls.map(shortfallText)).toHaveLength(5);
    expect(plan.binding.resource).toBe('queueCeiling');
    expect(plan.binding.scenario).toBe('healthy');
    expect(bindingSummary(plan.binding)).toContain('misses by the most');
    expect(explainedLines(plan.binding)).toEqual([
      'scenario: all 3 nodes up, at peak',
      'per-queue rate of orders = 100,000 msg/s ÷ 3 queues per group = 33,333 msg/s',
      'ceiling = 10^6 / (25.0 µs + 1,000 B × 5.00 ns/B / 1000) = 33,333 msg/s (one queue is one Erlang process)',
      '33,333 msg/s / 33,333 msg/s = 100% > 60%',
    ]);
  });

  it('explains the binding constraint with its arithmetic', () => {
    const plan = handCase({ publishRate: { averageMsgPerSec: 30_000, peakMsgPerSec: 60_000 } }, {});
    const b = plan.binding;
    expect(explainedLines(b)[0]).toMatch(/^scenario: /);
    expect(explainedLines(b).join('\n')).toMatch(/= \d/);
    expect(explainedLines(b).at(-1)).toMatch(/^\S.* = \d+% (≤|>) \d+%$/);
  });

  it('explains CPU with every term', () => {
    // 3 × c6i.xlarge at 40,000 msg/s of 1,000 B: CPU after 1 lost = 40,000 × 11 / 2 + 2 × 13,333 × 32 + 13,333 × 11 = 0.22 + 0.8533 + 0.1467 = 1.22 cores
    const plan = evaluateCluster(
      request(
        workloadFile([workload({ publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 40_000 }, messageSize: 1000 })], {
          constraints: { targetUtilization: 0.2, maxUtilizationAfterFailure: 0.3 },
        }),
      ),
      { instanceType: instance('c6i.2xlarge'), nodes: 3, disk: gp3, replicationFactor: 3, queuesPerWorkload: { orders: 3 } },
    );
    const cpuF = use(plan.failures[0]!, 'cpu');
    expect(cpuF.demand).toBeCloseTo(1.22, 6);
  });

  it('adds a budget line when over budget', () => {
    const plan = handCase({}, { constraints: { monthlyBudgetUsd: 300 } });
    expect(plan.feasible).toBe(false);
    expect(plan.shortfalls.map(shortfallText)).toEqual(['budget: $374/month > $300/month']);
    expect(plan.binding.resource).toBe('budget');
    expect(explainedLines(plan.binding).join('\n')).toContain('3 × c6i.xlarge $0.17/h × 730 h = $372');
  });
});
