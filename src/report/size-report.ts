/**
 * The HTML report of `rmq-plan size --report`: the recommendation (or why there is none), the
 * model charts for the recommended cluster (utilisation per node, cost, runway, latency), the
 * tables and the alternatives.
 */
import { computeRunway, DEFAULT_RUNWAY_MONTHS_BEYOND_HORIZON } from '../check/evaluate.js';
import { runwayHeadline, runwayText } from '../render/check-phrases.js';
import { clusterOf } from '../model/index.js';
import type { PlanRequest, SizeResult } from '../model/types.js';
import type { ReportContext } from '../render/context.js';
import { usd } from '../format/numbers.js';
import { basisSummary, bindingSentence, diskSummary, haSummary, instanceSummary, planTitle } from '../render/phrases.js';
import { esc, fact, htmlTable, page } from './html.js';
import { costChoices, costVsNodes, latencyVsLoad, runwaySeries } from './model-series.js';
import { attributionCard, costCard, HALF_WIDTH, latencyCard, layoutCard, listCard, resourcesCard, runwayCard, utilisationCard } from './sections.js';
import { warningText, whyNotText } from '../render/warnings.js';
import { shortfallText, suggestionText } from '../render/findings.js';

export function sizeReportHtml(result: SizeResult, ctx: ReportContext, request: PlanRequest): string {
  const name = ctx.workload.name ?? ctx.file;
  const plan = result.plan;
  const body: string[] = [
    `<header><h1>RabbitMQ cluster plan · ${esc(name)}</h1><span class="badge ${result.feasible ? 'good' : 'bad'}">${result.feasible ? '✔ FEASIBLE' : '✘ NOT FEASIBLE'}</span></header>`,
    `<p class="sub">${esc(`rmq-plan size ${ctx.file} · sized for ${basisSummary(result)}`)}</p>`,
  ];
  if (!result.feasible && result.infeasibility) {
    const why = result.infeasibility;
    body.push(
      `<section class="card"><h2>Why no plan meets every target</h2><ul class="failures">${why.reasons.map((r) => `<li>${esc(shortfallText(r))}</li>`).join('')}</ul>` +
        (why.suggestions.length > 0
          ? `<h3 style="margin-top:10px">What would make it feasible</h3><ul class="plain">${why.suggestions.map((s) => `<li>${esc(suggestionText(s))}</li>`).join('')}</ul>`
          : '') +
        '</section>',
    );
  }
  if (plan) {
    const cluster = clusterOf(plan);
    const runway = computeRunway(request, cluster, plan, DEFAULT_RUNWAY_MONTHS_BEYOND_HORIZON);
    const text = runwayText(runway);
    const preferred = result.alternatives.map((a) => ({ instanceType: a.plan.instanceType, disk: a.plan.disk.option }));
    const choices = costChoices(request, { instanceType: plan.instanceType, disk: plan.disk.option }, preferred);
    body.push(
      '<div class="facts">',
      fact(result.feasible ? 'Recommendation' : 'Closest plan', planTitle(plan), `${instanceSummary(plan.instanceType)}; ${haSummary(plan, ctx.workload)}`),
      fact('Disk per node', `${plan.disk.option.name} ${plan.disk.sizeGiB} GiB`, diskSummary(plan.disk)),
      fact('Monthly cost', `${usd(plan.cost.totalUsdPerMonth)}/month`, `${plan.instanceType.provider} ${plan.instanceType.region}, on-demand`),
      fact('Binding constraint', bindingSentence(plan.binding)),
      fact('Growth runway', runwayHeadline(runway).value, runwayHeadline(runway).detail),
      '</div>',
      plan.shortfalls.length > 0
        ? `<section class="card"><h2>It misses</h2><ul class="failures">${plan.shortfalls.map((s) => `<li>${esc(shortfallText(s))}</li>`).join('')}</ul></section>`
        : '',
      utilisationCard(plan),
      '<div class="grid2 charts">',
      costCard(costVsNodes(request, choices, plan.nodes), { instanceType: plan.instanceType.name, nodes: plan.nodes }, 'the recommended plan'),
      runwayCard(runwaySeries(request, cluster, plan, runway.searchedThroughMonth, runway.firstMiss?.month ?? null), text.text, text.ok, HALF_WIDTH),
      '</div>',
      latencyCard(latencyVsLoad(request, cluster), result.basis.horizonMonths),
      resourcesCard(plan),
      result.attribution ? attributionCard(result, result.attribution) : '',
      layoutCard(plan),
    );
  }
  if (result.alternatives.length > 0) {
    const rows = result.alternatives.map((a) => [
      esc(`${planTitle(a.plan)}, ${a.plan.disk.option.name} ${a.plan.disk.sizeGiB} GiB`),
      esc(usd(a.plan.cost.totalUsdPerMonth)),
      a.plan.feasible ? '<td class="ok">yes</td>' : '<td class="bad">no</td>',
      esc(whyNotText(a)),
    ]);
    body.push(
      `<section class="card"><h2>Alternatives considered</h2>${htmlTable(['Alternative', 'Per month', 'Meets targets', 'Why not chosen'], rows, [false, true, false, false])}</section>`,
    );
  }
  body.push(listCard('Warnings', result.warnings.map(warningText), 'warn'));
  return page(`rmq-plan size · ${name}`, body.filter((b) => b !== '').join('\n'));
}
