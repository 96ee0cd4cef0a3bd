/**
 * Report sections shared by the size and check reports: the four model charts and the
 * resource and layout tables. Each returns an HTML fragment; numbers are formatted with the
 * terminal reports' helpers (src/render) so every output says the same thing.
 */
import { LIMIT_TOLERANCE, NODE_RESOURCES } from '../model/index.js';
import type { EvaluatedPlan, NodeResource, Resource, ScenarioKind, ScenarioResult, SizeResult, WorkloadAttribution } from '../model/types.js';
import { attributionCells, attributionView } from '../render/attribution-view.js';
import { num, pct, usd } from '../format/numbers.js';
import { quantity } from '../render/quantity.js';
import { resourceLabel, resourceScope, scenarioLabel } from '../render/labels.js';
import { headroomText, perNode, perQueueRate, queueCount, SIZED_TO_FIT_HEADROOM_NOTE } from '../render/phrases.js';
import { resourceRows } from '../render/view.js';
import { esc, htmlTable, legend, type LegendItem } from './html.js';
import type { CostCurve, LatencyCurve, RunwayChartData } from './model-series.js';
import { columnChart, COLOURS, lineChart, seriesColour, type ColumnGroup, type LineSeries, type ReferenceLine } from './svg.js';

function card(title: string, body: string, note?: string): string {
  return `<section class="card"><h2>${esc(title)}</h2>\n${body}${note ? `\n<p class="note">${esc(note)}</p>` : ''}</section>`;
}

/** Colour of each scenario's bars: healthy, then the failures in the plan's order (node loss, zone loss). */
const SCENARIO_COLOURS: Record<ScenarioKind, string> = {
  healthy: COLOURS.healthy,
  nodeFailure: COLOURS.failure,
  zoneFailure: '#9333ea',
  burst: COLOURS.muted,
};
/** Limit lines: solid at the healthy target, dashed after a failure. */
const FAILURE_LIMIT_COLOUR = '#9a3412';
/** Short names of the figures that are not per node, under their bars. */
const CLUSTER_WIDE_LABELS: Partial<Record<Resource, string>> = { queueCeiling: 'queue rate', latency: 'latency', budget: 'cost' };

function within(utilization: number, limit: number): boolean {
  return utilization <= limit * (1 + LIMIT_TOLERANCE);
}

function scenarioName(s: ScenarioResult): string {
  const lost = s.lostNodes ?? [];
  return lost.length === 0 ? scenarioLabel(s.kind) : `${scenarioLabel(s.kind)} (${lost.length === 1 ? 'node' : 'nodes'} ${lost.join(', ')} lost)`;
}

