/**
 * The failover run's pure parts: flags, the per-message ledger, gap tracking, quorum_status
 * parsing, placeholders, URL → node mapping and the verdict. No broker (live.test.ts has it).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { ActivityTracker } from '../../src/failover/activity.js';
import { parseQuorumStatus } from '../../src/failover/catch-up.js';
import { nodesOfUrls } from '../../src/failover/cluster.js';
import { backoffMs, BACKOFF_MAX_MS } from '../../src/failover/connector.js';
import { MessageLedger } from '../../src/failover/ledger.js';
import { parseFailoverFlags, type VerifyFailoverFlags } from '../../src/cli/verify.js';
import { RUN_ID_PATTERN } from '../../src/broker/run-id.js';
import type { FailoverReport } from '../../src/failover/report.js';
import { substitute } from '../../src/failover/shell.js';
import { buildVerdict } from '../../src/failover/verdict.js';

const URLS = 'amqp://guest:guest@127.0.0.1:5682,amqp://guest:guest@127.0.0.1:5683,amqp://guest:guest@127.0.0.1:5684';
const base: VerifyFailoverFlags = { urls: URLS, killCommand: 'scripts/broker/kill-node.sh {node}', restartCommand: 'scripts/broker/restart-node.sh {node}' };

function problems(flags: VerifyFailoverFlags): string[] {
  try {
    parseFailoverFlags(flags, {});
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  return [];
}

describe('verify failover flags', () => {
  it('defaults: quorum, 1 queue, 200 msg/s, 40 s, kill at 10 s, restart at 20 s; management URL from the first AMQP URL', () => {
    const o = parseFailoverFlags(base, {});
    expect(o).toMatchObject({
      queueType: 'quorum',
      queues: 1,
      rateMsgPerSec: 200,
      durationMs: 40_000,
      killAfterMs: 10_000,
      restartAfterMs: 20_000,
      persistent: true,
      managementUrl: 'http://guest:guest@127.0.0.1:15682',
    });
    expect(o.urls).toHaveLength(3);
    expect(o.runId).toMatch(RUN_ID_PATTERN);
  });

  it('reports every bad flag at once, one line each', () => {
    const p = problems({
      urls: 'http://x',
      queueType: 'stream',
      rate: '0',
      duration: '10s',
      killAfter: '20s',
      killCommand: '',
    });
    expect(p).toEqual([
      '--rate: expected an integer from 1 to 100000, got "0"',
      '--queue-type: expected one of quorum, classic, got "stream"',
      `--kill-command: expected the command that kills a node, e.g. 'scripts/broker/kill-node.sh {node}', got ""`,
      '--urls: url: expected an amqp:// or amqps:// URL, got "http://x"',
      '--kill-after: expected less than --duration (10 s), got "20s"',
    ]);
  });

  it('the restart must fall between the kill and the end; transient messages only for classic queues', () => {
    expect(problems({ ...base, restartAfter: '5s' })).toEqual(['--restart-after: expected between --kill-after (10 s) and --duration (40 s), got "5s"']);
    expect(problems({ ...base, persistent: 'false' })).toEqual([
      '--persistent: expected true for quorum queues (they are always durable); use it with --queue-type classic, got "false"',
    ]);
    expect(parseFailoverFlags({ ...base, queueType: 'classic', persistent: 'false' }, {}).persistent).toBe(false);
    expect(problems({ urls: URLS, killCommand: 'k', restartAfter: '20s' })).toEqual([
      '--restart-after: expected only together with --restart-command, got "20s"',
    ]);
  });

  it('$RMQ_PLAN_URLS when --urls is absent; passwords never echoed', () => {
    expect(parseFailoverFlags({ killCommand: 'k' }, { RMQ_PLAN_URLS: URLS }).urls).toHaveLength(3);
    expect(problems({ ...base, mgmt: 'ftp://admin:s3cret-pw@host' }).join('\n')).not.toMatch(/s3cret/);
  });
});

describe('message ledger', () => {
  it('counts confirmed-but-never-delivered (the loss), never-confirmed, and delivered-without-confirm separately', () => {
    const l = new MessageLedger();
    for (let s = 0; s < 6; s++) l.published(s, false);
    l.published(2, true); // re-published after a lost confirm
    for (const s of [0, 1, 2, 3]) l.confirmed(s);
    expect(l.confirmed(1)).toBe(false); // a second confirm of a re-published message is not new
    for (const s of [0, 2, 4]) l.received(s);
    expect(l.received(2)).toBe(false);
    expect(l.totals()).toEqual({
      published: 6,
      publishAttempts: 7,
      republished: 1,
      confirmed: 4,
      received: 3,
      confirmedLost: 2, // 1 and 3
      unconfirmed: 2, // 4 and 5
      receivedUnconfirmed: 1, // 4
    });
    expect(l.confirmedUndelivered).toBe(2);
  });

  it('grows past its initial capacity', () => {
    const l = new MessageLedger();
    l.published(100_000, false);
    l.confirmed(100_000);
    expect(l.totals()).toMatchObject({ published: 1, confirmedLost: 1 });
  });
});

describe('activity gaps', () => {
  it('the longest silence between events, per-second counts and rates', () => {
    const a = new ActivityTracker();
    for (const t of [100, 600, 1100, 1600, 5600, 6100]) a.record(t);
    expect(a.gap(6500)).toEqual({ longestMs: 4000, fromMs: 1600, toMs: 5600 });
    expect(a.timeline(7000)).toEqual([2, 2, 0, 0, 0, 1, 1]);
    expect(a.ratePerSec(0, 2000)).toBe(2);
    expect(a.ratePerSec(2000, 5000)).toBe(0);
    expect(a.ratePerSec(2500, 2900)).toBeNull();
  });

  it('the gap around a kill: the longest silence overlapping the kill window, not the longest of the run', () => {
    const a = new ActivityTracker();
    const times = [0, 100, 200, 300, 1300, 1400, 1500, 5000, 5100]; // 3.5 s silence later, unrelated to the kill
    for (const t of times) a.record(t);
    expect(a.gapAround(250, 400, 6000)).toEqual({ longestMs: 1000, fromMs: 300, toMs: 1300 });
    expect(a.gap(6000)).toEqual({ longestMs: 3500, fromMs: 1500, toMs: 5000 });
    // Recovered while the kill command still ran: the silence inside the window counts.
    expect(a.gapAround(250, 2000, 6000)).toEqual({ longestMs: 3500, fromMs: 1500, toMs: 5000 });
    // Never recovered: the silence lasts until the end.
    expect(a.gapAround(5200, 5300, 9000)).toEqual({ longestMs: 3900, fromMs: 5100, toMs: 9000 });
  });

  it('a silence that never ended counts up to the end; no event at all is one long gap', () => {
    const a = new ActivityTracker();
    a.record(500);
    expect(a.gap(9000)).toEqual({ longestMs: 8500, fromMs: 500, toMs: 9000 });
    expect(new ActivityTracker().gap(3000)).toEqual({ longestMs: 3000, fromMs: 0, toMs: 3000 });
  });
});

describe('quorum_status output (rabbitmq-queues 3.10.8, --formatter json)', () => {
  it('reads members, states and indexes, including a member on a node that is down', () => {
    const text = `[
{"Node Name":"rmqplan1@localhost","Raft State":["nodedown","rmqplan1@localhost"],"Log Index":"","Commit Index":"","Snapshot Index":"","Term":"","Machine Version":""}
,{"Node Name":"rmqplan3@localhost","Raft State":"leader","Log Index":3,"Commit Index":3,"Snapshot Index":"undefined","Term":2,"Machine Version":2}
,{"Node Name":"rmqplan2@localhost","Raft State":"follower","Log Index":3,"Commit Index":2,"Snapshot Index":"undefined","Term":2,"Machine Version":2}
]`;
    expect(parseQuorumStatus(text)).toEqual([
      { node: 'rmqplan1@localhost', raftState: 'nodedown,rmqplan1@localhost', logIndex: null, commitIndex: null },
      { node: 'rmqplan3@localhost', raftState: 'leader', logIndex: 3, commitIndex: 3 },
      { node: 'rmqplan2@localhost', raftState: 'follower', logIndex: 3, commitIndex: 2 },
    ]);
    expect(parseQuorumStatus('Error: nodedown')).toBeNull();
  });
});

describe('placeholders and node mapping', () => {
  it('substitutes {node}, {nodeName}, {queue}, {vhost} shell-quoted; leaves unknown ones', () => {
    expect(substitute('kill-node.sh {node}', { node: '2' })).toBe('kill-node.sh 2');
    expect(substitute('status -n {nodeName} --vhost {vhost} {queue} {other}', { nodeName: 'r@h', vhost: 'my vhost', queue: 'q' })).toBe(
      "status -n r@h --vhost 'my vhost' q {other}",
    );
  });

  it('maps URLs to nodes by AMQP port, and by address when ports repeat', () => {
    const listeners = [
      { node: 'a@h', protocol: 'amqp', ip_address: '127.0.0.1', port: 5682 },
      { node: 'b@h', protocol: 'amqp', ip_address: '127.0.0.1', port: 5683 },
      { node: 'a@h', protocol: 'http', ip_address: '::', port: 15682 },
    ];
    expect(nodesOfUrls(['amqp://127.0.0.1:5683', 'amqp://127.0.0.1:5682', 'amqp://127.0.0.1:5999'], listeners)).toEqual(['b@h', 'a@h', null]);
    const sharedPort = [
      { node: 'x@1', protocol: 'amqp', ip_address: '10.0.0.1', port: 5672 },
      { node: 'y@2', protocol: 'amqp', ip_address: '10.0.0.2', port: 5672 },
    ];
    expect(nodesOfUrls(['amqp://10.0.0.2', 'amqp://10.0.0.1'], sharedPort)).toEqual(['y@2', 'x@1']);
  });

  it('reconnect backoff doubles from 100 ms and stops at its bound', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(backoffMs)).toEqual([100, 200, 400, 800, 1600, 2000, BACKOFF_MAX_MS]);
  });
});

describe('verdict', () => {
  const gap = { longestMs: 1500, fromMs: 10_000, toMs: 11_500 };
  const report = (over: Partial<FailoverReport>): Omit<FailoverReport, 'verdict'> =>
    ({
      status: 'complete',
      queueType: 'quorum',
      settings: {
        rateMsgPerSec: 200,
        messageSizeBytes: 1024,
        confirmWindow: 100,
        prefetch: 100,
        durationMs: 40_000,
        killAfterMs: 10_000,
        restartAfterMs: 20_000,
      },
      persistent: true,
      kill: { command: 'k 1', atMs: 10_000, durationMs: 200, exitCode: 0, timedOut: false, output: '', node: 'n1@h', urlIndex: 1, reason: 'leader of q0' },
      restart: { command: 'r 1', atMs: 20_000, durationMs: 9_000, exitCode: 0, timedOut: false, output: '' },
      availability: { publishGap: gap, deliverGap: gap, perQueue: [] },
      rates: {
        healthy: { confirmsPerSec: 200, deliveriesPerSec: 200 },
        degraded: { confirmsPerSec: 180, deliveriesPerSec: 180 },
        recovered: { confirmsPerSec: 200, deliveriesPerSec: 200 },
      },
      catchUp: {
        node: 'n1@h',
        method: 'management',
        onlineAfterMs: 8_000,
        caughtUpAfterMs: null,
        lagAtRejoinEntries: null,
        finalLagEntries: null,
        timedOut: false,
        detail: 'back',
        samples: [],
      },
      messages: {
        published: 8000,
        publishAttempts: 8050,
        republished: 50,
        confirmed: 8000,
        nacked: 10,
        returned: 0,
        lostInFlight: 40,
        notOffered: 100,
        received: 8000,
        duplicated: 3,
        reordered: 0,
        confirmedLost: 0,
        unconfirmed: 0,
        redelivered: 2,
      },
      cleanup: { queuesLeft: [] },
      ...over,
    }) as Omit<FailoverReport, 'verdict'>;

  it('quorum, nothing lost, node back: ok, with the counts and the gap', () => {
    const v = buildVerdict(report({}));
    expect(v.ok).toBe(true);
    expect(v.lines[0]).toBe(
      '0 confirmed messages lost: 8000 confirmed, 8000 received; 3 duplicates (50 messages re-published after a lost confirm), 0 reordered',
    );
    expect(v.lines[1]).toMatch(/^availability gap: no confirms for 1\.5 s \(10\.0 s → 11\.5 s\)/);
  });

  it('a confirmed message lost fails the check', () => {
    const r = report({});
    const v = buildVerdict({ ...r, messages: { ...r.messages, confirmedLost: 7 } });
    expect(v.ok).toBe(false);
    expect(v.lines[0]).toBe('7 CONFIRMED MESSAGES LOST of 8000 confirmed (3 duplicates, 0 reordered)');
  });

  it('classic: silent until its node came back, so the check fails; explains why the plan chose quorum queues', () => {
    const down = { longestMs: 17_000, fromMs: 10_000, toMs: 27_000 };
    const v = buildVerdict(report({ queueType: 'classic', availability: { publishGap: down, deliverGap: down, perQueue: [] } }));
    expect(v.ok).toBe(false);
    expect(v.lines).toContain('service did not resume until the killed node came back: the queue does not survive the loss of its node');
    expect(v.lines.join('\n')).toMatch(/a classic queue lives on one node: while n1@h was down/);
    expect(v.lines.join('\n')).toMatch(/this is why the plan uses quorum queues/);
  });

  it('a failed kill or a member that never came back fails the check', () => {
    const r = report({});
    expect(buildVerdict({ ...r, kill: { ...r.kill!, exitCode: 1, output: 'broker: ERROR: rmqplan1@localhost is not running' } }).ok).toBe(false);
    expect(buildVerdict({ ...r, catchUp: { ...r.catchUp, onlineAfterMs: null } }).ok).toBe(false);
  });
});
