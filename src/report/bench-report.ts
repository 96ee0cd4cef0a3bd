/**
 * The HTML report of a bench run (`rmq-plan report --bench run.json`): per configuration with
 * open-loop steps, the measured p50 and p99 end-to-end latency against the delivered rate next to
 * the model's p99 for the same single-node setup (validate/bench-machine.ts) under a calibration profile
 * (fitted from the run, or given), and the maximum sustainable rates of the searches.
 */
import type { BenchRunResult, StepResult } from '../bench/types.js';
import { bytes, int, num } from '../format/numbers.js';
import type { Profile } from '../schema/profile.js';
import {
  benchMachine,
  benchSetup,
  clientCoresLine,
  modelCurve,
  modelP99Ms,
  modelSaturation,
  type BenchMachine,
  type Saturation,
} from '../validate/bench-machine.js';
import { esc, fact, htmlTable, legend, page, type LegendItem } from './html.js';
import { COLOURS, lineChart, type LineSeries, type ReferenceLine } from './svg.js';

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

/** The profile the model curve uses, and how it was chosen (said in the report). */
export interface BenchCalibration {
  profile: Profile;
  /** e.g. "fitted from this run (coefficients it did not measure from \"published\")". */
  how: string;
}

/** Colour of the model's curve. */
const MODEL_COLOUR = '#7c3aed';
/** Model points per curve: enough for a smooth line up to saturation. */
const MODEL_POINTS = 40;
/** The model's curve stops this close to its saturation rate, where its p99 goes to infinity. */
const MODEL_SATURATION_SHARE = 0.98;
/** Room above the highest measured rate (and p99) on the axes. */
const AXIS_HEADROOM = 1.1;
/** The model's saturation is drawn when it lies within this multiple of the highest measured rate. */
const MAX_SATURATION_SHOWN = 2;
/** The y axis ends this far above the highest measured latency (or the model's at the lowest measured rate). */
const Y_HEADROOM = 1.3;
const MODEL_POINT_RADIUS = 1.6;
/** Two maxima closer than this share of the axis are drawn as one line. */
const SAME_RATE_SHARE = 0.005;

const SATURATION_WORDS: Record<Saturation, string> = {
  queue: 'the queue process reaches its ceiling',
  cpu: "the broker's CPU is fully busy",
  wal: "the node's quorum WAL is fully busy (one process writes and fsyncs every copy)",
  consumers: 'the consumers are fully busy',
  window: "the publishers' confirm windows are full (Little's law: window ÷ confirm latency)",
  prefetch: "the consumers' prefetch slots are all in use (Little's law: prefetch ÷ the slot's turnaround)",
};

interface ModelView {
  calibration: BenchCalibration;
  machine: BenchMachine;
}

function curveChart(curve: Curve, index: number, run: BenchRunResult, model: ModelView | null): string {
  const point = (s: StepResult, micros: number, which: string) => ({
    x: s.rates.consumeMsgPerSec,
    y: micros / MICROS_PER_MS,
    label: `${s.label}: ${which} ${num(micros / MICROS_PER_MS)} ms at ${int(s.rates.consumeMsgPerSec)} msg/s delivered`,
    hollow: s.clientLimited || s.integrity.lost > 0,
  });
  const first = curve.steps[0]!;
  const search = run.searches.find((s) => s.id === first.searchId) ?? null;
  const measuredMax = search !== null && search.maxSustainedMsgPerSec > 0 ? search.maxSustainedMsgPerSec : null;
  const topRate = Math.max(...curve.steps.map((s) => s.rates.consumeMsgPerSec), measuredMax ?? 0);
  const measuredTopMs = Math.max(...curve.steps.map((s) => s.latency.endToEnd.p99Micros / MICROS_PER_MS));
  const series: LineSeries[] = [
    { name: 'p99', colour: COLOURS.limit, points: curve.steps.map((s) => point(s, s.latency.endToEnd.p99Micros, 'p99')) },
    { name: 'p50', colour: COLOURS.healthy, dashed: true, points: curve.steps.map((s) => point(s, s.latency.endToEnd.p50Micros, 'p50')) },
  ];
  const references: ReferenceLine[] = [];
  const notes: string[] = [configText(first)];
  let xMax = topRate * AXIS_HEADROOM;
  let yMax = measuredTopMs * Y_HEADROOM;
  if (model) {
    // A load generator on the broker's machine takes cores from it, more the more it sends: the
    // model is evaluated at each rate with the client's cores there (as `validate` does per step).
    const clientCores = clientCoresLine(curve.steps, run.broker?.local === true);
    const setupAt = (msgPerSec: number) => benchSetup(model.calibration.profile, { ...model.machine, clientCores: clientCores(msgPerSec) }, first.config);
    const saturation = modelSaturation(setupAt(topRate));
    const shown = saturation.msgPerSec <= topRate * MAX_SATURATION_SHOWN;
    if (shown) xMax = Math.max(xMax, saturation.msgPerSec * AXIS_HEADROOM);
    // The axis fits the measured points and the model at the lowest measured rate (so that a model
    // above every measurement still shows); where the model climbs past the top it leaves the chart.
    const lowest = Math.min(...curve.steps.map((s) => s.rates.consumeMsgPerSec));
    const atLowest = modelP99Ms(setupAt(lowest), lowest);
    if (Number.isFinite(atLowest)) yMax = Math.max(yMax, atLowest * Y_HEADROOM);
    const upTo = Math.min(xMax, saturation.msgPerSec * MODEL_SATURATION_SHARE);
    const points = modelCurve(setupAt, upTo, MODEL_POINTS).filter((p) => Number.isFinite(p.p99Ms) && p.p99Ms <= yMax);
    series.unshift({
      name: 'model p99',
      colour: MODEL_COLOUR,
      pointRadius: MODEL_POINT_RADIUS,
      points: points.map((p) => ({ x: p.msgPerSec, y: p.p99Ms, label: `model p99 ${num(p.p99Ms)} ms at ${int(p.msgPerSec)} msg/s` })),
    });
    const same = measuredMax !== null && Math.abs(saturation.msgPerSec - measuredMax) <= xMax * SAME_RATE_SHARE;
    if (shown && !same)
      references.push({ axis: 'x', value: saturation.msgPerSec, label: `model max ${int(saturation.msgPerSec)}/s`, colour: MODEL_COLOUR, labelAtTop: true });
    notes.push(
      `Model: saturates at ${int(saturation.msgPerSec)} msg/s, where ${SATURATION_WORDS[saturation.by]}${shown ? '' : ' (off the chart)'}${same ? ', as measured' : ''}.`,
    );
  }
  if (measuredMax !== null)
    references.push({ axis: 'x', value: measuredMax, label: `measured max ${int(measuredMax)}/s`, colour: COLOURS.muted, labelAtTop: true });
  const chart = lineChart({
    id: `bench-${index}`,
    title: `${curve.name}: end-to-end latency versus delivered rate, measured${model ? ' and modelled' : ''}`,
    xLabel: 'delivered msg/s',
    yLabel: 'latency, publish → delivery',
    series,
    references,
    xFormat: (v) => int(v),
    yFormat: (v) => `${num(v)} ms`,
    xDomain: [0, xMax],
    yDomain: [0, yMax],
    width: 520,
    height: 250,
  });
  return `<div><h3>${esc(curve.name)}</h3>${chart}${notes.map((n) => `<p class="note">${esc(n)}</p>`).join('')}</div>`;
}

