/**
 * The failover report as text for a terminal or a ticket.
 */
import { formatSeconds } from '../../failover/duration.js';
import type { FailoverReport, PhaseRates } from '../../failover/report.js';

const ms = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${(v / 1000).toFixed(1)} s`);
const rate = (v: number | null) => (v === null ? 'n/a' : v.toFixed(0));
const micros = (v: number) => (v >= 1_000_000 ? `${(v / 1_000_000).toFixed(2)} s` : `${(v / 1000).toFixed(1)} ms`);

function phase(label: string, r: PhaseRates): string {
  return `  ${label.padEnd(28)} ${rate(r.confirmsPerSec).padStart(7)} ${rate(r.deliveriesPerSec).padStart(12)}`;
}

export function renderFailover(r: FailoverReport): string {
  const out: string[] = [];
  const s = r.settings;
  const kind = r.queueType === 'classic' ? `classic (${r.persistent ? 'durable, persistent messages' : 'transient'})` : 'quorum';
  out.push(
    `Failover run ${r.runId}${r.status === 'interrupted' ? ' (INTERRUPTED)' : ''}: ${r.queues.length} ${kind} ${r.queues.length === 1 ? 'queue' : 'queues'}, ` +
      `${s.rateMsgPerSec} msg/s of ${s.messageSizeBytes} B, confirm window ${s.confirmWindow}, prefetch ${s.prefetch}, ${ms(s.durationMs)}` +
      `${r.rabbitmqVersion ? ` (RabbitMQ ${r.rabbitmqVersion})` : ''}`,
  );
  out.push(`  nodes: ${r.urls.map((u, i) => `${i + 1}=${r.urlNodes[i] ?? '?'} (${u})`).join(', ')}`);
  if (r.kill) {
    out.push(
      `  killed:    ${r.kill.node ?? '?'} (${r.kill.reason}) at ${ms(r.kill.atMs)}: \`${r.kill.command}\` → exit ${r.kill.exitCode ?? 'abnormal'} in ${ms(r.kill.durationMs)}`,
    );
  }
  if (r.restart) {
    out.push(`  restarted: at ${ms(r.restart.atMs)}: \`${r.restart.command}\` → exit ${r.restart.exitCode ?? 'abnormal'} in ${ms(r.restart.durationMs)}`);
  }
  for (const q of r.availability.perQueue) {
    out.push(
      `  ${q.queue}: leader ${q.leaderBefore ?? '?'} → ${q.leaderAfter ?? '?'}; no confirms for ${formatSeconds(q.publishGap.longestMs)}, no deliveries for ${formatSeconds(q.deliverGap.longestMs)}`,
    );
  }
  out.push('');
  out.push(`Rates                          confirms/s  deliveries/s`);
  out.push(phase(`healthy (0–${ms(r.kill?.atMs ?? s.durationMs)})`, r.rates.healthy));
  if (r.degradedWindowMs) out.push(phase(`node down (${ms(r.degradedWindowMs.fromMs)}–${ms(r.degradedWindowMs.toMs)})`, r.rates.degraded));
  if (r.rates.recovered.confirmsPerSec !== null) out.push(phase(`node back (${ms(r.degradedWindowMs?.toMs)}–${ms(s.durationMs)})`, r.rates.recovered));
  out.push('');
  const m = r.messages;
  out.push('Messages');
  out.push(
    `  published ${m.published} (${m.publishAttempts} sends: ${m.republished} re-published; ${m.nacked} nacked, ${m.returned} returned, ${m.lostInFlight} confirms lost with a connection)`,
  );
  out.push(`  confirmed ${m.confirmed}, received ${m.received}, duplicated ${m.duplicated}, reordered ${m.reordered}, redelivered ${m.redelivered}`);
  out.push(`  confirmed but lost: ${m.confirmedLost}; never confirmed: ${m.unconfirmed}; not offered while unable to send: ${m.notOffered}`);
  const l = r.endToEndLatency;
  if (l.count > 0) out.push(`  end-to-end latency from first send: p50 ${micros(l.p50Micros)}, p99 ${micros(l.p99Micros)}, max ${micros(l.maxMicros)}`);
  out.push(
    `  client connections opened: ${r.clients.publisherConnects} publisher, ${r.clients.consumerConnects} consumer${r.drained ? '' : '; NOT fully drained when the run ended'}`,
  );
  out.push('');
  out.push(`Verdict: ${r.verdict.ok ? 'OK' : 'FAILED'}`);
  for (const line of r.verdict.lines) out.push(`  - ${line}`);
  return `${out.join('\n')}\n`;
}
