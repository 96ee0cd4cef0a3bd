import { describe, expect, it } from 'vitest';
import { beats, plan } from '../../src/model/planner.js';
import { loadDefaultProfile } from '../../src/profile/load.js';
import { request, workload, workloadFile } from './helpers.js';
import { testProfile } from '../support/test-profile.js';
import { warningText, whyNotText } from '../../src/render/warnings.js';
import { ALL_BATCHED, deliveryTurnaroundMs } from '../../src/model/confirms.js';
import { consumersPerGroup, inFlightToCarry } from '../../src/model/clients.js';
import { shortfallText, suggestionText } from '../../src/render/findings.js';

describe('planner: ranking', () => {
  it('cheaper to the cent wins; then an odd node count; then the lower utilisation ÷ limit', () => {
    expect(beats(100, 4, 0.9, 100.01, 3, 0.1)).toBe(true);
    expect(beats(100.004, 4, 0.1, 100, 3, 0.9)).toBe(false); // same cent: odd wins
    expect(beats(100, 3, 0.9, 100, 4, 0.1)).toBe(true);
    expect(beats(100, 5, 0.5, 100, 3, 0.6)).toBe(true);
    expect(beats(100, 5, 0.6, 100, 3, 0.6)).toBe(false); // a full tie keeps the earlier one
  });
});

