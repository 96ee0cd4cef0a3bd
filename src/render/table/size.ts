/**
 * The default report: what a person reads in a terminal. Headline and binding constraint
 * first, then the resources of the busiest node (healthy vs after failure, with bars), the
 * queue layout, clients and latency, the alternatives and the warnings.
 */
import type { EvaluatedPlan, ResourceUsage, SizeResult, WorkloadAttribution } from '../../model/types.js';
import { attributionCells, attributionView } from '../attribution-view.js';
import { DEFAULT_BAR_WIDTH, utilisationBar } from '../bars.js';
import type { Palette } from '../colour.js';
import type { ReportContext } from '../context.js';
import { explainLines } from '../explain.js';
import { bytes, num, pct, usd } from '../../format/numbers.js';
import { quantity } from '../quantity.js';
import { fits, fittedGrid, type Align } from '../grid.js';
import { wrapProse } from '../width.js';
import { resourceLabel, resourceScope } from '../labels.js';
import {
  basisSummary,
  bindingSentence,
  confirmWindow,
  costSummary,
  diskSummary,
  haSummary,
  instanceSummary,
  limitsText,
  perNode,
  perQueueRate,
  planTitle,
  queueCount,
  sentence,
  headroomText,
  skippedText,
  SIZED_TO_FIT_NOTE,
} from '../phrases.js';
import { latencyAfterFailure, resourceRows, worstFailure, type ResourceRow } from '../view.js';
import { warningText, whyNotText } from '../warnings.js';
import { bindingSummary, scenarioText, shortfallText, suggestionText } from '../findings.js';

const INDENT = '  ';
/** Width of the label column in the "Plan" block. */
const LABEL_WIDTH = 15;
/** A bar turns yellow from this fraction of its limit: close enough to look at. */
const NEAR_LIMIT_FRACTION = 0.9;
/** "Why not chosen" wraps here, keeping the alternatives table about as wide as the others. */
const WHY_NOT_WIDTH = 56;

export function renderTable(result: SizeResult, ctx: ReportContext, c: Palette): string {
  const width = ctx.width ?? Number.POSITIVE_INFINITY;
  const out: string[] = [];
  const title = ctx.workload.name ? ` · ${ctx.workload.name}` : '';
  out.push(c.dim(`rmq-plan size · ${ctx.file}${title}`), '');
  out.push(...headline(result, c), '');

  const plan = result.plan;
  if (plan) {
    out.push(c.heading('Plan'), ...planBlock(result, plan, ctx, width), '');
    out.push(...resourcesSection(plan, ctx, c, width), '');
    out.push(c.heading('Queue layout'), layoutTable(plan, width), '');
    out.push(c.heading('Clients and latency'), clientsTable(result, plan, c, width), '');
    if (result.attribution) out.push(c.heading('Cost by workload'), ...attributionSection(result, result.attribution, c, width), '');
  }
  if (result.alternatives.length > 0) {
    out.push(c.heading('Alternatives considered'), alternativesTable(result, c, width), '');
  }
  if (result.warnings.length > 0) {
    out.push(c.heading('Warnings'), ...result.warnings.map((w) => `${INDENT}${c.warn('!')} ${warningText(w)}`), '');
  }
  if (ctx.explain) {
    out.push(c.heading('How the binding constraint was computed (--explain)'), ...explainLines(result).map((l) => INDENT + l), '');
  }
  // Prose to the width; tables were laid out to it already.
  return `${wrapProse(out.join('\n').split('\n'), width).join('\n').trimEnd()}\n`;
}

