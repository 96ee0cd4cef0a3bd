/**
 * The rich evaluation of one candidate: the EvaluatedPlan the renderers read, built from the
 * same numbers the search used (kernel.ts), plus its shortfalls (as data), the binding constraint and
 * its arithmetic, and every node's figures (per-node.ts; the search never needs them).
 */
import { LIMIT_TOLERANCE, latencyTermsMs, walUtilization } from './kernel.js';
import {
  CandidateNumbers,
  evaluateNumbers,
  Res,
  RESOURCE_COUNT,
  RESOURCE_NAMES,
  RESOURCE_UNITS,
  utilizationAt,
  type GivenVolume,
  type PreparedDisk,
  type PreparedLayout,
} from './kernel.js';
import type { InstanceModel, ModelContext } from './context.js';
import { recommendedConfirmWindow } from './confirms.js';
import { countPerNode } from './placement.js';
import { queueNames } from './queue-names.js';
import { SLOT_COUNT, Slot, type ScenarioLoad } from './scenarios.js';
import { explainBudget, explainResource } from './explain.js';
import { nodeUsages } from './per-node.js';
import type {
  BindingConstraint,
  EvaluatedPlan,
  LatencyMiss,
  ResourceUsage,
  SaturationCause,
  ScenarioRef,
  ScenarioResult,
  Shortfall,
  WorkloadLayout,
} from './types.js';

/** Everything that identifies one candidate. */
export interface CandidateParts {
  ctx: ModelContext;
  prepared: PreparedLayout;
  disk: PreparedDisk;
  instance: InstanceModel;
  given?: GivenVolume;
}

export function candidateNumbers(parts: CandidateParts): CandidateNumbers {
  const out = new CandidateNumbers(parts.ctx.workloads.length);
  evaluateNumbers(parts.ctx, parts.prepared, parts.disk, parts.instance, out, parts.given);
  return out;
}

function subjectOf(ctx: ModelContext, res: number, subject: number): string {
  if (res === Res.queueCeiling || res === Res.latency) return ctx.workloads[subject]!.name;
  return `node ${subject}`;
}

function usage(ctx: ModelContext, n: CandidateNumbers, slot: number, res: number): ResourceUsage {
  const k = slot * RESOURCE_COUNT + res;
  const utilization = utilizationAt(n, k);
  const limit = n.limit[k]!;
  return {
    resource: RESOURCE_NAMES[res]!,
    demand: n.demand[k]!,
    capacity: n.capacity[k]!,
    unit: RESOURCE_UNITS[res]!,
    utilization,
    limit,
    ok: utilization <= limit * (1 + LIMIT_TOLERANCE),
    subject: subjectOf(ctx, res, n.subject[k]!),
  };
}

function budgetUsage(ctx: ModelContext, n: CandidateNumbers): ResourceUsage | null {
  if (ctx.monthlyBudgetUsd === null) return null;
  return {
    resource: 'budget',
    demand: n.totalUsd,
    capacity: ctx.monthlyBudgetUsd,
    unit: 'usdPerMonth',
    utilization: n.totalUsd / ctx.monthlyBudgetUsd,
    limit: 1,
    ok: n.withinBudget,
  };
}

function scenarioResult(parts: CandidateParts, n: CandidateNumbers, s: ScenarioLoad): ScenarioResult {
  const { ctx } = parts;
  const resources: ResourceUsage[] = [];
  for (let res = 0; res < RESOURCE_COUNT; res++) {
    if (n.present[s.slot * RESOURCE_COUNT + res]) resources.push(usage(ctx, n, s.slot, res));
  }
  if (s.slot === Slot.healthy) {
    const b = budgetUsage(ctx, n);
    if (b) resources.push(b);
  }
  const latency: Record<string, number> = {};
  if (s.slot !== Slot.burst) {
    for (const w of ctx.workloads) latency[w.name] = n.latencyMs[s.slot * ctx.workloads.length + w.index]!;
  }
  return {
    kind: s.kind,
    description: s.description,
    nodesUp: s.nodesUp,
    resources,
    latencyP99MsByWorkload: latency,
    lostNodes: s.lostNodes,
    perNode: nodeUsages(ctx, parts.prepared, parts.disk, parts.instance, n, s),
  };
}

