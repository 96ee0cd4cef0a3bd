/**
 * `--format json`: the machine-readable report. Versioned (schemaVersion) and documented field
 * by field in docs/json-output.md; a field is only ever added within a version, never renamed
 * or removed. Numbers are rounded (integers kept, other numbers to 4 significant digits, money
 * to cents) so that the output is stable across harmless floating-point changes.
 */
import type {
  Alternative,
  EvaluatedPlan,
  LatencyMiss,
  SharedResource,
  WorkloadAttribution,
  NodeResource,
  Resource,
  ResourceUnit,
  ResourceUsage,
  ScenarioKind,
  ScenarioResult,
  SizeResult,
  WorkloadLayout,
} from '../../model/types.js';
import type { ReportContext } from '../context.js';
import { latencyAfterFailure, resourceRows } from '../view.js';
import { warningText, whyNotText } from '../warnings.js';
import { bindingSummary, explainedLines, scenarioText, shortfallText, suggestionText } from '../findings.js';

export const JSON_SCHEMA_VERSION = 1;

/** Significant digits kept in non-integer figures (enough for any sizing decision). */
const SIGNIFICANT_DIGITS = 4;
/** Money is kept to the cent. */
const CENTS = 100;

export interface JsonUsage {
  /** null when unbounded (an infinite p99: a saturated queue, CPU or consumer). */
  demand: number | null;
  capacity: number;
  unit: ResourceUnit;
  /** null when unbounded, as demand. */
  utilization: number | null;
  limit: number;
  ok: boolean;
  subject: string | null;
}

export interface JsonScenarioUsage extends JsonUsage {
  scenario: ScenarioKind;
  description: string;
}

export interface JsonResourceEntry {
  healthy: JsonUsage | null;
  afterFailure: JsonScenarioUsage | null;
  burst: JsonScenarioUsage | null;
  headroom: number | null;
}

export interface JsonLayout {
  workload: string;
  vhost: string;
  queueType: string;
  fanOut: number;
  queuesPerGroup: number;
  totalQueues: number;
  replicationFactor: number;
  queueNames: string[];
  leadersPerNode: number[];
  replicasPerNode: number[];
  peakPublishMsgPerSec: number;
  perQueueMsgPerSec: number;
  perQueueCeilingMsgPerSec: number;
  consumers: number;
  publisherConnections: number;
  consumerConnections: number;
  inFlightPerChannel: number | null;
  /** null where unbounded (a saturated queue, CPU or consumer); afterFailure also null without a failure scenario. */
  latencyP99Ms: { healthy: number | null; afterFailure: number | null };
  latencyTargetMs: number | null;
}

export interface JsonCost {
  instancesUsd: number;
  disksUsd: number;
  totalUsd: number;
}

export interface JsonPlan {
  instanceType: {
    provider: string;
    name: string;
    family: string;
    category: string;
    vcpus: number;
    memoryGiB: number;
    networkGbps: number;
    networkBurstGbps: number | null;
    diskMaxThroughputMBps: number;
    diskMaxIops: number;
    pricePerHourUsd: number;
    region: string;
    source: string;
    sourceDate: string;
  };
  nodes: number;
  zones: { count: number; zoneOfNode: number[] };
  disk: {
    provider: string;
    name: string;
    media: string;
    sizeGiB: number;
    provisionedIops: number;
    provisionedThroughputMBps: number;
    writeLatencyMs: number;
    monthlyCostUsdPerNode: number;
  };
  monthlyCost: JsonCost;
  bindingConstraint: {
    resource: Resource;
    scenario: ScenarioKind;
    /** null when unbounded (a saturated queue, CPU or consumer: no steady state). */
    utilization: number | null;
    limit: number;
    subject: string | null;
    summary: string;
    arithmetic: string[];
  };
  utilization: Partial<Record<Resource, JsonResourceEntry>>;
  scenarios: JsonScenario[];
  layout: JsonLayout[];
  feasible: boolean;
  shortfalls: string[];
  /** Workloads whose p99 misses its target (worst first), in their worst scenario, with the p99's terms in ms (they add up to p99Ms). */
  latencyMisses: LatencyMiss[];
}

/** One node's figures for the per-node resources in one scenario (`resources` is empty for a lost node). */
export interface JsonNodeUsage {
  node: number;
  up: boolean;
  resources: Partial<Record<NodeResource, { demand: number; capacity: number; utilization: number; floored: boolean }>>;
}

