/**
 * Properties the model must keep whatever the workload (fast-check). Seeds are fixed so a
 * failure reproduces; raise numRuns locally to explore further.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateCluster } from '../../src/model/cluster.js';
import { buildContext, buildInstanceModel } from '../../src/model/context.js';
import {
  CandidateNumbers,
  evaluateNumbers,
  failsOnInstanceAlone,
  failsOnMeanDemand,
  latencyFloorRatio,
  meanDemandRatio,
  prepareDisk,
  prepareLayout,
} from '../../src/model/kernel.js';
import { healthyMeanDemand } from '../../src/model/node-demand.js';
import { buildLayout } from '../../src/model/layout.js';
import { placeQueues, zoneOfNodes } from '../../src/model/placement.js';
import { plan } from '../../src/model/planner.js';
import { maxReplicasPerZone } from '../../src/model/replication.js';
import { Slot } from '../../src/model/scenarios.js';
import { SHARD_POLICIES } from '../../src/model/shards.js';
import { walCapacityCopiesPerSec } from '../../src/model/wal.js';
import type { EvaluatedPlan, ScenarioResult } from '../../src/model/types.js';
import type { WorkloadFileInput } from '../../src/schema/workload.js';
import { gp3, instance, testDiskOptions, testInstanceTypes } from '../support/test-catalog.js';
import { loadDefaultProfile } from '../../src/profile/load.js';
import { request, workload, workloadFile } from './helpers.js';
import { warningText } from '../../src/render/warnings.js';
import { prefetchCarryMsgPerSec } from '../../src/model/confirms.js';
import { shortfallText } from '../../src/render/findings.js';

const SEED = 20240601;
const EPS = 1e-9;

type WorkloadInput = WorkloadFileInput['workloads'][number];

/** A random workload with fixed queue counts (so that the layout does not change with traffic). */
const arbWorkload = fc.record({
  queueType: fc.constantFrom('quorum', 'classic', 'stream' as const),
  peak: fc.double({ min: 10, max: 40_000, noNaN: true }),
  size: fc.integer({ min: 10, max: 100_000 }),
  fanOut: fc.integer({ min: 1, max: 3 }),
  queues: fc.integer({ min: 1, max: 8 }),
  outageMinutes: fc.constantFrom(0, 0, 1, 10),
  persistent: fc.boolean(),
  churn: fc.constantFrom(0, 0, 5),
});
type Arb = typeof arbWorkload extends fc.Arbitrary<infer T> ? T : never;

function toInput(a: Arb, over: Partial<WorkloadInput> = {}): WorkloadInput {
  return workload({
    queueType: a.queueType,
    publishRate: { averageMsgPerSec: a.peak / 2, peakMsgPerSec: a.peak },
    messageSize: a.size,
    fanOut: a.fanOut,
    queues: a.queues,
    persistent: a.persistent,
    backlog: { consumerOutageMinutes: a.outageMinutes },
    connections: { churnPerSec: a.churn },
    ...over,
  });
}

const arbCluster = fc.record({
  nodes: fc.integer({ min: 3, max: 7 }),
  f: fc.constantFrom(0, 1),
  rf: fc.constantFrom(1, 3),
  type: fc.constantFrom('c6i.xlarge', 'c6i.2xlarge', 'm6i.2xlarge'),
});
type ArbCluster = typeof arbCluster extends fc.Arbitrary<infer T> ? T : never;

function evaluate(w: WorkloadInput[], c: ArbCluster, trafficScale = 1): EvaluatedPlan {
  const file = workloadFile(w, { ha: { nodeFailuresToTolerate: c.f } });
  return evaluateCluster(request(file, { trafficScale }), {
    instanceType: instance(c.type),
    nodes: c.nodes,
    disk: gp3,
    replicationFactor: c.rf,
  });
}

function scenarios(p: EvaluatedPlan): ScenarioResult[] {
  return [p.healthy, ...p.failures, ...(p.burst ? [p.burst] : [])];
}