describe('planner: feasible plans', () => {
  const small = plan(request(workloadFile([workload()])));

  it('a small workload gets 3 nodes of the cheapest allowed type with RF 3 for f = 1', () => {
    expect(small.feasible).toBe(true);
    expect(small.plan!.nodes).toBe(3);
    // c6i.large (2 vCPU) is below the production minimum; c6i.xlarge is the cheapest ≥ 4 vCPU / 4 GiB
    expect(small.plan!.instanceType.name).toBe('c6i.xlarge');
    expect(small.plan!.replicationFactor).toBe(3);
    expect(small.plan!.layout[0]!.replicationFactor).toBe(3);
    expect(small.plan!.disk.option.name).toBe('gp3');
    expect(small.plan!.failures.map((f) => f.kind)).toEqual(['nodeFailure']);
    expect(small.infeasibility).toBeNull();
    expect(small.basis.workloads).toEqual([{ name: 'orders', peakMsgPerSec: 1000, averageMsgPerSec: 500, sizeBytes: 1000 }]);
    expect(small.profileName).toBe('test-only');
  });

  it('reports the next cheapest plans and by how much they lose', () => {
    expect(small.alternatives.length).toBeGreaterThanOrEqual(3);
    expect(small.alternatives.length).toBeLessThanOrEqual(5);
    // m6i.xlarge: 3 × ($0.192 − $0.17) × 730 h = $48.18 more, plus its larger volume (16 GiB RAM → bigger free-disk limit)
    expect(small.alternatives[0]!.plan.instanceType.name).toBe('m6i.xlarge');
    expect(small.alternatives[0]!.whyNot).toEqual({ kind: 'costsMore', moreUsdPerMonth: expect.closeTo(50.1, 2), overBudgetUsdPerMonth: null });
    expect(whyNotText(small.alternatives[0]!)).toBe('costs $50.10/month more');
    const costs = small.alternatives.map((a) => a.plan.cost.totalUsdPerMonth);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    expect(costs.every((c) => c >= small.plan!.cost.totalUsdPerMonth)).toBe(true);
  });

  it('names instructive misses among the alternatives (one node fewer, a smaller type)', () => {
    const r = plan(
      request(
        workloadFile([workload({ publishRate: { averageMsgPerSec: 1000, peakMsgPerSec: 150_000 } })], {
          constraints: { instanceFamilies: ['c6i'], diskTypes: ['gp3'] },
        }),
      ),
    );
    expect(r.feasible).toBe(true);
    const misses = r.alternatives.filter((a) => !a.plan.feasible);
    expect(misses.length).toBeGreaterThanOrEqual(1);
    for (const m of misses) expect(whyNotText(m)).toMatch(/^(one node fewer|the next smaller type) \(\d+ × c6i\.\w+\): .+ = \d+% > \d+%$/);
  });

  it('counts the candidates it evaluates: nodes × replication factors × shard policies × disks × types', () => {
    // one type, one disk, nodes 3..5, f = 1: RF {3} on 3 and 4 nodes, {3, 5} on 5 nodes = 4 layouts;
    // queues: auto adds the "spread" policy (1 shard → 3, 4, 5): 8 candidates
    const file = (queues: number | 'auto') =>
      workloadFile([workload({ queues })], { constraints: { instanceTypes: ['c6i.xlarge'], diskTypes: ['gp3'], minNodes: 3, maxNodes: 5 } });
    expect(plan(request(file(1))).search).toEqual({
      candidatesEvaluated: 4,
      candidatesSkipped: 0,
      candidatesRuledOut: 0,
      instanceTypesConsidered: 1,
      stoppedEarly: false,
    });
    expect(plan(request(file('auto'))).search).toEqual({
      candidatesEvaluated: 8,
      candidatesSkipped: 0,
      candidatesRuledOut: 0,
      instanceTypesConsidered: 1,
      stoppedEarly: false,
    });
  });

  it('counts each candidate once when none meets the targets (the closest are chosen without a second search)', () => {
    const file = (latencyP99TargetMs: number) =>
      workloadFile([workload({ queues: 1, latencyP99TargetMs })], {
        constraints: { instanceTypes: ['c6i.xlarge'], diskTypes: ['gp3'], minNodes: 3, maxNodes: 5 },
      });
    const missed = plan(request(file(1)));
    expect(missed.feasible).toBe(false);
    expect(missed.search).toEqual({ candidatesEvaluated: 4, candidatesSkipped: 0, candidatesRuledOut: 0, instanceTypesConsidered: 1, stoppedEarly: false });
  });

  it('skips only what cannot be shown: the pruned search reports exactly the exhaustive one, counts aside', () => {
    const file = workloadFile([
      workload({ publishRate: { averageMsgPerSec: 2000, peakMsgPerSec: 6000, monthlyGrowthPercent: 2 }, fanOut: 2, latencyP99TargetMs: 200 }),
      workload({ name: 'audit', queueType: 'stream', messageSize: 2000 }),
    ]);
    const pruned = plan(request(file));
    const full = plan(request(file, { exhaustiveSearch: true }));
    expect(pruned.search.candidatesSkipped).toBeGreaterThan(0);
    expect(full.search.candidatesSkipped).toBe(0);
    expect(pruned.search.candidatesEvaluated + pruned.search.candidatesSkipped).toBeLessThanOrEqual(full.search.candidatesEvaluated);
    const withoutCounts = (r: typeof pruned) => JSON.stringify({ ...r, search: null });
    expect(withoutCounts(pruned)).toBe(withoutCounts(full));
    // A file that rules every plan out (a target below the commit floor) shows the same plans too.
    const floor = workloadFile([
      workload({ publishRate: { averageMsgPerSec: 2000, peakMsgPerSec: 6000 }, latencyP99TargetMs: 0.5 }),
      workload({ name: 'audit' }),
    ]);
    const prunedFloor = plan(request(floor));
    const fullFloor = plan(request(floor, { exhaustiveSearch: true }));
    expect(prunedFloor.feasible).toBe(false);
    expect(withoutCounts(prunedFloor)).toBe(withoutCounts(fullFloor));
    expect(prunedFloor.search.candidatesRuledOut).toBe(0);
    // ...whose closest misses are found without evaluating what misses the latency target by more (latencyFloorRatio)...
    expect(prunedFloor.search.candidatesSkipped).toBeGreaterThan(0);
    expect(prunedFloor.search.candidatesEvaluated).toBeLessThan(fullFloor.search.candidatesEvaluated);
    // ...and with too few keys to show within the close-enough window, by a full search again.
    const fewKeys = workloadFile([workload({ latencyP99TargetMs: 0.5 })], { constraints: { instanceTypes: ['c6i.xlarge'], minNodes: 3, maxNodes: 5 } });
    const prunedFew = plan(request(fewKeys));
    const fullFew = plan(request(fewKeys, { exhaustiveSearch: true }));
    expect(prunedFew.feasible).toBe(false);
    expect(withoutCounts(prunedFew)).toBe(withoutCounts(fullFew));
    expect(prunedFew.search.candidatesEvaluated).toBeGreaterThan(fullFew.search.candidatesEvaluated); // both searches counted
    // Candidates ruled out on their instance alone: the closest misses one node fewer and one type
    // smaller are recovered, and a file nothing fits is searched again in full.
    const tooBig = workloadFile([workload({ publishRate: { averageMsgPerSec: 100_000, peakMsgPerSec: 900_000 } })], { constraints: { maxNodes: 5 } });
    const prunedBig = plan(request(tooBig));
    expect(prunedBig.feasible).toBe(false);
    expect(withoutCounts(prunedBig)).toBe(withoutCounts(plan(request(tooBig, { exhaustiveSearch: true }))));
    for (const f of [
      workloadFile([workload({ publishRate: { averageMsgPerSec: 1000, peakMsgPerSec: 150_000 } })], {
        constraints: { instanceFamilies: ['c6i'], diskTypes: ['gp3'] },
      }),
      workloadFile([workload({ publishRate: { averageMsgPerSec: 20_000, peakMsgPerSec: 60_000 }, queues: 'auto', fanOut: 3 })]),
    ]) {
      const ruled = plan(request(f));
      expect(ruled.search.candidatesRuledOut).toBeGreaterThan(0);
      expect(ruled.alternatives.some((a) => !a.plan.feasible)).toBe(true);
      expect(withoutCounts(ruled)).toBe(withoutCounts(plan(request(f, { exhaustiveSearch: true }))));
    }
    // Node counts whose quorum WAL is over its limit on every disk are ruled out before their layouts
    // are built (the shipped profile: the test profile has no WAL terms); the plan is the same.
    const walBound = (peakMsgPerSec: number) =>
      workloadFile([workload({ publishRate: { averageMsgPerSec: peakMsgPerSec / 3, peakMsgPerSec }, queues: 'auto', fanOut: 2 })], {
        constraints: { maxNodes: 9 },
      });
    const shipped = { profile: loadDefaultProfile() };
    const walRuled = plan(request(walBound(24_000), shipped));
    expect(walRuled.feasible).toBe(true);
    expect(walRuled.plan!.binding.resource).toBe('quorumWal');
    expect(walRuled.search.candidatesRuledOut).toBeGreaterThan(walRuled.search.candidatesEvaluated);
    expect(withoutCounts(walRuled)).toBe(withoutCounts(plan(request(walBound(24_000), { ...shipped, exhaustiveSearch: true }))));
    // Past what nine nodes' WALs take nothing fits, and the search runs again in full.
    const walMissed = plan(request(walBound(28_000), shipped));
    expect(walMissed.feasible).toBe(false);
    expect(withoutCounts(walMissed)).toBe(withoutCounts(plan(request(walBound(28_000), { ...shipped, exhaustiveSearch: true }))));
  });

  it('is deterministic: byte-identical output for the same input', () => {
    const file = workloadFile([
      workload({ publishRate: { averageMsgPerSec: 5000, peakMsgPerSec: 40_000, monthlyGrowthPercent: 3 }, fanOut: 3 }),
      workload({ name: 'audit', queueType: 'stream', messageSize: { p50: 200, p95: 4000, max: 100_000 } }),
    ]);
    expect(JSON.stringify(plan(request(file)))).toBe(JSON.stringify(plan(request(file))));
  });

  it('prefers an odd node count at equal cost and honours constraints', () => {
    const even = plan(request(workloadFile([workload()], { constraints: { minNodes: 4, maxNodes: 4 } })));
    expect(even.plan!.nodes).toBe(4);
    // Only 4 allowed: no odd plan to compare with, and the result says so.
    expect(even.evenNodeCount).toEqual({ nodes: 4, majoritySurvivesFailures: 1, cheapestOdd: null, oddCostsMoreUsdPerMonth: null });
    expect(
      even.warnings
        .map(warningText)
        .some(
          (w) =>
            w.startsWith('4 nodes (even): ') &&
            w.includes('4 nodes survive 1 failure, like 3') &&
            w.includes('no odd node count meets every target within the allowed node range'),
        ),
    ).toBe(true);
    const gcp = plan(request(workloadFile([workload()], { constraints: { providers: ['gcp'] } })));
    expect(gcp.plan!.instanceType.provider).toBe('gcp');
    expect(gcp.plan!.disk.option.name).toBe('pd-ssd');
    // Without the production minimums a 2 vCPU / 4 GiB type is allowed; it carries classic
    // queues, but not quorum ones: 100 MiB + 3 × 512 MiB WAL = 1.6 GiB of 4 GiB × 0.6 = 67% > 60%
    const tinyClassic = plan(request(workloadFile([workload({ queueType: 'classic' })], { constraints: { productionMinimums: false } })));
    expect(tinyClassic.plan!.instanceType.name).toBe('c6i.large');
    const tinyQuorum = plan(request(workloadFile([workload()], { constraints: { productionMinimums: false } })));
    expect(tinyQuorum.plan!.instanceType.name).toBe('c6i.xlarge');
  });

  it('never picks an HDD unless asked, and picks it when it is the only one allowed', () => {
    const r = plan(request(workloadFile([workload()])));
    expect(r.plan!.disk.option.media).toBe('ssd');
    const hdd = plan(request(workloadFile([workload()], { constraints: { diskTypes: ['st1'] } })));
    expect(hdd.plan!.disk.option.name).toBe('st1');
  });

  it('surviving a zone loss needs ≥ 3 zones worth of nodes and keeps every majority', () => {
    const r = plan(
      request(workloadFile([workload({ publishRate: { averageMsgPerSec: 1000, peakMsgPerSec: 30_000 } })], { ha: { zones: 3, surviveZoneLoss: true } })),
    );
    expect(r.feasible).toBe(true);
    expect(r.plan!.failures.map((f) => f.kind)).toEqual(['nodeFailure', 'zoneFailure']);
    expect(r.plan!.shortfalls.map(shortfallText)).toEqual([]);
  });
});

