/**
 * What `rmq-plan bench` shows: a progress bar on a terminal (step, rate, elapsed) or plain lines
 * otherwise, then a table of steps and the maximum rates found. `--json` shows none of this.
 */
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import type { BenchEvent } from '../../bench/run-bench.js';
import type { BenchRunResult, LatencySummary, StepResult } from '../../bench/types.js';
import { fixedOr, int, msFromMicros } from '../../format/numbers.js';

function latencyCell(l: LatencySummary | null): string {
  if (l === null) return '–';
  if (l.count === 0) return 'no samples';
  return `${msFromMicros(l.p50Micros)} / ${msFromMicros(l.p95Micros)} / ${msFromMicros(l.p99Micros)} / ${msFromMicros(l.p999Micros)}`;
}

export function stepLine(s: StepResult): string {
  const target = s.rates.targetMsgPerSec === null ? 'max' : `${int(s.rates.targetMsgPerSec)}/s`;
  const verdict = s.sustained === null ? '' : s.sustained ? ' sustained' : ' not sustained';
  const integrity = `lost ${s.integrity.lost}, dup ${s.integrity.duplicated}, reordered ${s.integrity.reordered}`;
  return (
    `step ${s.index} ${s.label}: target ${target}, published ${int(s.rates.publishMsgPerSec)}/s, ` +
    `consumed ${int(s.rates.consumeMsgPerSec)}/s, e2e p99 ${msFromMicros(s.latency.endToEnd.p99Micros)} ms, ` +
    `client ${fixedOr(s.cpu.clientCores, 2, '–')} cores, broker ${fixedOr(s.cpu.brokerCoresMeasured ?? s.cpu.brokerCoresEstimate, 2, '–')} cores, ${integrity}${verdict}`
  );
}

export function renderSteps(r: BenchRunResult): string {
  const table = new Table({
    head: [
      '#',
      'step',
      'target/s',
      'pub/s',
      'cons/s',
      'e2e ms p50/95/99/99.9',
      'confirm ms p50/95/99/99.9',
      'client cores',
      'broker cores',
      'lost/dup/reord',
      '',
    ],
    style: { head: [], border: [] },
  });
  for (const s of r.steps) {
    const flags = [s.sustained === true ? 'ok' : s.sustained === false ? 'x' : '', s.clientLimited ? 'client-limited' : ''].filter((x) => x !== '').join(' ');
    table.push([
      String(s.index),
      s.label,
      s.rates.targetMsgPerSec === null ? 'max' : int(s.rates.targetMsgPerSec),
      int(s.rates.publishMsgPerSec),
      int(s.rates.consumeMsgPerSec),
      latencyCell(s.latency.endToEnd),
      latencyCell(s.latency.confirm),
      fixedOr(s.cpu.clientCores, 2, '–'),
      s.cpu.brokerCoresMeasured !== null
        ? fixedOr(s.cpu.brokerCoresMeasured, 2, '–')
        : s.cpu.brokerCoresEstimate !== null
          ? `~${fixedOr(s.cpu.brokerCoresEstimate, 2, '–')}`
          : '–',
      `${s.integrity.lost}/${s.integrity.duplicated}/${s.integrity.reordered}`,
      flags,
    ]);
  }
  return table.toString();
}

export function renderSummary(r: BenchRunResult): string {
  const lines: string[] = [];
  const b = r.broker;
  if (b !== null) {
    const node = b.nodes[0];
    lines.push(
      `broker ${r.url}: RabbitMQ ${b.rabbitmqVersion ?? '?'} on Erlang ${b.erlangVersion ?? '?'}, ${b.nodes.length || '?'} node(s)` +
        (node?.processors ? `, ${node.processors} cores per node` : '') +
        (b.local ? ' (same machine as the client)' : ''),
    );
  }
  lines.push(`run ${r.runId}: ${r.status}, ${r.steps.length} step(s), client ${r.client.cores} cores, ${r.client.workers} publisher thread(s)`);
  for (const s of r.searches) {
    const at = r.steps.find((st) => st.searchId === s.id && st.rates.targetMsgPerSec === s.maxSustainedMsgPerSec && st.sustained === true);
    const cpu = at
      ? ` (client ${fixedOr(at.cpu.clientCores, 2, '–')} cores = ${Math.round(at.cpu.clientCores * 100)} % of one core, broker ${fixedOr(at.cpu.brokerCoresMeasured ?? at.cpu.brokerCoresEstimate, 2, '–')} cores)`
      : '';
    lines.push(
      `max sustained ${s.label}: ${int(s.maxSustainedMsgPerSec)} msg/s${cpu}; unpaced probe ${int(s.probeMsgPerSec)} msg/s` +
        (s.clientLimited ? ' [client-limited]' : '') +
        (s.budgetExhausted ? ' [search budget reached]' : ''),
    );
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  if (r.cleanup.queuesLeft.length > 0) lines.push(`queues left: ${r.cleanup.queuesLeft.join(', ')}`);
  else lines.push(`cleanup: ${r.cleanup.queuesDeleted} queue(s) deleted, none left`);
  return `${lines.join('\n')}\n`;
}

export interface ProgressReporter {
  onEvent(e: BenchEvent): void;
  stop(): void;
}

/** Plain lines (not a terminal): one when a step starts, one when it ends, warnings. */
export function lineProgress(write: (text: string) => void): ProgressReporter {
  let current = -1;
  return {
    onEvent(e) {
      if (e.type === 'start') write(`bench run ${e.runId} against ${e.url}\n`);
      else if (e.type === 'progress' && e.progress.phase === 'setup' && e.progress.index !== current) {
        current = e.progress.index;
        write(`step ${e.progress.index} ${e.progress.label} … (${Math.round(e.elapsedSeconds)} s of ${e.budgetSeconds} s)\n`);
      } else if (e.type === 'step') write(`${stepLine(e.step)}\n`);
      else if (e.type === 'warning') write(`warning: ${e.message}\n`);
    },
    stop() {},
  };
}

/** A progress bar on stderr: elapsed time against the --total-time budget, step, phase and rates. */
export function barProgress(stream: NodeJS.WritableStream): ProgressReporter {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: '{bar} {elapsed}/{budget} s | step {step} {label} | {phase} | pub {pub}/s cons {cons}/s',
      hideCursor: true,
      clearOnComplete: true,
      barsize: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  return {
    onEvent(e) {
      if (e.type === 'progress') {
        const payload = {
          elapsed: Math.round(e.elapsedSeconds),
          budget: e.budgetSeconds,
          step: e.progress.index,
          label: e.progress.label,
          phase: e.progress.phase,
          pub: int(e.progress.publishMsgPerSec),
          cons: int(e.progress.consumeMsgPerSec),
        };
        if (bar === null) bar = multi.create(e.budgetSeconds, 0, payload);
        bar.update(Math.min(e.budgetSeconds, e.elapsedSeconds), payload);
      } else if (e.type === 'step') multi.log(`${stepLine(e.step)}\n`);
      else if (e.type === 'warning') multi.log(`warning: ${e.message}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}
