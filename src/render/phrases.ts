/**
 * Sentences and phrases that the table and Markdown reports share, so the two say the same
 * thing in the same words.
 */
import type { BindingConstraint, DiskChoice, EvaluatedPlan, Resource, SizeResult, WorkloadLayout } from '../model/types.js';
import type { InstanceType } from '../catalog/schema.js';
import type { WorkloadFile } from '../schema/workload.js';
import { bytes, int, num, pct, plural, usd } from '../format/numbers.js';
import { quantity } from './quantity.js';
import { resourceLabel, scenarioLabel } from './labels.js';
import type { ResourceRow } from './view.js';

/** "3 × aws m6i.xlarge". */
export function planTitle(plan: EvaluatedPlan): string {
  return `${plan.nodes} × ${plan.instanceType.provider} ${plan.instanceType.name}`;
}

/** "4 vCPU, 16 GiB RAM, 1.56 Gbit/s network (bursts to 12.5)". */
export function instanceSummary(instance: InstanceType): string {
  const burst = instance.networkBurstGbps !== undefined ? ` (bursts to ${num(instance.networkBurstGbps)})` : '';
  return `${instance.vcpus} vCPU, ${num(instance.memoryGiB)} GiB RAM, ${num(instance.networkGbps)} Gbit/s network${burst}`;
}

/** "gp3, 100 GiB, 3,000 IOPS, 131 MB/s". */
export function diskSummary(disk: DiskChoice): string {
  return `${disk.option.name}, ${int(disk.sizeGiB)} GiB, ${int(disk.provisionedIops)} IOPS, ${num(disk.provisionedThroughputMBps)} MB/s`;
}

/** "$444.48 = $420.48 instances (3 × $0.192/h on demand, us-east-1) + $24.00 disks (3 × $8.00)". */
export function costSummary(plan: EvaluatedPlan): string {
  const c = plan.cost;
  const it = plan.instanceType;
  const instances = `${usd(c.instancesUsdPerMonth)} instances (${plan.nodes} × $${it.pricePerHourUsd}/h on demand, ${it.region})`;
  const disks = `${usd(c.disksUsdPerMonth)} disks (${plan.nodes} × ${usd(plan.disk.monthlyCostUsdPerNode)})`;
  return `${usd(c.totalUsdPerMonth)} = ${instances} + ${disks}`;
}

/** "3 nodes in 1 zone; tolerates 1 node failure" (+ "and the loss of a zone"). */
export function haSummary(plan: EvaluatedPlan, workload: WorkloadFile): string {
  const ha = workload.cluster.ha;
  const zones = new Set(plan.zoneOfNode).size || ha.zones;
  const tolerates =
    ha.nodeFailuresToTolerate === 0 ? 'no node failure required to be tolerated' : `tolerates ${plural(ha.nodeFailuresToTolerate, 'node failure')}`;
  const zoneLoss = ha.surviveZoneLoss ? ' and the loss of a zone' : '';
  // With several zones, say which node is where, in the per-node order the layout tables use.
  const placement = zones > 1 ? ` (zone of each node: ${perNode(plan.zoneOfNode)})` : '';
  return `${plural(plan.nodes, 'node')} in ${plural(zones, 'zone')}${placement}; ${tolerates}${zoneLoss}`;
}

/** What a utilisation is a share of, per resource: "45% of capacity", "84% of its target". */
const SHARE_OF: Partial<Record<Resource, string>> = {
  latency: 'of its target',
  budget: 'of the budget',
  queueCeiling: "of one queue's ceiling",
};

/** "Memory (after node loss, node 2): 45% of capacity (limit 80%)". */
export function bindingSentence(binding: BindingConstraint): string {
  const where = [scenarioLabel(binding.scenario), ...(binding.subject ? [binding.subject] : [])].join(', ');
  const of = SHARE_OF[binding.resource] ?? 'of capacity';
  if (binding.utilization === Number.POSITIVE_INFINITY) return `${resourceLabel(binding.resource)} (${where}): no steady state`;
  return `${resourceLabel(binding.resource)} (${where}): ${pct(binding.utilization)} ${of} (limit ${pct(binding.limit)})`;
}

