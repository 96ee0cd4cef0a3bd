/**
 * Every node's figures (ScenarioResult.perNode, src/model/per-node.ts): they agree with the
 * busiest-node figures the search and the renderers use, add up to the cluster totals, and after
 * a failure mark the lost nodes down and never go below a node's healthy figures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateCluster } from '../../src/model/cluster.js';
import { NODE_RESOURCES } from '../../src/model/per-node.js';
import { plan } from '../../src/model/planner.js';
import type { EvaluatedPlan, NodeResource, ScenarioResult } from '../../src/model/types.js';
import type { WorkloadFileInput } from '../../src/schema/workload.js';
import { gp3, instance } from '../support/test-catalog.js';
import { testProfile } from '../support/test-profile.js';
import { request, workload, workloadFile } from './helpers.js';

const SEED = 20240611;
const EPS = 1e-9;

type WorkloadInput = WorkloadFileInput['workloads'][number];
type ClusterInput = NonNullable<WorkloadFileInput['cluster']>;

const arbWorkload = fc.record({
  queueType: fc.constantFrom('quorum', 'classic', 'stream' as const),
  peak: fc.double({ min: 10, max: 40_000, noNaN: true }),
  size: fc.integer({ min: 10, max: 100_000 }),
  fanOut: fc.integer({ min: 1, max: 3 }),
  queues: fc.constantFrom<number | 'auto'>(1, 2, 3, 5, 8, 'auto'),
  outageMinutes: fc.constantFrom(0, 0, 1, 10),
  persistent: fc.boolean(),
  churn: fc.constantFrom(0, 0, 5),
  burst: fc.constantFrom(0, 0, 3),
});
type Arb = typeof arbWorkload extends fc.Arbitrary<infer T> ? T : never;

function toInput(a: Arb, name: string): WorkloadInput {
  return workload({
    name,
    queueType: a.queueType,
    publishRate: {
      averageMsgPerSec: a.peak / 2,
      peakMsgPerSec: a.peak,
      ...(a.burst > 0 ? { burst: { msgPerSec: a.peak * a.burst, durationSeconds: 60 } } : {}),
    },
    messageSize: a.size,
    fanOut: a.fanOut,
    queues: a.queues,
    persistent: a.persistent,
    consumers: { count: 'auto', processingTimeMs: 1 },
    backlog: { consumerOutageMinutes: a.outageMinutes },
    connections: { churnPerSec: a.churn },
  });
}

const arbCluster = fc.record({
  nodes: fc.integer({ min: 1, max: 9 }),
  f: fc.constantFrom(0, 1, 2),
  rf: fc.constantFrom(1, 3, 5),
  zoneLoss: fc.boolean(),
  type: fc.constantFrom('c6i.xlarge', 'c6i.2xlarge', 'm6i.2xlarge'),
});
type ArbCluster = typeof arbCluster extends fc.Arbitrary<infer T> ? T : never;

function evaluate(ws: Arb[], c: ArbCluster): EvaluatedPlan {
  const nodes = Math.max(c.nodes, 2 * c.f + 1, c.zoneLoss ? 3 : 1);
  const ha: ClusterInput['ha'] = { nodeFailuresToTolerate: c.f, ...(c.zoneLoss ? { zones: 3, surviveZoneLoss: true } : {}) };
  const file = workloadFile(
    ws.map((a, i) => toInput(a, `w${i}`)),
    { ha },
  );
  return evaluateCluster(request(file), { instanceType: instance(c.type), nodes, disk: gp3, replicationFactor: Math.min(c.rf, nodes) });
}

function scenarios(p: EvaluatedPlan): ScenarioResult[] {
  return [p.healthy, ...p.failures, ...(p.burst ? [p.burst] : [])];
}

function figure(s: ScenarioResult, node: number, resource: NodeResource) {
  return s.perNode!.find((u) => u.node === node)!.resources.find((r) => r.resource === resource);
}

const arbs = fc.tuple(fc.array(arbWorkload, { minLength: 1, maxLength: 3 }), arbCluster);

describe('per-node figures', () => {
  it('cover every node and every per-node resource, and the busiest of them is the scenario figure', () => {
    fc.assert(
      fc.property(arbs, ([ws, c]) => {
        const p = evaluate(ws, c);
        for (const s of scenarios(p)) {
          expect(s.perNode!.map((u) => u.node)).toEqual([...Array(p.nodes).keys()]);
          for (const u of s.perNode!) {
            expect(u.resources.map((r) => r.resource)).toEqual(u.up ? NODE_RESOURCES : []);
          }
          for (const resource of NODE_RESOURCES) {
            const busiest = s.resources.find((r) => r.resource === resource)!;
            const figures = s.perNode!.filter((u) => u.up).map((u) => u.resources.find((r) => r.resource === resource)!);
            expect(Math.max(...figures.map((f) => f.demand)), `${s.kind} ${resource}`).toBe(busiest.demand);
            expect(Math.max(...figures.map((f) => f.utilization)), `${s.kind} ${resource}`).toBe(busiest.utilization);
            for (const f of figures) expect(f.capacity).toBe(busiest.capacity);
          }
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('after a failure: the lost nodes are down, and every survivor carries at least its healthy figures', () => {
    fc.assert(
      fc.property(arbs, ([ws, c]) => {
        const p = evaluate(ws, c);
        for (const s of p.failures) {
          const down = s.perNode!.filter((u) => !u.up).map((u) => u.node);
          expect(down).toEqual([...s.lostNodes!].sort((a, b) => a - b));
          expect(s.perNode!.filter((u) => u.up).length).toBe(s.nodesUp);
          for (const u of s.perNode!) {
            if (!u.up) continue;
            for (const r of u.resources) {
              const before = figure(p.healthy, u.node, r.resource)!;
              expect(r.demand, `${s.kind} node ${u.node} ${r.resource}`).toBeGreaterThanOrEqual(before.demand * (1 - EPS));
            }
          }
        }
        for (const u of p.healthy.perNode!) {
          expect(u.up).toBe(true);
          expect(u.resources.some((r) => r.floored)).toBe(false);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('add up to the cluster totals when healthy: disk writes and replicas (file descriptors)', () => {
    fc.assert(
      fc.property(arbs, ([ws, c]) => {
        const p = evaluate(ws, c);
        const h = p.healthy;
        const sum = (resource: NodeResource) => h.perNode!.reduce((acc, u) => acc + figure(h, u.node, resource)!.demand, 0);
        let writeBytes = 0;
        let replicas = 0;
        for (const l of p.layout) {
          const a = ws[Number(l.workload.slice(1))]!;
          const coeff = testProfile.queueTypes[l.queueType];
          const writesToDisk = l.queueType !== 'classic' || a.persistent;
          const writes = !writesToDisk ? 0 : a.outageMinutes > 0 ? coeff.diskWritesPerMessageLagging.value : coeff.diskWritesPerMessageKeepingUp.value;
          writeBytes += l.peakPublishMsgPerSec * l.fanOut * l.replicationFactor * a.size * writes;
          replicas += l.totalQueues * l.replicationFactor;
        }
        expect(sum('diskBandwidth')).toBeCloseTo(writeBytes, 3);
        // 2 descriptors per connection on each node (⌈connections / N⌉) + the replicas it hosts.
        const connections = p.layout.reduce((acc, l) => acc + l.publisherConnections + l.consumerConnections, 0);
        expect(sum('fileDescriptors')).toBe(p.nodes * 2 * Math.ceil(connections / p.nodes) + replicas);
        expect(p.layout.flatMap((l) => l.replicasPerNode).reduce((a, b) => a + b, 0)).toBe(replicas);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('per-node figures on a worked example', () => {
  // 3 × c6i.xlarge, one quorum workload of 3 queues at RF 3: every node leads one queue and
  // follows two, so healthy nodes are alike; losing node 0 moves its leader to node 1 (ties: the
  // lowest index among the survivors leading fewest), whose CPU rises above node 2's.
  const file = workloadFile([workload({ queueType: 'quorum', queues: 3, publishRate: { averageMsgPerSec: 3000, peakMsgPerSec: 6000 } })], {
    ha: { nodeFailuresToTolerate: 1 },
  });
  const p = evaluateCluster(request(file), { instanceType: instance('c6i.xlarge'), nodes: 3, disk: gp3, replicationFactor: 3 });
  const after = p.failures[0]!;
  const cpu = (s: ScenarioResult, node: number) => figure(s, node, 'cpu')!.demand;

  it('healthy nodes carry the same figures', () => {
    for (const resource of NODE_RESOURCES) {
      const values = [0, 1, 2].map((n) => figure(p.healthy, n, resource)!.demand);
      expect(values[1], resource).toBeCloseTo(values[0]!, 9);
      expect(values[2], resource).toBeCloseTo(values[0]!, 9);
    }
  });

  it('the lost node is down and the new leader is the busiest survivor', () => {
    expect(after.lostNodes).toEqual([0]);
    expect(after.perNode!.map((u) => u.up)).toEqual([false, true, true]);
    expect(after.perNode![0]!.resources).toEqual([]);
    expect(cpu(after, 1)).toBeGreaterThan(cpu(after, 2));
    expect(cpu(after, 1)).toBe(after.resources.find((r) => r.resource === 'cpu')!.demand);
    // Publishes are now spread over 2 nodes instead of 3: node 2 works harder too.
    expect(cpu(after, 2)).toBeGreaterThan(cpu(p.healthy, 2));
  });

  it('disk writes do not move: survivors still host the same replicas, and no figure vanishes', () => {
    const bw = (s: ScenarioResult, node: number) => figure(s, node, 'diskBandwidth')!.demand;
    expect(bw(after, 1)).toBeCloseTo(bw(p.healthy, 1), 9);
    expect(bw(after, 2)).toBeCloseTo(bw(p.healthy, 2), 9);
  });
});

describe('per-node figures when the lost node was the busiest', () => {
  // One quorum queue at RF 3 on 3 nodes: node 0 leads it and sends two replication streams.
  // Losing node 0 makes node 1 leader with one follower left, so its own network figure comes
  // out below what node 0 carried; the model keeps node 0's healthy figure for the scenario,
  // and node by node the busiest survivor (node 1) carries it.
  const file = workloadFile([workload({ queueType: 'quorum', queues: 1, publishRate: { averageMsgPerSec: 3000, peakMsgPerSec: 6000 } })], {
    ha: { nodeFailuresToTolerate: 1 },
  });
  const p = evaluateCluster(request(file), { instanceType: instance('c6i.xlarge'), nodes: 3, disk: gp3, replicationFactor: 3 });
  const after = p.failures[0]!;
  const net = (s: ScenarioResult, node: number) => figure(s, node, 'network')!;

  it("the busiest survivor carries the lost node's healthy figure, marked floored", () => {
    expect(after.lostNodes).toEqual([0]);
    expect(net(p.healthy, 0).demand).toBeGreaterThan(net(p.healthy, 1).demand);
    expect(after.resources.find((r) => r.resource === 'network')!.demand).toBe(net(p.healthy, 0).demand);
    expect(net(after, 1)).toMatchObject({ demand: net(p.healthy, 0).demand, floored: true });
    // Node 2 now takes client traffic from 2 nodes instead of 3: its own figure rises, no floor.
    expect(net(after, 2).demand).toBeGreaterThan(net(p.healthy, 2).demand);
    expect(net(after, 2).floored).toBeUndefined();
  });
});

describe('per-node figures in plans from the search', () => {
  it('are filled for the plan and its alternatives', () => {
    const file = workloadFile([workload({ queueType: 'quorum' })], {
      ha: { nodeFailuresToTolerate: 1 },
      constraints: { instanceFamilies: ['c6i'], diskTypes: ['gp3'] },
    });
    const r = plan(request(file));
    for (const candidate of [r.plan!, ...r.alternatives.map((a) => a.plan)]) {
      for (const s of scenarios(candidate)) expect(s.perNode!.length).toBe(candidate.nodes);
    }
  });
});