/** One per-node resource: every node, healthy and after each failure, with the scenarios' limits. */
function nodePanel(plan: EvaluatedPlan, scenarios: ScenarioResult[], resource: NodeResource): string {
  const label = resourceLabel(resource);
  const usages = scenarios.map((s) => s.resources.find((r) => r.resource === resource));
  const unit = usages[0]!.unit;
  const zoned = new Set(plan.zoneOfNode).size > 1;
  const groups: ColumnGroup[] = [];
  for (let node = 0; node < plan.nodes; node++) {
    const where = `node ${node}${zoned ? ` (zone ${plan.zoneOfNode[node]})` : ''}`;
    const bars = scenarios.map((s, i): ColumnGroup['bars'][number] => {
      const u = s.perNode?.find((n) => n.node === node);
      if (!u) return null;
      if (!u.up) return { down: `${where} ${scenarioName(s)}: down` };
      const f = u.resources.find((r) => r.resource === resource);
      const limit = usages[i]?.limit;
      if (!f || limit === undefined) return null;
      const before = scenarios[0]!.perNode?.find((n) => n.node === node)?.resources.find((r) => r.resource === resource)?.demand;
      const held = !f.floored
        ? ''
        : before !== undefined && f.demand > before
          ? "; held at the busiest-node figure the plan is sized for (a lost node's healthy figure): its work moved to the survivors"
          : '; held at its healthy figure: a failure never lowers a figure';
      return {
        value: f.utilization,
        ok: within(f.utilization, limit),
        held: f.floored === true,
        hover: `${label} on ${where} ${scenarioLabel(s.kind)}: ${quantity(f.demand, unit)} of ${quantity(f.capacity, unit)} = ${pct(f.utilization)}, limit ${pct(limit)}${held}`,
      };
    });
    groups.push({ label: String(node), bars });
  }
  // One line per distinct limit, drawn as the first scenario with it (healthy: solid, failures: dashed).
  const references: { value: number; label: string; colour: string; dashed: boolean }[] = [];
  usages.forEach((u, i) => {
    if (!u || references.some((r) => r.value === u.limit)) return;
    references.push({ value: u.limit, label: pct(u.limit), colour: i === 0 ? COLOURS.limit : FAILURE_LIMIT_COLOUR, dashed: i > 0 });
  });
  const capacity = usages[0]!.capacity;
  const chart = columnChart({
    id: `utilisation-${resource}`,
    title: `${label}: utilisation of each node at peak, ${scenarios.map((s) => scenarioLabel(s.kind)).join(' and ')}, with the limits`,
    seriesNames: scenarios.map((s) => scenarioLabel(s.kind)),
    seriesColours: scenarios.map((s) => SCENARIO_COLOURS[s.kind]),
    groups,
    references,
    xLabel: 'node',
  });
  return `<div><h3>${esc(label)}<span class="unit">capacity ${esc(quantity(capacity, unit))} per node</span></h3>${chart}</div>`;
}

/** The figures that are not per node (busiest queue, worst workload, cluster cost), each with its own limit tick. */
function clusterWidePanel(scenarios: ScenarioResult[], resources: Resource[]): string {
  const groups: ColumnGroup[] = resources.map((resource) => ({
    label: CLUSTER_WIDE_LABELS[resource] ?? resourceLabel(resource),
    bars: scenarios.map((s) => {
      const u = s.resources.find((r) => r.resource === resource);
      if (!u) return null;
      return {
        value: u.utilization,
        ok: u.ok,
        limit: u.limit,
        hover: `${resourceLabel(resource)} ${scenarioLabel(s.kind)}${u.subject ? ` (${u.subject})` : ''}: ${quantity(u.demand, u.unit)} of ${quantity(u.capacity, u.unit)} = ${pct(u.utilization)}, limit ${pct(u.limit)}`,
      };
    }),
  }));
  const chart = columnChart({
    id: 'utilisation-cluster',
    title: 'Busiest queue against its ceiling, worst workload p99 against its target, monthly cost against the budget',
    seriesNames: scenarios.map((s) => scenarioLabel(s.kind)),
    seriesColours: scenarios.map((s) => SCENARIO_COLOURS[s.kind]),
    groups,
    xLabel: 'not per node',
  });
  return `<div><h3>Per queue, latency and cost<span class="unit">vs queue ceiling, p99 target, budget</span></h3>${chart}</div>`;
}

/**
 * Utilisation of every per-node resource on every node, healthy and after each failure the HA
 * requirement names (grouped bars per node, the scenarios' limits as lines), and the figures that
 * are not per node in a panel of their own.
 */
