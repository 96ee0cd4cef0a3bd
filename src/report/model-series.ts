/**
 * The numbers behind the report's charts, from the model's public API only (evaluateCluster on
 * the cluster held fixed): latency at fractions of the peak, cost per node count for a few
 * instance types, and the binding resource month by month. Pure; a few dozen evaluations of
 * a couple of milliseconds each.
 */
import type { DiskOption, InstanceType } from '../catalog/schema.js';
import {
  evaluateCluster,
  evaluateClusterLatencies,
  evaluateClusterSummaries,
  evaluateClusterUtilization,
  firstFailingMonth,
  trafficGrows,
  type ClusterSpec,
  type DiskSpec,
} from '../model/index.js';
import type { EvaluatedPlan, PlanRequest, Resource, ResourceUsage, ScenarioKind } from '../model/types.js';
import { pressure } from '../render/view.js';

/** Load levels of the latency chart: 10% .. 100% of the forecast peak (issue 5). */
export const LOAD_FRACTIONS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;
/** Instance types drawn in the cost chart: enough to compare, few enough to read. */
export const MAX_COST_TYPES = 4;
/** Node counts drawn beyond the cluster's own, when the workload file allows them. */
const EXTRA_NODE_COUNTS = 3;
/** Months drawn after the first miss, to show the trend past the limit. */
const MONTHS_AFTER_MISS = 3;

export interface LatencyCurve {
  workload: string;
  targetMs: number | null;
  /** p99 (ms) per load fraction; Infinity when saturated. */
  healthy: { fraction: number; p99Ms: number }[];
  afterFailure: { fraction: number; p99Ms: number }[] | null;
}

/** The model's p99 per workload at 10..100% of the forecast peak, healthy and after the worst failure. */
export function latencyVsLoad(request: PlanRequest, cluster: ClusterSpec): LatencyCurve[] {
  // The figures only (evaluateClusterLatencies): ten whole plans of 5,000 workloads cost seconds and
  // ~150 MB (npm run bench:scale).
  const runs = LOAD_FRACTIONS.map((fraction) => evaluateClusterLatencies({ ...request, trafficScale: request.trafficScale * fraction }, cluster));
  const last = runs[runs.length - 1]!;
  return last.workloads.map((w, i) => ({
    workload: w.name,
    targetMs: w.latencyTargetMs,
    healthy: LOAD_FRACTIONS.map((fraction, k) => ({ fraction, p99Ms: runs[k]!.healthyMs[i]! })),
    afterFailure: last.afterFailureMs === null ? null : LOAD_FRACTIONS.map((fraction, k) => ({ fraction, p99Ms: runs[k]!.afterFailureMs?.[i] ?? Number.NaN })),
  }));
}

export interface CostPoint {
  nodes: number;
  totalUsdPerMonth: number;
  feasible: boolean;
  /** What misses by the most (resource and scenario), for hover text; null when it meets every target. */
  worst: { resource: Resource; scenario: ScenarioKind } | null;
  /** Over the monthly budget. */
  overBudget: boolean;
}

export interface CostCurve {
  instanceType: InstanceType;
  disk: DiskOption;
  points: CostPoint[];
}

export interface CostChoice {
  instanceType: InstanceType;
  disk: DiskOption;
}

/**
 * Cost per node count for each candidate type, from the fewest nodes the HA requirement allows
 * to a few beyond the cluster's own (within the workload file's maxNodes). The volume is sized
 * to fit each time, and the replication factor and queues are the model's defaults.
 */
