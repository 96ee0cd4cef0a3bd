/**
 * `verify partition` without a broker: its flags (exit-2 problems, one line each) and its verdict
 * on hand-made reports (what passes, and each reason that fails it).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { ActivityTracker } from '../../src/failover/activity.js';
import { PARTITION_DEFAULTS } from '../../src/failover/partition-options.js';
import { parsePartitionFlags } from '../../src/cli/verify.js';
import type { PartitionReport, PartitionSide } from '../../src/failover/partition-report.js';
import { buildPartitionVerdict } from '../../src/failover/partition-verdict.js';
import type { MessageTotals } from '../../src/failover/report.js';

const URLS = 'amqp://u:p@10.0.0.1:5672,amqp://u:p@10.0.0.2:5672,amqp://u:p@10.0.0.3:5672';
const COMMANDS = { partitionCommand: 'isolate {node}', healCommand: 'heal' };

function problems(flags: Parameters<typeof parsePartitionFlags>[0]): string[] {
  try {
    parsePartitionFlags(flags, {});
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  return [];
}

describe('verify partition flags', () => {
  it('defaults: partition at 10 s, heal at 30 s, 45 s of publishing', () => {
    const o = parsePartitionFlags({ urls: URLS, ...COMMANDS }, {});
    expect([o.partitionAfterMs, o.healAfterMs, o.durationMs]).toEqual([
      PARTITION_DEFAULTS.partitionAfterMs,
      PARTITION_DEFAULTS.healAfterMs,
      PARTITION_DEFAULTS.durationMs,
    ]);
    expect(o.managementUrl).toBe('http://u:p@10.0.0.1:15672');
  });

  it('needs three nodes and both commands, each named in its own line', () => {
    expect(problems({ urls: 'amqp://u:p@10.0.0.1:5672,amqp://u:p@10.0.0.2:5672' })).toEqual([
      '--urls: expected at least 3 node URLs (a majority side and a minority side), got "2 URLs"',
      `--partition-command: expected the command that cuts {node} off from the others, e.g. 'scripts/broker/netns-cluster.sh isolate {node}', got ""`,
      `--heal-command: expected the command that undoes it, e.g. 'scripts/broker/netns-cluster.sh heal', got ""`,
    ]);
  });

  it('the heal comes after the partition and before the end', () => {
    expect(problems({ urls: URLS, ...COMMANDS, partitionAfter: '20s', healAfter: '10s' })).toEqual([
      '--heal-after: expected between --partition-after (20 s) and --duration (45 s), got "10s"',
    ]);
    expect(problems({ urls: URLS, ...COMMANDS, partitionAfter: '50s' })[0]).toBe('--partition-after: expected less than --duration (45 s), got "50s"');
  });
});

function totals(confirmed: number, lost = 0): MessageTotals {
  return {
    published: confirmed,
    publishAttempts: confirmed,
    republished: 0,
    confirmed,
    nacked: 0,
    returned: 0,
    lostInFlight: 0,
    notOffered: 0,
    received: confirmed - lost,
    duplicated: 0,
    reordered: 0,
    confirmedLost: lost,
    unconfirmed: 0,
    redelivered: 0,
  };
}

function side(confirmsDuring: number, gapTo: number, lost = 0): PartitionSide {
  return {
    urlIndexes: [2, 3],
    nodes: ['b', 'c'],
    messages: totals(1000, lost),
    duringPartition: { confirms: confirmsDuring, nacks: 0, deliveries: confirmsDuring },
    publishGap: { longestMs: gapTo - 10_000, fromMs: 10_000, toMs: gapTo },
    deliverGap: { longestMs: gapTo - 10_000, fromMs: 10_000, toMs: gapTo },
    firstConfirmAfterHealMs: 300,
    rates: {
      before: { confirmsPerSec: 100, deliveriesPerSec: 100 },
      partitioned: { confirmsPerSec: 60, deliveriesPerSec: 60 },
      healed: { confirmsPerSec: 100, deliveriesPerSec: 100 },
    },
    connects: { publisher: 1, consumer: 1 },
    events: [],
  };
}

function report(over: Partial<Omit<PartitionReport, 'verdict'>> = {}): Omit<PartitionReport, 'verdict'> {
  const run = (atMs: number) => ({ command: 'x', atMs, durationMs: 50, exitCode: 0, timedOut: false, output: '' });
  return {
    schemaVersion: 1,
    kind: 'partition',
    status: 'complete',
    runId: 'r',
    rabbitmqVersion: '4.3.6',
    urls: [],
    urlNodes: ['a', 'b', 'c'],
    queue: 'q',
    settings: {
      rateMsgPerSecPerSide: 100,
      messageSizeBytes: 1024,
      confirmWindow: 100,
      prefetch: 100,
      durationMs: 45_000,
      partitionAfterMs: 10_000,
      healAfterMs: 30_000,
    },
    isolated: { node: 'a', urlIndex: 1, reason: 'leader of q' },
    partition: run(10_000),
    heal: run(30_000),
    leader: { before: 'a', duringPartition: 'c', electedAfterMs: 9_000, after: 'c' },
    majority: side(1200, 18_000),
    minority: side(0, 30_400),
    messages: totals(2000),
    endToEndLatency: { count: 0, p50Micros: 0, p95Micros: 0, p99Micros: 0, p999Micros: 0, maxMicros: 0, meanMicros: 0 } as PartitionReport['endToEndLatency'],
    drained: true,
    timeline: { majorityConfirmsPerSec: [], minorityConfirmsPerSec: [], deliveriesPerSec: [] },
    cleanup: { queuesLeft: [], healedOnExit: false },
    ...over,
  };
}

describe('verify partition verdict', () => {
  it('passes: nothing lost, the majority resumed before the heal, the minority confirmed nothing while cut off', () => {
    const v = buildPartitionVerdict(report());
    expect(v.ok).toBe(true);
    expect(v.lines[0]).toBe('0 confirmed messages lost: 2000 confirmed on both sides, 2000 received; 0 duplicates, 0 reordered');
    expect(v.lines[1]).toMatch(/^majority side unavailable for 8\.0 s \(no confirms 10\.0 s → 18\.0 s/);
  });

  it('fails on a confirmed message lost on either side', () => {
    const v = buildPartitionVerdict(report({ messages: totals(2000, 3), minority: side(0, 30_400, 3) }));
    expect(v.ok).toBe(false);
    expect(v.lines[0]).toBe('3 CONFIRMED MESSAGES LOST of 2000 confirmed (majority side 0, minority side 3)');
  });

  it('fails when the majority stayed silent until the heal', () => {
    const v = buildPartitionVerdict(report({ majority: side(0, 30_200) }));
    expect(v.ok).toBe(false);
    expect(v.lines).toContain('the majority side did NOT resume service while the partition lasted: a quorum queue should elect a leader among the majority');
  });

  it('fails when the minority got confirms while cut off: the node was not isolated', () => {
    const v = buildPartitionVerdict(report({ minority: side(500, 10_100) }));
    expect(v.ok).toBe(false);
    expect(v.lines.some((l) => l.startsWith('the minority side got 500 confirms'))).toBe(true);
  });

  it('fails when the heal command failed, saying so', () => {
    const v = buildPartitionVerdict(
      report({ heal: { command: 'heal', atMs: 30_000, durationMs: 10, exitCode: 1, timedOut: false, output: 'no such namespace\n' } }),
    );
    expect(v.ok).toBe(false);
    expect(v.lines).toContain('the heal command failed (exit 1): no such namespace');
  });
});

describe('ActivityTracker counts and first events (the partition run reads both sides this way)', () => {
  it('countBetween is exact over (from, to]; firstAfter finds the next event', () => {
    const t = new ActivityTracker();
    for (const ms of [100, 200, 1_500, 9_000, 9_000, 12_000]) t.record(ms);
    expect(t.countBetween(100, 9_000)).toBe(4);
    expect(t.countBetween(9_000, 20_000)).toBe(1);
    expect(t.countBetween(5_000, 4_000)).toBe(0);
    expect(t.firstAfter(1_500)).toBe(9_000);
    expect(t.firstAfter(12_000)).toBeNull();
  });
});