/** The scenario as much as its phrase needs. */
export function scenarioRef(s: ScenarioLoad): ScenarioRef {
  return { kind: s.kind, lostNodes: [...s.lostNodes], lostZone: s.lostZone };
}

/** Shortfalls for a cluster left without a majority of its nodes, or quorum/stream queues without a majority of their replicas. */
function majorityShortfalls(ctx: ModelContext, p: PreparedLayout, s: ScenarioLoad): Shortfall[] {
  const out: Shortfall[] = [];
  if (s.nodeMajorityLost) {
    out.push({
      kind: 'clusterMajorityLost',
      scenario: scenarioRef(s),
      nodesUp: s.nodesUp,
      nodes: p.layout.nodes,
      metadataStore: ctx.broker.metadataStore,
      brokerVersion: ctx.broker.version,
    });
  }
  if (s.majorityLost.length === 0) return out;
  const first = s.majorityLost[0]!;
  const w = ctx.workloads[first.workload]!;
  const S = p.layout.shards[w.index]!;
  out.push({
    kind: 'quorumMajorityLost',
    scenario: scenarioRef(s),
    queue: queueNames(w.name, w.fanOut, S)[first.queue]!,
    survivors: first.survivors,
    replicas: first.replicas,
    moreQueues: s.majorityLost.length - 1,
  });
  return out;
}

function workloadLayouts(ctx: ModelContext, p: PreparedLayout, n: CandidateNumbers): WorkloadLayout[] {
  const L = p.layout;
  return ctx.workloads.map((w) => {
    const i = w.index;
    const S = L.shards[i]!;
    const counts = countPerNode(L.placements[i]!, L.nodes);
    const pubConns = n.publisherConnections[i]!;
    let inFlight: number | null = null;
    if (w.confirms) {
      inFlight =
        w.inFlightSpec !== 'auto' ? w.inFlightSpec : recommendedConfirmWindow(w.peakMsgPerSec / (pubConns * w.channelsPerConnection), n.confirmLatencyMs[i]!);
    }
    return {
      workload: w.name,
      vhost: w.vhost,
      queueType: w.queueType,
      fanOut: w.fanOut,
      queuesPerGroup: S,
      totalQueues: L.queues[i]!,
      replicationFactor: L.replicasPerQueue[i]!,
      queueNames: queueNames(w.name, w.fanOut, S),
      leadersPerNode: counts.leaders,
      replicasPerNode: counts.replicas,
      peakPublishMsgPerSec: w.peakMsgPerSec,
      perQueueMsgPerSec: w.peakMsgPerSec / S,
      perQueueCeilingMsgPerSec: w.queueCeilingMsgPerSec,
      consumers: L.consumersPerGroup[i]! * w.fanOut,
      consumersPerGroup: L.consumersPerGroup[i]!,
      publisherConnections: pubConns,
      consumerConnections: L.consumerConnections[i]!,
      inFlightPerChannel: inFlight,
      confirmLatencyMs: n.confirmLatencyMs[i]!,
      latencyP99Ms: n.latencyMs[Slot.healthy * ctx.workloads.length + i]!,
      latencyTargetMs: w.latencyTargetMs,
    };
  });
}

