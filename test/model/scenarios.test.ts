import { describe, expect, it } from 'vitest';
import { evaluateCluster } from '../../src/model/cluster.js';
import { buildContext, buildInstanceModel } from '../../src/model/context.js';
import { explainResource } from '../../src/model/explain.js';
import { CandidateNumbers, evaluateNumbers, prepareDisk, prepareLayout, Res } from '../../src/model/kernel.js';
import { buildLayout } from '../../src/model/layout.js';
import { nodesToLose, Slot, zoneToLose } from '../../src/model/scenarios.js';
import type { Resource, ScenarioResult } from '../../src/model/types.js';
import { gp3, instance } from '../support/test-catalog.js';
import { request, workload, workloadFile } from './helpers.js';
import { scenarioText, shortfallText } from '../../src/render/findings.js';
import { derivationLines } from '../../src/render/explain-words.js';

function use(s: ScenarioResult, r: Resource) {
  return s.resources.find((x) => x.resource === r)!;
}

describe('which nodes and zones are lost', () => {
  it('the f nodes leading the most queues, ties to the lowest index', () => {
    const ctx = buildContext(request(workloadFile([workload({ queues: 5 })])));
    // 5 queues on 3 nodes: leaders [2, 2, 1]
    const layout = buildLayout(ctx, 3, 3, 'minimal');
    expect(nodesToLose(layout, 1)).toEqual([0]);
    expect(nodesToLose(layout, 2)).toEqual([0, 1]);
    const l4 = buildLayout(ctx, 4, 3, 'minimal'); // leaders [2, 1, 1, 1]
    expect(nodesToLose(l4, 2)).toEqual([0, 1]);
  });

  it('the zone with the most nodes, ties to the lowest index', () => {
    const ctx = buildContext(request(workloadFile([workload()], { ha: { zones: 3, surviveZoneLoss: true } })));
    expect(zoneToLose(buildLayout(ctx, 5, 3, 'minimal'), 3)).toEqual({ zone: 0, nodes: [0, 3] });
    expect(zoneToLose(buildLayout(ctx, 6, 3, 'minimal'), 3)).toEqual({ zone: 0, nodes: [0, 3] });
  });
});