function headline(result: SizeResult, c: Palette): string[] {
  const plan = result.plan;
  const lines: string[] = [];
  if (result.feasible && plan) {
    lines.push(
      `${c.good('✔ FEASIBLE')}  ${c.bold(planTitle(plan))} (${plan.instanceType.vcpus} vCPU, ${num(plan.instanceType.memoryGiB)} GiB), ` +
        `${plan.disk.option.name} ${num(plan.disk.sizeGiB)} GiB each · ${c.bold(`${usd(plan.cost.totalUsdPerMonth)}/month`)}`,
    );
    lines.push(`${INDENT}Binding constraint: ${c.bold(bindingSentence(plan.binding))}`);
    lines.push(`${INDENT}${sentence(bindingSummary(plan.binding))}`);
    return lines;
  }
  lines.push(`${c.bad('✘ NOT FEASIBLE')}  no plan meets every target`);
  const why = result.infeasibility;
  if (why && why.reasons.length > 0) lines.push(`${INDENT}Why:`, ...why.reasons.map((r) => `${INDENT}  • ${shortfallText(r)}`));
  if (why && why.suggestions.length > 0) {
    lines.push(`${INDENT}What would make it feasible:`, ...why.suggestions.map((s) => `${INDENT}  • ${suggestionText(s)}`));
  }
  if (plan) {
    // Its misses are the reasons above: each is said once.
    const said = new Set((why?.reasons ?? []).map(shortfallText));
    const unsaid = plan.shortfalls.map(shortfallText).filter((s) => !said.has(s));
    lines.push(
      `${INDENT}Closest plan found: ${c.bold(planTitle(plan))} · ${usd(plan.cost.totalUsdPerMonth)}/month; it misses ${unsaid.length === 0 ? 'the targets above' : 'the targets above and:'}`,
    );
    lines.push(...unsaid.map((s) => `${INDENT}  ${c.bad('✘')} ${s}`));
  } else {
    lines.push(`${INDENT}No candidate could be evaluated (see the reasons above).`);
  }
  return lines;
}

function planBlock(result: SizeResult, plan: EvaluatedPlan, ctx: ReportContext, width: number): string[] {
  const it = plan.instanceType;
  const rows: [string, string][] = [
    ['Instance type', `${it.provider} ${it.name} (${it.category}): ${instanceSummary(it)}`],
    ['Nodes', haSummary(plan, ctx.workload)],
    ['Disk per node', diskSummary(plan.disk)],
    ['Monthly cost', costSummary(plan)],
    ['Sized for', basisSummary(result)],
    [
      'Search',
      `${num(result.search.candidatesEvaluated)} candidates over ${num(result.search.instanceTypesConsidered)} instance types${skippedText(result.search.candidatesSkipped, result.search.candidatesRuledOut)}`,
    ],
  ];
  // Values wrap under themselves, past the label column.
  return wrapProse(
    rows.map(([label, value]) => `${INDENT}${label.padEnd(LABEL_WIDTH)}${value}`),
    width,
    INDENT.length + LABEL_WIDTH,
  );
}

export function resourcesSection(plan: EvaluatedPlan, ctx: ReportContext, c: Palette, width = Number.POSITIVE_INFINITY): string[] {
  const rows = resourceRows(plan);
  const failure = worstFailure(plan);
  const constraints = ctx.workload.cluster.constraints;
  const lines = [c.heading('Busiest node at peak')];
  lines.push(`${INDENT}healthy: ${scenarioText(plan.healthy.description)}`);
  const failures = failure ? plan.failures.map((f) => scenarioText(f.description)) : ['none required (no node failures to tolerate)'];
  const label = `${INDENT}after failure: `;
  lines.push(...failures.map((text, index) => `${index === 0 ? label : ' '.repeat(label.length)}${text}`));
  const table = (barWidth: number, fit: boolean) => {
    const healthy = usageColumn(
      rows.map((r) => r.healthy),
      rows,
      c,
      barWidth,
    );
    const after = usageColumn(
      rows.map((r) => r.afterFailure?.usage ?? null),
      rows,
      c,
      barWidth,
    );
    const body = rows.map((row, index) => {
      const capacityOf = row.healthy ?? row.afterFailure?.usage;
      return [
        resourceLabel(row.resource) + (resourceScope(row.resource) ? '¹' : '') + (row.sizedToFit ? '²' : ''),
        capacityOf ? quantity(capacityOf.capacity, row.unit) : '—',
        healthy[index]!,
        after[index]!,
        row.sizedToFit || row.headroom === null ? headroomText(row) : headroomCell(row.headroom, row, c),
      ];
    });
    return fittedGrid(['Resource', 'Capacity', 'Healthy', 'After failure', 'Headroom'], body, {
      aligns: ['left', 'right', 'left', 'left', 'right'],
      ...(fit ? { width } : {}),
      dropOrder: [undefined, 2, undefined, undefined, 1],
    });
  };
  // Full bars, then short ones, then none, before any column is left out.
  const barWidth = BAR_WIDTHS.find((w) => fits(table(w, false), width)) ?? 0;
  lines.push(`${INDENT}limits${barWidth > 0 ? ' (│ in the bars)' : ''}: ${limitsText(constraints, failure !== null)}`);
  lines.push(`${INDENT}headroom: what is left below the tighter limit`);
  lines.push(table(barWidth, true));
  const notes = rows.filter((r) => resourceScope(r.resource)).map((r) => `${resourceLabel(r.resource)}: ${resourceScope(r.resource)!}`);
  if (notes.length > 0) lines.push(c.dim(`${INDENT}¹ ${notes.join('; ')}`));
  if (rows.some((r) => r.sizedToFit)) {
    lines.push(c.dim(`${INDENT}² ${SIZED_TO_FIT_NOTE}`));
  }
  if (plan.burst) lines.push(burstLine(plan, c));
  return lines;
}

