/**
 * The bench's pure parts, without a broker: integrity accounting, pacing, URL redaction, error
 * classification, flag parsing, matrix expansion and the search's verdicts.
 */
import { leftoverQueues, runPrefixOfQueue } from '../../src/bench/leftovers.js';
import { unsupportedVersionWarning } from '../../src/bench/run-bench.js';
import { describe, expect, it } from 'vitest';
import { describeBrokerError } from '../../src/broker/errors.js';
import { expandMatrix, QUICK_MATRIX, DEFAULT_MATRIX } from '../../src/bench/matrix.js';
import { judgeTrial } from '../../src/bench/max-rate-search.js';
import { makeBody, readHeader, stampBody } from '../../src/bench/message.js';
import { parseBenchFlags } from '../../src/cli/bench.js';
import { Pacer } from '../../src/broker/pacer.js';
import { IntegrityTracker, SEQUENCE_WINDOW, SequenceTracker } from '../../src/broker/sequence-tracker.js';
import { groupsOfPublisher, probeBacklogGate, publisherSpecs } from '../../src/bench/step-runner.js';
import { BacklogGate, MIN_PROBE_BACKLOG, newBacklogBuffer, PROBE_BACKLOG_FACTOR, probeBacklogLimit } from '../../src/bench/backlog-gate.js';
import type { StepConfig, StepResult } from '../../src/bench/types.js';
import { defaultManagementUrl, parseBrokerUrl, scrubSecrets } from '../../src/broker/amqp-url.js';
import { redactUrl } from '../../src/broker/redact.js';
import { InputError } from '../../src/errors.js';

describe('SequenceTracker', () => {
  it('counts every message once and finds the missing ones', () => {
    const t = new SequenceTracker();
    for (const s of [0, 1, 2, 4, 5, 7]) expect(t.record(s)).toBe(true);
    expect(t.received).toBe(6);
    expect(t.lost(8)).toBe(2); // 3 and 6
  });

  it('flags duplicates, including arrivals older than the window', () => {
    const t = new SequenceTracker();
    t.record(0);
    t.record(1);
    expect(t.record(1)).toBe(false);
    t.record(SEQUENCE_WINDOW + 10); // slides the window past 0 and 1
    expect(t.record(0)).toBe(false);
    expect(t.duplicated).toBe(2);
    // 2 .. SEQUENCE_WINDOW+9 never arrived
    expect(t.lost(SEQUENCE_WINDOW + 11)).toBe(SEQUENCE_WINDOW + 8);
  });

  it('keeps bounded memory over far more messages than the window', () => {
    const t = new SequenceTracker();
    const n = 3 * SEQUENCE_WINDOW + 123;
    for (let s = 0; s < n; s++) if (s % 1000 !== 999) t.record(s);
    expect(t.received).toBe(n - Math.floor(n / 1000));
    expect(t.lost(n)).toBe(Math.floor(n / 1000));
    expect(t.duplicated).toBe(0);
  });
});

describe('IntegrityTracker', () => {
  it('judges order per consumer: competing consumers may interleave without counting as reordering', () => {
    const it2 = new IntegrityTracker(1);
    // queue 0, consumers 0 and 1 share publisher 0's messages
    it2.record(0, 0, 0, 0);
    it2.record(0, 1, 0, 2);
    it2.record(0, 0, 0, 1);
    it2.record(0, 1, 0, 3);
    expect(it2.totals([4], () => [0])).toEqual({ received: 4, lost: 0, duplicated: 0, reordered: 0 });
  });

  it('counts a message seen out of order on one consumer as reordered', () => {
    const t = new IntegrityTracker(1);
    for (const s of [0, 2, 1, 3]) t.record(0, 0, 0, s);
    expect(t.totals([4], () => [0]).reordered).toBe(1);
  });

  it('expects every stream consumer to read every message of its stream', () => {
    const config = { queueType: 'stream', consumers: 2, queues: 1 } as StepConfig;
    expect(groupsOfPublisher(config, 0)).toEqual([0, 1]);
    const t = new IntegrityTracker(1);
    for (const s of [0, 1, 2]) t.record(0, 0, 0, s);
    for (const s of [0, 1]) t.record(1, 1, 0, s);
    expect(t.totals([3], (p) => groupsOfPublisher(config, p))).toEqual({ received: 5, lost: 1, duplicated: 0, reordered: 0 });
  });
});