describe('planner: infeasible plans say why and what would help', () => {
  it('a latency target below the quorum commit floor', () => {
    const r = plan(request(workloadFile([workload({ latencyP99TargetMs: 2 })])));
    expect(r.feasible).toBe(false);
    // fastest disk io2: client round trip 1 + fsync 0.5 + replication round trip 1 = 2.5 ms
    expect(r.infeasibility!.reasons.map(shortfallText)[0]).toBe(
      'orders: latency target 2.00 ms is below the quorum commit floor of 2.50 ms (client round trip 1.00 ms + fsync 0.500 ms + replication round trip 1.00 ms)',
    );
    expect(r.infeasibility!.suggestions.map(suggestionText)[0]).toContain('latencyP99TargetMs above 2.50 ms');
    expect(r.infeasibility!.suggestions.map(suggestionText)[0]).toContain('queueType: classic (no commit wait, not replicated: floor 1.00 ms)');
    expect(r.plan).not.toBeNull();
    expect(r.plan!.feasible).toBe(false);
  });

  it('when every cluster misses by about the same margin, the closest shown is a cheap one', () => {
    // 20,000 msg/s with a 2 ms target: every cluster misses by about the same margin (the 2.5 ms
    // commit floor + a small queue wait; with 4+ cores the CPU wait is 0 at these utilisations),
    // so the closest shown is the cheapest cluster that carries the load: 3 × c6i.xlarge
    const r = plan(request(workloadFile([workload({ latencyP99TargetMs: 2, publishRate: { averageMsgPerSec: 1000, peakMsgPerSec: 20_000 } })])));
    expect(r.feasible).toBe(false);
    expect(`${r.plan!.nodes} × ${r.plan!.instanceType.name}`).toBe('3 × c6i.xlarge');
    expect(r.plan!.cost.totalUsdPerMonth).toBeCloseTo(1050.57, 2);
    const cheaperAlternatives = r.alternatives.filter((a) => a.plan.cost.totalUsdPerMonth < r.plan!.cost.totalUsdPerMonth);
    expect(cheaperAlternatives.every((a) => !a.plan.feasible)).toBe(true);
  });

  it('too few nodes allowed for the failures to tolerate', () => {
    const r = plan(request(workloadFile([workload()], { constraints: { maxNodes: 2 } })));
    expect(r.feasible).toBe(false);
    expect(r.plan).toBeNull();
    expect(r.search.candidatesEvaluated).toBe(0);
    expect(r.infeasibility!.reasons.map(shortfallText)[0]).toMatch(/^tolerating 1 node failure needs at least 3 nodes .*, but maxNodes is 2$/);
    expect(r.infeasibility!.suggestions.map(suggestionText)).toContain('raise maxNodes to ≥ 3 or lower nodeFailuresToTolerate');
  });

  it('over budget', () => {
    const r = plan(request(workloadFile([workload()], { constraints: { monthlyBudgetUsd: 100 } })));
    expect(r.feasible).toBe(false);
    expect(r.plan!.instanceType.name).toBe('c6i.xlarge'); // the cheapest that meets the targets
    expect(r.infeasibility!.reasons.map(shortfallText)).toEqual(['budget: $374/month > $100/month']);
    expect(r.infeasibility!.suggestions.map(suggestionText)[0]).toBe(
      'raise monthlyBudgetUsd to at least $374 (the cheapest plan that meets every target), or relax the targets',
    );
    expect(r.plan!.binding.resource).toBe('budget');
    expect(r.alternatives.every((a) => a.whyNot.kind !== 'missesTargets' && a.whyNot.overBudgetUsdPerMonth === 100)).toBe(true);
    expect(r.alternatives.every((a) => whyNotText(a).endsWith('over the $100/month budget'))).toBe(true);
  });

  it('a budget that fits is no obstacle', () => {
    const r = plan(request(workloadFile([workload()], { constraints: { monthlyBudgetUsd: 400 } })));
    expect(r.feasible).toBe(true);
    expect(r.plan!.healthy.resources.find((u) => u.resource === 'budget')).toMatchObject({ ok: true, capacity: 400 });
  });

  it('a fixed queue count above the per-queue ceiling', () => {
    // 21,000 msg/s in 1 queue of a 33,333 msg/s ceiling: 63% > 60%
    const r = plan(request(workloadFile([workload({ queues: 1, publishRate: { averageMsgPerSec: 1000, peakMsgPerSec: 21_000 } })])));
    expect(r.feasible).toBe(false);
    expect(r.infeasibility!.reasons.map(shortfallText)[0]).toBe(
      'orders: the per-queue ceiling caps a fixed queues: 1 at 21,000 msg/s per queue at peak, above 33,333 × 60% (one queue is one Erlang process)',
    );
    expect(r.infeasibility!.suggestions.map(suggestionText)).toContain('orders: use queues: auto (needs ≥ 2 queues per group)');
    // with queues: auto the same traffic fits
    expect(plan(request(workloadFile([workload({ publishRate: { averageMsgPerSec: 1000, peakMsgPerSec: 21_000 } })]))).feasible).toBe(true);
  });

  it('more traffic than maxNodes of the largest allowed type can carry', () => {
    const r = plan(
      request(
        workloadFile([workload({ publishRate: { averageMsgPerSec: 1000, peakMsgPerSec: 400_000 } })], {
          constraints: { maxNodes: 3, instanceFamilies: ['c6i'] },
        }),
      ),
    );
    expect(r.feasible).toBe(false);
    expect(r.infeasibility!.suggestions.map(suggestionText)).toContain(
      'needs more than maxNodes=3 nodes of the largest allowed type (c6i.4xlarge): allow bigger instance types or raise maxNodes',
    );
    expect(r.plan!.nodes).toBe(3);
    expect(r.plan!.instanceType.name).toBe('c6i.4xlarge');
    expect(r.infeasibility!.reasons.map(shortfallText).length).toBeGreaterThan(0);
    expect(r.alternatives.length).toBeGreaterThan(0);
  });

  it('no instance type passes the constraints', () => {
    const r = plan(request(workloadFile([workload()], { constraints: { categories: ['memory'], instanceFamilies: ['c6i'] } })));
    expect(r.feasible).toBe(false);
    expect(r.plan).toBeNull();
    expect(r.infeasibility!.reasons.map(shortfallText)[0]).toMatch(/^no instance type in the catalog passes cluster.constraints/);
  });

  it('a message larger than max_message_size can ever be', () => {
    const r = plan(request(workloadFile([workload({ messageSize: { p50: 1000, p95: 1000, max: '600MiB' } })])));
    expect(r.feasible).toBe(false);
    expect(r.infeasibility!.reasons.map(shortfallText)[0]).toBe("orders: the largest message (600 MiB) exceeds max_message_size's ceiling of 512 MiB");
  });
});

