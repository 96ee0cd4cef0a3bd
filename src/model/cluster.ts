/**
 * Evaluating a given cluster without a search (for `check`), and its growth runway: the first
 * month of the forecast at which it misses a target.
 */
import type { DiskOption, InstanceType } from '../catalog/schema.js';
import { InputError } from '../errors.js';
import { DEFAULT_QUORUM_GROUP_SIZE, MAX_REPLICATION_FACTOR } from './constants.js';
import { buildContext, buildInstanceModel, type ModelContext } from './context.js';
import { buildPlan, candidateNumbers } from './evaluate.js';
import { CandidateNumbers, evaluateNumbers, prepareDisk, prepareLayout, RESOURCE_COUNT, RESOURCE_NAMES, utilizationAt, type GivenVolume } from './kernel.js';
import { buildLayout, type Layout } from './layout.js';
import { Slot, SLOT_KINDS } from './scenarios.js';
import type { ShardPolicy } from './shards.js';
import type { EvaluatedPlan, PlanRequest, Resource, ScenarioKind, Shortfall } from './types.js';

/** A volume as deployed; IOPS and throughput default to what the size includes. */
export interface DiskSpec {
  option: DiskOption;
  sizeGiB?: number;
  provisionedIops?: number;
  provisionedThroughputMBps?: number;
}

/** A cluster to evaluate as it is. */
export interface ClusterSpec {
  instanceType: InstanceType;
  nodes: number;
  /** A disk option (the cheapest volume that fits is provisioned) or a given volume. */
  disk: DiskOption | DiskSpec;
  /** Replicas per quorum/stream queue. Default: RabbitMQ's default group size 3, capped at the node count. */
  replicationFactor?: number;
  /** Queues per fan-out group, by workload name; workloads not named use their own `queues` (auto: the fewest shards). */
  queuesPerWorkload?: Record<string, number>;
  /** How `queues: auto` resolves for workloads not in queuesPerWorkload. Default 'minimal'. */
  shardPolicy?: ShardPolicy;
  /**
   * Where each queue's replicas live, as observed (a cluster description), by workload name: per
   * queue the node indices of its replicas, leader first. Workloads not named get the model's
   * balanced placement.
   */
  placements?: Record<string, readonly (readonly number[])[]>;
}

function isDiskSpec(disk: DiskOption | DiskSpec): disk is DiskSpec {
  return 'option' in disk;
}

function validate(ctx: ModelContext, cluster: ClusterSpec, rf: number): void {
  const problems: string[] = [];
  const where = 'cluster';
  if (!Number.isInteger(cluster.nodes) || cluster.nodes < 1) problems.push(`${where}: nodes: expected a whole number ≥ 1, got ${cluster.nodes}`);
  if (!Number.isInteger(rf) || rf < 1 || rf > MAX_REPLICATION_FACTOR) {
    problems.push(`${where}: replicationFactor: expected a whole number from 1 to ${MAX_REPLICATION_FACTOR}, got ${rf}`);
  } else if (Number.isInteger(cluster.nodes) && rf > cluster.nodes) {
    problems.push(`${where}: replicationFactor: expected ≤ nodes (${cluster.nodes}), got ${rf}`);
  }
  const fixedCounts = Object.entries(cluster.queuesPerWorkload ?? {});
  if (fixedCounts.length > 0) {
    const names = new Set(ctx.workloads.map((w) => w.name));
    // Sorted by name only when something is wrong: a chart evaluates dozens of clusters of thousands of workloads.
    const wrong = fixedCounts.filter(([name, q]) => !names.has(name) || !Number.isInteger(q) || q < 1);
    for (const [name, q] of wrong.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!names.has(name)) problems.push(`${where}: queuesPerWorkload.${name}: expected a workload name from the file, got "${name}"`);
      else problems.push(`${where}: queuesPerWorkload.${name}: expected a whole number ≥ 1, got ${q}`);
    }
  }
  const option = isDiskSpec(cluster.disk) ? cluster.disk.option : cluster.disk;
  if (option.provider !== cluster.instanceType.provider) {
    problems.push(
      `${where}: disk: expected a ${cluster.instanceType.provider} disk option for ${cluster.instanceType.name}, got ${option.provider} ${option.name}`,
    );
  }
  if (isDiskSpec(cluster.disk) && cluster.disk.sizeGiB !== undefined && !(cluster.disk.sizeGiB > 0)) {
    problems.push(`${where}: disk.sizeGiB: expected a size > 0, got ${cluster.disk.sizeGiB}`);
  }
  if (problems.length > 0) throw new InputError(problems);
}

