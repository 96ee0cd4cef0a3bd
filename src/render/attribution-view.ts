/**
 * "Cost by workload": the rows and sentences every report shows for a shared cluster, derived
 * once from the model's attribution (src/model/attribution.ts) so table, Markdown and HTML agree.
 */
import type { SharedResource, SizeResult, WorkloadAttribution } from '../model/types.js';
import { num, pct, usd } from '../format/numbers.js';
import { resourceLabel, scenarioLabel } from './labels.js';

/** Workloads listed by name; the rest are summed in one row (JSON lists every one). */
export const MAX_ATTRIBUTION_ROWS = 20;
/** The columns: resources a tenant has a part of, in reading order. */
export const ATTRIBUTION_COLUMNS: readonly SharedResource[] = ['cpu', 'quorumWal', 'memory', 'network', 'diskBandwidth', 'diskCapacity'];
const COLUMN_HEADS: Record<SharedResource, string> = {
  cpu: 'CPU',
  quorumWal: 'Quorum WAL',
  memory: 'Memory',
  network: 'Network',
  diskBandwidth: 'Disk write',
  diskIops: 'Disk IOPS',
  diskCapacity: 'Disk space',
};

export interface AttributionRow {
  label: string;
  usdPerMonth: number | null;
  costShare: number | null;
  /** Share of the node's whole demand, per column (null: the resource has no demand). */
  shares: (number | null)[];
}

export interface AttributionView {
  head: string[];
  rows: AttributionRow[];
  /** How the cost is allocated, which nodes, which scenario. */
  rule: string;
  /** Who forces the size, and the plans without the largest tenants. */
  findings: string[];
}

function shareOf(part: number, total: number): number | null {
  return total > 0 ? part / total : null;
}

export function attributionView(result: SizeResult, a: WorkloadAttribution): AttributionView {
  const plan = result.plan!;
  const total = plan.cost.totalUsdPerMonth;
  const names = plan.layout.map((l) => l.workload);
  const splits = ATTRIBUTION_COLUMNS.map((r) => a.resources.find((s) => s.resource === r)!);
  const order = a.costShares.map((share, i) => ({ share, i })).sort((x, y) => y.share - x.share || x.i - y.i);
  const listed = order.slice(0, MAX_ATTRIBUTION_ROWS);
  const rest = order.slice(MAX_ATTRIBUTION_ROWS);
  const rows: AttributionRow[] = listed.map(({ share, i }) => ({
    label: names[i]!,
    usdPerMonth: share * total,
    costShare: share,
    shares: splits.map((s) => shareOf(s.parts[i]!, s.totalDemand)),
  }));
  if (rest.length > 0) {
    const restShare = rest.reduce((x, { share }) => x + share, 0);
    rows.push({
      label: `${num(rest.length)} more workloads`,
      usdPerMonth: restShare * total,
      costShare: restShare,
      shares: splits.map((s) =>
        shareOf(
          rest.reduce((x, { i }) => x + s.parts[i]!, 0),
          s.totalDemand,
        ),
      ),
    });
  }
  rows.push({ label: '(shared)', usdPerMonth: null, costShare: null, shares: splits.map((s) => shareOf(s.sharedDemand, s.totalDemand)) });

  const follows = resourceLabel(a.costFollows);
  const because =
    a.costFollows === a.bindingResource
      ? `${follows}, the binding resource`
      : `${follows} (what binds, ${resourceLabel(a.bindingResource)}, is not shared by the workloads)`;
  const rule =
    `Each workload's share of the busiest node's demand at peak, ${scenarioLabel(a.scenario)} (each resource on its own busiest node); ` +
    `the monthly cost is allocated by the share of ${because}, the shared part (baseline memory, the quorum WAL, the free-disk limit) in the same proportions.`;

  const findings: string[] = [];
  const top = a.without[0];
  if (top && top.savesUsdPerMonth > 0.005) {
    const changes = top.nodes !== plan.nodes || top.instanceType !== plan.instanceType.name;
    findings.push(
      changes
        ? `${top.workload} forces the size: without it the plan is ${num(top.nodes)} × ${top.instanceType} at ${usd(top.totalUsdPerMonth)}/month (${usd(top.savesUsdPerMonth)} less).`
        : `${top.workload} costs the most: without it the same ${num(plan.nodes)} × ${plan.instanceType.name} cost ${usd(top.savesUsdPerMonth)} less (smaller disks).`,
    );
  }
  for (const w of a.without.slice(top && top.savesUsdPerMonth > 0.005 ? 1 : 0)) {
    findings.push(
      `Without ${w.workload}: ${num(w.nodes)} × ${w.instanceType} at ${usd(w.totalUsdPerMonth)}/month (${w.savesUsdPerMonth > 0.005 ? `${usd(w.savesUsdPerMonth)} less` : 'no saving'}).`,
    );
  }
  if (a.withoutSkippedAbove !== null) {
    findings.push(
      `Plans without a workload are not computed for files of more than ${num(a.withoutSkippedAbove)} workloads (each is a whole search): run size on a file without it.`,
    );
  }
  return { head: ['Workload', 'Per month', 'Cost share', ...ATTRIBUTION_COLUMNS.map((r) => COLUMN_HEADS[r])], rows, rule, findings };
}

/** A share as a percentage, or a dash when the resource has no demand. */
function shareCell(share: number | null): string {
  return share === null ? '—' : pct(share);
}

/** A row's cells in the order of AttributionView.head, as plain text. */
export function attributionCells(row: AttributionRow): string[] {
  return [row.label, row.usdPerMonth === null ? '' : usd(row.usdPerMonth), row.costShare === null ? '' : pct(row.costShare), ...row.shares.map(shareCell)];
}