describe('planner: warnings', () => {
  it('classic queues are not replicated; persistent:false on quorum is ignored; streams retention', () => {
    const r = plan(
      request(
        workloadFile([
          workload({ name: 'cache', queueType: 'classic', persistent: false }),
          workload({ name: 'orders', persistent: false }),
          workload({ name: 'events', queueType: 'stream' }),
          workload({ name: 'blobs', messageSize: { p50: 1000, p95: 2000, max: '20MiB' } }),
        ]),
      ),
    );
    const words = r.warnings.map(warningText);
    expect(r.warnings).toContainEqual({ kind: 'classicNotReplicated', workload: 'cache' });
    expect(words.find((w) => w.startsWith('cache: classic queues are not replicated'))).toBeDefined();
    expect(words).toContain('orders: persistent: false is ignored by quorum queues: every message is written to disk (sized as persistent)');
    expect(words.find((w) => w.startsWith('events: streams keep messages until their retention limit'))).toBeDefined();
    expect(words.find((w) => w.startsWith("blobs: the largest message (20.0 MiB) exceeds RabbitMQ 4.3's 16.0 MiB max_message_size default"))).toBeDefined();
  });

  it('a bench-fitted profile measured at 1–4 KiB: a 16 KiB (p95) quorum workload is extrapolated and warned about; 2 KiB, other queue types and the published profile are not', () => {
    const step = (queueType: string, messageSizeBytes: number) => ({ startedAt: '2026-12-07T00:00:00Z', label: 'x', config: { queueType, messageSizeBytes } });
    const benched = {
      ...testProfile,
      name: 'bench x',
      origin: { ...testProfile.origin, steps: [step('quorum', 1024), step('quorum', 4096), step('classic', 1024)] },
    };
    const r = plan(
      request(
        workloadFile([
          workload({ name: 'big', messageSize: { p50: 8000, p95: '16KiB', max: '32KiB' } }),
          workload({ name: 'mid', messageSize: 2048 }),
          workload({ name: 'events', queueType: 'stream', messageSize: '64KiB' }),
        ]),
        { profile: benched },
      ),
    );
    const outside = r.warnings.filter((w) => w.kind === 'sizeOutsideCalibration');
    expect(outside).toEqual([
      {
        kind: 'sizeOutsideCalibration',
        workload: 'big',
        queueType: 'quorum',
        sizeBytes: 16384,
        calibratedMinBytes: 1024,
        calibratedMaxBytes: 4096,
        profile: 'bench x',
      },
    ]);
    expect(warningText(outside[0]!)).toMatch(
      /^big: its quorum messages \(16 KiB at p95\) are outside the 1 KiB–4 KiB the profile "bench x" was benched at: their per-byte costs are extrapolated/,
    );
    const published = plan(request(workloadFile([workload({ name: 'big', messageSize: '16KiB' })]), { profile: loadDefaultProfile() }));
    expect(published.warnings.some((w) => w.kind === 'sizeOutsideCalibration')).toBe(false);
  });

  it("warns when the consumers' prefetch slots cannot carry their queue's peak, and not with a larger prefetch", () => {
    // One queue, one consumer, prefetch 1, classic (settled in memory), the default 1 ms round trip,
    // no measured turnaround: each slot turns in 1 ms + the queue's 15.12 µs of service
    // (test profile: 10 + 5 µs + 1,000 B × 0.12 ns/B), so 1 ÷ 1.01512 ms = 985 msg/s < 3,000.
    const one = (prefetch: number) =>
      plan(
        request(
          workloadFile(
            [workload({ queueType: 'classic', queues: 1, publishRate: { averageMsgPerSec: 3000, peakMsgPerSec: 3000 }, consumers: { count: 1, prefetch } })],
            { ha: { nodeFailuresToTolerate: 0 } },
          ),
        ),
      );
    const small = one(1);
    const warning = small.warnings.find((w) => w.kind === 'prefetchTooSmall');
    expect(warning).toMatchObject({ workload: 'orders', prefetch: 1, consumersPerQueue: 1, turnaroundMs: 1, perQueueMsgPerSec: 3000 });
    const serviceMs = 1000 / small.plan!.layout[0]!.perQueueCeilingMsgPerSec;
    expect(warning && warning.kind === 'prefetchTooSmall' ? warning.carryMsgPerSec : null).toBeCloseTo(1000 / (1 + serviceMs), 6);
    const text = small.warnings.map(warningText).find((t) => t.startsWith('orders: with prefetch 1, 1 consumer per queue carry at most 985 msg/s'));
    // Every term of the cycle the carry figure divides by is named: turnaround, processing, the queue process.
    expect(text).toContain(`1.00 ms slot turnaround + 0.0 ms of processing + ${Math.round(serviceMs * 1000)} µs in the queue process`);
    // 300 slots in step: 300 ÷ (1 ms + 300 × service) ≫ 3,000 msg/s.
    expect(one(300).warnings.filter((w) => w.kind === 'prefetchTooSmall')).toEqual([]);
    // Auto acks do not wait for the consumer: no slots to fill.
    const auto = plan(
      request(
        workloadFile(
          [
            workload({
              queueType: 'classic',
              queues: 1,
              publishRate: { averageMsgPerSec: 3000, peakMsgPerSec: 3000 },
              consumers: { count: 1, prefetch: 1, ackMode: 'auto' },
            }),
          ],
          { ha: { nodeFailuresToTolerate: 0 } },
        ),
      ),
    );
    expect(auto.warnings.filter((w) => w.kind === 'prefetchTooSmall')).toEqual([]);
  });

  it('deliveries that travel alone need more in flight: N = λ·cycle ÷ (1 − λW) up to K, λ(cycle + W·K) beyond, continuous and increasing', () => {
    // 6 a ms, 1 ms cycle, 0.05 ms a delivery alone: 6 ÷ 0.7 = 8.571 (≤ K = 10); with K = 5: 6 × (1 + 0.25) = 7.5.
    expect(inFlightToCarry(6, 1, { extraMs: 0.05, upTo: 10 })).toBeCloseTo(6 / 0.7, 9);
    expect(inFlightToCarry(6, 1, { extraMs: 0.05, upTo: 5 })).toBeCloseTo(7.5, 9);
    expect(inFlightToCarry(6, 1, ALL_BATCHED)).toBe(6);
    // λW ≥ 1: the unbatched path alone cannot carry it, the batches must.
    expect(inFlightToCarry(30, 1, { extraMs: 0.05, upTo: 10 })).toBeCloseTo(30 * 1.5, 9);
    let previous = 0;
    for (let perMs = 0.5; perMs <= 40; perMs += 0.5) {
      const n = inFlightToCarry(perMs, 1, { extraMs: 0.05, upTo: 10 });
      expect(n).toBeGreaterThanOrEqual(previous);
      // What it carries is what was asked: N ÷ (cycle + W·min(N, K)) = λ.
      expect(n / (1 + 0.05 * Math.min(n, 10))).toBeCloseTo(perMs, 9);
      previous = n;
    }
  });

  it('"auto" counts enough prefetch slots per queue: peak ÷ target × (turnaround + processing), by Little\'s law', () => {
    // 2 queues, 6,000 msg/s at a 0.5 target: 6,000 msg/s a queue = 6 a ms × 1 ms = 6 in flight ÷ prefetch 2 = 3 consumers a queue.
    expect(consumersPerGroup('auto', 2, 6000, 0, 0.5, { prefetch: 2, turnaroundMs: 1, unbatched: ALL_BATCHED })).toBe(6);
    // With 1 ms of processing the consumers' own work needs 12, the slots 6 × 2 ms ÷ 2 = 6 a queue: 12.
    expect(consumersPerGroup('auto', 2, 6000, 1, 0.5, { prefetch: 2, turnaroundMs: 1, unbatched: ALL_BATCHED })).toBe(12);
    // Without slots (auto acks) one a queue; a given count stands.
    expect(consumersPerGroup('auto', 2, 6000, 0, 0.5, null)).toBe(2);
    expect(consumersPerGroup(1, 2, 6000, 0, 0.5, { prefetch: 2, turnaroundMs: 1, unbatched: ALL_BATCHED })).toBe(1);
    // The plan: a classic queue with prefetch 1 gets consumers enough, and no prefetch warning.
    const r = plan(
      request(
        workloadFile(
          [workload({ queueType: 'classic', queues: 1, publishRate: { averageMsgPerSec: 3000, peakMsgPerSec: 3000 }, consumers: { prefetch: 1 } })],
          { ha: { nodeFailuresToTolerate: 0 } },
        ),
      ),
    );
    const target = r.plan!.layout[0]!;
    expect(target.consumers).toBeGreaterThanOrEqual(3);
    expect(r.warnings.filter((w) => w.kind === 'prefetchTooSmall')).toEqual([]);
  });

  it("a slot's turnaround: round trip + the settlement's commit (quorum: fsync, a follower's round trip), or + the measured turnaround", () => {
    expect(deliveryTurnaroundMs(undefined, 'quorum', 3, 2, 1)).toBe(1 + 2 + 1);
    expect(deliveryTurnaroundMs(undefined, 'quorum', 1, 2, 1)).toBe(1 + 2);
    expect(deliveryTurnaroundMs(undefined, 'classic', 1, 2, 1)).toBe(1);
    expect(deliveryTurnaroundMs(0.5, 'quorum', 3, 2, 1)).toBe(1 + 0.5 + 1);
    expect(deliveryTurnaroundMs(0.5, 'classic', 1, 2, 1)).toBe(1.5);
  });

  it('no classic warning when no failure is to be tolerated', () => {
    const r = plan(request(workloadFile([workload({ queueType: 'classic' })], { ha: { nodeFailuresToTolerate: 0 } })));
    expect(r.warnings.filter((w) => w.kind === 'classicNotReplicated')).toEqual([]);
    expect(r.plan!.nodes).toBe(1);
  });
});

