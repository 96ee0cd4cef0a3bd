/**
 * The partition report as text for a terminal or a ticket.
 */
import { formatSeconds } from '../../failover/duration.js';
import type { PartitionReport, PartitionSide } from '../../failover/partition-report.js';
import type { PhaseRates } from '../../failover/report.js';
import { fixedOr, microsDuration, secondsFromMs } from '../../format/numbers.js';

function rates(label: string, r: PhaseRates): string {
  return `    ${label.padEnd(26)} ${fixedOr(r.confirmsPerSec, 0, 'n/a').padStart(7)} ${fixedOr(r.deliveriesPerSec, 0, 'n/a').padStart(12)}`;
}

function side(name: string, s: PartitionSide, r: PartitionReport): string[] {
  const m = s.messages;
  const cutFrom = r.partition === null ? null : r.partition.atMs + r.partition.durationMs;
  const out = [
    `${name} side (clients on ${s.nodes.map((n, i) => `${s.urlIndexes[i]}=${n ?? '?'}`).join(', ')})`,
    `    published ${m.published} (${m.publishAttempts} sends, ${m.republished} re-published; ${m.nacked} nacked), confirmed ${m.confirmed}, lost after confirm ${m.confirmedLost}, never confirmed ${m.unconfirmed}, duplicated ${m.duplicated}`,
    `    during the partition: ${s.duringPartition.confirms} confirms, ${s.duringPartition.nacks} nacks, ${s.duringPartition.deliveries} deliveries; longest silence: confirms ${formatSeconds(s.publishGap.longestMs)}, deliveries ${formatSeconds(s.deliverGap.longestMs)}`,
    `    first confirm after the heal began: ${secondsFromMs(s.firstConfirmAfterHealMs)}; connections opened: ${s.connects.publisher} publisher, ${s.connects.consumer} consumer`,
    `    rates                      confirms/s  deliveries/s`,
    rates(`before (0–${secondsFromMs(r.partition?.atMs ?? r.settings.durationMs)})`, s.rates.before),
  ];
  if (cutFrom !== null) out.push(rates(`partitioned (${secondsFromMs(cutFrom)}–${secondsFromMs(r.heal?.atMs ?? r.settings.durationMs)})`, s.rates.partitioned));
  if (r.heal !== null) out.push(rates(`healed (${secondsFromMs(r.heal.atMs)}–${secondsFromMs(r.settings.durationMs)})`, s.rates.healed));
  return out;
}

export function renderPartition(r: PartitionReport): string {
  const out: string[] = [];
  const st = r.settings;
  out.push(
    `Partition run ${r.runId}${r.status === 'interrupted' ? ' (INTERRUPTED)' : ''}: quorum queue ${r.queue}, ${st.rateMsgPerSecPerSide} msg/s of ${st.messageSizeBytes} B per side, ` +
      `confirm window ${st.confirmWindow}, prefetch ${st.prefetch}, ${secondsFromMs(st.durationMs)}${r.rabbitmqVersion ? ` (RabbitMQ ${r.rabbitmqVersion})` : ''}`,
  );
  out.push(`  nodes: ${r.urls.map((u, i) => `${i + 1}=${r.urlNodes[i] ?? '?'} (${u})`).join(', ')}`);
  if (r.partition !== null) {
    out.push(
      `  isolated: ${r.isolated?.node ?? '?'} (${r.isolated?.reason ?? ''}) at ${secondsFromMs(r.partition.atMs)}: \`${r.partition.command}\` → exit ${r.partition.exitCode ?? 'abnormal'} in ${secondsFromMs(r.partition.durationMs)}`,
    );
  }
  if (r.heal !== null)
    out.push(
      `  healed:   at ${secondsFromMs(r.heal.atMs)}${r.cleanup.healedOnExit ? ' (on exit)' : ''}: \`${r.heal.command}\` → exit ${r.heal.exitCode ?? 'abnormal'} in ${secondsFromMs(r.heal.durationMs)}`,
    );
  out.push(
    `  leader: ${r.leader.before ?? '?'} → ${r.leader.duringPartition ?? '?'} during the partition (majority's view${r.leader.electedAfterMs === null ? '' : `, reported ${secondsFromMs(r.leader.electedAfterMs)} after the cut`}) → ${r.leader.after ?? '?'} after`,
  );
  out.push('');
  out.push(...side('Majority', r.majority, r));
  out.push('');
  out.push(...side('Minority', r.minority, r));
  out.push('');
  const m = r.messages;
  out.push(
    `Both sides: confirmed ${m.confirmed}, received ${m.received}, confirmed but lost ${m.confirmedLost}, duplicated ${m.duplicated}, reordered ${m.reordered}, redelivered ${m.redelivered}`,
  );
  const l = r.endToEndLatency;
  if (l.count > 0)
    out.push(
      `  end-to-end latency from first send: p50 ${microsDuration(l.p50Micros)}, p99 ${microsDuration(l.p99Micros)}, max ${microsDuration(l.maxMicros)}${r.drained ? '' : '; NOT fully drained when the run ended'}`,
    );
  out.push('');
  out.push(`Verdict: ${r.verdict.ok ? 'OK' : 'FAILED'}`);
  for (const line of r.verdict.lines) out.push(`  - ${line}`);
  return `${out.join('\n')}\n`;
}