function binding(parts: CandidateParts, n: CandidateNumbers, feasible: boolean, shortfalls: readonly Shortfall[]): BindingConstraint {
  const { ctx, prepared: p, disk: d, instance: inst } = parts;
  if (n.targetsMet && !n.withinBudget && ctx.monthlyBudgetUsd !== null) {
    const healthy = p.scenarios.slots[Slot.healthy]!;
    return {
      resource: 'budget',
      scenario: 'healthy',
      utilization: n.totalUsd / ctx.monthlyBudgetUsd,
      limit: 1,
      scenarioRef: scenarioRef(healthy),
      scenarioDescription: null,
      verdict: 'tightest',
      unboundedBecause: null,
      budget: { totalUsdPerMonth: n.totalUsd, budgetUsdPerMonth: ctx.monthlyBudgetUsd },
      decidedBy: null,
      derivation: explainBudget(ctx, d, inst, n, p.layout.nodes),
    };
  }
  const slot = n.worstSlot;
  const res = n.worstResource;
  const s = p.scenarios.slots[slot]!;
  const u = usage(ctx, n, slot, res);
  return {
    resource: u.resource,
    scenario: s.kind,
    utilization: u.utilization,
    limit: u.limit,
    ...(u.subject !== undefined ? { subject: u.subject } : {}),
    scenarioRef: scenarioRef(s),
    scenarioDescription: s.description,
    verdict: !feasible && n.maxRatio > 1 + LIMIT_TOLERANCE ? 'missesMost' : 'tightest',
    unboundedBecause: res === Res.latency && !Number.isFinite(u.demand) ? saturationCauses(parts, s, n.subject[slot * RESOURCE_COUNT + res]!) : null,
    budget: null,
    // Every resource within its limit, yet the plan fails: a lost majority (or an impossible
    // layout) decides.
    decidedBy: !feasible && n.maxRatio <= 1 + LIMIT_TOLERANCE && shortfalls.length > 0 ? shortfalls[0]! : null,
    derivation: explainResource(ctx, p, d, inst, n, slot, res),
  };
}

/** Every workload that misses its latency target, in its worst scenario (latency is no target during a burst). */
function latencyMisses(parts: CandidateParts, n: CandidateNumbers): LatencyMiss[] {
  const { ctx, prepared: p, disk: d, instance: inst } = parts;
  const W = ctx.workloads.length;
  const out: { ratio: number; miss: LatencyMiss }[] = [];
  for (const w of ctx.workloads) {
    if (w.latencyTargetMs === null) continue;
    let worstSlot = -1;
    let worstMs = -Infinity;
    for (const slot of [Slot.healthy, Slot.nodeFailure, Slot.zoneFailure]) {
      if (!p.scenarios.slots[slot]) continue;
      const lat = n.latencyMs[slot * W + w.index]!;
      if (lat > w.latencyTargetMs * (1 + LIMIT_TOLERANCE) && lat > worstMs) {
        worstSlot = slot;
        worstMs = lat;
      }
    }
    if (worstSlot < 0) continue;
    const s = p.scenarios.slots[worstSlot]!;
    out.push({
      ratio: worstMs / w.latencyTargetMs,
      miss: {
        workload: w.name,
        scenario: s.kind,
        p99Ms: worstMs,
        targetMs: w.latencyTargetMs,
        terms: latencyTermsMs(ctx, p, d, inst, s.max, w.index),
        peakMsgPerSec: w.peakMsgPerSec,
        consumersPerGroup: p.layout.consumersPerGroup[w.index]!,
        processingTimeMs: w.processingTimeMs,
        queuesPerGroup: p.layout.shards[w.index]!,
        fsyncMs: w.queueType === 'quorum' ? d.fsyncMs : null,
      },
    });
  }
  return out.sort((a, b) => b.ratio - a.ratio).map((x) => x.miss);
}

/**
 * Why a workload's p99 is unbounded in scenario `s`: the parts of its path that have no steady
 * state (latencyTermsMs): the busiest node's WAL or CPU, its busiest queue, or its consumers.
 */
function saturationCauses(parts: CandidateParts, s: ScenarioLoad, workload: number): SaturationCause[] {
  const { ctx, prepared: p, disk: d, instance: inst } = parts;
  const t = latencyTermsMs(ctx, p, d, inst, s.max, workload);
  const causes: SaturationCause[] = [];
  if (!Number.isFinite(t.walWaitMs)) causes.push({ kind: 'walSaturated', utilization: walUtilization(s.max, d) });
  if (!Number.isFinite(t.cpuWaitMs)) causes.push({ kind: 'cpuSaturated', utilization: s.max.cpuCores / inst.cpuCapacityCores });
  if (!Number.isFinite(t.queueWaitMs)) causes.push({ kind: 'queuePastCeiling' });
  if (!Number.isFinite(t.consumerMs)) causes.push({ kind: 'consumersBusy' });
  return causes;
}