describe('planner: catalog entries no source confirmed are named in the warnings', () => {
  it('warns about an unverified instance type and disk, and not about verified ones', () => {
    const file = workloadFile([workload()]);
    const unverified = plan(request(file));
    const chosen = unverified.plan!;
    expect(unverified.warnings.map(warningText)).toContain(
      `instance type ${chosen.instanceType.provider} ${chosen.instanceType.name}: its catalog figures (price, limits) are unverified (source https://example.com/test-only; docs/catalog.md): confirm them before relying on the cost`,
    );
    expect(
      unverified.warnings.map(warningText).some((w) => w.startsWith(`disk ${chosen.disk.option.provider} ${chosen.disk.option.name}: its catalog figures`)),
    ).toBe(true);

    const base = request(file);
    const verified = plan({
      ...base,
      instanceTypes: base.instanceTypes.map((t) => ({ ...t, verified: 'search-corpus' as const })),
      diskOptions: base.diskOptions.map((d) => ({ ...d, verified: 'search-corpus' as const })),
    });
    expect(verified.warnings.filter((w) => w.kind === 'unverifiedCatalogEntry')).toEqual([]);
  });
});

describe('planner: a bounded search', () => {
  it('stops at its budget, keeps the best of what it tried, and says which node counts it left out', () => {
    const full = plan(request(workloadFile([workload()])));
    expect(full.search.stoppedEarly).toBe(false);
    // One workload: the budget counts candidates. Allow fewer than the full search needs.
    const budget = Math.floor(full.search.candidatesEvaluated / 3);
    const cut = plan(request(workloadFile([workload()]), { maxSearchWork: budget }));
    expect(cut.search.stoppedEarly).toBe(true);
    expect(cut.search.candidatesEvaluated).toBeLessThanOrEqual(budget);
    expect(
      cut.warnings
        .map(warningText)
        .find((w) => w.startsWith(`the search stopped after ${cut.search.candidatesEvaluated.toLocaleString('en-US')} candidate clusters`)),
    ).toBeDefined();
    // Smallest clusters are searched first: the 3-node answer is still found.
    expect(cut.plan!.nodes).toBe(full.plan!.nodes);
  });
});
