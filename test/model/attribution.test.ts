/**
 * Per-workload attribution: parts add up to the node's demand, cost shares to the monthly cost,
 * a heavier tenant carries more, and planning without a workload never costs more.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/model/planner.js';
import { readWorkloadFile } from '../../src/io/workload-file.js';
import type { WorkloadFile } from '../../src/schema/workload.js';
import { request, workload, workloadFile } from './helpers.js';

const three = workloadFile([
  workload({ name: 'orders', publishRate: { averageMsgPerSec: 4000, peakMsgPerSec: 20_000 }, messageSize: 2000 }),
  workload({ name: 'audit', queueType: 'stream', publishRate: { averageMsgPerSec: 1000, peakMsgPerSec: 3000 }, messageSize: 8000 }),
  workload({
    name: 'email',
    queueType: 'classic',
    publishRate: { averageMsgPerSec: 50, peakMsgPerSec: 200 },
    messageSize: 1000,
    backlog: { consumerOutageMinutes: 30 },
  }),
]);

describe('attribution', () => {
  const r = plan(request(three));
  const a = r.attribution!;

  it('is there for a shared cluster, and not for one workload', () => {
    expect(a).not.toBeNull();
    expect(plan(request(workloadFile([workload()]))).attribution).toBeNull();
  });

  it('every resource: the workloads’ parts plus the shared part make the node’s whole demand', () => {
    for (const split of a.resources) {
      const sum = split.parts.reduce((x, v) => x + v, 0);
      expect(sum + split.sharedDemand).toBeCloseTo(split.totalDemand, 6);
      expect(split.parts.every((v) => v >= 0)).toBe(true);
      expect(split.parts).toHaveLength(3);
    }
  });

  it('the CPU parts match the plan’s CPU on that node, and memory’s shared part is at least the baseline', () => {
    const cpu = a.resources.find((s) => s.resource === 'cpu')!;
    const scenario = [r.plan!.healthy, ...r.plan!.failures].find((s) => s.kind === a.scenario)!;
    expect(cpu.totalDemand).toBeCloseTo(scenario.resources.find((u) => u.resource === 'cpu')!.demand, 9);
    const memory = a.resources.find((s) => s.resource === 'memory')!;
    expect(memory.sharedDemand).toBeGreaterThan(0);
  });

  it('cost shares add up to 1 and follow the binding resource', () => {
    expect(a.costShares.reduce((x, v) => x + v, 0)).toBeCloseTo(1, 12);
    const follows = a.resources.find((s) => s.resource === a.costFollows)!;
    const sum = follows.parts.reduce((x, v) => x + v, 0);
    a.costShares.forEach((share, i) => expect(share).toBeCloseTo(follows.parts[i]! / sum, 12));
    // the biggest publisher carries the biggest share here
    expect(a.costShares[0]).toBeGreaterThan(a.costShares[2]!);
  });

  it('a tenant that doubles its traffic carries a larger share', () => {
    const heavier = workloadFile([
      workload({ name: 'orders', publishRate: { averageMsgPerSec: 4000, peakMsgPerSec: 20_000 }, messageSize: 2000 }),
      workload({ name: 'audit', queueType: 'stream', publishRate: { averageMsgPerSec: 2000, peakMsgPerSec: 6000 }, messageSize: 8000 }),
      workload({
        name: 'email',
        queueType: 'classic',
        publishRate: { averageMsgPerSec: 50, peakMsgPerSec: 200 },
        messageSize: 1000,
        backlog: { consumerOutageMinutes: 30 },
      }),
    ]);
    const b = plan(request(heavier)).attribution!;
    const share = (x: typeof a, resource: string) => {
      const s = x.resources.find((q) => q.resource === resource)!;
      return s.parts[1]! / s.parts.reduce((p, v) => p + v, 0);
    };
    for (const resource of ['cpu', 'network', 'diskBandwidth']) expect(share(b, resource)).toBeGreaterThan(share(a, resource));
  });

  it('plans without the largest tenants: never more expensive, most saving first', () => {
    expect(a.without.length).toBeGreaterThanOrEqual(1);
    expect(a.withoutSkippedAbove).toBeNull();
    for (const w of a.without) {
      expect(w.savesUsdPerMonth).toBeGreaterThanOrEqual(-0.005);
      expect(w.totalUsdPerMonth).toBeCloseTo(r.plan!.cost.totalUsdPerMonth - w.savesUsdPerMonth, 6);
    }
    const saves = a.without.map((w) => w.savesUsdPerMonth);
    expect([...saves].sort((x, y) => y - x)).toEqual(saves);
  });

  it('each plan without a tenant is what a search of the file without it finds (its cost ceiling skips nothing that wins)', () => {
    for (const w of a.without) {
      const rest = workloadFile(three.workloads.filter((x) => x.name !== w.workload));
      const alone = plan(request(rest, { exhaustiveSearch: true })).plan!;
      expect({ nodes: w.nodes, instanceType: w.instanceType, totalUsdPerMonth: w.totalUsdPerMonth, feasible: w.feasible }).toEqual({
        nodes: alone.nodes,
        instanceType: alone.instanceType.name,
        totalUsdPerMonth: alone.cost.totalUsdPerMonth,
        feasible: alone.feasible,
      });
    }
  });

  it('the plans without a tenant skip candidates their instance type alone rules out, and find what a full search finds (shipped multi-tenant file, 0.5× to 3× its traffic)', () => {
    const shipped = readWorkloadFile('fixtures/workloads/multi-tenant-high-throughput.yaml');
    for (const trafficScale of [0.5, 1, 1.5, 3]) {
      const withAll = plan(request(shipped, { trafficScale }));
      for (const w of withAll.attribution!.without) {
        const rest: WorkloadFile = { ...shipped, workloads: shipped.workloads.filter((x) => x.name !== w.workload) };
        const full = plan(request(rest, { trafficScale, exhaustiveSearch: true, attributeWorkloads: false }));
        const ceilinged = plan(
          request(rest, { trafficScale, attributeWorkloads: false, winnerOnly: true, knownFeasibleCostUsd: withAll.plan!.cost.totalUsdPerMonth }),
        );
        expect({ nodes: w.nodes, instanceType: w.instanceType, totalUsdPerMonth: w.totalUsdPerMonth }).toEqual({
          nodes: full.plan!.nodes,
          instanceType: full.plan!.instanceType.name,
          totalUsdPerMonth: full.plan!.cost.totalUsdPerMonth,
        });
        expect(ceilinged.search.candidatesEvaluated).toBeLessThan(full.search.candidatesEvaluated);
      }
    }
  });

  it('a wrong ceiling (nothing meets the targets under it) falls back to the full search', () => {
    const ceilinged = plan(request(three, { knownFeasibleCostUsd: 1 }));
    expect(ceilinged.plan!.cost.totalUsdPerMonth).toBe(r.plan!.cost.totalUsdPerMonth);
    expect(ceilinged.feasible).toBe(r.feasible);
  });
});
