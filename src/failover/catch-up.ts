/**
 * Did the restarted node's queue member come back, and when had it caught up?
 *
 * What RabbitMQ 3.10 exposes:
 * - management API, /api/queues/vhost/name: `members` and `online` (members whose Ra server
 *   runs). "Online" says the member is back, not that its log is complete.
 * - `rabbitmq-queues quorum_status <queue> --formatter json` (CLI, Erlang distribution): per
 *   member "Raft State", "Log Index", "Commit Index". That is the catch-up measure: the member
 *   has caught up once its commit index reaches the leader's commit index as it was when the
 *   member rejoined (everything committed while it was away, whatever is written since).
 *
 * The CLI needs the Erlang cookie and node names, so it is run through the user's
 * --status-command; without one, only "back online" is measured.
 */
import { formatSeconds } from './duration.js';
import { leaderOf, type ManagementPool } from './cluster.js';
import { runShell, substitute } from './shell.js';
import { sleep } from './connector.js';

/** Polling interval: fine enough for second-scale catch-up, light on a 2-core test machine. */
const POLL_INTERVAL_MS = 500;
/** Bound on one status command (the CLI answers in ~0.4 s here). */
const STATUS_COMMAND_TIMEOUT_MS = 10_000;

export interface MemberStatus {
  node: string;
  raftState: string;
  logIndex: number | null;
  commitIndex: number | null;
}

/** Parses `rabbitmq-queues quorum_status --formatter json` output (tolerates text around the JSON array). */
export function parseQuorumStatus(text: string): MemberStatus[] | null {
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  if (start < 0 || end <= start) return null;
  let rows: unknown;
  try {
    rows = JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
  if (!Array.isArray(rows)) return null;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return rows
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => ({
      node: String(r['Node Name'] ?? ''),
      raftState: String(r['Raft State'] ?? ''),
      logIndex: num(r['Log Index']),
      commitIndex: num(r['Commit Index']),
    }));
}

export interface CatchUpResult {
  /** The restarted node (null when no node was restarted). */
  node: string | null;
  method: 'quorum_status' | 'management' | 'not-applicable';
  /** From the restart command's start until the node's member is back for every queue (quorum_status reports it again, or without a status command: in the management API's `online`). */
  onlineAfterMs: number | null;
  /** From the restart command's start until the member's commit index reached the leader's at rejoin (every queue). */
  caughtUpAfterMs: number | null;
  /** Entries the member was behind when it was first seen again (largest over the queues). */
  lagAtRejoinEntries: number | null;
  /** Leader commit index − member commit index after the run drained (0 = on par). */
  finalLagEntries: number | null;
  timedOut: boolean;
  detail: string;
  /** quorum_status samples until caught up (ms since the restart began), for the JSON report. */
  samples: { afterMs: number; queue: string; memberState: string; memberCommitIndex: number | null; leaderCommitIndex: number | null }[];
}

/** Samples kept in the report: ~1 minute at the polling interval. */
const MAX_SAMPLES = 120;

interface QueueProgress {
  baseline: number | null;
  lagAtRejoin: number | null;
  caughtUp: boolean;
}