export function utilisationCard(plan: EvaluatedPlan): string {
  const scenarios = [plan.healthy, ...plan.failures];
  const present = new Set(plan.healthy.resources.map((r) => r.resource));
  const nodeResources = NODE_RESOURCES.filter((r) => present.has(r) && plan.healthy.perNode !== undefined);
  const others = (['queueCeiling', 'latency', 'budget'] as const).filter((r) => present.has(r));
  const panels = nodeResources.map((r) => nodePanel(plan, scenarios, r));
  if (others.length > 0) panels.push(clusterWidePanel(scenarios, [...others]));
  const held = scenarios.some((s) => s.perNode?.some((n) => n.resources.some((r) => r.floored)));
  const limitOf = (sc: ScenarioResult) => sc.resources.find((r) => (NODE_RESOURCES as readonly Resource[]).includes(r.resource))?.limit;
  const healthyLimit = limitOf(plan.healthy);
  const failureLimit = plan.failures.length > 0 ? limitOf(plan.failures[0]!) : undefined;
  const items: LegendItem[] = [
    ...scenarios.map((sc) => ({
      label: sc.kind === 'healthy' ? 'healthy, at peak' : scenarioName(sc),
      color: SCENARIO_COLOURS[sc.kind],
      style: 'bar' as const,
    })),
    ...(healthyLimit !== undefined ? [{ label: `limit at peak (${pct(healthyLimit)})`, color: COLOURS.limit }] : []),
    ...(failureLimit !== undefined ? [{ label: `limit after a failure (${pct(failureLimit)})`, color: FAILURE_LIMIT_COLOUR, style: 'dash' as const }] : []),
    { label: 'over its limit', color: COLOURS.limit, style: 'bar' as const },
    ...(plan.failures.some((f) => (f.lostNodes ?? []).length > 0)
      ? [{ label: 'node lost in that scenario', color: COLOURS.muted, style: 'cross' as const }]
      : []),
    ...(held ? [{ label: 'held at the figure the plan is sized for (a failure never lowers a figure)', color: COLOURS.failure, style: 'held' as const }] : []),
  ];
  return card(
    'Utilisation per resource per node',
    `<div class="grid4">${panels.join('\n')}</div>\n${legend(items)}`,
    "Each node's demand ÷ its capacity at the forecast peak; hover a bar for the figures. After a failure a surviving node is never drawn below its healthy figure, and the busiest survivor carries the busiest-node figure the plan is sized for (docs/model.md, HA scenarios). Per-queue rate, latency and cost are not per node: the busiest queue, the worst workload and the cluster.",
  );
}

const MS_AXIS = (v: number) => `${num(v)} ms`;
const LOAD_AXIS = (v: number) => `${Math.round(v * 100)}%`;

/**
 * Latency charts drawn at most: a chart per workload of a 1,000-tenant file made a 7.5 MB page
 * (1,010 SVGs, 20,000 points) that took 2.7 s and, at 5,000 tenants, 737 MB to write (`npm run
 * bench:scale`). The rest are one row each in a table under the charts.
 */
export const MAX_LATENCY_CHARTS = 12;

/** How close a workload runs to its latency target at the peak (p99 ÷ target; no target: 0). */
function latencyPressure(c: LatencyCurve): number {
  const at = (points: { p99Ms: number }[] | null) => points?.[points.length - 1]?.p99Ms ?? 0;
  const worst = Math.max(at(c.healthy), at(c.afterFailure));
  if (!Number.isFinite(worst)) return Infinity;
  return c.targetMs === null ? 0 : worst / c.targetMs;
}

