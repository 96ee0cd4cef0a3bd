/**
 * Report sections shared by the size and check reports: the four model charts and the
 * resource and layout tables. Each returns an HTML fragment; numbers are formatted with the
 * terminal reports' helpers (src/render) so every output says the same thing.
 */
import type { EvaluatedPlan } from '../model/types.js';
import { num, pct, quantity, usd } from '../render/format.js';
import { resourceLabel, resourceScope, scenarioLabel } from '../render/labels.js';
import { perNode, perQueueRate, queueCount } from '../render/phrases.js';
import { resourceRows } from '../render/view.js';
import { esc, htmlTable, legend, type LegendItem } from './html.js';
import type { CostCurve, LatencyCurve, RunwayChartData } from './model-series.js';
import { barChart, COLOURS, lineChart, seriesColour, type LineSeries, type ReferenceLine } from './svg.js';

function card(title: string, body: string, note?: string): string {
  return `<section class="card"><h2>${esc(title)}</h2>\n${body}${note ? `\n<p class="note">${esc(note)}</p>` : ''}</section>`;
}

/** Healthy vs after-failure utilisation of every resource on the busiest node, with its limit. */
export function utilisationCard(plan: EvaluatedPlan): string {
  const rows = resourceRows(plan);
  const hasFailure = plan.failures.length > 0;
  const seriesNames = hasFailure ? ['healthy', 'after failure'] : ['healthy'];
  const groups = rows.map((row) => {
    const label = resourceLabel(row.resource);
    const healthy = row.healthy;
    const after = row.afterFailure?.usage ?? null;
    const bar = (u: typeof healthy, scenario: string) =>
      u
        ? {
            value: u.utilization,
            limit: u.limit,
            ok: u.ok,
            text: pct(u.utilization),
            hover: `${label} ${scenario}${u.subject ? ` (${u.subject})` : ''}: ${quantity(u.demand, u.unit)} of ${quantity(u.capacity, u.unit)} = ${pct(u.utilization)}, limit ${pct(u.limit)}`,
          }
        : null;
    return { label, bars: hasFailure ? [bar(healthy, 'healthy'), bar(after, row.afterFailure ? scenarioLabel(row.afterFailure.scenario.kind) : 'after failure')] : [bar(healthy, 'healthy')] };
  });
  const chart = barChart({
    id: 'utilisation',
    title: 'Utilisation of each resource on the busiest node at peak, healthy and after failure, with the limit',
    seriesNames,
    seriesColours: [COLOURS.healthy, COLOURS.failure],
    groups,
    xLabel: 'share of capacity (latency: of its target; per-queue rate: of one queue\'s ceiling)',
  });
  const items: LegendItem[] = [
    { label: 'healthy, at peak', color: COLOURS.healthy },
    ...(hasFailure ? [{ label: `after failure (${plan.failures.map((f) => f.description).join('; ')})`, color: COLOURS.failure }] : []),
    { label: 'limit of the scenario', color: COLOURS.limit },
    { label: 'over its limit', color: COLOURS.limit, style: 'dot' as const },
  ];
  return card(
    'Utilisation per resource (busiest node)',
    `${chart}\n${legend(items)}`,
    'Each bar is the busiest node for that resource in that scenario (hover a bar for the node and figures).',
  );
}

const MS_AXIS = (v: number) => `${num(v)} ms`;
const LOAD_AXIS = (v: number) => `${Math.round(v * 100)}%`;