/** The layout with the given workloads' queues placed as observed. Throws InputError when a placement does not fit the layout. */
function withPlacements(ctx: ModelContext, layout: Layout, placements: ClusterSpec['placements']): Layout {
  if (placements === undefined) return layout;
  const problems: string[] = [];
  const out = [...layout.placements];
  ctx.workloads.forEach((w, i) => {
    const queues = placements[w.name];
    if (queues === undefined) return;
    const replicas = layout.replicasPerQueue[i]!;
    const fits =
      queues.length === layout.queues[i] &&
      queues.every((q) => q.length === replicas && new Set(q).size === replicas && q.every((n) => Number.isInteger(n) && n >= 0 && n < layout.nodes));
    if (!fits) {
      problems.push(
        `cluster: placements.${w.name}: expected ${layout.queues[i]} queues of ${replicas} distinct nodes out of 0..${layout.nodes - 1}, got ${JSON.stringify(queues)}`,
      );
      return;
    }
    out[i] = { replicas, queues: queues.length, nodes: Int32Array.from(queues.flat()) };
  });
  if (problems.length > 0) throw new InputError(problems);
  return { ...layout, placements: out };
}

interface Prepared {
  ctx: ModelContext;
  parts: Parameters<typeof buildPlan>[0];
}

/**
 * What evaluating one request on several clusters can share: the context (the request's alone)
 * and the prepared layouts (by node count, replication factor, shard policy and queue counts).
 * Passed explicitly by callers that evaluate many clusters; nothing is kept between calls.
 */
interface PrepareShare {
  ctx: ModelContext;
  layouts: Map<string, ReturnType<typeof prepareLayout>>;
}

function prepare(request: PlanRequest, cluster: ClusterSpec, horizonMonths?: number, share?: PrepareShare): Prepared {
  const ctx = share?.ctx ?? buildContext(request, horizonMonths);
  const rf = cluster.replicationFactor ?? Math.min(DEFAULT_QUORUM_GROUP_SIZE, Math.max(1, cluster.nodes));
  validate(ctx, cluster, rf);
  const counts = cluster.queuesPerWorkload;
  const fixed = counts === undefined ? undefined : ctx.workloads.map((w) => counts[w.name]);
  const key = share === undefined ? '' : `${cluster.nodes}/${rf}/${cluster.shardPolicy ?? 'minimal'}/${fixed === undefined ? '' : JSON.stringify(fixed)}`;
  let prepared = cluster.placements === undefined ? share?.layouts.get(key) : undefined;
  if (prepared === undefined) {
    const layout = withPlacements(ctx, buildLayout(ctx, cluster.nodes, rf, cluster.shardPolicy ?? 'minimal', fixed), cluster.placements);
    prepared = prepareLayout(ctx, layout);
    if (cluster.placements === undefined) share?.layouts.set(key, prepared);
  }
  const option = isDiskSpec(cluster.disk) ? cluster.disk.option : cluster.disk;
  const disk = prepareDisk(ctx, prepared, option);
  let given: GivenVolume | undefined;
  if (isDiskSpec(cluster.disk) && cluster.disk.sizeGiB !== undefined) {
    given = {
      sizeGiB: cluster.disk.sizeGiB,
      ...(cluster.disk.provisionedIops !== undefined ? { provisionedIops: cluster.disk.provisionedIops } : {}),
      ...(cluster.disk.provisionedThroughputMBps !== undefined ? { provisionedThroughputMBps: cluster.disk.provisionedThroughputMBps } : {}),
    };
  }
  const instance = buildInstanceModel(ctx, cluster.instanceType);
  return { ctx, parts: { ctx, prepared, disk, instance, ...(given ? { given } : {}) } };
}