export interface JsonScenario {
  kind: ScenarioKind;
  description: string;
  nodesUp: number;
  /** null where unbounded. */
  latencyP99MsByWorkload: Record<string, number | null>;
  /** Every node in node order; `node` is the index the `subject` fields use ("node 0"). */
  perNode: JsonNodeUsage[];
}

export interface JsonAlternative {
  instanceType: { provider: string; name: string; vcpus: number; memoryGiB: number };
  nodes: number;
  disk: { name: string; sizeGiB: number };
  monthlyCost: JsonCost;
  feasible: boolean;
  /** utilization: null when unbounded (no steady state). */
  bindingConstraint: { resource: Resource; scenario: ScenarioKind; utilization: number | null; limit: number };
  shortfalls: string[];
  whyNot: string;
}

export interface JsonReport {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  input: { file: string; name: string | null };
  feasible: boolean;
  plan: JsonPlan | null;
  alternatives: JsonAlternative[];
  basis: {
    horizonMonths: number;
    trafficScale: number;
    profile: string;
    workloads: { name: string; peakMsgPerSec: number; averageMsgPerSec: number; messageSizeBytes: number }[];
  };
  infeasibility: { reasons: string[]; suggestions: string[] } | null;
  warnings: string[];
  /** Present when the plan has an even node count: why it won over the odd ones (src/model/types.ts EvenNodeCountChoice). */
  evenNodeCount?: {
    nodes: number;
    majoritySurvivesFailures: number;
    cheapestOdd: { nodes: number; instanceType: string; monthlyUsd: number } | null;
    oddCostsMoreUsdPerMonth: number | null;
  };
  search: { candidatesEvaluated: number; candidatesSkipped: number; candidatesRuledOut: number; instanceTypesConsidered: number; stoppedEarly: boolean };
  /** Who drives the cost of a shared cluster (two workloads or more, and a plan); null otherwise. docs/json-output.md "attribution". */
  attribution: JsonAttribution | null;
}

export interface JsonAttribution {
  scenario: ScenarioKind;
  bindingResource: Resource;
  /** The resource the monthly cost is allocated by (the binding one, or cpu when what binds is not shared). */
  costFollows: SharedResource;
  /** Per resource: its busiest node, the node's whole demand and the part no workload causes (units as in plan.utilization). */
  resources: { resource: SharedResource; node: number; totalDemand: number; sharedDemand: number }[];
  /** Every workload, in the file's order: its part of each resource (same units) and of the cost. */
  workloads: { name: string; costShare: number; monthlyCostUsd: number; demand: Record<SharedResource, number> }[];
  /** The plan without each of the largest tenants, most saving first. */
  without: { workload: string; feasible: boolean; nodes: number; instanceType: string; totalUsdPerMonth: number; savesUsdPerMonth: number }[];
  /** Files of more workloads than this get no `without` plans (null: they were computed). */
  withoutSkippedAbove: number | null;
}

function jsonAttribution(result: SizeResult, a: WorkloadAttribution): JsonAttribution {
  const total = result.plan!.cost.totalUsdPerMonth;
  return {
    scenario: a.scenario,
    bindingResource: a.bindingResource,
    costFollows: a.costFollows,
    resources: a.resources.map((r) => ({ resource: r.resource, node: r.node, totalDemand: round(r.totalDemand), sharedDemand: round(r.sharedDemand) })),
    workloads: result.plan!.layout.map((l, i) => ({
      name: l.workload,
      costShare: round(a.costShares[i]!),
      monthlyCostUsd: money(a.costShares[i]! * total),
      demand: Object.fromEntries(a.resources.map((r) => [r.resource, round(r.parts[i]!)])) as Record<SharedResource, number>,
    })),
    without: a.without.map((w) => ({ ...w, totalUsdPerMonth: money(w.totalUsdPerMonth), savesUsdPerMonth: money(w.savesUsdPerMonth) })),
    withoutSkippedAbove: a.withoutSkippedAbove,
  };
}

/** The report as pretty-printed JSON text with a trailing newline. */
export function renderJson(result: SizeResult, ctx: ReportContext): string {
  return `${JSON.stringify(toJsonReport(result, ctx), null, 2)}\n`;
}

