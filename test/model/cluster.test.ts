import { describe, expect, it } from 'vitest';
import {
  clusterOf,
  evaluateCluster,
  evaluateClusterLatencies,
  evaluateClusterSummaries,
  evaluateClusterSummary,
  evaluateClusterUtilization,
  firstFailingMonth,
} from '../../src/model/cluster.js';
import { plan } from '../../src/model/planner.js';
import { InputError } from '../../src/errors.js';
import { gp3, instance, pdSsd } from '../support/test-catalog.js';
import { request, workload, workloadFile } from './helpers.js';
import { shortfallText } from '../../src/render/findings.js';

describe('evaluateCluster', () => {
  const file = workloadFile([workload()]);

  it("defaults to RabbitMQ's quorum group size 3 (capped at the node count) and the fewest shards", () => {
    const p = evaluateCluster(request(file), { instanceType: instance('c6i.xlarge'), nodes: 5, disk: gp3 });
    expect(p.replicationFactor).toBe(3);
    expect(p.layout[0]!.replicasPerNode).toEqual([1, 1, 1, 0, 0]);
    expect(p.layout[0]!.queuesPerGroup).toBe(1);
    const two = evaluateCluster(request(file), { instanceType: instance('c6i.xlarge'), nodes: 2, disk: gp3 });
    expect(two.replicationFactor).toBe(2);
    // 1 of 2 nodes left is not a majority, and RF 2 keeps 1 of 2 replicas
    expect(two.feasible).toBe(false);
    expect(two.shortfalls.map(shortfallText)).toContain(
      "cluster majority after 1 node lost: 1 of 2 nodes up, not a majority: RabbitMQ 4.3's metadata store (Khepri) refuses every metadata change (declaring queues, bindings, users) until a majority is back",
    );
    expect(two.shortfalls.map(shortfallText)).toContain('quorum majority after 1 node lost: orders keeps 1 of 2 replicas: unavailable');
  });

  it('places queues where the cluster has them: all leaders on one node load that node, and losing it is the failure', () => {
    const three = workloadFile([workload({ queues: 3 })]);
    const spec = { instanceType: instance('c6i.xlarge'), nodes: 3, disk: gp3, replicationFactor: 3 };
    const balanced = evaluateCluster(request(three), spec);
    const lopsided = evaluateCluster(request(three), {
      ...spec,
      placements: {
        orders: [
          [0, 1, 2],
          [0, 2, 1],
          [0, 1, 2],
        ],
      },
    });
    expect(balanced.layout[0]!.leadersPerNode).toEqual([1, 1, 1]);
    expect(lopsided.layout[0]!.leadersPerNode).toEqual([3, 0, 0]);
    expect(lopsided.layout[0]!.replicasPerNode).toEqual([3, 3, 3]);
    const cpu = (p: typeof balanced) => p.healthy.resources.find((r) => r.resource === 'cpu')!;
    expect(cpu(lopsided).demand).toBeGreaterThan(cpu(balanced).demand);
    expect(cpu(lopsided).subject).toBe('node 0');
    expect(lopsided.failures[0]!.lostNodes).toEqual([0]);
  });

  it('rejects a placement that does not fit the cluster', () => {
    const three = workloadFile([workload({ queues: 3 })]);
    const spec = { instanceType: instance('c6i.xlarge'), nodes: 3, disk: gp3, replicationFactor: 3 };
    expect(() => evaluateCluster(request(three), { ...spec, placements: { orders: [[0, 1, 2]] } })).toThrow(
      'cluster: placements.orders: expected 3 queues of 3 distinct nodes out of 0..2, got [[0,1,2]]',
    );
    expect(() =>
      evaluateCluster(request(three), {
        ...spec,
        placements: {
          orders: [
            [0, 1, 1],
            [0, 1, 2],
            [0, 1, 3],
          ],
        },
      }),
    ).toThrow(InputError);
  });

  it('checks a given volume as it is', () => {
    // 5 GiB is below the 5.3 GiB the node needs (512 MiB WAL + 8 GiB × 0.6 free-disk limit)
    const p = evaluateCluster(request(file), { instanceType: instance('c6i.xlarge'), nodes: 3, disk: { option: gp3, sizeGiB: 5 } });
    expect(p.disk.sizeGiB).toBe(5);
    expect(p.disk.provisionedIops).toBe(3000);
    expect(p.feasible).toBe(false);
    expect(p.shortfalls.map(shortfallText)[0]).toBe('disk space at peak: 5.30 GiB of 5.00 GiB on node 0 = 106% > 60%');
  });

  it('rejects an impossible cluster with one line per problem', () => {
    let err: unknown;
    try {
      evaluateCluster(request(file), {
        instanceType: instance('c6i.xlarge'),
        nodes: 3,
        disk: pdSsd,
        replicationFactor: 5,
        queuesPerWorkload: { nope: 2, orders: 0 },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems).toEqual([
      'cluster: replicationFactor: expected ≤ nodes (3), got 5',
      'cluster: queuesPerWorkload.nope: expected a workload name from the file, got "nope"',
      'cluster: queuesPerWorkload.orders: expected a whole number ≥ 1, got 0',
      'cluster: disk: expected a aws disk option for c6i.xlarge, got gcp pd-ssd',
    ]);
  });
});

describe('evaluateClusterLatencies', () => {
  it('gives exactly the latencies evaluateCluster reports, healthy and after the worst failure, at every load', () => {
    const file = workloadFile(
      [
        workload({ name: 'orders', queueType: 'quorum', publishRate: { averageMsgPerSec: 2000, peakMsgPerSec: 6000 } }),
        workload({ name: 'audit', queueType: 'classic', publishRate: { averageMsgPerSec: 500, peakMsgPerSec: 1000 } }),
        workload({ name: 'events', queueType: 'stream', publishRate: { averageMsgPerSec: 800, peakMsgPerSec: 2500 } }),
      ],
      { ha: { nodeFailuresToTolerate: 1 } },
    );
    const cluster = clusterOf(plan(request(file)).plan!);
    for (const scale of [0.1, 0.5, 1, 1.4]) {
      const r = request(file, { trafficScale: scale });
      const full = evaluateCluster(r, cluster);
      const quick = evaluateClusterLatencies(r, cluster);
      expect(quick.workloads.map((w) => w.name)).toEqual(['orders', 'audit', 'events']);
      quick.workloads.forEach((w, i) => {
        expect(quick.healthyMs[i]).toBe(full.healthy.latencyP99MsByWorkload[w.name]);
        expect(quick.afterFailureMs![i]).toBe(Math.max(...full.failures.map((f) => f.latencyP99MsByWorkload[w.name]!)));
      });
    }
  });
});

describe('evaluateClusterSummary', () => {
  it('agrees with evaluateCluster on cost and verdict, and names the resource its binding constraint names when it misses', () => {
    const file = workloadFile([workload({ publishRate: { averageMsgPerSec: 5000, peakMsgPerSec: 20_000 } })], { ha: { nodeFailuresToTolerate: 1 } });
    for (const nodes of [3, 4, 5, 7]) {
      for (const type of ['c6i.large', 'c6i.xlarge', 'c6i.2xlarge']) {
        const cluster = { instanceType: instance(type), nodes, disk: gp3 };
        const full = evaluateCluster(request(file), cluster);
        const quick = evaluateClusterSummary(request(file), cluster);
        expect(quick.totalUsdPerMonth).toBeCloseTo(full.cost.totalUsdPerMonth, 9);
        expect(quick.feasible).toBe(full.feasible);
        if (!full.feasible && quick.worst !== null) expect(quick.worst).toEqual({ resource: full.binding.resource, scenario: full.binding.scenario });
      }
    }
  });

  it('several clusters at once (sharing context and layouts) give what each alone gives', () => {
    const file = workloadFile([workload({ publishRate: { averageMsgPerSec: 5000, peakMsgPerSec: 20_000 } })], { ha: { nodeFailuresToTolerate: 1 } });
    const clusters = ['c6i.large', 'c6i.xlarge', 'c6i.2xlarge'].flatMap((type) =>
      [3, 4, 5, 7].map((nodes) => ({ instanceType: instance(type), nodes, disk: gp3 })),
    );
    const together = evaluateClusterSummaries(request(file), clusters);
    clusters.forEach((c, i) => expect(together[i]).toEqual(evaluateClusterSummary(request(file), c)));
  });
});

describe('evaluateClusterUtilization', () => {
  it("gives every resource's utilisation and limit exactly as evaluateCluster's scenarios do", () => {
    const file = workloadFile([workload({ publishRate: { averageMsgPerSec: 3000, peakMsgPerSec: 9000 } })], {
      ha: { nodeFailuresToTolerate: 1 },
      constraints: { monthlyBudgetUsd: 5000 },
    });
    const cluster = { instanceType: instance('c6i.2xlarge'), nodes: 3, disk: gp3 };
    const full = evaluateCluster(request(file), cluster);
    const scenarios = [full.healthy, ...full.failures];
    const wanted = scenarios.flatMap((sc) => sc.resources.map((u) => ({ resource: u.resource, scenario: sc.kind })));
    expect(wanted.length).toBeGreaterThan(10);
    const quick = evaluateClusterUtilization(request(file), cluster, wanted);
    wanted.forEach((w, i) => {
      const u = scenarios.find((sc) => sc.kind === w.scenario)!.resources.find((r) => r.resource === w.resource)!;
      expect(quick[i], `${w.resource} ${w.scenario}`).toEqual({ utilization: u.utilization, limit: u.limit });
    });
    expect(evaluateClusterUtilization(request(file), cluster, [{ resource: 'cpu', scenario: 'burst' }])).toEqual([null]);
  });
});

describe('growth runway', () => {
  it('finds the first month the sized cluster misses a target, holding volume and queues fixed', () => {
    // 20,000 msg/s growing 10% a month, sized for today (horizon 0)
    const file = workloadFile([workload({ publishRate: { averageMsgPerSec: 10_000, peakMsgPerSec: 20_000, monthlyGrowthPercent: 10 } })], {
      forecast: { horizonMonths: 0 },
      constraints: { instanceTypes: ['c6i.xlarge'], diskTypes: ['gp3'], maxNodes: 3 },
    });
    const req = request(file);
    const sized = plan(req);
    expect(sized.feasible).toBe(true);
    const cluster = clusterOf(sized.plan!);
    const miss = firstFailingMonth(req, cluster, 60);
    expect(miss).not.toBeNull();
    expect(miss!.month).toBeGreaterThan(0);
    expect(miss!.shortfalls.map(shortfallText).length).toBeGreaterThan(0);
    // the month before still holds; the month itself does not
    const before = evaluateCluster(request(file, { horizonMonths: miss!.month - 1 }), cluster);
    const at = evaluateCluster(request(file, { horizonMonths: miss!.month }), cluster);
    expect(before.feasible).toBe(true);
    expect(at.feasible).toBe(false);
    expect(at.shortfalls.map(shortfallText)).toEqual(miss!.shortfalls.map(shortfallText));
  });

  it('returns null when the cluster holds for the whole window', () => {
    const file = workloadFile([workload()], { forecast: { horizonMonths: 0 } });
    const req = request(file);
    const cluster = clusterOf(plan(req).plan!);
    expect(firstFailingMonth(req, cluster, 24)).toBeNull();
  });

  it('without growth every month is month 0: a cluster that misses today misses at month 0, with the same shortfalls', () => {
    const file = workloadFile([workload({ publishRate: { averageMsgPerSec: 10_000, peakMsgPerSec: 40_000 } })], { forecast: { horizonMonths: 12 } });
    const req = request(file);
    const small = { instanceType: instance('c6i.large'), nodes: 3, disk: gp3 };
    const miss = firstFailingMonth(req, small, 60);
    expect(miss?.month).toBe(0);
    expect(miss!.shortfalls.map(shortfallText)).toEqual(evaluateCluster(request(file, { horizonMonths: 0 }), small).shortfalls.map(shortfallText));
    // and indeed every month evaluates alike
    expect(evaluateCluster(request(file, { horizonMonths: 37 }), small).shortfalls.map(shortfallText)).toEqual(miss!.shortfalls.map(shortfallText));
  });
});