describe('invariants', () => {
  it('more traffic never needs less of any resource, nor a cheaper volume', () => {
    fc.assert(
      fc.property(arbWorkload, arbCluster, fc.double({ min: 1, max: 3, noNaN: true }), (a, c, k) => {
        const lo = evaluate([toInput(a)], c, 1);
        const hi = evaluate([toInput(a)], c, k);
        const his = scenarios(hi);
        for (const s of scenarios(lo)) {
          const t = his.find((x) => x.kind === s.kind)!;
          for (const u of s.resources) {
            const v = t.resources.find((x) => x.resource === u.resource)!;
            expect(v.demand, `${s.kind} ${u.resource}`).toBeGreaterThanOrEqual(u.demand * (1 - EPS));
          }
        }
        expect(hi.cost.totalUsdPerMonth).toBeGreaterThanOrEqual(lo.cost.totalUsdPerMonth - EPS);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('bigger messages never need less bandwidth', () => {
    fc.assert(
      fc.property(arbWorkload, arbCluster, fc.integer({ min: 1, max: 50_000 }), (a, c, extra) => {
        const small = evaluate([toInput(a)], c);
        const big = evaluate([toInput({ ...a, size: a.size + extra })], c);
        for (const s of scenarios(small)) {
          const t = scenarios(big).find((x) => x.kind === s.kind)!;
          for (const r of ['network', 'diskBandwidth'] as const) {
            const d0 = s.resources.find((u) => u.resource === r)!.demand;
            const d1 = t.resources.find((u) => u.resource === r)!.demand;
            expect(d1, `${s.kind} ${r}`).toBeGreaterThanOrEqual(d0 * (1 - EPS));
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('utilisation after a failure is never below healthy, for every resource', () => {
    fc.assert(
      fc.property(fc.array(arbWorkload, { minLength: 1, maxLength: 3 }), arbCluster, fc.boolean(), (ws, c, zoneLoss) => {
        const inputs = ws.map((a, i) => toInput(a, { name: `w${i}`, queues: i % 2 === 0 ? 'auto' : a.queues }));
        const file = workloadFile(inputs, { ha: { nodeFailuresToTolerate: Math.max(1, c.f), zones: 3, surviveZoneLoss: zoneLoss } });
        const p = evaluateCluster(request(file), { instanceType: instance(c.type), nodes: c.nodes, disk: gp3, replicationFactor: 3 });
        expect(p.failures.length).toBe(zoneLoss ? 2 : 1);
        for (const f of p.failures) {
          for (const u of f.resources) {
            const h = p.healthy.resources.find((x) => x.resource === u.resource)!;
            expect(u.utilization, `${f.kind} ${u.resource}`).toBeGreaterThanOrEqual(h.utilization * (1 - EPS));
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('a candidate its instance type alone rules out (failsOnInstanceAlone, skipped by winner-only searches) never meets the targets', () => {
    let ruledOut = 0;
    fc.assert(
      fc.property(fc.array(arbWorkload, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom(0, 1), (ws, nodes, f) => {
        const inputs = ws.map((a, i) => toInput(a, { name: `w${i}` }));
        const ctx = buildContext(request(workloadFile(inputs, { ha: { nodeFailuresToTolerate: f } })));
        const p = prepareLayout(ctx, buildLayout(ctx, nodes, Math.min(nodes, 2 * f + 1), 'minimal'));
        const out = new CandidateNumbers(ctx.workloads.length);
        for (const type of testInstanceTypes) {
          const inst = buildInstanceModel(ctx, type);
          if (!failsOnInstanceAlone(ctx, p, inst)) continue;
          ruledOut++;
          for (const disk of testDiskOptions.filter((d) => d.provider === type.provider)) {
            evaluateNumbers(ctx, p, prepareDisk(ctx, p, disk), inst, out);
            expect(out.targetsMet, `${type.name} on ${nodes} nodes, ${disk.name}`).toBe(false);
          }
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
    expect(ruledOut).toBeGreaterThan(0);
  });

  it('the healthy mean demand (healthyMeanDemand) is the mean over the nodes of their demand, its ratio bounds every candidate ratio from below, and a candidate it rules out (failsOnMeanDemand) never meets the targets', () => {
    let ruledOut = 0;
    fc.assert(
      fc.property(
        fc.array(arbWorkload, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(1, 3, 5),
        fc.constantFrom(0, 1),
        (ws, nodes, rf, f) => {
          const inputs = ws.map((a, i) => toInput(a, { name: `w${i}`, queues: i % 2 === 0 ? 'auto' : a.queues }));
          // The shipped profile: the test profile has no WAL terms (its WAL is never a limit).
          const ctx = buildContext(request(workloadFile(inputs, { ha: { nodeFailuresToTolerate: f } }), { profile: loadDefaultProfile() }));
          const bestWal = Math.max(...testDiskOptions.map((d) => walCapacityCopiesPerSec(ctx.node, d.writeLatencyMs)));
          const mean = healthyMeanDemand(ctx, nodes, rf);
          for (const policy of SHARD_POLICIES) {
            const p = prepareLayout(ctx, buildLayout(ctx, nodes, rf, policy));
            const healthy = p.scenarios.slots[Slot.healthy]!;
            const sum = (pick: (d: (typeof healthy.nodes)[number]) => number) => healthy.nodes.reduce((total, d) => total + pick(d), 0);
            expect(mean.cpuCores).toBeCloseTo(sum((d) => d.cpuCores) / nodes, 9);
            expect(mean.walLoadCopiesPerSec).toBeCloseTo(sum((d) => d.walLoadCopiesPerSec) / nodes, 6);
            expect(mean.networkBytesPerSec).toBeLessThanOrEqual((sum((d) => d.networkBytesPerSec) / nodes) * (1 + EPS));
            expect(mean.networkBytesPerSec).toBeGreaterThan(0);
            // One node: its own max(ingress, egress) is the cluster's, so the bound is exact.
            if (nodes === 1) expect(mean.networkBytesPerSec).toBeCloseTo(healthy.nodes[0]!.networkBytesPerSec, 3);
            const out = new CandidateNumbers(ctx.workloads.length);
            for (const type of testInstanceTypes) {
              const inst = buildInstanceModel(ctx, type);
              const fails = failsOnMeanDemand(ctx, mean, inst, bestWal);
              if (fails) ruledOut++;
              for (const disk of testDiskOptions.filter((d) => d.provider === type.provider)) {
                evaluateNumbers(ctx, p, prepareDisk(ctx, p, disk), inst, out);
                // The mean's ratio bounds the candidate's from below (near misses skip layouts on it).
                expect(out.maxRatio).toBeGreaterThanOrEqual(meanDemandRatio(ctx, mean, inst, bestWal) * (1 - EPS));
                if (fails) expect(out.targetsMet, `${type.name} on ${nodes} nodes, ${disk.name}, ${policy}`).toBe(false);
              }
            }
          }
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
    expect(ruledOut).toBeGreaterThan(0);
  });

  it('the latency floor of a layout and disk (latencyFloorRatio, what a closest-only search skips on) bounds every candidate ratio from below', () => {
    let bounded = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(arbWorkload, fc.double({ min: 0.5, max: 50, noNaN: true })), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(0, 1),
        (ws, nodes, f) => {
          const inputs = ws.map(([a, latencyP99TargetMs], i) => toInput(a, { name: `w${i}`, latencyP99TargetMs }));
          const ctx = buildContext(request(workloadFile(inputs, { ha: { nodeFailuresToTolerate: f } })));
          const p = prepareLayout(ctx, buildLayout(ctx, nodes, Math.min(nodes, 2 * f + 1), 'minimal'));
          const out = new CandidateNumbers(ctx.workloads.length);
          for (const disk of testDiskOptions) {
            const d = prepareDisk(ctx, p, disk);
            const floor = latencyFloorRatio(ctx, p, d);
            expect(floor).toBeGreaterThan(0);
            for (const type of testInstanceTypes.filter((t) => t.provider === disk.provider)) {
              evaluateNumbers(ctx, p, d, buildInstanceModel(ctx, type), out);
              expect(out.maxRatio, `${type.name} on ${nodes} nodes, ${disk.name}`).toBeGreaterThanOrEqual(floor * (1 - EPS));
              bounded++;
            }
          }
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
    expect(bounded).toBeGreaterThan(0);
  });

  it('each surviving node carries at least what it carried before the failure', () => {
    fc.assert(
      fc.property(fc.array(arbWorkload, { minLength: 1, maxLength: 3 }), fc.integer({ min: 3, max: 9 }), fc.constantFrom(1, 2), (ws, nodes, f) => {
        const inputs = ws.map((a, i) => toInput(a, { name: `w${i}` }));
        const ctx = buildContext(request(workloadFile(inputs, { ha: { nodeFailuresToTolerate: f } })));
        // a layout the planner could pick: 2f+1 replicas on at least 2f+1 nodes (fewer lose majorities, which fails the plan anyway)
        fc.pre(nodes >= 2 * f + 1);
        const p = prepareLayout(ctx, buildLayout(ctx, nodes, 2 * f + 1, 'minimal'));
        const h = p.scenarios.slots[Slot.healthy]!;
        const after = p.scenarios.slots[Slot.nodeFailure];
        fc.pre(after !== null && after !== undefined);
        for (const d of after!.nodes) {
          if (!d.up) continue;
          const before = h.nodes[d.node]!;
          expect(d.cpuCores).toBeGreaterThanOrEqual(before.cpuCores * (1 - EPS));
          expect(d.diskWriteBytesPerSec).toBeGreaterThanOrEqual(before.diskWriteBytesPerSec * (1 - EPS));
          expect(d.diskSpaceBytes).toBeGreaterThanOrEqual(before.diskSpaceBytes * (1 - EPS));
          expect(d.memoryPlacementBytes).toBeGreaterThanOrEqual(before.memoryPlacementBytes * (1 - EPS));
          expect(d.replicas).toBeGreaterThanOrEqual(before.replicas);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('units add up: per-node figures summed over nodes equal the cluster totals', () => {
    fc.assert(
      fc.property(fc.array(arbWorkload, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom(1, 3, 5), (ws, nodes, rfWanted) => {
        const inputs = ws.map((a, i) => toInput(a, { name: `w${i}` }));
        const ctx = buildContext(request(workloadFile(inputs, { ha: { nodeFailuresToTolerate: 0 } })));
        const rf = Math.min(rfWanted, nodes);
        const p = prepareLayout(ctx, buildLayout(ctx, nodes, rf, 'minimal'));
        const h = p.scenarios.slots[Slot.healthy]!;
        const sum = (get: (d: (typeof h.nodes)[number]) => number) => h.nodes.reduce((acc, d) => acc + get(d), 0);
        let publishBytes = 0;
        let deliverBytes = 0;
        let replicationBytes = 0;
        let writeBytes = 0;
        let cpu = 0;
        let replicas = 0;
        for (const w of ctx.workloads) {
          const R = p.layout.replicasPerQueue[w.index]!;
          const copies = w.peakMsgPerSec * w.fanOut;
          const writes = w.writesToDisk ? (w.outageSeconds > 0 ? w.coeff.diskWritesPerMessageLagging.value : w.coeff.diskWritesPerMessageKeepingUp.value) : 0;
          publishBytes += w.peakMsgPerSec * w.sizeBytes;
          deliverBytes += copies * w.sizeBytes;
          replicationBytes += copies * w.sizeBytes * (R - 1);
          writeBytes += copies * w.sizeBytes * R * writes;
          cpu +=
            (w.peakMsgPerSec * w.publishCpuMicros +
              copies * w.leaderCpuMicros +
              copies * (R - 1) * w.followerCpuMicros +
              w.churnPerSec * ctx.node.connectionOpenCpuMicros.value) /
            1e6;
          replicas += p.layout.queues[w.index]! * R;
        }
        const close = (x: number, y: number) => expect(x).toBeCloseTo(y, 6 - Math.max(0, Math.floor(Math.log10(Math.abs(y) + 1))));
        close(
          sum((d) => d.traffic.clientPublishIn),
          publishBytes,
        );
        close(
          sum((d) => d.traffic.clientDeliverOut),
          deliverBytes,
        );
        close(
          sum((d) => d.traffic.replicationIn),
          replicationBytes,
        );
        close(
          sum((d) => d.traffic.replicationOut),
          replicationBytes,
        );
        close(
          sum((d) => d.traffic.forwardedPublishIn),
          sum((d) => d.traffic.forwardedPublishOut),
        );
        close(
          sum((d) => d.traffic.forwardedDeliverIn),
          sum((d) => d.traffic.forwardedDeliverOut),
        );
        close(
          sum((d) => d.diskWriteBytesPerSec),
          writeBytes,
        );
        close(
          sum((d) => d.cpuCores),
          cpu,
        );
        expect(sum((d) => d.replicas)).toBe(replicas);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('zone-spread placement never puts a majority of a queue in one zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: 3, max: 5 }),
        fc.constantFrom(3, 5, 7),
        fc.integer({ min: 1, max: 30 }),
        (nodes, zones, rfWanted, queues) => {
          const rf = Math.min(rfWanted, nodes % 2 === 1 ? nodes : nodes - 1);
          const zoneOf = zoneOfNodes(nodes, zones);
          const [p] = placeQueues([queues], [rf], nodes, zoneOf);
          for (let q = 0; q < queues; q++) {
            const reps = [...p!.nodes.slice(q * rf, q * rf + rf)];
            expect(new Set(reps).size).toBe(rf);
            for (let z = 0; z < zones; z++) expect(reps.filter((n) => zoneOf[n] === z).length).toBeLessThanOrEqual(maxReplicasPerZone(rf));
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a plan is feasible exactly when it lists no shortfall', () => {
    fc.assert(
      fc.property(fc.array(arbWorkload, { minLength: 1, maxLength: 2 }), arbCluster, (ws, c) => {
        const p = evaluate(
          ws.map((a, i) => toInput(a, { name: `w${i}` })),
          c,
        );
        const misses = scenarios(p).flatMap((s) => s.resources.filter((u) => !u.ok));
        expect(p.feasible).toBe(p.shortfalls.map(shortfallText).length === 0);
        expect(misses.length <= p.shortfalls.map(shortfallText).length).toBe(true);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('invariants of the shipped default profile (quorum WAL, coordination)', () => {
  const profile = loadDefaultProfile();
  const arbDefaultCluster = fc.record({
    nodes: fc.integer({ min: 3, max: 9 }),
    type: fc.constantFrom('c6i.xlarge', 'c6i.2xlarge', 'c6i.4xlarge'),
  });

  function evaluateWith(w: WorkloadInput[], c: { nodes: number; type: string }, over: { fsyncMs?: number; vcpuType?: string } = {}): EvaluatedPlan {
    const file = workloadFile(w, { ha: { nodeFailuresToTolerate: 1 } });
    return evaluateCluster(request(file, { profile }), {
      instanceType: instance(over.vcpuType ?? c.type),
      nodes: c.nodes,
      disk: { ...gp3, writeLatencyMs: over.fsyncMs ?? gp3.writeLatencyMs },
      replicationFactor: 3,
    });
  }

  /**
   * b needs at least what a needs, in every scenario: `field` of each resource in `only` (every
   * resource of a when omitted) except those in `except`.
   */
  function neverLess(
    a: EvaluatedPlan,
    b: EvaluatedPlan,
    what: string,
    field: 'demand' | 'utilization',
    opts: { only?: string[]; except?: string[] } = {},
  ): void {
    for (const s of scenarios(a)) {
      const t = scenarios(b).find((x) => x.kind === s.kind)!;
      for (const u of s.resources) {
        if ((opts.only && !opts.only.includes(u.resource)) || opts.except?.includes(u.resource)) continue;
        const v = t.resources.find((x) => x.resource === u.resource);
        expect(v, `${what}: ${s.kind} ${u.resource} disappeared`).toBeDefined();
        expect(v![field], `${what}: ${s.kind} ${u.resource}`).toBeGreaterThanOrEqual(u[field] * (1 - EPS));
      }
    }
  }

  it('a slower fsync never needs less: WAL utilisation, latency and every other resource', () => {
    fc.assert(
      fc.property(
        arbWorkload,
        arbDefaultCluster,
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (a, c, f, extra) => {
          const w = [toInput({ ...a, peak: Math.min(a.peak, 20_000) })];
          // Every demand, IOPS aside: a slower disk takes fewer, larger fsyncs (src/model/disk.ts); the WAL's share and the p99 grow.
          const fast = evaluateWith(w, c, { fsyncMs: f });
          const slow = evaluateWith(w, c, { fsyncMs: f + extra });
          neverLess(fast, slow, 'slower fsync', 'demand', { except: ['diskIops'] });
          neverLess(fast, slow, 'slower fsync', 'utilization', { only: ['quorumWal', 'latency'] });
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('fewer cores per node never need less: the same cluster on a smaller type is at least as busy', () => {
    fc.assert(
      fc.property(arbWorkload, fc.integer({ min: 3, max: 9 }), (a, nodes) => {
        const w = [toInput({ ...a, peak: Math.min(a.peak, 20_000) })];
        neverLess(evaluateWith(w, { nodes, type: 'c6i.4xlarge' }), evaluateWith(w, { nodes, type: 'c6i.2xlarge' }), 'fewer cores', 'utilization', {
          only: ['cpu', 'quorumWal', 'network', 'latency'],
        });
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('larger messages, confirms and more frequent acks never need less, and a replicated message costs the cluster more work on more nodes', () => {
    fc.assert(
      fc.property(arbWorkload, arbDefaultCluster, fc.integer({ min: 1, max: 50_000 }), (a, c, extra) => {
        const base = toInput({ ...a, peak: Math.min(a.peak, 20_000) });
        neverLess(
          evaluateWith([base], c),
          evaluateWith([toInput({ ...a, peak: Math.min(a.peak, 20_000), size: a.size + extra })], c),
          'larger messages',
          'demand',
        );
        const off = { ...base, publisherConfirms: { enabled: false } } as WorkloadInput;
        neverLess(evaluateWith([off], c), evaluateWith([{ ...base, publisherConfirms: { enabled: true } } as WorkloadInput], c), 'confirms on', 'demand');
        // One ack per delivery costs at least an ack every N, which costs at least automatic acks (acks.ts).
        const acking = (ackMode: 'manual' | 'auto', ackEvery: number) =>
          evaluateWith([{ ...base, consumers: { ...base.consumers, ackMode, ackEvery } } as WorkloadInput], c);
        const every = 1 + (extra % 99);
        neverLess(acking('manual', every), acking('manual', 1), `ack each against every ${every}`, 'demand');
        neverLess(acking('auto', 1), acking('manual', every), `ack every ${every} against automatic acks`, 'demand');
        // Cluster CPU per message, summed over the nodes, grows with the node count (coordination σ).
        if (a.queueType !== 'classic' && c.nodes < 9) {
          const total = (p: EvaluatedPlan) => p.healthy.perNode!.reduce((sum, n) => sum + (n.resources.find((r) => r.resource === 'cpu')?.demand ?? 0), 0);
          expect(total(evaluateWith([base], { ...c, nodes: c.nodes + 1 }))).toBeGreaterThan(total(evaluateWith([base], c)));
        }
      }),
      { seed: SEED, numRuns: 80 },
    );
  });
});

describe('planner invariants', () => {
  it('pruning never changes the answer: the plan, its runners-up, misses and warnings equal the exhaustive search', () => {
    fc.assert(
      fc.property(fc.array(arbWorkload, { minLength: 1, maxLength: 2 }), fc.constantFrom(0, 1), (ws, f) => {
        const file = workloadFile(
          ws.map((a, i) => toInput(a, { name: `w${i}` })),
          { ha: { nodeFailuresToTolerate: f } },
        );
        const pruned = plan(request(file));
        const full = plan(request(file, { exhaustiveSearch: true }));
        expect(JSON.stringify({ ...pruned, search: null })).toBe(JSON.stringify({ ...full, search: null }));
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('nor do the shortcuts on the shipped profile: mean-demand and WAL rule-outs, near misses, a closest-only search for targets under the commit floor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(arbWorkload, fc.constantFrom(undefined, 0.5, 3, 20, 200), fc.boolean()), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(0, 1),
        fc.integer({ min: 3, max: 9 }),
        fc.double({ min: 0.5, max: 6, noNaN: true }),
        (ws, f, maxNodes, trafficScale) => {
          const inputs = ws.map(([a, latencyP99TargetMs, auto], i) =>
            toInput(a, { name: `w${i}`, queues: auto ? 'auto' : a.queues, ...(latencyP99TargetMs !== undefined ? { latencyP99TargetMs } : {}) }),
          );
          const file = workloadFile(inputs, { ha: { nodeFailuresToTolerate: f }, constraints: { maxNodes } });
          const shipped = { profile: loadDefaultProfile(), trafficScale };
          const pruned = plan(request(file, shipped));
          const full = plan(request(file, { ...shipped, exhaustiveSearch: true }));
          expect(JSON.stringify({ ...pruned, search: null })).toBe(JSON.stringify({ ...full, search: null }));
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  const small = { constraints: { instanceFamilies: ['c6i', 'm6i'], diskTypes: ['gp3'], maxNodes: 7 } };

  it('more traffic never makes the cheapest plan cheaper (fixed queue counts)', () => {
    fc.assert(
      fc.property(arbWorkload, fc.double({ min: 1, max: 4, noNaN: true }), (a, k) => {
        const file = workloadFile([toInput(a)], small);
        const lo = plan(request(file));
        const hi = plan(request(file, { trafficScale: k }));
        if (!lo.feasible) expect(hi.feasible).toBe(false);
        else if (hi.feasible) expect(hi.plan!.cost.totalUsdPerMonth).toBeGreaterThanOrEqual(lo.plan!.cost.totalUsdPerMonth - EPS);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('an even node count is chosen only when every odd count meeting the targets costs more, and the result says so', () => {
    let evenSeen = 0;
    fc.assert(
      fc.property(arbWorkload, fc.double({ min: 0.5, max: 6, noNaN: true }), (a, k) => {
        const r = plan(request(workloadFile([toInput(a)], small), { trafficScale: k }));
        fc.pre(r.feasible);
        const p = r.plan!;
        if (p.nodes % 2 === 1) {
          expect(r.evenNodeCount).toBeUndefined();
          return;
        }
        evenSeen++;
        const even = r.evenNodeCount!;
        expect(even.nodes).toBe(p.nodes);
        // A majority of 2k nodes survives k − 1 failures: exactly what 2k − 1 nodes survive.
        expect(even.majoritySurvivesFailures).toBe(p.nodes / 2 - 1);
        if (even.cheapestOdd !== null) {
          expect(even.cheapestOdd.nodes % 2).toBe(1);
          expect(even.cheapestOdd.monthlyUsd).toBeGreaterThan(p.cost.totalUsdPerMonth);
          expect(even.oddCostsMoreUsdPerMonth!).toBeCloseTo(even.cheapestOdd.monthlyUsd - p.cost.totalUsdPerMonth, 6);
        }
        expect(r.warnings.some((w) => w.kind === 'evenNodeCount' && w.nodes === p.nodes && warningText(w).startsWith(`${p.nodes} nodes (even): `))).toBe(true);
      }),
      { seed: SEED, numRuns: 40 },
    );
    // The property must have met even plans, or it proved nothing about them.
    expect(evenSeen).toBeGreaterThan(0);
  });

  it('tolerating more failures never needs fewer nodes of a given type', () => {
    fc.assert(
      fc.property(arbWorkload, fc.constantFrom('c6i.xlarge', 'c6i.2xlarge', 'm6i.xlarge'), (a, type) => {
        let previous = 0;
        let previousFeasible = true;
        for (const f of [0, 1, 2]) {
          const r = plan(
            request(workloadFile([toInput(a)], { ha: { nodeFailuresToTolerate: f }, constraints: { instanceTypes: [type], diskTypes: ['gp3'] } })),
          );
          if (!previousFeasible) expect(r.feasible).toBe(false);
          if (r.feasible) {
            expect(r.plan!.nodes).toBeGreaterThanOrEqual(previous);
            expect(r.plan!.nodes).toBeGreaterThanOrEqual(2 * f + 1);
            previous = r.plan!.nodes;
          }
          previousFeasible = r.feasible;
        }
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it('replication factors are odd, ≥ 2f+1, ≤ nodes and ≤ 7; zone-loss plans keep every majority', () => {
    fc.assert(
      fc.property(arbWorkload, fc.constantFrom(0, 1, 2), fc.boolean(), (a, f, zoneLoss) => {
        const r = plan(
          request(
            workloadFile([toInput({ ...a, queueType: 'quorum' })], {
              ha: { nodeFailuresToTolerate: f, zones: zoneLoss ? 3 : 1, surviveZoneLoss: zoneLoss },
              constraints: small.constraints,
            }),
          ),
        );
        fc.pre(r.plan !== null);
        const R = r.plan!.replicationFactor!;
        expect(R % 2).toBe(1);
        expect(R).toBeGreaterThanOrEqual(2 * f + 1);
        expect(R).toBeLessThanOrEqual(Math.min(r.plan.nodes, 7));
        if (r.feasible && zoneLoss) {
          const zone = r.plan.failures.find((s) => s.kind === 'zoneFailure')!;
          expect(zone.nodesUp * 2).toBeGreaterThan(r.plan.nodes);
          expect(r.plan.shortfalls.map(shortfallText).filter((s) => s.includes('majority'))).toEqual([]);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});

describe('the consumers’ prefetch loop (confirms.ts prefetchCarryMsgPerSec)', () => {
  const arbLoop = fc.record({
    consumers: fc.integer({ min: 1, max: 50 }),
    prefetch: fc.integer({ min: 1, max: 2000 }),
    turnaroundMs: fc.double({ min: 0, max: 20, noNaN: true }),
    processingMs: fc.double({ min: 0, max: 50, noNaN: true }),
    queueServiceMs: fc.double({ min: 0.001, max: 1, noNaN: true }),
    extraMs: fc.double({ min: 0, max: 1, noNaN: true }),
    upTo: fc.integer({ min: 0, max: 500 }),
  });

  it('a larger prefetch never carries less; a slower unbatched delivery, more of them or a longer turnaround never carry more', () => {
    fc.assert(
      fc.property(arbLoop, (l) => {
        const carry = (o: Partial<typeof l>) => {
          const x = { ...l, ...o };
          return prefetchCarryMsgPerSec(x.consumers, x.prefetch, x.turnaroundMs, x.processingMs, x.queueServiceMs, { extraMs: x.extraMs, upTo: x.upTo });
        };
        const base = carry({});
        expect(carry({ prefetch: l.prefetch + 1 })).toBeGreaterThanOrEqual(base * (1 - EPS));
        expect(carry({ extraMs: l.extraMs * 1.5 + 0.001 })).toBeLessThanOrEqual(base * (1 + EPS));
        expect(carry({ upTo: l.upTo + 5 })).toBeLessThanOrEqual(base * (1 + EPS));
        expect(carry({ turnaroundMs: l.turnaroundMs + 0.1 })).toBeLessThanOrEqual(base * (1 + EPS));
        // Never more than the queue process alone carries.
        expect(base).toBeLessThanOrEqual((1000 / l.queueServiceMs) * (1 + EPS));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
