/**
 * The check itself: evaluate the given cluster at the forecast horizon with the same model as
 * `size` (no search), then walk the forecast month by month for the growth runway. Pure: the
 * request and the resolved cluster come in, a CheckResult goes out.
 */
import type { DiskOption } from '../catalog/schema.js';
import { validateWorkload } from '../io/workload-file.js';
import { evaluateCluster, firstFailingMonth, workloadWarnings, type ClusterSpec, type DiskSpec } from '../model/index.js';
import type { EvaluatedPlan, PlanRequest } from '../model/types.js';
import type { CheckResult, ResolvedCluster, Runway } from './types.js';

/** Months searched beyond the forecast horizon for the first miss (issue 5: "e.g. 60"). */
export const DEFAULT_RUNWAY_MONTHS_BEYOND_HORIZON = 60;

export interface CheckInput {
  request: PlanRequest;
  /** Names the workload file in problems about the merged broker settings. */
  workloadFile: string;
  resolved: ResolvedCluster;
  runwayMonthsBeyondHorizon: number;
  profileName: string;
}

/** The request with the broker figures the cluster description observed. */
export function withBrokerOverrides(request: PlanRequest, resolved: ResolvedCluster, workloadFile: string): PlanRequest {
  if (Object.keys(resolved.brokerOverrides).length === 0) return request;
  const file = request.workload;
  const merged = { ...file, cluster: { ...file.cluster, broker: { ...file.cluster.broker, ...resolved.brokerOverrides } } };
  return { ...request, workload: validateWorkload(merged, `${workloadFile} (with the cluster description's broker figures)`) };
}

export function horizonOf(request: PlanRequest): number {
  return request.horizonMonths ?? request.workload.cluster.forecast.horizonMonths;
}

export function runCheck(input: CheckInput): CheckResult {
  const request = withBrokerOverrides(input.request, input.resolved, input.workloadFile);
  const notes = [...input.resolved.notes];
  const warnings = [...input.resolved.warnings];
  const { plan, disk } = evaluateWithDisk(request, input.resolved, notes);
  const cluster = heldFixed(input.resolved, plan, disk);
  const leaders = placementWarning(input.resolved.observedLeadersPerNode, plan);
  if (leaders) warnings.push(leaders);
  return {
    verdict: plan.feasible ? 'pass' : 'fail',
    failures: [...plan.shortfalls],
    plan,
    request,
    cluster,
    runway: computeRunway(request, cluster, plan, input.runwayMonthsBeyondHorizon),
    notes,
    warnings,
    workloadWarnings: workloadWarnings(request),
    profileName: input.profileName,
    syntheticInstance: input.resolved.syntheticInstance,
  };
}

/**
 * With one disk given, that disk. With none, every allowed option of the provider is tried and
 * the cheapest that meets the targets kept (the cheapest of all when none does).
 */
function evaluateWithDisk(request: PlanRequest, resolved: ResolvedCluster, notes: string[]): { plan: EvaluatedPlan; disk: DiskOption | DiskSpec } {
  const tried = resolved.diskCandidates.map((disk) => ({ disk, plan: evaluateCluster(request, { ...resolved.spec, disk }) }));
  const byCost = [...tried].sort((a, b) => a.plan.cost.totalUsdPerMonth - b.plan.cost.totalUsdPerMonth);
  const best = byCost.find((t) => t.plan.feasible) ?? byCost[0]!;
  if (tried.length > 1) {
    notes.push(`disk: ${best.plan.disk.option.name} chosen, ${best.plan.disk.sizeGiB} GiB per node`);
  }
  return best;
}

/** The cluster as deployed: queue counts and replication factor fixed; the volume as given (or re-sized every month when not given). */
function heldFixed(resolved: ResolvedCluster, plan: EvaluatedPlan, disk: DiskOption | DiskSpec): ClusterSpec {
  const queuesPerWorkload: Record<string, number> = {};
  for (const l of plan.layout) queuesPerWorkload[l.workload] = l.queuesPerGroup;
  return {
    ...resolved.spec,
    disk,
    queuesPerWorkload,
    ...(plan.replicationFactor !== undefined ? { replicationFactor: plan.replicationFactor } : {}),
  };
}

/** The first month the cluster (held fixed) misses a target, up to `beyond` months past the horizon. */
export function computeRunway(request: PlanRequest, cluster: ClusterSpec, plan: EvaluatedPlan, beyond: number): Runway {
  const horizonMonths = horizonOf(request);
  const searchedThroughMonth = horizonMonths + beyond;
  const growth = request.workload.workloads.some((w) => w.publishRate.monthlyGrowthPercent !== 0);
  if (!growth) {
    // Every month is the horizon's month: the check's own result is the runway.
    const firstMiss = plan.feasible ? null : { month: 0, failure: plan.shortfalls[0] ?? null, failures: [...plan.shortfalls] };
    return { horizonMonths, searchedThroughMonth, growth, firstMiss };
  }
  const miss = firstFailingMonth(request, cluster, searchedThroughMonth);
  return {
    horizonMonths,
    searchedThroughMonth,
    growth,
    firstMiss: miss ? { month: miss.month, failure: miss.shortfalls[0] ?? null, failures: [...miss.shortfalls] } : null,
  };
}

/**
 * The model places leaders round-robin (x-queue-leader-locator: balanced). A cluster whose
 * leaders bunch on one node runs that node hotter than the check computes: say so.
 */
function placementWarning(observed: number[] | null, plan: EvaluatedPlan): string | null {
  if (!observed || observed.length !== plan.nodes) return null;
  const modelled = Array.from({ length: plan.nodes }, (_, n) => plan.layout.reduce((sum, l) => sum + (l.leadersPerNode[n] ?? 0), 0));
  const observedMax = Math.max(...observed);
  const observedMin = Math.min(...observed);
  if (observed.every((count, n) => count === modelled[n])) {
    // The check used the observed placement: say so when it is lopsided, and how to spread it.
    if (observedMax - observedMin <= 1) return null;
    return `queue leaders are unbalanced: ${observed.join('/')} per node; the check computes the busiest node with them where they are (rabbitmq-queues rebalance all spreads them)`;
  }
  if (observedMax <= Math.max(0, ...modelled)) return null;
  return (
    `queue leaders are less balanced than the model assumes: ${observed.join('/')} per node observed, ${modelled.join('/')} modelled; ` +
    'the busiest node runs hotter than this check computes (rabbitmq-queues rebalance all spreads them)'
  );
}