describe('failover', () => {
  it('a quorum queue below its majority is unavailable and fails the plan', () => {
    // f = 2 with RF 3 on 5 nodes: nodes 0 and 1 go; orders.s00 (0,1,2) and orders.s04 (4,0,1) keep 1 of 3
    const file = workloadFile([workload()], { ha: { nodeFailuresToTolerate: 2 } });
    const plan = evaluateCluster(request(file), {
      instanceType: instance('c6i.xlarge'),
      nodes: 5,
      disk: gp3,
      replicationFactor: 3,
      queuesPerWorkload: { orders: 5 },
    });
    expect(plan.feasible).toBe(false);
    expect(plan.shortfalls.map(shortfallText)).toContain(
      'quorum majority after 2 nodes lost: orders.s00 keeps 1 of 3 replicas (and 1 more queue): unavailable',
    );
  });

  it('RF 5 keeps every majority after 2 nodes are lost', () => {
    const file = workloadFile([workload()], { ha: { nodeFailuresToTolerate: 2 } });
    const plan = evaluateCluster(request(file), {
      instanceType: instance('c6i.xlarge'),
      nodes: 5,
      disk: gp3,
      replicationFactor: 5,
      queuesPerWorkload: { orders: 5 },
    });
    expect(plan.shortfalls.map(shortfallText).filter((s) => s.startsWith('quorum majority'))).toEqual([]);
    expect(plan.feasible).toBe(true);
  });

  it('zone loss: replicas spread so that every queue keeps its majority', () => {
    // 4 nodes over 3 zones: zone 0 holds nodes 0 and 3, and is the one lost
    const file = workloadFile([workload()], { ha: { zones: 3, surviveZoneLoss: true } });
    const plan = evaluateCluster(request(file), {
      instanceType: instance('c6i.xlarge'),
      nodes: 4,
      disk: gp3,
      replicationFactor: 3,
      queuesPerWorkload: { orders: 4 },
    });
    const zone = plan.failures.find((f) => f.kind === 'zoneFailure')!;
    expect(scenarioText(zone.description)).toBe('zone 0 lost (nodes 0, 3; 4 → 2 up), its leaders moved to survivors');
    expect(plan.shortfalls.map(shortfallText).filter((s) => s.startsWith('quorum majority'))).toEqual([]);
    // ...but half the cluster is gone: Khepri (4.2+, the default 4.3) refuses metadata changes without a majority
    expect(plan.shortfalls.map(shortfallText)).toContain(
      "cluster majority after zone 0 lost: 2 of 4 nodes up, not a majority: RabbitMQ 4.3's metadata store (Khepri) refuses every metadata change (declaring queues, bindings, users) until a majority is back",
    );
    expect(plan.feasible).toBe(false);
    // At most one replica per queue in zone 0 (nodes 0 and 3): s00 → 0,1,2; s01 → 1,2,3;
    // s02 → 2,3,1 (node 0 skipped); s03 → 3,1,2 (node 0 skipped)
    expect(plan.layout[0]!.replicasPerNode).toEqual([1, 4, 4, 3]);
  });

  it('zone loss on 5 nodes over 3 zones keeps both majorities', () => {
    const file = workloadFile([workload()], { ha: { zones: 3, surviveZoneLoss: true } });
    const plan = evaluateCluster(request(file), {
      instanceType: instance('c6i.xlarge'),
      nodes: 5,
      disk: gp3,
      replicationFactor: 3,
      queuesPerWorkload: { orders: 5 },
    });
    expect(plan.failures.find((f) => f.kind === 'zoneFailure')!.nodesUp).toBe(3);
    expect(plan.shortfalls.map(shortfallText).filter((s) => s.includes('majority'))).toEqual([]);
    expect(plan.feasible).toBe(true);
  });

  it('classic queues on a lost node are redeclared on the survivor leading fewest queues', () => {
    // classic, 10,000 msg/s in 3 queues; node 0 lost, its queue moves to node 1:
    // node 1 = 10,000 × 11 µs / 2 + 2 × 3,333.3 × 22 µs = 0.055 + 0.14667 = 0.20167 cores
    const file = workloadFile([workload({ queueType: 'classic', publishRate: { averageMsgPerSec: 1, peakMsgPerSec: 10_000 } })]);
    const plan = evaluateCluster(request(file), { instanceType: instance('c6i.xlarge'), nodes: 3, disk: gp3, queuesPerWorkload: { orders: 3 } });
    const cpu = use(plan.failures[0]!, 'cpu');
    expect(cpu.subject).toBe('node 1');
    expect(cpu.demand).toBeCloseTo(0.201667, 6);
    expect(plan.layout[0]!.replicationFactor).toBe(1);
  });

  it('never lets a failure look lighter than healthy, and says so in the arithmetic', () => {
    // One queue led on node 0 replicating to 2 followers: healthy egress on node 0 =
    // 0.333 + 2 × 1 + 0.667 = 3.0 MB/s. After losing node 0, node 1 leads and feeds 1
    // follower: 0.5 + 1 + 0.5 = 2.0 MB/s. The failure scenario keeps 3.0 × 1.1 = 3.3 MB/s.
    const req = request(workloadFile([workload()]));
    const ctx = buildContext(req);
    const prepared = prepareLayout(ctx, buildLayout(ctx, 3, 3, 'minimal'));
    const failure = prepared.scenarios.slots[Slot.nodeFailure]!;
    const survivorsMax = Math.max(...failure.nodes.filter((d) => d.up).map((d) => d.networkBytesPerSec));
    expect(survivorsMax).toBeCloseTo(2.2e6, 0);
    expect(failure.max.networkBytesPerSec).toBeCloseTo(3.3e6, 0);
    expect(failure.max.floored.has('network')).toBe(true);
    expect(failure.max.floored.has('cpu')).toBe(false); // node 1 now leads: 0.0375 > 0.0357 cores

    const disk = prepareDisk(ctx, prepared, gp3);
    const inst = buildInstanceModel(ctx, instance('c6i.xlarge'));
    const n = new CandidateNumbers(1);
    evaluateNumbers(ctx, prepared, disk, inst, n);
    const derivation = explainResource(ctx, prepared, disk, inst, n, Slot.nodeFailure, Res.network);
    expect(derivation).toMatchObject({ kind: 'network', floored: { node: 0 } });
    expect(derivationLines(derivation).join('\n')).toContain("the healthy busiest node's figure (node 0) is kept");
  });
});

