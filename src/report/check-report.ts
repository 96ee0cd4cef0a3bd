/**
 * The HTML report of `rmq-plan check --report`: verdict and failures first, the four model
 * charts (utilisation per node, cost vs node count, growth runway, latency vs load), then the
 * tables.
 */
import { checkedAt, clusterTitle, costText, runwayHeadline, runwayText, verdictSummary } from '../render/check-phrases.js';
import type { CheckSource } from '../render/table/check.js';
import type { CheckResult } from '../check/types.js';
import { bindingSentence, diskSummary, haSummary, instanceSummary } from '../render/phrases.js';
import { esc, fact, page } from './html.js';
import { costChoices, costVsNodes, diskOptionOf, latencyVsLoad, runwaySeries } from './model-series.js';
import { costCard, HALF_WIDTH, latencyCard, layoutCard, listCard, resourcesCard, runwayCard, utilisationCard } from './sections.js';
import { shortfallText } from '../render/findings.js';
import { checkWarningTexts } from '../render/warnings.js';

export function checkReportHtml(result: CheckResult, source: CheckSource): string {
  const plan = result.plan;
  const name = result.request.workload.name ?? source.workloadFile;
  const pass = result.verdict === 'pass';
  const runway = runwayText(result.runway);
  const own = { instanceType: plan.instanceType, disk: diskOptionOf(result.cluster.disk) };
  const choices = result.syntheticInstance ? [own] : costChoices(result.request, own);
  const body = [
    `<header><h1>RabbitMQ cluster check · ${esc(name)}</h1><span class="badge ${pass ? 'good' : 'bad'}">${pass ? '✔ PASS' : '✘ FAIL'}</span></header>`,
    `<p class="sub">${esc(`${clusterTitle(plan)} · ${verdictSummary(result)} · checked at ${checkedAt(result)} · workload ${source.workloadFile}${source.clusterFile ? ` · cluster ${source.clusterFile}` : ''}`)}</p>`,
    '<div class="facts">',
    fact('Cluster', `${plan.nodes} × ${plan.instanceType.name}`, `${instanceSummary(plan.instanceType)}; ${haSummary(plan, result.request.workload)}`),
    fact('Disk per node', `${plan.disk.option.name} ${plan.disk.sizeGiB} GiB`, diskSummary(plan.disk)),
    fact('Monthly cost', costText(result), `${plan.instanceType.provider} ${plan.instanceType.region}, on-demand`),
    fact('Binding constraint', bindingSentence(plan.binding)),
    fact('Growth runway', runwayHeadline(result.runway).value, runwayHeadline(result.runway).detail),
    '</div>',
    result.failures.length > 0
      ? `<section class="card"><h2>Failures</h2><ul class="failures">${result.failures.map((f) => `<li>${esc(shortfallText(f))}</li>`).join('')}</ul></section>`
      : '',
    utilisationCard(plan),
    '<div class="grid2 charts">',
    costCard(costVsNodes(result.request, choices, plan.nodes), { instanceType: plan.instanceType.name, nodes: plan.nodes }, 'the cluster checked'),
    runwayCard(
      runwaySeries(result.request, result.cluster, plan, result.runway.searchedThroughMonth, result.runway.firstMiss?.month ?? null),
      runway.text,
      runway.ok,
      HALF_WIDTH,
    ),
    '</div>',
    latencyCard(latencyVsLoad(result.request, result.cluster), result.runway.horizonMonths),
    resourcesCard(plan),
    layoutCard(plan),
    listCard('Inputs', result.notes, 'plain'),
    listCard('Warnings', checkWarningTexts(result), 'warn'),
  ];
  return page(`rmq-plan check · ${name}`, body.filter((b) => b !== '').join('\n'));
}