/** "peak at month 12, traffic × 1, calibration profile "published-2025"". */
export function basisSummary(result: SizeResult): string {
  const b = result.basis;
  const month = b.horizonMonths === 0 ? "today's peak (no growth horizon)" : `the peak at month ${b.horizonMonths}`;
  return `${month}, traffic × ${num(b.trafficScale)}, calibration profile "${result.profileName}"`;
}

/** One line of the sizing basis per workload, for --explain. */
export function basisLines(result: SizeResult): string[] {
  return result.basis.workloads.map(
    (w) =>
      `${w.name}: peak ${quantity(w.peakMsgPerSec, 'msgPerSec')} (average ${quantity(w.averageMsgPerSec, 'msgPerSec')}) at month ${result.basis.horizonMonths}` +
      ` × traffic scale ${num(result.basis.trafficScale)}; messages sized at ${bytes(w.sizeBytes)} (p95)`,
  );
}

/** "1" or "3 groups × 4 = 12". */
export function queueCount(layout: WorkloadLayout): string {
  return layout.fanOut > 1 ? `${layout.fanOut} × ${layout.queuesPerGroup} = ${layout.totalQueues}` : int(layout.totalQueues);
}

/** Most nodes whose counts are listed one by one ("1/0/0"); larger clusters show a range. */
const MAX_NODES_LISTED = 9;

/** Per-node counts: "1/0/0" for small clusters, "2–3" for large ones. */
export function perNode(values: readonly number[]): string {
  if (values.length <= MAX_NODES_LISTED) return values.map(int).join('/');
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? `${int(min)} each` : `${int(min)}–${int(max)}`;
}

/** "400 msg/s of 18,000 (2%)". */
export function perQueueRate(layout: WorkloadLayout): string {
  const share = layout.perQueueCeilingMsgPerSec > 0 ? layout.perQueueMsgPerSec / layout.perQueueCeilingMsgPerSec : 0;
  return `${num(layout.perQueueMsgPerSec)} of ${num(layout.perQueueCeilingMsgPerSec)} msg/s (${pct(share)})`;
}

/** "1 conn" / "3 conns". */
export function connections(count: number): string {
  return plural(count, 'conn');
}

/** The confirm window: "4" or "off" when publishers do not use confirms. */
export function confirmWindow(layout: WorkloadLayout): string {
  return layout.inFlightPerChannel === null ? 'no confirms' : int(layout.inFlightPerChannel);
}

/** The model writes summaries as clauses ("latency p99 … binds"); reports show them as sentences. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capitalised = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** "60% of capacity healthy, 80% after failure; latency and cost: their target" (no failure part when none is required). */
export function limitsText(constraints: WorkloadFile['cluster']['constraints'], failures: boolean): string {
  const afterFailure = failures ? `, ${pct(constraints.maxUtilizationAfterFailure)} after failure` : '';
  return `${pct(constraints.targetUtilization)} of capacity healthy${afterFailure}; latency and cost: their target`;
}

/** The headroom of a resource the planner sized the volume to fit (DiskChoice.sizedToFit). */
export const SIZED_TO_FIT = 'sized to fit';
/** Why such a resource sits near its limit and does not bind. */
export const SIZED_TO_FIT_NOTE =
  'sized to fit: the volume was chosen to fit this need, so it sits near its limit by construction; it counts for feasibility, never as the binding constraint';

/** The same note under a table whose Headroom column says "sized to fit". */
export const SIZED_TO_FIT_HEADROOM_NOTE = `Headroom ${SIZED_TO_FIT_NOTE.replace(/^sized to fit:/, '"sized to fit":')}.`;

/** A row's headroom in words (no colour): "sized to fit", "—", "4.07 GiB" or "26 cores over". */
export function headroomText(row: ResourceRow): string {
  if (row.sizedToFit) return SIZED_TO_FIT;
  if (row.headroom === null) return '—';
  return row.headroom < 0 ? `${quantity(-row.headroom, row.unit)} over` : quantity(row.headroom, row.unit);
}

/**
 * ", 2,788 skipped (they cannot be among the plans shown)" and ", 310 ruled out
 * (their instance type or node count alone misses a target)", each "" when none were.
 */
export function skippedText(skipped: number, ruledOut = 0): string {
  const cost = skipped > 0 ? `, ${num(skipped)} skipped (they cannot be among the plans shown)` : '';
  const instance = ruledOut > 0 ? `, ${num(ruledOut)} ruled out (their instance type or node count alone misses a target)` : '';
  return cost + instance;
}
