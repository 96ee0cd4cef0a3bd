/**
 * `check --format json`: the machine-readable verdict, documented field by field in
 * docs/check.md. Versioned (`schemaVersion`); within a version fields are only added. Numbers
 * are rounded as in `size --format json` (src/render/json/size.ts), whose plan object the `cluster`
 * field shares.
 */
import type { Resource } from '../../model/types.js';
import { jsonPlan, money, round, type JsonCost, type JsonPlan, type JsonResourceEntry } from './size.js';
import { latencyAfterFailure } from '../view.js';
import type { CheckSource } from '../table/check.js';
import type { CheckResult } from '../../check/types.js';
import { missText } from '../check-phrases.js';
import { shortfallText } from '../findings.js';
import { checkWarningTexts } from '../warnings.js';

export const CHECK_JSON_SCHEMA_VERSION = 1;

export interface JsonRunway {
  horizonMonths: number;
  searchedThroughMonth: number;
  growth: boolean;
  holdsThroughHorizon: boolean;
  firstMiss: { month: number; monthsAfterHorizon: number; failure: string; failures: string[] } | null;
  text: string;
}

export interface JsonCheckReport {
  schemaVersion: typeof CHECK_JSON_SCHEMA_VERSION;
  kind: 'rmq-plan-check';
  input: { workloadFile: string; workloadName: string | null; clusterFile: string | null };
  verdict: 'pass' | 'fail';
  failures: string[];
  utilization: Partial<Record<Resource, JsonResourceEntry>>;
  latencyP99Ms: Record<string, { healthy: number | null; afterFailure: number | null; target: number | null; ok: boolean }>;
  cost: JsonCost;
  budget: { monthlyUsd: number; ok: boolean } | null;
  runway: JsonRunway;
  cluster: Omit<JsonPlan, 'utilization' | 'monthlyCost' | 'feasible' | 'shortfalls' | 'latencyMisses'> & { instanceTypeFromCatalog: boolean };
  basis: { horizonMonths: number; trafficScale: number; profile: string };
  notes: string[];
  warnings: string[];
}

export function renderCheckJson(result: CheckResult, source: CheckSource, runwayText: string): string {
  return `${JSON.stringify(toCheckJson(result, source, runwayText), null, 2)}\n`;
}

export function toCheckJson(result: CheckResult, source: CheckSource, runwayText: string): JsonCheckReport {
  const { utilization, monthlyCost, feasible: _feasible, shortfalls: _shortfalls, latencyMisses: _latencyMisses, ...cluster } = jsonPlan(result.plan);
  const budget = result.request.workload.cluster.constraints.monthlyBudgetUsd;
  const miss = result.runway.firstMiss;
  const latencyP99Ms: JsonCheckReport['latencyP99Ms'] = {};
  for (const l of cluster.layout) {
    // From the model's figures: in JSON an unbounded p99 and a missing failure scenario are both null.
    const modelled = result.plan.layout.find((m) => m.workload === l.workload)!;
    const worst = Math.max(modelled.latencyP99Ms, latencyAfterFailure(result.plan, l.workload) ?? 0);
    latencyP99Ms[l.workload] = {
      healthy: l.latencyP99Ms.healthy,
      afterFailure: l.latencyP99Ms.afterFailure,
      target: l.latencyTargetMs,
      ok: l.latencyTargetMs === null || worst <= l.latencyTargetMs,
    };
  }
  return {
    schemaVersion: CHECK_JSON_SCHEMA_VERSION,
    kind: 'rmq-plan-check',
    input: { workloadFile: source.workloadFile, workloadName: result.request.workload.name ?? null, clusterFile: source.clusterFile },
    verdict: result.verdict,
    failures: result.failures.map(shortfallText),
    utilization,
    latencyP99Ms,
    cost: monthlyCost,
    budget: budget === undefined ? null : { monthlyUsd: money(budget), ok: result.plan.cost.totalUsdPerMonth <= budget },
    runway: {
      horizonMonths: result.runway.horizonMonths,
      searchedThroughMonth: result.runway.searchedThroughMonth,
      growth: result.runway.growth,
      holdsThroughHorizon: miss === null || miss.month > result.runway.horizonMonths,
      firstMiss: miss
        ? {
            month: miss.month,
            monthsAfterHorizon: miss.month - result.runway.horizonMonths,
            failure: missText(miss.failure),
            failures: miss.failures.map(shortfallText),
          }
        : null,
      text: runwayText,
    },
    cluster: { ...cluster, instanceTypeFromCatalog: !result.syntheticInstance },
    basis: { horizonMonths: result.runway.horizonMonths, trafficScale: round(result.request.trafficScale), profile: result.profileName },
    notes: [...result.notes],
    warnings: checkWarningTexts(result),
  };
}
