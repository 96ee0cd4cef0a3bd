/**
 * The run's conclusion in plain words: lost / duplicated / reordered counts, the availability
 * gap, the catch-up, and for classic queues why the plan chose quorum queues. `ok` is what the
 * exit code follows: no confirmed message lost, service resumed while the node was still down,
 * the kill (and restart) commands worked, the restarted quorum member came back.
 */
import { formatSeconds } from './duration.js';
import type { FailoverReport } from './report.js';

type VerdictInput = Omit<FailoverReport, 'verdict'>;

function gapLine(r: VerdictInput): string {
  const p = r.availability.publishGap;
  const d = r.availability.deliverGap;
  const at = (ms: number | null) => (ms === null ? '?' : `${(ms / 1000).toFixed(1)} s`);
  return (
    `availability gap: no confirms for ${formatSeconds(p.longestMs)} (${at(p.fromMs)} → ${at(p.toMs)}), ` +
    `no deliveries for ${formatSeconds(d.longestMs)} (${at(d.fromMs)} → ${at(d.toMs)})` +
    (r.kill ? `; ${r.kill.node ?? 'the node'} was killed at ${at(r.kill.atMs)}` : '')
  );
}

export function buildVerdict(r: VerdictInput): { ok: boolean; lines: string[] } {
  const m = r.messages;
  const lines: string[] = [];
  const killOk = r.kill !== null && r.kill.exitCode === 0;
  const restartOk = r.restart === null || r.restart.exitCode === 0;
  if (r.kill === null) lines.push('no node was killed (the run ended before --kill-after)');
  else if (!killOk)
    lines.push(
      `the kill command failed (exit ${r.kill.exitCode ?? 'abnormal'}${r.kill.timedOut ? ', timed out' : ''}): ${r.kill.output.split('\n').slice(-1)[0] ?? ''}`,
    );
  if (r.restart !== null && !restartOk) {
    lines.push(
      `the restart command failed (exit ${r.restart.exitCode ?? 'abnormal'}${r.restart.timedOut ? ', timed out' : ''}): ${r.restart.output.split('\n').slice(-1)[0] ?? ''}`,
    );
  }

  if (m.confirmedLost === 0) {
    lines.push(
      `0 confirmed messages lost: ${m.confirmed} confirmed, ${m.received} received; ${m.duplicated} duplicates ` +
        `(${m.republished} messages re-published after a lost confirm), ${m.reordered} reordered`,
    );
  } else {
    lines.push(`${m.confirmedLost} CONFIRMED MESSAGES LOST of ${m.confirmed} confirmed (${m.duplicated} duplicates, ${m.reordered} reordered)`);
  }
  if (m.unconfirmed > 0) lines.push(`${m.unconfirmed} messages were never confirmed when the run ended (not counted as lost: the broker never accepted them)`);
  lines.push(gapLine(r));
  const dr = r.rates.degraded;
  const hr = r.rates.healthy;
  if (dr.confirmsPerSec !== null && hr.confirmsPerSec !== null) {
    lines.push(
      `rate while the node was down: ${dr.confirmsPerSec.toFixed(0)} confirms/s and ${(dr.deliveriesPerSec ?? 0).toFixed(0)} deliveries/s ` +
        `(healthy: ${hr.confirmsPerSec.toFixed(0)} / ${(hr.deliveriesPerSec ?? 0).toFixed(0)})`,
    );
  }
  lines.push(`catch-up: ${r.catchUp.detail}`);

  if (r.queueType === 'quorum') {
    lines.push(
      'quorum queues replicate every message to a majority before confirming it: losing one node leaves a majority, ' +
        'a follower takes over as leader, and clients that reconnect and re-publish what was unconfirmed lose nothing (duplicates are possible, loss is not).',
    );
  } else {
    const down = r.kill?.node ?? 'the killed node';
    lines.push(
      `a classic queue lives on one node: while ${down} was down its queue could not be declared, published to or consumed from, ` +
        (r.persistent
          ? 'and its confirmed messages were unreachable until the node came back (had the node not come back, they would be lost).'
          : 'and, being transient, it disappeared with its messages: clients re-declared an empty queue on a survivor.'),
    );
    lines.push(
      'this is why the plan uses quorum queues: replicated on a majority of nodes, a quorum queue stays available through one node loss and loses no confirmed message.',
    );
  }
  if (r.status === 'interrupted')
    lines.unshift(`interrupted${r.restart !== null ? '; the killed node was restarted before exiting' : ''}: the figures cover the run until then`);
  // Surviving a node failure means service resumed without that node: the longest silence (of
  // confirms and of deliveries) ended before the restart began (or before the end, without one).
  const nodeBackAtMs = r.restart?.atMs ?? r.settings.durationMs;
  const resumed = (g: { toMs: number | null }) => g.toMs !== null && g.toMs < nodeBackAtMs;
  const survived = r.kill === null || (resumed(r.availability.publishGap) && resumed(r.availability.deliverGap));
  if (r.kill !== null && !survived) {
    lines.push(`service did not resume until the killed node came back: the queue does not survive the loss of its node`);
  }
  const quorumBack = r.queueType !== 'quorum' || r.catchUp.method === 'not-applicable' || r.catchUp.onlineAfterMs !== null;
  if (!quorumBack) lines.push(`the restarted member did not come back online within the catch-up timeout`);
  if (r.cleanup.queuesLeft.length > 0) lines.push(`queues not deleted (delete them by hand): ${r.cleanup.queuesLeft.join(', ')}`);
  const ok = m.confirmedLost === 0 && killOk && restartOk && survived && quorumBack && r.status === 'complete';
  return { ok, lines };
}