describe('message header', () => {
  it('round-trips publisher, sequence and send time, and rejects foreign bodies', () => {
    const body = makeBody(100);
    stampBody(body, 7, 123456789, 98765.5);
    expect(body.length).toBe(100);
    expect(readHeader(body)).toEqual({ publisherId: 7, seq: 123456789, sendMicros: 98765.5 });
    expect(readHeader(Buffer.from('hello world, not a bench message'))).toBeNull();
  });
});

describe('Pacer', () => {
  it('issues rate × elapsed messages without drift, whatever the wake-up jitter', () => {
    const p = new Pacer(1000, 0);
    let sent = 0;
    // Wake up at irregular times over 10 s; send everything allowed each time.
    for (let t = 0; t <= 10_000_000; t += 1_700 + ((t / 1_700) % 7) * 300) {
      const n = p.available(t);
      p.consume(n);
      sent += n;
    }
    expect(Math.abs(sent - 10_000)).toBeLessThanOrEqual(3);
    expect(p.forgiven).toBe(0);
  });

  it('forgives debt older than the catch-up allowance instead of bursting', () => {
    const p = new Pacer(1000, 0);
    expect(p.available(5_000_000)).toBe(100); // 5 s stalled: at most 100 ms worth at once
    expect(p.forgiven).toBe(4_900);
  });
});

describe('URLs', () => {
  it('never prints the password', () => {
    expect(redactUrl('amqp://bob:s3cret@host:5672/vh')).toBe('amqp://bob:****@host:5672/vh');
    expect(parseBrokerUrl('amqps://bob:s%40cret@host/prod').redacted).not.toContain('cret');
    expect(redactUrl('not a url amqp://bob:s3cret@host')).not.toContain('s3cret');
  });

  it('scrubs the password from messages that echo it, but not a user name that happens to equal it', () => {
    const u = parseBrokerUrl('amqp://bob:Tr0ub4dor@h:5672');
    expect(scrubSecrets('failed for amqp://bob:Tr0ub4dor@h:5672 (secret Tr0ub4dor)', u)).toBe('failed for amqp://bob:****@h:5672 (secret ****)');
    const g = parseBrokerUrl('amqp://guest:guest@h');
    expect(scrubSecrets('user "guest" refused at amqp://guest:guest@h', g)).toBe('user "guest" refused at amqp://guest:****@h');
  });

  it('reads vhost, port and TLS from the URL like amqplib', () => {
    const u = parseBrokerUrl('amqps://bob:pw@rabbit.example/my%2Fvhost');
    expect(u).toMatchObject({ tls: true, port: 5671, vhost: 'my/vhost', username: 'bob', password: 'pw' });
    expect(parseBrokerUrl('amqp://h').vhost).toBe('/');
  });

  it('guesses the management URL from the AMQP one', () => {
    expect(defaultManagementUrl(parseBrokerUrl('amqp://u:p@127.0.0.1:5672'))).toBe('http://u:p@127.0.0.1:15672');
    expect(defaultManagementUrl(parseBrokerUrl('amqp://u:p@127.0.0.1:5683'))).toBe('http://u:p@127.0.0.1:15683');
    expect(defaultManagementUrl(parseBrokerUrl('amqps://u:p@h'))).toBe('https://u:p@h:15671');
  });
});