/** p99 vs load per workload, healthy and after failure, with the target: one small chart each for the MAX_LATENCY_CHARTS closest to their target, a table row for the others. */
export function latencyCard(curves: LatencyCurve[], horizonMonths: number): string {
  const ranked = curves.map((c, i) => ({ c, i, pressure: latencyPressure(c) })).sort((a, b) => b.pressure - a.pressure || a.i - b.i);
  const drawn = ranked.slice(0, MAX_LATENCY_CHARTS).sort((a, b) => a.i - b.i);
  const rest = ranked.slice(MAX_LATENCY_CHARTS).sort((a, b) => a.i - b.i);
  const charts = drawn.map(({ c, i }) => {
    const series: LineSeries[] = [{ name: `${c.workload} healthy`, colour: COLOURS.healthy, points: c.healthy.map((p) => ({ x: p.fraction, y: p.p99Ms })) }];
    if (c.afterFailure) {
      series.push({
        name: `${c.workload} after failure`,
        colour: COLOURS.failure,
        dashed: true,
        rings: true,
        points: c.afterFailure.map((p) => ({ x: p.fraction, y: p.p99Ms })),
      });
    }
    const references: ReferenceLine[] =
      c.targetMs === null ? [] : [{ axis: 'y', value: c.targetMs, label: `target ${num(c.targetMs)} ms`, colour: COLOURS.limit }];
    const saturated = [...c.healthy, ...(c.afterFailure ?? [])].filter((p) => !Number.isFinite(p.p99Ms)).map((p) => p.fraction);
    const chart = lineChart({
      id: `latency-${i}`,
      title: `${c.workload}: modelled p99 latency versus load`,
      xLabel: `load, share of the forecast peak (month ${horizonMonths})`,
      yLabel: 'p99 publish → delivery',
      series,
      references,
      xFormat: LOAD_AXIS,
      yFormat: MS_AXIS,
      xDomain: [0, 1],
      width: 520,
      height: 250,
    });
    const note =
      saturated.length > 0 ? `<p class="note">No steady state (saturated) from ${LOAD_AXIS(Math.min(...saturated))} of the peak: not drawn.</p>` : '';
    return `<div><h3>${esc(c.workload)}${c.targetMs === null ? ' (no latency target)' : ''}</h3>${chart}${note}</div>`;
  });
  const ms = (v: number | undefined) => (v === undefined ? '—' : Number.isFinite(v) ? `${num(v)} ms` : 'saturated');
  const others =
    rest.length === 0
      ? ''
      : `<p class="note">${num(drawn.length)} of ${num(curves.length)} workloads drawn: those closest to their latency target at the peak. The other ${num(rest.length)}, at the peak:</p>` +
        htmlTable(
          ['Workload', 'p99 healthy', 'p99 after failure', 'Target'],
          rest.map(({ c }) => [
            esc(c.workload),
            esc(ms(c.healthy[c.healthy.length - 1]?.p99Ms)),
            esc(ms(c.afterFailure?.[c.afterFailure.length - 1]?.p99Ms)),
            esc(c.targetMs === null ? '—' : `${num(c.targetMs)} ms`),
          ]),
          [false, true, true, true],
        );
  const items: LegendItem[] = [
    { label: 'healthy', color: COLOURS.healthy },
    ...(curves.some((c) => c.afterFailure) ? [{ label: 'after the worst failure (rings)', color: COLOURS.failure, style: 'dash' as const }] : []),
    { label: 'p99 target', color: COLOURS.limit, style: 'dash' },
  ];
  return card('Latency versus load (model)', `<div class="grid2">${charts.join('\n')}</div>\n${legend(items)}${others}`);
}

/** What a cost point misses, in words: the resource and scenario that miss by the most, or the budget. */
function costMiss(p: CostCurve['points'][number]): string {
  if (p.worst === null) return p.overBudget ? 'the budget' : 'a target (a failure leaves no majority)';
  return `${resourceLabel(p.worst.resource)} ${scenarioLabel(p.worst.scenario)}${p.overBudget ? ', and the budget' : ''}`;
}

/** Monthly cost by node count per instance type; filled dots meet every target. */
export function costCard(curves: CostCurve[], current: { instanceType: string; nodes: number }, currentLabel: string): string {
  const series: LineSeries[] = curves.map((c, i) => ({
    name: `${c.instanceType.name} (${c.disk.name})`,
    colour: seriesColour(i),
    points: c.points.map((p) => ({
      x: p.nodes,
      y: p.totalUsdPerMonth,
      hollow: !p.feasible,
      highlight: c.instanceType.name === current.instanceType && p.nodes === current.nodes,
      label: `${p.nodes} × ${c.instanceType.name}: ${usd(p.totalUsdPerMonth)}/month, ${p.feasible ? 'meets every target' : `misses: ${costMiss(p)}`}`,
    })),
  }));
  const chart = lineChart({
    id: 'cost',
    title: 'Monthly cost versus node count for candidate instance types',
    xLabel: 'nodes',
    yLabel: 'USD per month',
    series,
    xFormat: (v) => String(v),
    yFormat: (v) => `$${num(v)}`,
    integerX: true,
  });
  const items: LegendItem[] = [
    ...series.map((s) => ({ label: s.name, color: s.colour })),
    { label: 'meets every target', color: COLOURS.muted, style: 'dot' as const },
    { label: 'misses a target', color: COLOURS.muted, style: 'ring' as const },
  ];
  return card(
    'Cost versus node count',
    `${chart}\n${legend(items)}`,
    `The large ring marks ${currentLabel}. Volumes sized to fit; replication factor 3 (capped at the node count); on-demand list prices.`,
  );
}