export function costVsNodes(request: PlanRequest, choices: CostChoice[], clusterNodes: number): CostCurve[] {
  const c = request.workload.cluster;
  const lo = Math.max(1, c.constraints.minNodes, 2 * c.ha.nodeFailuresToTolerate + 1);
  const hi = Math.max(lo, Math.min(c.constraints.maxNodes, clusterNodes + EXTRA_NODE_COUNTS), clusterNodes);
  const counts: number[] = [];
  for (let nodes = Math.min(lo, clusterNodes); nodes <= hi; nodes++) counts.push(nodes);
  // Figures only, one context and one layout per node count for every type (evaluateClusterSummaries):
  // whole plans of thousands of workloads for every point cost seconds and memory.
  const summaries = evaluateClusterSummaries(
    request,
    choices.flatMap(({ instanceType, disk }) => counts.map((nodes) => ({ instanceType, nodes, disk }))),
  );
  return choices.map(({ instanceType, disk }, c) => ({
    instanceType,
    disk,
    points: counts.map((nodes, i) => {
      const s = summaries[c * counts.length + i]!;
      return { nodes, totalUsdPerMonth: s.totalUsdPerMonth, feasible: s.feasible, worst: s.feasible ? null : s.worst, overBudget: !s.withinBudget };
    }),
  }));
}

/**
 * The instance types for the cost chart: the cluster's own, then the given preferred ones
 * (a plan's alternatives), then its family neighbours among the allowed types, nearest in
 * size first; each with a disk of its provider.
 */
export function costChoices(request: PlanRequest, own: CostChoice, preferred: CostChoice[] = []): CostChoice[] {
  const chosen: CostChoice[] = [own];
  const has = (t: InstanceType) => chosen.some((c) => c.instanceType.provider === t.provider && c.instanceType.name === t.name);
  for (const p of preferred) if (chosen.length < MAX_COST_TYPES && !has(p.instanceType)) chosen.push(p);
  const family = request.instanceTypes
    .filter((t) => t.provider === own.instanceType.provider && t.family === own.instanceType.family && !has(t))
    .sort((a, b) => Math.abs(Math.log(a.vcpus / own.instanceType.vcpus)) - Math.abs(Math.log(b.vcpus / own.instanceType.vcpus)) || a.vcpus - b.vcpus);
  for (const t of family) if (chosen.length < MAX_COST_TYPES) chosen.push({ instanceType: t, disk: own.disk });
  return chosen;
}

export interface RunwayPoint {
  month: number;
  utilization: number;
}

export interface RunwaySeries {
  resource: Resource;
  scenario: ScenarioKind;
  limit: number;
  /** The resource binds at the horizon (else: it is the one that fails first). */
  binding: boolean;
  points: RunwayPoint[];
}

export interface RunwayChartData {
  horizonMonths: number;
  firstMissMonth: number | null;
  series: RunwaySeries[];
  /** Figures with no steady state in any month drawn (a saturated queue, CPU or consumer): no line to draw. */
  unbounded: { resource: Resource; scenario: ScenarioKind }[];
}

function usageIn(plan: EvaluatedPlan, resource: Resource, scenario: ScenarioKind): ResourceUsage | null {
  const scenarios =
    scenario === 'healthy' ? [plan.healthy] : scenario === 'burst' ? (plan.burst ? [plan.burst] : []) : plan.failures.filter((s) => s.kind === scenario);
  let best: ResourceUsage | null = null;
  for (const s of scenarios) {
    const u = s.resources.find((r) => r.resource === resource);
    if (u && (best === null || pressure(u) > pressure(best))) best = u;
  }
  return best;
}

/**
 * The worst failing usage of a plan, with its scenario: what the runway's first miss is about.
 * A finite one first: an unbounded p99 has no line to draw, and the resource saturating it (CPU,
 * say, at 700%) is what the chart should show.
 */
function worstMiss(plan: EvaluatedPlan): { resource: Resource; scenario: ScenarioKind } | null {
  let best: { usage: ResourceUsage; scenario: ScenarioKind } | null = null;
  const finite = (u: ResourceUsage) => Number.isFinite(pressure(u));
  for (const s of [plan.healthy, ...plan.failures, ...(plan.burst ? [plan.burst] : [])]) {
    for (const u of s.resources) {
      if (u.ok) continue;
      const better = best === null || (finite(u) && !finite(best.usage)) || (finite(u) === finite(best.usage) && pressure(u) > pressure(best.usage));
      if (better) best = { usage: u, scenario: s.kind };
    }
  }
  return best ? { resource: best.usage.resource, scenario: best.scenario } : null;
}