/** Evaluate a given cluster against the request's targets (no search). Throws InputError for an impossible cluster spec. */
export function evaluateCluster(request: PlanRequest, cluster: ClusterSpec): EvaluatedPlan {
  return buildPlan(prepare(request, cluster).parts);
}

/** p99 latency per workload of a cluster, healthy and in its failure scenarios (no plan built). */
export interface ClusterLatencies {
  /** In the workload file's order. */
  workloads: { name: string; latencyTargetMs: number | null }[];
  healthyMs: Float64Array;
  /** Worst over the failure scenarios; null when the cluster has none to survive. */
  afterFailureMs: Float64Array | null;
}

/**
 * The same latencies evaluateCluster reports (healthy.latencyP99MsByWorkload and the failures'),
 * from the planner's inner-loop figures only: no plan, explanation or text is built, so a chart
 * of many loads over thousands of workloads costs a fraction of the time and memory.
 */
export function evaluateClusterLatencies(request: PlanRequest, cluster: ClusterSpec): ClusterLatencies {
  const { ctx, parts } = prepare(request, cluster);
  const n = candidateNumbers(parts);
  const W = ctx.workloads.length;
  const slots = parts.prepared.scenarios.slots;
  const failureSlots = [Slot.nodeFailure, Slot.zoneFailure].filter((slot) => slots[slot] !== null);
  const healthyMs = n.latencyMs.slice(Slot.healthy * W, Slot.healthy * W + W);
  let afterFailureMs: Float64Array | null = null;
  if (failureSlots.length > 0) {
    afterFailureMs = new Float64Array(W).fill(-Infinity);
    for (const slot of failureSlots) for (let w = 0; w < W; w++) afterFailureMs[w] = Math.max(afterFailureMs[w]!, n.latencyMs[slot * W + w]!);
  }
  return { workloads: ctx.workloads.map((w) => ({ name: w.name, latencyTargetMs: w.latencyTargetMs })), healthyMs, afterFailureMs };
}

/** Some workload's traffic changes from month to month (a growth other than 0). */
export function trafficGrows(request: PlanRequest): boolean {
  return request.workload.workloads.some((w) => w.publishRate.monthlyGrowthPercent !== 0);
}

/** What a cluster costs and whether it meets every target, and if not what misses by the most (no plan built). */
export interface ClusterSummary {
  totalUsdPerMonth: number;
  /** Every target and the budget hold: evaluateCluster's `feasible`. */
  feasible: boolean;
  withinBudget: boolean;
  /** The resource and scenario with the highest utilisation ÷ limit (null when a failure leaves no majority or nothing is measured). */
  worst: { resource: Resource; scenario: ScenarioKind } | null;
  /** A failure leaves a quorum queue or the cluster without a majority. */
  majorityLost: boolean;
}

/**
 * evaluateCluster's cost and verdict for each of several clusters of one request, from the
 * planner's inner-loop figures only (no plan, no text), sharing the request's context and the
 * layouts the clusters have in common: for charts over many clusters of thousands of workloads.
 */
export function evaluateClusterSummaries(request: PlanRequest, clusters: readonly ClusterSpec[]): ClusterSummary[] {
  if (clusters.length === 0) return [];
  const share: PrepareShare = { ctx: buildContext(request), layouts: new Map() };
  const n = new CandidateNumbers(share.ctx.workloads.length);
  return clusters.map((cluster) => {
    const { ctx, parts } = prepare(request, cluster, undefined, share);
    evaluateNumbers(ctx, parts.prepared, parts.disk, parts.instance, n, parts.given);
    return summaryOf(n);
  });
}

/** evaluateCluster's cost and verdict from the planner's inner-loop figures only (no plan, no text). */
export function evaluateClusterSummary(request: PlanRequest, cluster: ClusterSpec): ClusterSummary {
  return evaluateClusterSummaries(request, [cluster])[0]!;
}