/** Width of the runway chart across a whole card. */
const RUNWAY_WIDTH = 1080;
/** Width of a chart in half a card row (.grid2). */
export const HALF_WIDTH = 560;

/** The binding resource (and the first to fail, if another) month by month against its limit. */
export function runwayCard(data: RunwayChartData, text: string, ok: boolean, width = RUNWAY_WIDTH): string {
  const series: LineSeries[] = data.series.map((s, i) => ({
    name: `${resourceLabel(s.resource)} ${scenarioLabel(s.scenario)}`,
    colour: i === 0 ? COLOURS.healthy : COLOURS.failure,
    points: s.points.map((p) => ({ x: p.month, y: p.utilization, hollow: p.utilization > s.limit })),
  }));
  // One line per distinct limit: two resources at the same limit share it (and its label).
  const limits = data.series.filter((s, i) => data.series.findIndex((t) => t.limit === s.limit) === i);
  const references: ReferenceLine[] = [
    ...limits.map((s, i) => ({
      axis: 'y' as const,
      value: s.limit,
      label: `limit ${pct(s.limit)}${limits.length > 1 ? ` (${resourceLabel(s.resource)})` : ''}`,
      colour: i === 0 ? COLOURS.limit : FAILURE_LIMIT_COLOUR,
    })),
    { axis: 'x', value: data.horizonMonths, label: `horizon (month ${data.horizonMonths})`, colour: COLOURS.muted },
    ...(data.firstMissMonth !== null && data.firstMissMonth !== data.horizonMonths
      ? [{ axis: 'x' as const, value: data.firstMissMonth, label: `first miss (month ${data.firstMissMonth})`, colour: COLOURS.limit, dashed: false }]
      : []),
  ];
  const chart = lineChart({
    id: 'runway',
    title: 'Growth runway: utilisation of the binding resource month by month',
    xLabel: 'months from today',
    yLabel: 'utilisation',
    series,
    references,
    xFormat: (v) => String(v),
    yFormat: (v) => pct(v),
    integerX: true,
    width,
    height: 280,
  });
  const items: LegendItem[] = [
    ...series.map((s, i) => ({ label: `${s.name}${data.series[i]!.binding ? ' (binds at the horizon)' : ' (fails first)'}`, color: s.colour })),
    { label: 'limit', color: COLOURS.limit, style: 'dash' as const },
    { label: 'over the limit', color: COLOURS.muted, style: 'ring' as const },
  ];
  const unbounded =
    data.unbounded.length === 0
      ? ''
      : `<p class="note">${esc(data.unbounded.map((u) => `${resourceLabel(u.resource)} ${scenarioLabel(u.scenario)}`).join(', '))}: no steady state in any month (a queue, CPU or consumers saturated), so no line${data.series.length > 0 ? '; drawn instead: the worst miss with a finite figure.' : '.'}</p>`;
  return card('Growth runway', `<p class="callout ${ok ? 'good' : 'bad'}">${esc(text)}</p>\n${chart}\n${legend(items)}${unbounded}`);
}

