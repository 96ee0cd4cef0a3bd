/**
 * What every report shows, derived once from a plan: per resource, the healthy figure, the
 * worst failure scenario's figure (the one closest to its limit), the burst figure and the
 * headroom. Table, Markdown and JSON all read these rows so they cannot disagree.
 */
import type { EvaluatedPlan, Resource, ResourceUnit, ResourceUsage, ScenarioResult } from '../model/types.js';
import { RESOURCE_ORDER } from './labels.js';

export interface ScenarioUsage {
  usage: ResourceUsage;
  scenario: ScenarioResult;
}

export interface ResourceRow {
  resource: Resource;
  unit: ResourceUnit;
  healthy: ResourceUsage | null;
  /** The failure scenario in which this resource comes closest to (or furthest past) its limit. */
  afterFailure: ScenarioUsage | null;
  burst: ScenarioUsage | null;
  /**
   * Room left before the tighter of the healthy and after-failure limits, in the resource's
   * unit (limit × capacity − demand); negative when over. Null when capacity or demand is not finite.
   */
  headroom: number | null;
  ok: boolean;
  /** The planner sized the volume to fit this figure (DiskChoice.sizedToFit): its headroom says nothing. */
  sizedToFit: boolean;
}

/** How close a usage is to its limit: 1 means at the limit. */
export function pressure(usage: ResourceUsage): number {
  if (usage.limit > 0) return usage.utilization / usage.limit;
  return usage.utilization > 0 ? Number.POSITIVE_INFINITY : 0;
}

function find(scenario: ScenarioResult, resource: Resource): ResourceUsage | undefined {
  return scenario.resources.find((r) => r.resource === resource);
}

function worst(scenarios: readonly ScenarioResult[], resource: Resource): ScenarioUsage | null {
  let best: ScenarioUsage | null = null;
  for (const scenario of scenarios) {
    const usage = find(scenario, resource);
    if (usage && (best === null || pressure(usage) > pressure(best.usage))) best = { usage, scenario };
  }
  return best;
}

function roomLeft(usage: ResourceUsage): number | null {
  if (!Number.isFinite(usage.capacity) || usage.capacity <= 0) return null;
  return usage.limit * usage.capacity - usage.demand;
}

export function resourceRows(plan: EvaluatedPlan): ResourceRow[] {
  const present = new Set<Resource>();
  for (const scenario of [plan.healthy, ...plan.failures, ...(plan.burst ? [plan.burst] : [])]) {
    for (const usage of scenario.resources) present.add(usage.resource);
  }
  const ordered = [...RESOURCE_ORDER.filter((r) => present.has(r)), ...[...present].filter((r) => !RESOURCE_ORDER.includes(r))];
  return ordered.map((resource) => {
    const healthy = find(plan.healthy, resource) ?? null;
    const afterFailure = worst(plan.failures, resource);
    const burst = plan.burst ? worst([plan.burst], resource) : null;
    const rooms = [healthy, afterFailure?.usage]
      .filter((u): u is ResourceUsage => u !== undefined && u !== null)
      .map(roomLeft)
      // An unbounded demand (no steady state) leaves no figure of room: the row says unbounded.
      .filter((r): r is number => r !== null && Number.isFinite(r));
    const unit = (healthy ?? afterFailure?.usage ?? burst?.usage)!.unit;
    const ok = [healthy, afterFailure?.usage, burst?.usage].every((u) => u === null || u === undefined || u.ok);
    const sizedToFit = (plan.disk.sizedToFit as readonly Resource[]).includes(resource);
    return { resource, unit, healthy, afterFailure, burst, headroom: rooms.length > 0 ? Math.min(...rooms) : null, ok, sizedToFit };
  });
}

/** The failure scenario that is hardest on the plan overall (for the table's column heading). */
export function worstFailure(plan: EvaluatedPlan): ScenarioResult | null {
  let best: ScenarioResult | null = null;
  let bestPressure = -1;
  for (const scenario of plan.failures) {
    const p = Math.max(0, ...scenario.resources.map(pressure));
    if (p > bestPressure) {
      best = scenario;
      bestPressure = p;
    }
  }
  return best;
}

/** Worst p99 of one workload over the failure scenarios, or null when there are none. */
export function latencyAfterFailure(plan: EvaluatedPlan, workload: string): number | null {
  const values = plan.failures.map((s) => s.latencyP99MsByWorkload[workload]).filter((v): v is number => v !== undefined);
  return values.length > 0 ? Math.max(...values) : null;
}