/** The rich plan of one candidate. `numbers` may be passed when already computed. */
export function buildPlan(parts: CandidateParts, numbers?: CandidateNumbers): EvaluatedPlan {
  const { ctx, prepared: p, disk: d, instance: inst } = parts;
  const n = numbers ?? candidateNumbers(parts);
  const slots = p.scenarios.slots;
  const healthy = scenarioResult(parts, n, slots[Slot.healthy]!);
  const failures: ScenarioResult[] = [];
  for (const slot of [Slot.nodeFailure, Slot.zoneFailure]) {
    const s = slots[slot];
    if (s) failures.push(scenarioResult(parts, n, s));
  }
  const burstSlot = slots[Slot.burst];
  const burst = burstSlot ? scenarioResult(parts, n, burstSlot) : null;

  // Shortfalls, worst first: layouts that cannot work at all, then misses by utilisation ÷ limit.
  const shortfalls: Shortfall[] = [];
  const misses: { ratio: number; shortfall: Shortfall }[] = [];
  if (p.scenarios.impossible) shortfalls.push(p.scenarios.impossible);
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const s = slots[slot];
    if (!s) continue;
    shortfalls.push(...majorityShortfalls(ctx, p, s));
    for (let res = 0; res < RESOURCE_COUNT; res++) {
      if (!n.present[slot * RESOURCE_COUNT + res]) continue;
      const u = usage(ctx, n, slot, res);
      const unbounded = res === Res.latency && !Number.isFinite(u.demand);
      if (!u.ok) {
        const unboundedBecause = unbounded ? saturationCauses(parts, s, n.subject[slot * RESOURCE_COUNT + res]!) : null;
        misses.push({ ratio: u.utilization / u.limit, shortfall: { kind: 'overLimit', scenario: scenarioRef(s), usage: u, unboundedBecause } });
      }
    }
  }
  const budget = budgetUsage(ctx, n);
  if (budget && !budget.ok) {
    misses.push({
      ratio: budget.utilization,
      shortfall: { kind: 'overLimit', scenario: scenarioRef(slots[Slot.healthy]!), usage: budget, unboundedBecause: null },
    });
  }
  misses.sort((x, y) => (y.ratio === x.ratio ? 0 : y.ratio > x.ratio || Number.isNaN(x.ratio) ? 1 : -1));
  for (const m of misses) shortfalls.push(m.shortfall);
  const feasible = n.targetsMet && n.withinBudget;

  return {
    instanceType: inst.type,
    nodes: p.layout.nodes,
    disk: {
      option: d.option,
      sizeGiB: n.volume.sizeGiB,
      provisionedIops: n.volume.iops,
      provisionedThroughputMBps: n.volume.throughputMBps,
      monthlyCostUsdPerNode: n.volume.monthlyUsd,
      sizedToFit: [
        ...(n.sizedSpace ? ['diskCapacity' as const] : []),
        ...(n.sizedIops ? ['diskIops' as const] : []),
        ...(n.sizedBandwidth ? ['diskBandwidth' as const] : []),
      ],
    },
    cost: { instancesUsdPerMonth: n.instancesUsd, disksUsdPerMonth: n.disksUsd, totalUsdPerMonth: n.totalUsd },
    zoneOfNode: p.layout.zoneOfNode,
    layout: workloadLayouts(ctx, p, n),
    healthy,
    failures,
    burst,
    binding: binding(parts, n, feasible, shortfalls),
    feasible,
    shortfalls,
    latencyMisses: latencyMisses(parts, n),
    replicationFactor: p.layout.replicationFactor,
    shardPolicy: p.layout.policy,
  };
}
