/**
 * The partition run's conclusion in plain words. `ok` is what the exit code follows: the
 * partition and heal commands worked, no confirmed message was lost on either side, the majority
 * side resumed service while the partition lasted, the minority side got nothing confirmed while
 * it was cut off (else the node was not really isolated), and everything drained after the heal.
 */
import { formatSeconds } from './duration.js';
import { PARTITION_SETTLE_MS, type PartitionReport, type PartitionSide } from './partition-report.js';

type VerdictInput = Omit<PartitionReport, 'verdict'>;

const at = (ms: number | null) => (ms === null ? '?' : `${(ms / 1000).toFixed(1)} s`);

function commandLine(what: string, r: VerdictInput['partition']): string | null {
  if (r === null || r.exitCode === 0) return null;
  return `the ${what} command failed (exit ${r.exitCode ?? 'abnormal'}${r.timedOut ? ', timed out' : ''}): ${r.output.trim().split('\n').slice(-1)[0] ?? ''}`;
}

function sawLine(side: PartitionSide, label: string): string {
  const d = side.duringPartition;
  const lost = side.events.filter((e) => e.what.startsWith('lost connection')).length;
  return (
    `${label} clients during the partition: ${d.confirms} confirms, ${d.nacks} nacks, ${d.deliveries} deliveries; ` +
    `${lost === 0 ? 'no connection lost' : `${lost} lost connection${lost === 1 ? '' : 's'}`}` +
    (side.firstConfirmAfterHealMs === null
      ? '; no confirm after the heal'
      : `; first confirm ${formatSeconds(side.firstConfirmAfterHealMs)} after the heal began`)
  );
}

export function buildPartitionVerdict(r: VerdictInput): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  const m = r.messages;
  if (r.partition === null) lines.push('no partition was made (the run ended before --partition-after)');
  for (const l of [commandLine('partition', r.partition), commandLine('heal', r.heal)]) if (l !== null) lines.push(l);

  if (m.confirmedLost === 0) {
    lines.push(
      `0 confirmed messages lost: ${m.confirmed} confirmed on both sides, ${m.received} received; ${m.duplicated} duplicates, ${m.reordered} reordered`,
    );
  } else {
    lines.push(
      `${m.confirmedLost} CONFIRMED MESSAGES LOST of ${m.confirmed} confirmed (majority side ${r.majority.messages.confirmedLost}, minority side ${r.minority.messages.confirmedLost})`,
    );
  }
  if (m.unconfirmed > 0) lines.push(`${m.unconfirmed} messages were never confirmed when the run ended (not counted as lost: the broker never accepted them)`);

  const cutFrom = r.partition === null ? null : r.partition.atMs + r.partition.durationMs;
  const cutTo = r.heal?.atMs ?? r.settings.durationMs;
  const g = r.majority.publishGap;
  const d = r.majority.deliverGap;
  const resumed = cutFrom !== null && g.toMs !== null && g.toMs < cutTo && d.toMs !== null && d.toMs < cutTo;
  if (cutFrom !== null) {
    lines.push(
      `majority side unavailable for ${formatSeconds(g.longestMs)} (no confirms ${at(g.fromMs)} → ${at(g.toMs)}; no deliveries for ${formatSeconds(d.longestMs)})` +
        (r.leader.electedAfterMs === null
          ? `; it never reported a leader other than ${r.leader.before ?? 'the isolated node'}`
          : `; its management API reported ${r.leader.duringPartition ?? '?'} as the new leader ${formatSeconds(r.leader.electedAfterMs)} after the cut (statistics lag; the confirms say when service resumed)`),
    );
    if (!resumed) lines.push('the majority side did NOT resume service while the partition lasted: a quorum queue should elect a leader among the majority');
    lines.push(sawLine(r.minority, 'minority'));
    lines.push(sawLine(r.majority, 'majority'));
  }
  const minorityConfirmed = r.minority.duringPartition.confirms;
  if (minorityConfirmed > 0) {
    lines.push(
      `the minority side got ${minorityConfirmed} confirms more than ${PARTITION_SETTLE_MS / 1000} s into the partition: a cut-off quorum member cannot commit, so the node was not really isolated (check the partition command)`,
    );
  }
  lines.push(
    'a quorum queue commits a message once a majority of its members has it: the isolated leader cannot commit, so it confirms nothing; ' +
      'the majority elects a new leader and serves; after the heal the old leader rejoins as a follower and its clients’ unconfirmed messages are re-sent (duplicates are possible, loss is not).',
  );
  if (!r.drained) lines.push('not everything drained after the heal within --drain-timeout: confirms or deliveries were still outstanding');
  if (r.status === 'interrupted')
    lines.unshift(`interrupted${r.cleanup.healedOnExit ? '; the partition was healed before exiting' : ''}: the figures cover the run until then`);
  if (r.cleanup.queuesLeft.length > 0) lines.push(`queue not deleted (delete it by hand): ${r.cleanup.queuesLeft.join(', ')}`);
  const commandsOk = r.partition !== null && r.partition.exitCode === 0 && r.heal !== null && r.heal.exitCode === 0;
  const ok = commandsOk && m.confirmedLost === 0 && resumed && minorityConfirmed === 0 && r.drained && r.status === 'complete';
  return { ok, lines };
}