/** p99 vs load per workload, healthy and after failure, with the target. One small chart each. */
export function latencyCard(curves: LatencyCurve[], horizonMonths: number): string {
  const charts = curves.map((c, i) => {
    const series: LineSeries[] = [
      { name: `${c.workload} healthy`, colour: COLOURS.healthy, points: c.healthy.map((p) => ({ x: p.fraction, y: p.p99Ms })) },
    ];
    if (c.afterFailure) {
      series.push({ name: `${c.workload} after failure`, colour: COLOURS.failure, dashed: true, rings: true, points: c.afterFailure.map((p) => ({ x: p.fraction, y: p.p99Ms })) });
    }
    const references: ReferenceLine[] = c.targetMs === null ? [] : [{ axis: 'y', value: c.targetMs, label: `target ${num(c.targetMs)} ms`, colour: COLOURS.limit }];
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
    const note = saturated.length > 0 ? `<p class="note">No steady state (saturated) from ${LOAD_AXIS(Math.min(...saturated))} of the peak: not drawn.</p>` : '';
    return `<div><h3>${esc(c.workload)}${c.targetMs === null ? ' (no latency target)' : ''}</h3>${chart}${note}</div>`;
  });
  const items: LegendItem[] = [
    { label: 'healthy', color: COLOURS.healthy },
    ...(curves.some((c) => c.afterFailure) ? [{ label: 'after the worst failure (rings)', color: COLOURS.failure, style: 'dash' as const }] : []),
    { label: 'p99 target', color: COLOURS.limit, style: 'dash' },
  ];
  return card('Latency versus load (model)', `<div class="grid2">${charts.join('\n')}</div>\n${legend(items)}`);
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
      label: `${p.nodes} × ${c.instanceType.name}: ${usd(p.totalUsdPerMonth)}/month, ${p.feasible ? 'meets every target' : `misses: ${p.shortfall ?? 'a target'}`}`,
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

/** The binding resource (and the first to fail, if another) month by month against its limit. */
export function runwayCard(data: RunwayChartData, text: string, ok: boolean): string {
  const series: LineSeries[] = data.series.map((s, i) => ({
    name: `${resourceLabel(s.resource)} ${scenarioLabel(s.scenario)}`,
    colour: i === 0 ? COLOURS.healthy : COLOURS.failure,
    points: s.points.map((p) => ({ x: p.month, y: p.utilization, hollow: p.utilization > s.limit })),
  }));
  const references: ReferenceLine[] = [
    ...data.series.map((s, i) => ({
      axis: 'y' as const,
      value: s.limit,
      label: `limit ${pct(s.limit)}${data.series.length > 1 ? ` (${resourceLabel(s.resource)})` : ''}`,
      colour: i === 0 ? COLOURS.limit : '#9a3412',
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
    width: 1080,
    height: 280,
  });
  const items: LegendItem[] = [
    ...series.map((s, i) => ({ label: `${s.name}${data.series[i]!.binding ? ' (binds at the horizon)' : ' (fails first)'}`, color: s.colour })),
    { label: 'limit', color: COLOURS.limit, style: 'dash' as const },
    { label: 'over the limit', color: COLOURS.muted, style: 'ring' as const },
  ];
  return card('Growth runway', `<p class="callout ${ok ? 'good' : 'bad'}">${esc(text)}</p>\n${chart}\n${legend(items)}`);
}

/** The resource table: capacity, healthy and after-failure use, limit, headroom. */
export function resourcesCard(plan: EvaluatedPlan): string {
  const rows = resourceRows(plan).map((row) => {
    const capacityOf = row.healthy ?? row.afterFailure?.usage;
    const scope = resourceScope(row.resource);
    const cell = (u: typeof row.healthy) =>
      u ? `${esc(quantity(u.demand, u.unit))} <span class="meter"><i class="${u.ok ? '' : 'bad'}" style="width:${Math.min(100, Math.max(0, u.utilization * 100)).toFixed(1)}%"></i><b style="left:${Math.min(100, u.limit * 100).toFixed(1)}%"></b></span> ${esc(pct(u.utilization))}` : '—';
    return [
      `${esc(resourceLabel(row.resource))}${scope ? `<br><span class="note">${esc(scope)}</span>` : ''}`,
      capacityOf ? esc(quantity(capacityOf.capacity, row.unit)) : '—',
      cell(row.healthy),
      cell(row.afterFailure?.usage ?? null),
      row.headroom === null ? '—' : esc(row.headroom < 0 ? `${quantity(-row.headroom, row.unit)} over` : quantity(row.headroom, row.unit)),
      row.ok ? '<td class="ok">✔</td>' : '<td class="bad">✘</td>',
    ];
  });
  return card(
    'Resources on the busiest node at peak',
    htmlTable(['Resource', 'Capacity', 'Healthy', 'After failure', 'Headroom', 'OK'], rows, [false, true, false, false, true, false]),
    'Headroom: what is left below the tighter of the healthy and after-failure limits (red tick in each meter).',
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
    esc(`${num(l.latencyP99Ms)} ms`),
    l.latencyTargetMs === null ? 'none' : esc(`${num(l.latencyTargetMs)} ms`),
  ]);
  return card(
    'Queue layout',
    htmlTable(['Workload', 'Type', 'Queues', 'RF', 'Leaders / node', 'Replicas / node', 'Per-queue rate vs ceiling', 'p99 healthy', 'p99 target'], rows, [
      false, false, true, true, true, true, true, true, true,
    ]),
  );
}

export function listCard(title: string, items: string[], kind: 'plain' | 'warn'): string {
  if (items.length === 0) return '';
  const list = `<ul class="plain">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
  return card(title, kind === 'warn' ? `<div class="callout warn">${list}</div>` : list);
}