/** The resource table: capacity, healthy and after-failure use, limit, headroom. */
export function resourcesCard(plan: EvaluatedPlan): string {
  const viewRows = resourceRows(plan);
  const rows = viewRows.map((row) => {
    const capacityOf = row.healthy ?? row.afterFailure?.usage;
    const scope = resourceScope(row.resource);
    const cell = (u: typeof row.healthy) =>
      u
        ? `${esc(quantity(u.demand, u.unit))} <span class="meter"><i class="${u.ok ? '' : 'bad'}" style="width:${Math.min(100, Math.max(0, u.utilization * 100)).toFixed(1)}%"></i><b style="left:${Math.min(100, u.limit * 100).toFixed(1)}%"></b></span> ${esc(pct(u.utilization))}`
        : '—';
    return [
      `${esc(resourceLabel(row.resource))}${scope ? `<br><span class="note">${esc(scope)}</span>` : ''}`,
      capacityOf ? esc(quantity(capacityOf.capacity, row.unit)) : '—',
      cell(row.healthy),
      cell(row.afterFailure?.usage ?? null),
      esc(headroomText(row)),
      row.ok ? '<td class="ok">✔</td>' : '<td class="bad">✘</td>',
    ];
  });
  return card(
    'Resources on the busiest node at peak',
    htmlTable(['Resource', 'Capacity', 'Healthy', 'After failure', 'Headroom', 'OK'], rows, [false, true, false, false, true, false]),
    `Headroom: what is left below the tighter of the healthy and after-failure limits (red tick in each meter).${viewRows.some((r) => r.sizedToFit) ? ` ${SIZED_TO_FIT_HEADROOM_NOTE}` : ''}`,
  );
}

export function layoutCard(plan: EvaluatedPlan): string {
  const rows = plan.layout.map((l) => [
    esc(l.workload),
    esc(l.queueType),
    esc(queueCount(l)),
    String(l.replicationFactor),
    esc(perNode(l.leadersPerNode)),
    esc(perNode(l.replicasPerNode)),
    esc(perQueueRate(l)),
    esc(quantity(l.latencyP99Ms, 'ms')),
    l.latencyTargetMs === null ? 'none' : esc(`${num(l.latencyTargetMs)} ms`),
  ]);
  return card(
    'Queue layout',
    htmlTable(['Workload', 'Type', 'Queues', 'RF', 'Leaders / node', 'Replicas / node', 'Per-queue rate vs ceiling', 'p99 healthy', 'p99 target'], rows, [
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]),
  );
}

/**
 * Cost by workload: one stacked bar of the monthly cost (a segment per listed workload, hover for
 * the figure), the table of shares and what the plans without the largest tenants cost.
 */
export function attributionCard(result: SizeResult, a: WorkloadAttribution): string {
  const view = attributionView(result, a);
  const costed = view.rows.filter((r) => r.costShare !== null);
  const segments = costed
    .map(
      (r, i) =>
        `<i style="width:${(r.costShare! * 100).toFixed(2)}%;background:${seriesColour(i)}" title="${esc(`${r.label}: ${usd(r.usdPerMonth!)}/month (${pct(r.costShare!)})`)}"></i>`,
    )
    .join('');
  const bar = `<div class="stack" role="img" aria-label="monthly cost by workload">${segments}</div>`;
  const keyed = legend(costed.map((r, i) => ({ label: `${r.label} ${pct(r.costShare!)}`, color: seriesColour(i) })));
  const rows = view.rows.map((r) => attributionCells(r).map(esc));
  const findings = view.findings.length > 0 ? `<ul class="plain">${view.findings.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : '';
  return card('Cost by workload', `${bar}\n${keyed}\n${htmlTable(view.head, rows, [false, ...view.head.slice(1).map(() => true)])}\n${findings}`, view.rule);
}

export function listCard(title: string, items: string[], kind: 'plain' | 'warn'): string {
  if (items.length === 0) return '';
  const list = `<ul class="plain">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
  return card(title, kind === 'warn' ? `<div class="callout warn">${list}</div>` : list);
}