/**
 * Month by month, the binding resource of the plan at the horizon (in the scenario where it
 * binds) and, when another resource fails first, that one too. `firstMissMonth` may come from
 * a runway already computed; otherwise it is searched up to `searchThrough`.
 */
export function runwaySeries(
  request: PlanRequest,
  cluster: ClusterSpec,
  planAtHorizon: EvaluatedPlan,
  searchThrough: number,
  firstMissMonth?: number | null,
): RunwayChartData {
  const horizonMonths = request.horizonMonths ?? request.workload.cluster.forecast.horizonMonths;
  const miss = firstMissMonth !== undefined ? firstMissMonth : (firstFailingMonth(request, cluster, searchThrough)?.month ?? null);
  const end = miss === null ? searchThrough : Math.min(searchThrough, Math.max(horizonMonths, miss + MONTHS_AFTER_MISS));
  // Every month up to RUNWAY_MAX_POINTS; past that evenly spaced months (the first miss always
  // among them): each is a full evaluation, ~25 ms at 1,000 workloads. The resources drawn are
  // known first (the binding one, and what fails first at the miss), so each month's plan is kept
  // only as those figures.
  const months = runwayMonths(end, miss);
  const wanted: { resource: Resource; scenario: ScenarioKind; binding: boolean }[] = [];
  const b = planAtHorizon.binding;
  wanted.push({ resource: b.resource, scenario: b.scenario, binding: true });
  if (miss !== null && miss <= end) {
    const m = worstMiss(evaluateCluster({ ...request, horizonMonths: miss }, cluster));
    if (m && (m.resource !== b.resource || m.scenario !== b.scenario)) wanted.push({ ...m, binding: false });
  }
  // Without growth every month is month 0 (src/model/cluster.ts trafficGrows): evaluated once.
  const flat = trafficGrows(request) ? null : evaluateClusterUtilization({ ...request, horizonMonths: 0 }, cluster, wanted);
  const usages = months.map((month) => flat ?? evaluateClusterUtilization({ ...request, horizonMonths: month }, cluster, wanted));
  const series = wanted.map((w, i) => {
    const limitAt = usageIn(planAtHorizon, w.resource, w.scenario) ?? usages[usages.length - 1]![i];
    return {
      ...w,
      limit: limitAt?.limit ?? 1,
      points: months.map((month, k) => ({ month, utilization: usages[k]![i]?.utilization ?? Number.NaN })),
    };
  });
  const drawable = series.filter((s) => s.points.some((p) => Number.isFinite(p.utilization)));
  return {
    horizonMonths,
    firstMissMonth: miss,
    series: drawable,
    unbounded: series.filter((s) => !drawable.includes(s)).map(({ resource, scenario }) => ({ resource, scenario })),
  };
}

/** Most months evaluated for the runway chart. */
export const RUNWAY_MAX_POINTS = 13;

/** Months 0..end, all of them when few, else RUNWAY_MAX_POINTS evenly spaced ones plus the first miss. */
export function runwayMonths(end: number, miss: number | null): number[] {
  if (end + 1 <= RUNWAY_MAX_POINTS) return Array.from({ length: end + 1 }, (_, m) => m);
  const picked = new Set<number>();
  for (let i = 0; i < RUNWAY_MAX_POINTS; i++) picked.add(Math.round((i * end) / (RUNWAY_MAX_POINTS - 1)));
  if (miss !== null && miss <= end) picked.add(miss);
  return [...picked].sort((a, b) => a - b);
}

/** A disk option from a cluster's disk (a given volume or a bare option). */
export function diskOptionOf(disk: DiskOption | DiskSpec): DiskOption {
  return 'option' in disk ? disk.option : disk;
}
