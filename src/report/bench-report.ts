/**
 * The HTML report of a bench run (`rmq-plan report --bench run.json`): the measured
 * latency-versus-load curves of the open-loop steps, one chart per configuration (p50 and p99
 * end to end against the delivered rate), and the maximum sustainable rates of the searches.
 */
import type { BenchRunResult, StepResult } from '../bench/types.js';
import { bytes, int, num } from '../render/format.js';
import { esc, fact, htmlTable, legend, page } from './html.js';
import { COLOURS, lineChart } from './svg.js';

const MICROS_PER_MS = 1000;

interface Curve {
  name: string;
  steps: StepResult[];
}

/** Open-loop steps grouped by the search they belong to (or their label before " @ "), in run order. */
export function benchCurves(run: BenchRunResult): Curve[] {
  const searches = new Map(run.searches.map((s) => [s.id, s.label]));
  const curves = new Map<string, Curve>();
  for (const step of run.steps) {
    if (step.kind !== 'open-loop') continue;
    const key = step.searchId ?? step.label.split(' @ ')[0]!;
    const name = (step.searchId ? searches.get(step.searchId) : undefined) ?? key;
    const curve = curves.get(key) ?? { name, steps: [] };
    curve.steps.push(step);
    curves.set(key, curve);
  }
  for (const c of curves.values()) c.steps.sort((a, b) => a.rates.consumeMsgPerSec - b.rates.consumeMsgPerSec);
  return [...curves.values()];
}

function configText(step: StepResult): string {
  const c = step.config;
  return `${c.queueType}${c.queueType === 'classic' ? (c.persistent ? ' persistent' : ' transient') : ''}, ${bytes(c.messageSizeBytes)}, ${c.queues} queue${c.queues === 1 ? '' : 's'}, ${c.publishers} pub / ${c.consumers} con${c.confirms ? `, confirms (window ${c.confirmWindow})` : ''}`;
}

function curveChart(curve: Curve, index: number): string {
  const point = (s: StepResult, micros: number, which: string) => ({
    x: s.rates.consumeMsgPerSec,
    y: micros / MICROS_PER_MS,
    label: `${s.label}: ${which} ${num(micros / MICROS_PER_MS)} ms at ${int(s.rates.consumeMsgPerSec)} msg/s delivered`,
    hollow: s.clientLimited || s.integrity.lost > 0,
  });
  const chart = lineChart({
    id: `bench-${index}`,
    title: `${curve.name}: measured end-to-end latency versus delivered rate`,
    xLabel: 'delivered msg/s',
    yLabel: 'latency, publish → delivery',
    series: [
      { name: 'p99', colour: COLOURS.limit, points: curve.steps.map((s) => point(s, s.latency.endToEnd.p99Micros, 'p99')) },
      { name: 'p50', colour: COLOURS.healthy, dashed: true, points: curve.steps.map((s) => point(s, s.latency.endToEnd.p50Micros, 'p50')) },
    ],
    xFormat: (v) => int(v),
    yFormat: (v) => `${num(v)} ms`,
    width: 520,
    height: 250,
  });
  const first = curve.steps[0];
  return `<div><h3>${esc(curve.name)}</h3>${chart}${first ? `<p class="note">${esc(configText(first))}</p>` : ''}</div>`;
}

export function benchReportHtml(run: BenchRunResult, source: string): string {
  const curves = benchCurves(run);
  const broker = run.broker;
  const body: string[] = [
    `<header><h1>RabbitMQ bench · ${esc(run.runId)}</h1><span class="badge ${run.status === 'complete' ? 'good' : 'bad'}">${esc(run.status)}</span></header>`,
    `<p class="sub">${esc(`${source} · ${run.startedAt} → ${run.finishedAt} · ${run.url}`)}</p>`,
    '<div class="facts">',
    fact('Broker', broker?.rabbitmqVersion ? `RabbitMQ ${broker.rabbitmqVersion}` : 'version unknown', broker ? `${broker.nodes.length} node(s), ${broker.local ? 'on this machine' : 'remote'}${broker.erlangVersion ? `, Erlang ${broker.erlangVersion}` : ''}` : 'no broker figures'),
    fact('Client', `${run.client.cores} cores`, `${run.client.cpuModel}; Node ${run.client.nodeVersion}; ${run.client.workers} publisher thread(s)`),
    fact('Steps', `${run.steps.length} steps, ${run.searches.length} searches`, `${curves.length} latency curve(s)`),
    '</div>',
  ];
  if (run.error) body.push(`<section class="card"><h2>Error</h2><p class="callout bad">${esc(run.error)}</p></section>`);
  if (curves.length > 0) {
    body.push(
      `<section class="card"><h2>Latency versus load (measured)</h2><div class="grid2">${curves.map(curveChart).join('\n')}</div>` +
        legend([
          { label: 'p99 end to end', color: COLOURS.limit },
          { label: 'p50 end to end', color: COLOURS.healthy, style: 'dash' },
          { label: 'client-limited step or messages lost', color: COLOURS.muted, style: 'ring' },
        ]) +
        '</section>',
    );
  } else {
    body.push('<section class="card"><h2>Latency versus load (measured)</h2><p class="note">This run has no open-loop steps (run the bench without --no-curve).</p></section>');
  }
  if (run.searches.length > 0) {
    const rows = run.searches.map((s) => [
      esc(s.label),
      esc(int(s.maxSustainedMsgPerSec)),
      esc(int(s.probeMsgPerSec)),
      String(s.trials.length),
      s.clientLimited ? '<td class="bad">yes</td>' : '<td>no</td>',
      s.budgetExhausted ? '<td class="bad">yes</td>' : '<td>no</td>',
    ]);
    body.push(
      `<section class="card"><h2>Maximum sustainable rates</h2>${htmlTable(['Configuration', 'Max sustained msg/s', 'Unpaced probe msg/s', 'Trials', 'Client-limited', 'Budget ran out'], rows, [false, true, true, true, false, false])}</section>`,
    );
  }
  const warnings = [...run.warnings, ...run.steps.flatMap((s) => s.warnings.map((w) => `${s.label}: ${w}`))];
  if (warnings.length > 0) body.push(`<section class="card"><h2>Warnings</h2><div class="callout warn"><ul class="plain">${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div></section>`);
  return page(`rmq-plan bench · ${run.runId}`, body.join('\n'));
}