export function toJsonReport(result: SizeResult, ctx: ReportContext): JsonReport {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    input: { file: ctx.file, name: ctx.workload.name ?? null },
    feasible: result.feasible,
    plan: result.plan ? jsonPlan(result.plan) : null,
    alternatives: result.alternatives.map(jsonAlternative),
    basis: {
      horizonMonths: result.basis.horizonMonths,
      trafficScale: round(result.basis.trafficScale),
      profile: result.profileName,
      workloads: result.basis.workloads.map((w) => ({
        name: w.name,
        peakMsgPerSec: round(w.peakMsgPerSec),
        averageMsgPerSec: round(w.averageMsgPerSec),
        messageSizeBytes: round(w.sizeBytes),
      })),
    },
    infeasibility: result.infeasibility
      ? { reasons: result.infeasibility.reasons.map(shortfallText), suggestions: result.infeasibility.suggestions.map(suggestionText) }
      : null,
    warnings: result.warnings.map(warningText),
    ...(result.evenNodeCount
      ? {
          evenNodeCount: {
            nodes: result.evenNodeCount.nodes,
            majoritySurvivesFailures: result.evenNodeCount.majoritySurvivesFailures,
            cheapestOdd: result.evenNodeCount.cheapestOdd
              ? { ...result.evenNodeCount.cheapestOdd, monthlyUsd: round(result.evenNodeCount.cheapestOdd.monthlyUsd) }
              : null,
            oddCostsMoreUsdPerMonth: result.evenNodeCount.oddCostsMoreUsdPerMonth === null ? null : round(result.evenNodeCount.oddCostsMoreUsdPerMonth),
          },
        }
      : {}),
    search: {
      candidatesEvaluated: result.search.candidatesEvaluated,
      candidatesSkipped: result.search.candidatesSkipped,
      candidatesRuledOut: result.search.candidatesRuledOut,
      instanceTypesConsidered: result.search.instanceTypesConsidered,
      stoppedEarly: result.search.stoppedEarly,
    },
    attribution: result.attribution && result.plan ? jsonAttribution(result, result.attribution) : null,
  };
}

export function jsonPlan(plan: EvaluatedPlan): JsonPlan {
  const it = plan.instanceType;
  const utilization: Partial<Record<Resource, JsonResourceEntry>> = {};
  for (const row of resourceRows(plan)) {
    utilization[row.resource] = {
      healthy: row.healthy ? usage(row.healthy) : null,
      afterFailure: row.afterFailure ? scenarioUsage(row.afterFailure.usage, row.afterFailure.scenario) : null,
      burst: row.burst ? scenarioUsage(row.burst.usage, row.burst.scenario) : null,
      headroom: row.headroom === null ? null : round(row.headroom),
    };
  }
  const scenarios = [plan.healthy, ...plan.failures, ...(plan.burst ? [plan.burst] : [])].map((s) => ({
    kind: s.kind,
    description: scenarioText(s.description),
    nodesUp: s.nodesUp,
    latencyP99MsByWorkload: Object.fromEntries(Object.entries(s.latencyP99MsByWorkload).map(([k, v]) => [k, finiteOrNull(v)])),
    perNode: (s.perNode ?? []).map((n) => ({
      node: n.node,
      up: n.up,
      resources: Object.fromEntries(
        n.resources.map((r) => [
          r.resource,
          { demand: round(r.demand), capacity: round(r.capacity), utilization: round(r.utilization), floored: r.floored === true },
        ]),
      ),
    })),
  }));
  return {
    instanceType: {
      provider: it.provider,
      name: it.name,
      family: it.family,
      category: it.category,
      vcpus: it.vcpus,
      memoryGiB: round(it.memoryGiB),
      networkGbps: round(it.networkGbps),
      networkBurstGbps: it.networkBurstGbps === undefined ? null : round(it.networkBurstGbps),
      diskMaxThroughputMBps: round(it.diskMaxThroughputMBps),
      diskMaxIops: round(it.diskMaxIops),
      pricePerHourUsd: it.pricePerHourUsd,
      region: it.region,
      source: it.source,
      sourceDate: it.sourceDate,
    },
    nodes: plan.nodes,
    zones: { count: new Set(plan.zoneOfNode).size, zoneOfNode: [...plan.zoneOfNode] },
    disk: {
      provider: plan.disk.option.provider,
      name: plan.disk.option.name,
      media: plan.disk.option.media,
      sizeGiB: round(plan.disk.sizeGiB),
      provisionedIops: round(plan.disk.provisionedIops),
      provisionedThroughputMBps: round(plan.disk.provisionedThroughputMBps),
      writeLatencyMs: round(plan.disk.option.writeLatencyMs),
      monthlyCostUsdPerNode: money(plan.disk.monthlyCostUsdPerNode),
    },
    monthlyCost: cost(plan),
    bindingConstraint: {
      resource: plan.binding.resource,
      scenario: plan.binding.scenario,
      utilization: finiteOrNull(plan.binding.utilization),
      limit: round(plan.binding.limit),
      subject: plan.binding.subject ?? null,
      summary: bindingSummary(plan.binding),
      arithmetic: explainedLines(plan.binding),
    },
    utilization,
    scenarios,
    layout: plan.layout.map((l) => layout(l, plan)),
    feasible: plan.feasible,
    shortfalls: plan.shortfalls.map(shortfallText),
    latencyMisses: plan.latencyMisses.map((m) => ({
      ...m,
      p99Ms: round(m.p99Ms),
      terms: {
        clientMs: round(m.terms.clientMs),
        commitMs: round(m.terms.commitMs),
        walWaitMs: round(m.terms.walWaitMs),
        queueWaitMs: round(m.terms.queueWaitMs),
        cpuWaitMs: round(m.terms.cpuWaitMs),
        consumerMs: round(m.terms.consumerMs),
      },
      peakMsgPerSec: round(m.peakMsgPerSec),
    })),
  };
}

