/**
 * The failover report as text for a terminal or a ticket.
 */
import { formatSeconds } from '../../failover/duration.js';
import type { FailoverReport, PhaseRates } from '../../failover/report.js';
import { fixedOr, microsDuration, secondsFromMs } from '../../format/numbers.js';

function phase(label: string, r: PhaseRates): string {
  return `  ${label.padEnd(28)} ${fixedOr(r.confirmsPerSec, 0, 'n/a').padStart(7)} ${fixedOr(r.deliveriesPerSec, 0, 'n/a').padStart(12)}`;
}

export function renderFailover(r: FailoverReport): string {
  const out: string[] = [];
  const s = r.settings;
  const kind = r.queueType === 'classic' ? `classic (${r.persistent ? 'durable, persistent messages' : 'transient'})` : 'quorum';
  out.push(
    `Failover run ${r.runId}${r.status === 'interrupted' ? ' (INTERRUPTED)' : ''}: ${r.queues.length} ${kind} ${r.queues.length === 1 ? 'queue' : 'queues'}, ` +
      `${s.rateMsgPerSec} msg/s of ${s.messageSizeBytes} B, confirm window ${s.confirmWindow}, prefetch ${s.prefetch}, ${secondsFromMs(s.durationMs)}` +
      `${r.rabbitmqVersion ? ` (RabbitMQ ${r.rabbitmqVersion})` : ''}`,
  );
  out.push(`  nodes: ${r.urls.map((u, i) => `${i + 1}=${r.urlNodes[i] ?? '?'} (${u})`).join(', ')}`);
  if (r.kill) {
    out.push(
      `  killed:    ${r.kill.node ?? '?'} (${r.kill.reason}) at ${secondsFromMs(r.kill.atMs)}: \`${r.kill.command}\` → exit ${r.kill.exitCode ?? 'abnormal'} in ${secondsFromMs(r.kill.durationMs)}`,
    );
  }
  if (r.restart) {
    out.push(
      `  restarted: at ${secondsFromMs(r.restart.atMs)}: \`${r.restart.command}\` → exit ${r.restart.exitCode ?? 'abnormal'} in ${secondsFromMs(r.restart.durationMs)}`,
    );
  }
  for (const q of r.availability.perQueue) {
    out.push(
      `  ${q.queue}: leader ${q.leaderBefore ?? '?'} → ${q.leaderAfter ?? '?'}; no confirms for ${formatSeconds(q.publishGap.longestMs)}, no deliveries for ${formatSeconds(q.deliverGap.longestMs)}`,
    );
  }
  out.push('');
  out.push(`Rates                          confirms/s  deliveries/s`);
  out.push(phase(`healthy (0–${secondsFromMs(r.kill?.atMs ?? s.durationMs)})`, r.rates.healthy));
  if (r.degradedWindowMs)
    out.push(phase(`node down (${secondsFromMs(r.degradedWindowMs.fromMs)}–${secondsFromMs(r.degradedWindowMs.toMs)})`, r.rates.degraded));
  if (r.rates.recovered.confirmsPerSec !== null)
    out.push(phase(`node back (${secondsFromMs(r.degradedWindowMs?.toMs)}–${secondsFromMs(s.durationMs)})`, r.rates.recovered));
  out.push('');
  const m = r.messages;
  out.push('Messages');
  out.push(
    `  published ${m.published} (${m.publishAttempts} sends: ${m.republished} re-published; ${m.nacked} nacked, ${m.returned} returned, ${m.lostInFlight} confirms lost with a connection)`,
  );
  out.push(`  confirmed ${m.confirmed}, received ${m.received}, duplicated ${m.duplicated}, reordered ${m.reordered}, redelivered ${m.redelivered}`);
  out.push(`  confirmed but lost: ${m.confirmedLost}; never confirmed: ${m.unconfirmed}; not offered while unable to send: ${m.notOffered}`);
  const l = r.endToEndLatency;
  if (l.count > 0)
    out.push(
      `  end-to-end latency from first send: p50 ${microsDuration(l.p50Micros)}, p99 ${microsDuration(l.p99Micros)}, max ${microsDuration(l.maxMicros)}`,
    );
  out.push(
    `  client connections opened: ${r.clients.publisherConnects} publisher, ${r.clients.consumerConnects} consumer${r.drained ? '' : '; NOT fully drained when the run ended'}`,
  );
  out.push('');
  out.push(`Verdict: ${r.verdict.ok ? 'OK' : 'FAILED'}`);
  for (const line of r.verdict.lines) out.push(`  - ${line}`);
  return `${out.join('\n')}\n`;
}