describe('broker error messages', () => {
  const url = parseBrokerUrl('amqp://guest:hunter22@127.0.0.1:5999/v1');
  const cases: Array<[string, unknown, RegExp]> = [
    [
      'refused',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED' }),
      /^cannot reach broker at amqp:\/\/guest:\*\*\*\*@127\.0\.0\.1:5999\/v1: connection refused$/,
    ],
    [
      'login',
      new Error('Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN."'),
      /refused the login for user "guest" \(ACCESS_REFUSED 403\)/,
    ],
    ['vhost', new Error('Connection closed: 530 (NOT-ALLOWED) with message "NOT_ALLOWED - vhost v1 not found"'), /has no vhost "v1" \(NOT_ALLOWED 530\)/],
    [
      'forced',
      Object.assign(new Error('Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - Closed via management plugin"'), { code: 320 }),
      /closed by the broker while running step 1: CONNECTION_FORCED - Closed via management plugin/,
    ],
    // amqplib rejects an RPC queued on a channel the broker closed, with no reply code (seen when deleting a large quorum queue timed out)
    [
      'channel ended',
      new Error('Channel ended, no reply will be forthcoming'),
      /^the broker at amqp:\/\/guest:\*\*\*\*@127\.0\.0\.1:5999\/v1 closed a channel while running step 1, with an operation still waiting for its reply/,
    ],
  ];
  for (const [name, err, expected] of cases) {
    it(`${name}: one line, no password`, () => {
      const line = describeBrokerError(err, url, 'running step 1');
      expect(line).toMatch(expected);
      expect(line).not.toContain('hunter22');
      expect(line).not.toContain('\n');
    });
  }
});

describe('flags', () => {
  it('reports every bad flag at once, one line each', () => {
    try {
      parseBenchFlags({ sizes: '10,abc', queueTypes: 'classic,lazy', prefetch: '0', loadLevels: '0.5,2', workers: 'x' }, {});
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      const problems = (err as InputError).problems;
      expect(problems).toHaveLength(5);
      expect(problems[0]).toMatch(/^--queue-types: expected a comma-separated list of classic, quorum, stream, got "classic,lazy"$/);
      expect(problems.join('\n')).toMatch(/--sizes: expected .*got "10,abc"/);
    }
  });

  it('refuses an ack batch larger than the prefetch (the consumer would stall)', () => {
    expect(() => parseBenchFlags({ prefetch: '10', ackEvery: '20' }, {})).toThrow(/--ack-every: expected at most --prefetch \(10\)/);
  });

  it('takes the URL from RMQ_PLAN_URL and the preset from --quick, flags overriding it', () => {
    const o = parseBenchFlags({ quick: true, sizes: '4KiB', duration: '2' }, { RMQ_PLAN_URL: 'amqp://a:b@h:5673' });
    expect(o.bench.url).toBe('amqp://a:b@h:5673');
    expect(o.bench.matrix).toMatchObject({ queueTypes: QUICK_MATRIX.queueTypes, messageSizesBytes: [4096], durationSeconds: 2, curveSizesBytes: [4096] });
  });
});

describe('matrix', () => {
  it('gives quorum and stream one (durable) variant and classic one per persistence', () => {
    const labels = expandMatrix({ ...DEFAULT_MATRIX, messageSizesBytes: [1024] }).map((v) => v.label);
    expect(labels).toEqual(['classic transient 1 KiB', 'classic persistent 1 KiB', 'quorum 1 KiB', 'stream 1 KiB']);
  });

  it('skips combinations with fewer publishers or consumers than queues', () => {
    const v = expandMatrix({
      ...DEFAULT_MATRIX,
      queueTypes: ['classic'],
      persistent: [false],
      messageSizesBytes: [128],
      publishers: [1, 2],
      consumers: [2],
      queues: [2],
    });
    expect(v.map((x) => [x.config.publishers, x.config.queues])).toEqual([[2, 2]]);
  });
});

describe('search verdicts', () => {
  const step = (publish: number, consume: number, p99Micros: number) =>
    ({ rates: { publishMsgPerSec: publish, consumeMsgPerSec: consume }, latency: { endToEnd: { p99Micros } }, clientLimited: false }) as unknown as StepResult;
  it('sustained only when both rates track the target and p99 stays sane', () => {
    expect(judgeTrial(step(1000, 990, 2_000), 1000, null).sustained).toBe(true);
    expect(judgeTrial(step(900, 900, 2_000), 1000, null).reason).toMatch(/published 90 %/);
    expect(judgeTrial(step(1000, 900, 2_000), 1000, null).reason).toMatch(/consumed 90 %/);
    expect(judgeTrial(step(1000, 1000, 50_000), 1000, 2_000).reason).toMatch(/p99 50\.0 ms > 20\.0 ms/);
    expect(judgeTrial(step(1000, 1000, 15_000), 1000, 1_000).sustained).toBe(true); // under the 20 ms floor
  });
});