function summaryOf(n: CandidateNumbers): ClusterSummary {
  return {
    totalUsdPerMonth: n.totalUsd,
    feasible: n.targetsMet && n.withinBudget,
    withinBudget: n.withinBudget,
    worst: n.maxRatio > 0 ? { resource: RESOURCE_NAMES[n.worstResource]!, scenario: SLOT_KINDS[n.worstSlot]! } : null,
    majorityLost: n.majorityLost,
  };
}

/**
 * Utilisation and limit of the given resources in the given scenarios (healthy, a failure kind,
 * burst), as evaluateCluster's scenario resources give them; null where the scenario or resource
 * is not assessed. Figures only: for charts over many evaluations.
 */
export function evaluateClusterUtilization(
  request: PlanRequest,
  cluster: ClusterSpec,
  wanted: readonly { resource: Resource; scenario: ScenarioKind }[],
): ({ utilization: number; limit: number } | null)[] {
  const { ctx, parts } = prepare(request, cluster);
  const n = candidateNumbers(parts);
  return wanted.map(({ resource, scenario }) => {
    const slot = SLOT_KINDS.indexOf(scenario);
    if (slot < 0 || !n.slotPresent[slot]) return null;
    if (resource === 'budget') {
      return scenario === 'healthy' && ctx.monthlyBudgetUsd !== null ? { utilization: n.totalUsd / ctx.monthlyBudgetUsd, limit: 1 } : null;
    }
    const res = RESOURCE_NAMES.indexOf(resource);
    const k = slot * RESOURCE_COUNT + res;
    if (res < 0 || !n.present[k]) return null;
    return { utilization: utilizationAt(n, k), limit: n.limit[k]! };
  });
}

/** The cluster a plan describes, held fixed: its instance type, nodes, volume, replication factor and queue counts. */
export function clusterOf(plan: EvaluatedPlan): ClusterSpec {
  const queuesPerWorkload: Record<string, number> = {};
  for (const l of plan.layout) queuesPerWorkload[l.workload] = l.queuesPerGroup;
  const replicated = plan.layout.find((l) => l.queueType !== 'classic');
  return {
    instanceType: plan.instanceType,
    nodes: plan.nodes,
    disk: {
      option: plan.disk.option,
      sizeGiB: plan.disk.sizeGiB,
      provisionedIops: plan.disk.provisionedIops,
      provisionedThroughputMBps: plan.disk.provisionedThroughputMBps,
    },
    replicationFactor: plan.replicationFactor ?? replicated?.replicationFactor ?? 1,
    queuesPerWorkload,
  };
}

export interface RunwayMiss {
  /** Months from today (0 = today's traffic × trafficScale). */
  month: number;
  /** What the cluster misses that month, worst first. */
  shortfalls: Shortfall[];
}

/**
 * The first month in 0..maxMonths at which the cluster misses a target as traffic grows, or
 * null when it holds throughout. Pass a cluster with a given volume and queue counts
 * (clusterOf(plan)) to hold them fixed; a bare disk option is re-provisioned every month.
 */
export function firstFailingMonth(request: PlanRequest, cluster: ClusterSpec, maxMonths: number): RunwayMiss | null {
  let numbers: CandidateNumbers | null = null;
  // Without growth every month carries month 0's traffic (the horizon enters the model only
  // through growth: src/model/forecast.ts), so month 0 decides: one evaluation instead of 60+.
  const last = trafficGrows(request) ? maxMonths : Math.min(0, maxMonths);
  for (let month = 0; month <= last; month++) {
    const { ctx, parts } = prepare(request, cluster, month);
    numbers ??= new CandidateNumbers(ctx.workloads.length);
    evaluateNumbers(ctx, parts.prepared, parts.disk, parts.instance, numbers, parts.given);
    if (!numbers.targetsMet || !numbers.withinBudget) {
      return { month, shortfalls: buildPlan(parts).shortfalls };
    }
  }
  return null;
}