function jsonAlternative(alt: Alternative): JsonAlternative {
  const p = alt.plan;
  return {
    instanceType: { provider: p.instanceType.provider, name: p.instanceType.name, vcpus: p.instanceType.vcpus, memoryGiB: round(p.instanceType.memoryGiB) },
    nodes: p.nodes,
    disk: { name: p.disk.option.name, sizeGiB: round(p.disk.sizeGiB) },
    monthlyCost: cost(p),
    feasible: p.feasible,
    bindingConstraint: {
      resource: p.binding.resource,
      scenario: p.binding.scenario,
      utilization: finiteOrNull(p.binding.utilization),
      limit: round(p.binding.limit),
    },
    shortfalls: p.shortfalls.map(shortfallText),
    whyNot: whyNotText(alt),
  };
}

function layout(l: WorkloadLayout, plan: EvaluatedPlan): JsonLayout {
  const after = latencyAfterFailure(plan, l.workload);
  return {
    workload: l.workload,
    vhost: l.vhost,
    queueType: l.queueType,
    fanOut: l.fanOut,
    queuesPerGroup: l.queuesPerGroup,
    totalQueues: l.totalQueues,
    replicationFactor: l.replicationFactor,
    queueNames: [...l.queueNames],
    leadersPerNode: [...l.leadersPerNode],
    replicasPerNode: [...l.replicasPerNode],
    peakPublishMsgPerSec: round(l.peakPublishMsgPerSec),
    perQueueMsgPerSec: round(l.perQueueMsgPerSec),
    perQueueCeilingMsgPerSec: round(l.perQueueCeilingMsgPerSec),
    consumers: l.consumers,
    publisherConnections: l.publisherConnections,
    consumerConnections: l.consumerConnections,
    inFlightPerChannel: l.inFlightPerChannel,
    latencyP99Ms: { healthy: finiteOrNull(l.latencyP99Ms), afterFailure: after === null ? null : finiteOrNull(after) },
    latencyTargetMs: l.latencyTargetMs,
  };
}

function usage(u: ResourceUsage): JsonUsage {
  return {
    demand: finiteOrNull(u.demand),
    capacity: round(u.capacity),
    unit: u.unit,
    utilization: finiteOrNull(u.utilization),
    limit: round(u.limit),
    ok: u.ok,
    subject: u.subject ?? null,
  };
}

function scenarioUsage(u: ResourceUsage, scenario: ScenarioResult): JsonScenarioUsage {
  return { ...usage(u), scenario: scenario.kind, description: scenarioText(scenario.description) };
}

function cost(plan: EvaluatedPlan): JsonCost {
  return {
    instancesUsd: money(plan.cost.instancesUsdPerMonth),
    disksUsd: money(plan.cost.disksUsdPerMonth),
    totalUsd: money(plan.cost.totalUsdPerMonth),
  };
}

/**
 * Integers are kept exactly (counts, bytes); other numbers keep 4 significant digits.
 * Non-finite numbers (which JSON cannot carry) become null through JSON.stringify; -0 becomes 0.
 */
/** A figure rounded, or null when it is not finite (JSON has no Infinity; JSON.stringify would write null untyped). */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? round(value) : null;
}

export function round(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value === 0 ? 0 : value;
  const rounded = Number(value.toPrecision(SIGNIFICANT_DIGITS));
  return rounded === 0 ? 0 : rounded;
}

/** US dollars to the cent. */
export function money(value: number): number {
  const rounded = Math.round(value * CENTS) / CENTS;
  return rounded === 0 ? 0 : rounded;
}