/** Bar widths tried in the resources table, widest first (0: no bar). */
const BAR_WIDTHS = [DEFAULT_BAR_WIDTH, 5, 0];

/** One scenario's cells: demand right-aligned to the column's widest, then % and bar. */
function usageColumn(usages: (ResourceUsage | null)[], rows: ResourceRow[], c: Palette, barWidth = DEFAULT_BAR_WIDTH): string[] {
  const demands = usages.map((u, index) => (u ? quantity(u.demand, rows[index]!.unit) : ''));
  const width = Math.max(0, ...demands.map((d) => d.length));
  return usages.map((u, index) => (u ? `${demands[index]!.padStart(width)} ${useCell(u, c, barWidth)}` : '—'));
}

function useCell(usage: ResourceUsage, c: Palette, barWidth: number): string {
  const bar = barWidth > 0 ? ` ${utilisationBar(usage.utilization, usage.limit, barWidth)}` : '';
  const percent = pct(usage.utilization).padStart(5);
  if (!usage.ok) return `${c.bad(percent)}${c.bad(bar)} ${c.bad('✘')}`;
  return `${percent}${usage.utilization > usage.limit * NEAR_LIMIT_FRACTION ? c.warn(bar) : c.good(bar)}`;
}

function headroomCell(headroom: number, row: ResourceRow, c: Palette): string {
  const text = quantity(Math.abs(headroom), row.unit);
  return headroom < 0 ? c.bad(`${text} over`) : text;
}

function burstLine(plan: EvaluatedPlan, c: Palette): string {
  const burst = plan.burst!;
  const worst = [...burst.resources].sort((a, b) => b.utilization / b.limit - a.utilization / a.limit)[0];
  const status = burst.resources.every((r) => r.ok) ? c.good('within limits') : c.bad('over a limit');
  const detail = worst ? `; highest: ${resourceLabel(worst.resource)} at ${pct(worst.utilization)} (limit ${pct(worst.limit)})` : '';
  return `${INDENT}burst: ${scenarioText(burst.description)}: ${status}${detail}`;
}

export function layoutTable(plan: EvaluatedPlan, width = Number.POSITIVE_INFINITY): string {
  // The vhost column appears only when some workload is not on the default vhost.
  const vhosts = plan.layout.some((l) => l.vhost !== '/');
  const head = ['Workload', ...(vhosts ? ['vhost'] : []), 'Type', 'Queues', 'RF', 'Leaders per node', 'Replicas per node', 'Per-queue rate vs ceiling'];
  const rows = plan.layout.map((l) => [
    l.workload,
    ...(vhosts ? [l.vhost] : []),
    l.queueType,
    queueCount(l),
    String(l.replicationFactor),
    perNode(l.leadersPerNode),
    perNode(l.replicasPerNode),
    perQueueRate(l),
  ]);
  const aligns: Align[] = ['left', ...(vhosts ? ['left' as const] : []), 'left', 'right', 'right', 'right', 'right', 'right'];
  const v = vhosts ? [undefined] : [];
  return fittedGrid(head, rows, {
    aligns,
    width,
    wrappable: [true, ...v.map(() => true), false, true, false, true, true, true],
    dropOrder: [undefined, ...v, undefined, undefined, undefined, 1, 2, undefined],
  });
}

