/** The text output of `rmq-plan fit` and `bench --profile-out`: a few lines per queue type (the JSON is the FitReport itself). */
import type { FitReport } from '../../profile/fit/report.js';
import { compact, percentOf } from '../../format/numbers.js';

function r2Text(v: number | null): string {
  return v === null ? 'n/a' : v.toFixed(3);
}

/** A few lines per queue type for the bench command's output (not JSON). */
export function renderFitReport(report: FitReport): string {
  const lines: string[] = [
    `Calibration fit of run ${report.runId} (RabbitMQ ${report.brokerVersion ?? 'unknown'}; unmeasured coefficients from ${report.baseProfile})`,
  ];
  for (const q of report.queueTypes) {
    const variant = q.persistent === null ? q.queueType : `${q.queueType} ${q.persistent ? 'persistent' : 'transient'}`;
    lines.push(`  ${variant}: ${q.steps} steps, ${q.searches} searches`);
    for (const [name, g] of [
      ['CPU', q.cpu],
      ['queue ceiling', q.ceiling],
      ['memory', q.memory],
      ['confirm floor', q.confirmFloor],
      ['what persistence adds', q.persistence],
      ['what a confirm costs', q.confirmCost],
      ['what an ack costs', q.ackCost],
      ['latency tail', q.latencyTail],
      ['queue wait variability', q.queueWait],
      ['prefetch loop', q.turnaround],
      ['follower cost', q.followers],
    ] as const) {
      if (g.status === 'fitted') {
        const coeffs = Object.entries(g.coefficients)
          .map(([k, v]) => `${k} ${compact(v, 100)}`)
          .join(', ');
        lines.push(`    ${name}: R² ${r2Text(g.r2)}, ${g.points} points, rms residual ${percentOf(g.rmsResidualPercent, '–')}${coeffs ? `: ${coeffs}` : ''}`);
      } else {
        lines.push(`    ${name}: not measured (${g.notes[0] ?? 'no data'})`);
      }
      for (const n of g.status === 'fitted' ? g.notes : []) lines.push(`      note: ${n}`);
    }
  }
  lines.push(
    `  fsync/commit floor: ${report.fsyncLatencyMs.value === null ? 'not measured' : `${report.fsyncLatencyMs.value.toFixed(2)} ms`} (${report.fsyncLatencyMs.from})`,
  );
  const m = report.messagesPerFsync;
  lines.push(
    `  messagesPerFsyncPerChannel: ${m.status === 'fitted' ? compact(m.coefficients.messagesPerFsyncPerChannel ?? NaN, 100) : `kept (${m.notes[0] ?? ''})`}`,
  );
  for (const n of report.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}