describe('broker release line', () => {
  it('warns on a release rmq-plan does not plan for, and only then', () => {
    expect(unsupportedVersionWarning('4.3.6')).toBeNull();
    expect(unsupportedVersionWarning('3.10.8')).toBeNull();
    expect(unsupportedVersionWarning(null)).toBeNull();
    expect(unsupportedVersionWarning('3.9.29')).toBe(
      'the broker runs RabbitMQ 3.9.29, which rmq-plan does not support (3.10 to 4.3): its measurements may not hold for the releases rmq-plan plans',
    );
    expect(unsupportedVersionWarning('5.0.0')).toMatch(/does not support/);
  });
});

describe('leftover queues of earlier runs', () => {
  const q = (name: string, consumers = 0) => ({ name, vhost: '/', consumers });
  const conn = (name: string) => ({ name: `127.0.0.1:1 -> 127.0.0.1:5672`, client_properties: { connection_name: name } });

  it('reads the run prefix from a bench queue name, run ids with dashes included', () => {
    expect(runPrefixOfQueue('rmq-plan-bench-ab-12-s3-q0')).toBe('rmq-plan-bench-ab-12-');
    expect(runPrefixOfQueue('rmq-plan-bench-x-admin')).toBeNull();
    expect(runPrefixOfQueue('orders')).toBeNull();
  });

  it('only queues of runs with no open connection and no consumer, never our own', () => {
    const queues = [
      q('rmq-plan-bench-dead-s0-q0'),
      q('rmq-plan-bench-live-s1-q0'),
      q('rmq-plan-bench-dead2-s0-q1', 1),
      q('rmq-plan-bench-me-s0-q0'),
      q('orders'),
    ];
    const connections = [conn('rmq-plan-bench-live-admin'), conn('some app')];
    expect(leftoverQueues(queues, connections, 'rmq-plan-bench-me-').map((x) => x.name)).toEqual(['rmq-plan-bench-dead-s0-q0']);
  });
});

describe('the probe backlog gate', () => {
  const base: StepConfig = {
    queueType: 'classic',
    messageSizeBytes: 1024,
    publishers: 2,
    consumers: 3,
    queues: 1,
    persistent: false,
    confirms: true,
    confirmWindow: 1000,
    prefetch: 1000,
    ackEvery: 1,
    consumerProcessingMs: 0,
    targetRateMsgPerSec: 'max',
    durationSeconds: 1,
    warmupSeconds: 0,
    maxMessages: null,
  };

  it('bounds only the unpaced probe, at twice what the clients keep in flight, never below the minimum', () => {
    expect(probeBacklogGate({ ...base, targetRateMsgPerSec: 5000 })).toBeNull();
    expect(probeBacklogGate(base)!.limit).toBe(PROBE_BACKLOG_FACTOR * (2 * 1000 + 3 * 1000));
    expect(probeBacklogGate({ ...base, confirms: false, prefetch: 1 })!.limit).toBe(MIN_PROBE_BACKLOG);
    expect(probeBacklogLimit(1)).toBe(MIN_PROBE_BACKLOG);
  });

  it('holds publishers while more than the limit waits to be delivered, in every thread that shares the buffer', () => {
    const buffer = newBacklogBuffer();
    const publisher = new BacklogGate(buffer, 3);
    const streamPublisher = new BacklogGate(buffer, 3, 2); // a stream read by two consumers: two deliveries a message
    const consumer = new BacklogGate(buffer, 3);
    publisher.sent();
    publisher.sent();
    publisher.sent();
    expect(publisher.full()).toBe(false);
    streamPublisher.sent();
    expect(publisher.full()).toBe(true);
    consumer.delivered();
    consumer.delivered();
    expect(publisher.full()).toBe(false);
  });

  it("publisher specs carry the gate with each publisher's deliveries per message (a stream's consumers each read it)", () => {
    const gate = probeBacklogGate({ ...base, queueType: 'stream' })!;
    const specs = publisherSpecs({ ...base, queueType: 'stream' }, ['s0'], gate);
    expect(specs.map((s) => s.backlogGate?.deliveriesPerMessage)).toEqual([3, 3]);
    expect(specs[0]!.backlogGate!.buffer).toBe(gate.buffer);
    expect(publisherSpecs(base, ['q0']).every((s) => s.backlogGate === null)).toBe(true);
  });
});