export class CatchUpWatcher {
  private onlineAt: number | null = null;
  private caughtUpAt: number | null = null;
  private readonly progress = new Map<string, QueueProgress>();
  private readonly samples: CatchUpResult['samples'] = [];
  private lastError = '';
  private stopped = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly mgmt: ManagementPool,
    private readonly vhost: string,
    private readonly queues: readonly string[],
    private readonly node: string,
    /** quorum: the member is in `online`; classic: the queue answers again (it cannot move off its node). */
    private readonly queueType: 'quorum' | 'classic',
    private readonly statusCommand: string | null,
    /** ms since the run start, and when the restart command started. */
    private readonly clock: () => number,
    private readonly restartStartMs: number,
  ) {
    for (const q of queues) this.progress.set(q, { baseline: null, lagAtRejoin: null, caughtUp: false });
  }

  start(timeoutMs: number): void {
    this.done = this.poll(timeoutMs);
  }

  /** Waits until caught up (or online without a status command), the timeout, or stop(). */
  wait(): Promise<void> {
    return this.done;
  }

  stop(): void {
    this.stopped = true;
  }

  /** When the member (quorum) or the queue (classic) was back, ms since the run start. */
  get onlineAtMs(): number | null {
    return this.onlineAt;
  }

  private get finished(): boolean {
    return this.statusCommand === null ? this.onlineAt !== null : this.caughtUpAt !== null;
  }

  private async poll(timeoutMs: number): Promise<void> {
    const deadline = this.restartStartMs + timeoutMs;
    while (!this.stopped && !this.finished && this.clock() < deadline) {
      await this.sample();
      if (!this.finished) await sleep(POLL_INTERVAL_MS);
    }
  }

  private async sample(): Promise<void> {
    if (this.statusCommand !== null) {
      await this.sampleStatus();
      return;
    }
    try {
      let all = true;
      for (const q of this.queues) {
        const state = await this.mgmt.queue(this.vhost, q);
        const back = this.queueType === 'quorum' ? (state.online ?? []).includes(this.node) : state.state === undefined || state.state === 'running';
        if (!back) all = false;
      }
      if (all) this.onlineAt = this.clock();
    } catch (err) {
      // A durable classic queue whose node is down answers 404 until the node is back.
      this.lastError = `management API: ${(err as Error).message}`;
    }
  }

  /**
   * quorum_status per queue: the member is back when it reports a commit index again (the
   * management API's `online` lags by its statistics interval, 5 s by default); the leader's
   * commit index at that moment is what it must reach to have caught up.
   */
  private async sampleStatus(): Promise<void> {
    let allBack = true;
    let allCaughtUp = true;
    for (const q of this.queues) {
      const p = this.progress.get(q)!;
      if (p.caughtUp) continue;
      const rows = await this.status(q);
      const leader = rows?.find((r) => r.raftState === 'leader');
      const member = rows?.find((r) => r.node === this.node);
      if (this.samples.length < MAX_SAMPLES) {
        this.samples.push({
          afterMs: Math.round(this.clock() - this.restartStartMs),
          queue: q,
          memberState: member?.raftState ?? '(not listed)',
          memberCommitIndex: member?.commitIndex ?? null,
          leaderCommitIndex: leader?.commitIndex ?? null,
        });
      }
      if (leader === undefined || member === undefined || leader.commitIndex === null || member.commitIndex === null) {
        allBack = false;
        allCaughtUp = false;
        continue;
      }
      if (p.baseline === null) {
        p.baseline = leader.commitIndex;
        p.lagAtRejoin = Math.max(0, leader.commitIndex - member.commitIndex);
      }
      if (member.commitIndex >= p.baseline) p.caughtUp = true;
      else allCaughtUp = false;
    }
    const now = this.clock();
    if (allBack && this.onlineAt === null) this.onlineAt = now;
    if (allCaughtUp) this.caughtUpAt = now;
  }

  private async status(queue: string): Promise<MemberStatus[] | null> {
    // {nodeName}: a running node to ask: the queue's current leader.
    let leaderNode = this.node;
    try {
      leaderNode = leaderOf(await this.mgmt.queue(this.vhost, queue)) ?? this.node;
    } catch {
      // Ask the restarted node then.
    }
    const cmd = substitute(this.statusCommand!, { queue, vhost: this.vhost, nodeName: leaderNode });
    const r = await runShell(cmd, STATUS_COMMAND_TIMEOUT_MS);
    const rows = r.exitCode === 0 ? parseQuorumStatus(r.output) : null;
    if (rows === null)
      this.lastError = `status command exited ${r.exitCode ?? 'abnormally'}${r.timedOut ? ' (timed out)' : ''}: ${r.output.split('\n').slice(-1)[0] ?? ''}`;
    return rows;
  }

  /** Leader commit index − member commit index now (largest over the queues), via the status command. */
  async finalLag(): Promise<number | null> {
    if (this.statusCommand === null) return null;
    let worst: number | null = null;
    for (const q of this.queues) {
      const rows = await this.status(q);
      const leader = rows?.find((r) => r.raftState === 'leader');
      const member = rows?.find((r) => r.node === this.node);
      if (leader?.commitIndex == null || member?.commitIndex == null) return null;
      worst = Math.max(worst ?? 0, leader.commitIndex - member.commitIndex);
    }
    return worst;
  }

  async result(): Promise<CatchUpResult> {
    const since = (t: number | null) => (t === null ? null : Math.max(0, t - this.restartStartMs));
    const lags = [...this.progress.values()].map((p) => p.lagAtRejoin).filter((v): v is number => v !== null);
    const finalLagEntries = this.caughtUpAt !== null ? await this.finalLag() : null;
    const onlineAfterMs = since(this.onlineAt);
    const caughtUpAfterMs = since(this.caughtUpAt);
    const timedOut = !this.finished;
    let detail: string;
    if (this.queueType === 'classic') {
      detail =
        onlineAfterMs === null
          ? `the queue on ${this.node} was not available again within the catch-up timeout`
          : `the queue was available again ${formatSeconds(onlineAfterMs)} after the restart of ${this.node} began (a classic queue is not replicated: nothing to catch up, it waits for its node)`;
    } else if (this.statusCommand === null) {
      detail =
        onlineAfterMs === null
          ? `${this.node} was not back online within the catch-up timeout${this.lastError ? ` (${this.lastError})` : ''}`
          : `${this.node} back online ${formatSeconds(onlineAfterMs)} after the restart began (management API "online"; no --status-command, so log catch-up was not measured)`;
    } else if (caughtUpAfterMs === null) {
      detail = `${this.node} ${onlineAfterMs === null ? 'was not back online' : `back online after ${formatSeconds(onlineAfterMs)} but did not catch up`} within the catch-up timeout${this.lastError ? ` (${this.lastError})` : ''}`;
    } else {
      detail =
        `${this.node} back online after ${formatSeconds(onlineAfterMs)}, caught up after ${formatSeconds(caughtUpAfterMs)} ` +
        `(commit index reached the leader's at rejoin; ${Math.max(0, ...lags)} entries behind when it rejoined` +
        `${finalLagEntries === null ? '' : `, ${finalLagEntries} behind after the run`})`;
    }
    return {
      node: this.node,
      method: this.statusCommand === null ? 'management' : 'quorum_status',
      onlineAfterMs,
      caughtUpAfterMs,
      lagAtRejoinEntries: lags.length > 0 ? Math.max(...lags) : null,
      finalLagEntries,
      timedOut,
      detail,
      samples: this.samples,
    };
  }
}