/** One sentence on what the model curves assume. */
function modelCaption(run: BenchRunResult, model: ModelView | null, missing: string | null, curves: Curve[]): string {
  if (!model) return `The model's curve is not drawn: ${missing ?? 'no calibration profile'}.`;
  const m = model.machine;
  const quorum = curves.some((c) => c.steps[0]?.config.queueType === 'quorum');
  const parts = [
    `Model (docs/model.md, "Latency"): profile "${model.calibration.profile.name}", ${model.calibration.how}`,
    `one node of ${num(m.brokerCores)} cores (${m.coresFrom})`,
    ...(quorum ? [`fsync ${num(m.fsyncMs)} ms (${m.fsyncFrom})`] : []),
    `client round trip ${num(m.rttMs)} ms (${m.rttFrom})`,
  ];
  const nodes = run.broker?.nodes.length ?? 1;
  return `${parts.join('; ')}.${nodes > 1 ? ` The broker had ${nodes} nodes; the model assumes one, without replication.` : ''}`;
}

export function benchReportHtml(run: BenchRunResult, source: string, calibration?: BenchCalibration): string {
  const curves = benchCurves(run);
  const broker = run.broker;
  const machine = calibration ? benchMachine(run, calibration.profile) : null;
  const model: ModelView | null = calibration && machine && !('missing' in machine) ? { calibration, machine } : null;
  const missing = machine && 'missing' in machine ? machine.missing : null;
  const body: string[] = [
    `<header><h1>RabbitMQ bench · ${esc(run.runId)}</h1><span class="badge ${run.status === 'complete' ? 'good' : 'bad'}">${esc(run.status)}</span></header>`,
    `<p class="sub">${esc(`${source} · ${run.startedAt} → ${run.finishedAt} · ${run.url}`)}</p>`,
    '<div class="facts">',
    fact(
      'Broker',
      broker?.rabbitmqVersion ? `RabbitMQ ${broker.rabbitmqVersion}` : 'version unknown',
      broker
        ? `${broker.nodes.length} node(s), ${broker.local ? 'on this machine' : 'remote'}${broker.erlangVersion ? `, Erlang ${broker.erlangVersion}` : ''}`
        : 'no broker figures',
    ),
    fact('Client', `${run.client.cores} cores`, `${run.client.cpuModel}; Node ${run.client.nodeVersion}; ${run.client.workers} publisher thread(s)`),
    fact('Steps', `${run.steps.length} steps, ${run.searches.length} searches`, `${curves.length} latency curve(s)`),
    ...(calibration ? [fact('Model profile', calibration.profile.name, calibration.how)] : []),
    '</div>',
  ];
  if (run.error) body.push(`<section class="card"><h2>Error</h2><p class="callout bad">${esc(run.error)}</p></section>`);
  if (curves.length > 0) {
    const items: LegendItem[] = [
      ...(model ? [{ label: `model p99 (${model.calibration.profile.name})`, color: MODEL_COLOUR }] : []),
      { label: 'measured p99 end to end', color: COLOURS.limit },
      { label: 'measured p50 end to end', color: COLOURS.healthy, style: 'dash' as const },
      { label: 'client-limited step or messages lost', color: COLOURS.muted, style: 'ring' as const },
    ];
    body.push(
      `<section class="card"><h2>Latency versus load: measured${model ? ' and modelled' : ''}</h2><div class="grid2">${curves.map((c, i) => curveChart(c, i, run, model)).join('\n')}</div>` +
        legend(items) +
        `<p class="note">${esc(modelCaption(run, model, missing, curves))}</p>` +
        '</section>',
    );
  } else {
    body.push(
      '<section class="card"><h2>Latency versus load</h2><p class="note">This run has no open-loop steps (run the bench without --no-curve).</p></section>',
    );
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
  if (warnings.length > 0)
    body.push(
      `<section class="card"><h2>Warnings</h2><div class="callout warn"><ul class="plain">${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div></section>`,
    );
  return page(`rmq-plan bench · ${run.runId}`, body.join('\n'));
}