function clientsTable(result: SizeResult, plan: EvaluatedPlan, c: Palette, width: number): string {
  const head = ['Workload', 'Peak publish', 'Connections', 'Consumers', 'In-flight', 'p99 healthy', 'p99 failure', 'p99 target'];
  const sizes = new Map(result.basis.workloads.map((w) => [w.name, w.sizeBytes]));
  const rows = plan.layout.map((l) => {
    const after = latencyAfterFailure(plan, l.workload);
    const worstP99 = Math.max(l.latencyP99Ms, after ?? 0);
    const target = l.latencyTargetMs;
    const targetCell = target === null ? c.dim('none') : worstP99 <= target ? `${num(target)} ms ${c.good('✔')}` : `${num(target)} ms ${c.bad('✘')}`;
    const size = sizes.get(l.workload);
    return [
      l.workload,
      `${quantity(l.peakPublishMsgPerSec, 'msgPerSec')}${size === undefined ? '' : ` × ${bytes(size)}`}`,
      `${num(l.publisherConnections)} pub + ${num(l.consumerConnections)} con`,
      num(l.consumers),
      confirmWindow(l),
      quantity(l.latencyP99Ms, 'ms'),
      after === null ? '—' : quantity(after, 'ms'),
      targetCell,
    ];
  });
  return [
    fittedGrid(head, rows, {
      aligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      width,
      wrappable: [true, true, false, false, false, true, true, true],
      dropOrder: [undefined, undefined, 2, 3, 1, undefined, undefined, undefined],
    }),
    c.dim(`${INDENT}peak publish × p95 message size; in-flight: publisher-confirm window per channel`),
  ].join('\n');
}

function attributionSection(result: SizeResult, a: WorkloadAttribution, c: Palette, width: number): string[] {
  const view = attributionView(result, a);
  const rows = view.rows.map(attributionCells);
  return [
    fittedGrid(view.head, rows, {
      aligns: ['left', ...view.head.slice(1).map(() => 'right' as const)],
      width,
      wrappable: view.head.map(() => true),
      // Left out first to last: disk space, disk write, network, the quorum WAL.
      dropOrder: [undefined, undefined, undefined, undefined, 4, undefined, 3, 2, 1],
    }),
    c.dim(`${INDENT}${view.rule}`),
    ...view.findings.map((f) => `${INDENT}${f}`),
  ];
}

function alternativesTable(result: SizeResult, c: Palette, width: number): string {
  const chosen = result.plan?.cost.totalUsdPerMonth;
  const rows = result.alternatives.map((alt) => {
    const cost = alt.plan.cost.totalUsdPerMonth;
    const delta = chosen === undefined ? '' : `${cost >= chosen ? '+' : '−'}${usd(Math.abs(cost - chosen))}`;
    return [
      `${planTitle(alt.plan)}, ${alt.plan.disk.option.name} ${num(alt.plan.disk.sizeGiB)} GiB`,
      usd(cost),
      delta,
      alt.plan.feasible ? c.good('yes') : c.bad('no'),
      whyNotText(alt),
    ];
  });
  return fittedGrid(['Alternative', 'Per month', 'vs plan', 'Meets targets', 'Why not chosen'], rows, {
    aligns: ['left', 'right', 'right', 'left', 'left'],
    wrapAt: [undefined, undefined, undefined, undefined, WHY_NOT_WIDTH],
    width,
    wrappable: [true, false, false, true, true],
    dropOrder: [undefined, undefined, 1, undefined, undefined],
  });
}