describe('--explain arithmetic', () => {
  it('CPU after a node loss, term by term', () => {
    // 10,000 msg/s in 3 queues on 3 × c6i.xlarge; node 0 lost, node 1 leads 2 queues and follows 1
    const ctx = buildContext(request(workloadFile([workload({ publishRate: { averageMsgPerSec: 1, peakMsgPerSec: 10_000 }, queues: 3 })])));
    const prepared = prepareLayout(ctx, buildLayout(ctx, 3, 3, 'minimal'));
    const disk = prepareDisk(ctx, prepared, gp3);
    const inst = buildInstanceModel(ctx, instance('c6i.xlarge'));
    const n = new CandidateNumbers(1);
    evaluateNumbers(ctx, prepared, disk, inst, n);
    // The model returns the figures; the words are the renderer's.
    expect(explainResource(ctx, prepared, disk, inst, n, Slot.nodeFailure, Res.cpu)).toMatchObject({
      kind: 'cpu',
      node: 1,
      vcpus: 4,
      terms: [
        { kind: 'publish', workload: 'orders', msgPerSec: 10_000, nodesUp: 2 },
        { kind: 'leaders', count: 2 },
        { kind: 'followers', count: 1 },
      ],
    });
    expect(derivationLines(explainResource(ctx, prepared, disk, inst, n, Slot.nodeFailure, Res.cpu))).toEqual([
      'CPU on node 1 = publish orders 10,000 msg/s × 11.0 µs / 2 nodes + leaders 2 × 3,333 msg/s × 32.0 µs + followers 1 × 3,333 msg/s × 11.0 µs = 0.305 cores',
      'capacity = 4 vCPU × 1.00 usable = 4.00 cores',
      '0.305 cores / 4.00 cores = 8% ≤ 80%',
    ]);
    expect(derivationLines(explainResource(ctx, prepared, disk, inst, n, Slot.healthy, Res.diskIops))).toEqual([
      'IOPS on node 0 = writes 10.0 MB/s ÷ 256 KiB = 38 + WAL fsyncs min(10,000 copies/s, 1000 / 1.00 ms) = 1,000 = 1,038',
      'capacity = min(instance 6,000, gp3 volume 3,000) = 3,000 IOPS',
      '1,038 / 3,000 = 35% ≤ 60%',
    ]);
  });
});

describe('burst', () => {
  it('holds the excess over what consumers drain as backlog, at 100% limits', () => {
    // 1,000 msg/s peak, burst 5,000 msg/s for 60 s; 2 consumers at 1 ms drain 2,000 msg/s:
    // backlog = (5,000 − 2,000) × 60 = 180,000 messages → quorum: 3 replicas × 180,000 × 1,000 B
    const file = workloadFile([
      workload({
        publishRate: { averageMsgPerSec: 500, peakMsgPerSec: 1000, burst: { msgPerSec: 5000, durationSeconds: 60 } },
        consumers: { count: 2, processingTimeMs: 1 },
      }),
    ]);
    const plan = evaluateCluster(request(file), {
      instanceType: instance('c6i.xlarge'),
      nodes: 3,
      disk: gp3,
      replicationFactor: 3,
      queuesPerWorkload: { orders: 1 },
    });
    const b = plan.burst!;
    expect(b.kind).toBe('burst');
    expect(scenarioText(b.description)).toBe('burst: orders at 5,000 msg/s for 60 s (peak 1,000 msg/s)');
    const space = use(b, 'diskCapacity');
    const healthySpace = use(plan.healthy, 'diskCapacity');
    expect(space.demand - healthySpace.demand).toBeCloseTo(180_000 * 1000, 0);
    expect(space.limit).toBe(1);
    // lagging consumers: 2 writes per message → 5,000 × 1,000 × 2 = 10 MB/s per replica node
    expect(use(b, 'diskBandwidth').demand).toBeCloseTo(10e6, 3);
    expect(b.resources.some((u) => u.resource === 'latency')).toBe(false);
    expect(b.latencyP99MsByWorkload).toEqual({});
  });
});
