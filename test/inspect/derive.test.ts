/**
 * The pure derivation, from hand-made management API snapshots to a workload file and a cluster
 * description: rates, fan-out, sizes, persistence, consumers, what is guessed, and that both
 * files validate against their schemas (as YAML too).
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BrokerError } from '../../src/errors.js';
import { derive } from '../../src/inspect/derive.js';
import { parseGroupBy } from '../../src/inspect/grouping.js';
import { deriveAndRender } from '../../src/inspect/run.js';
import { WorkloadFileSchema } from '../../src/schema/workload.js';
import { ClusterDescriptionSchema } from '../../src/schema/cluster.js';
import { inspectionOf, type ClusterSpec } from './support/snapshots.js';

const NODES = ['rabbit@n1', 'rabbit@n2', 'rabbit@n3'];
/** AMQP framing the derivation subtracts per delivery (86 B) + the average queue-name length. */
const FRAMING_BYTES = 86 + ('notify-email'.length + 'notify-sms'.length) / 2;
const NOTIFY_BODY_BYTES = 800;

/** A small shop: sharded classic orders, a fan-out to two quorum queues, an idle queue. */
const SHOP: ClusterSpec = {
  queues: [
    { name: 'orders.1', publishPerSec: 100, messages: 10, bodyBytes: 512, consumers: 1 },
    { name: 'orders.2', publishPerSec: 100, messages: 10, bodyBytes: 512, consumers: 1 },
    { name: 'notify-email', type: 'quorum', members: NODES, publishPerSec: 50, consumers: 1 },
    { name: 'notify-sms', type: 'quorum', members: [NODES[1]!, NODES[2]!, NODES[0]!], publishPerSec: 50, consumers: 1 },
    { name: 'reports', publishPerSec: null },
  ],
  exchanges: [{ name: 'notify', inPerSec: 50, outPerSec: 100 }],
  bindings: [
    { source: 'notify', destination: 'notify-email' },
    { source: 'notify', destination: 'notify-sms' },
  ],
  publishPerSec: 250,
  confirmPerSec: 250,
  connections: [
    { name: 'c1', sendBytesPerSec: 0 },
    { name: 'c2', sendBytesPerSec: 0 },
    { name: 'c3', sendBytesPerSec: 100 * (NOTIFY_BODY_BYTES + FRAMING_BYTES) },
    { name: 'p1', sendBytesPerSec: 0 },
  ],
  nodes: NODES.map((name) => ({ name, processors: 4 })),
  connectionsOpenedPerSec: 0.5,
  consumers: [
    { queue: 'orders.1', prefetch: 20, connection: 'c1' },
    { queue: 'orders.2', prefetch: 20, connection: 'c2' },
    { queue: 'notify-email', prefetch: 0, connection: 'c3' },
    { queue: 'notify-sms', prefetch: 0, connection: 'c3' },
  ],
  channels: [
    { name: 'p1 (1)', connection: 'p1', confirm: true, published: 9000 },
    { name: 'p1 (2)', connection: 'p1', confirm: true, published: 1000 },
  ],
  totals: { connections: 4, channels: 8, consumers: 4 },
};

const GROUP_NOTIFY = parseGroupBy(['notify=notify-*']);

function shop() {
  return derive(inspectionOf(SHOP), { groupBy: GROUP_NOTIFY, vhost: null });
}

function byName(d: ReturnType<typeof shop>, name: string) {
  const w = d.workloadFile.workloads.find((x) => x.name === name);
  if (!w) throw new Error(`no workload ${name}`);
  return w;
}

function kindOf(d: ReturnType<typeof shop>, path: string): string | undefined {
  const index = d.workloadFile.workloads.findIndex((w) => path.startsWith(`${w.name}.`));
  const field = path.slice(path.indexOf('.') + 1).split('.');
  const entry = d.workloadProvenance.find((p) => p.path[0] === 'workloads' && p.path[1] === index && p.path.slice(2).join('.') === field.join('.'));
  return entry?.kind;
}

describe('derive: workloads from snapshots', () => {
  it('groups shards and user patterns into workloads', () => {
    const d = shop();
    expect(d.workloadFile.workloads.map((w) => w.name)).toEqual(['orders', 'notify', 'reports']);
    expect(d.workloads.find((w) => w.name === 'orders')!.queues.map((q) => q.name)).toEqual(['orders.1', 'orders.2']);
  });

  it('sums the queue rates of a sharded workload; point to point through the default exchange', () => {
    const d = shop();
    const orders = byName(d, 'orders');
    expect(orders.publishRate).toEqual({ averageMsgPerSec: 200, peakMsgPerSec: 200 });
    expect(orders).toMatchObject({ fanOut: 1, queues: 2, queueType: 'classic', persistent: true, messageSize: 512, messageTtl: false });
    expect(orders.consumers).toEqual({ count: 2, prefetch: 20, ackMode: 'manual' });
    expect(orders.connections).toMatchObject({ consumerConnections: 2, channelsPerConnection: 2 });
    expect(kindOf(d, 'orders.publishRate.averageMsgPerSec')).toBe('measured');
    expect(kindOf(d, 'orders.messageSize')).toBe('estimated');
    expect(kindOf(d, 'orders.fanOut')).toBe('estimated');
  });

  it('estimates fan-out from the exchange: copies into the queues ÷ messages into the exchange', () => {
    const notify = byName(shop(), 'notify');
    expect(notify.fanOut).toBe(2);
    expect(notify.queues).toBe(1);
    expect(notify.publishRate).toEqual({ averageMsgPerSec: 50, peakMsgPerSec: 50 });
    expect(notify.queueType).toBe('quorum');
    expect(notify.consumers).toMatchObject({ count: 1, prefetch: 100 });
  });

  it('reads the message size off the consumer connections when no message is held', () => {
    const d = shop();
    expect(byName(d, 'notify').messageSize).toBe(NOTIFY_BODY_BYTES);
    const how = d.workloadProvenance.find((p) => p.path.join('.') === 'workloads.1.messageSize')!;
    expect(how.kind).toBe('estimated');
    expect(how.how).toMatch(/consumer connection/);
  });

  it('takes counts and bytes from the same statistics source (messages and message_bytes refresh apart)', () => {
    // As read on 3.10: messages says 0 while the detailed metrics hold 5 persistent messages of 2000 B.
    const stale = { messages: 0, message_bytes: 10_000, messages_persistent: 5, message_bytes_persistent: 10_000, messages_ram: 0, message_bytes_ram: 0 };
    const d = derive(inspectionOf({ queues: [{ name: 'q', publishPerSec: 10, raw: stale }] }), { groupBy: [], vhost: null });
    expect(d.workloadFile.workloads[0]!.messageSize).toBe(2000);
    // Transient classic messages: the in-RAM count and bytes.
    const transient = { messages: 9, message_bytes: 3000, messages_persistent: 0, message_bytes_persistent: 0, messages_ram: 2, message_bytes_ram: 3000 };
    const t = derive(inspectionOf({ queues: [{ name: 'q', publishPerSec: 10, raw: transient }] }), { groupBy: [], vhost: null });
    expect(t.workloadFile.workloads[0]!.messageSize).toBe(1500);
    expect(t.workloadFile.workloads[0]!.persistent).toBe(false);
  });

  it('does not attribute connection bytes shared with another workload', () => {
    const spec: ClusterSpec = {
      ...SHOP,
      consumers: [...SHOP.consumers!, { queue: 'orders.1', prefetch: 20, connection: 'c3' }],
    };
    const d = derive(inspectionOf(spec), { groupBy: GROUP_NOTIFY, vhost: null });
    expect(byName(d, 'notify').messageSize).toBe(1024);
    expect(d.guessed).toContainEqual(expect.objectContaining({ file: 'workload', path: 'workloads[1].messageSize' }));
  });

  it('takes the peak and the time-weighted average of the sampled interval rates', () => {
    const spec: ClusterSpec = { queues: [{ name: 'bursty', publishPerSec: 0, publishByInterval: [100, 300, 200], messages: 1, bodyBytes: 100 }] };
    const d = derive(inspectionOf(spec), { groupBy: [], vhost: null });
    expect(d.workloadFile.workloads[0]!.publishRate).toEqual({ averageMsgPerSec: 200, peakMsgPerSec: 300 });
    expect(d.workloads[0]!.intoQueuesByInterval).toEqual([100, 300, 200]);
  });

  it('marks what it cannot see as guessed: an idle queue gets placeholders', () => {
    const d = shop();
    const reports = byName(d, 'reports');
    expect(reports.publishRate).toEqual({ averageMsgPerSec: 1, peakMsgPerSec: 1 });
    expect(reports.messageSize).toBe(1024);
    expect(reports.consumers).toEqual({ count: 'auto' });
    const guessed = d.guessed.filter((g) => g.file === 'workload').map((g) => g.path);
    expect(guessed).toEqual(
      expect.arrayContaining([
        'workloads[2].publishRate.averageMsgPerSec',
        'workloads[2].publishRate.peakMsgPerSec',
        'workloads[2].messageSize',
        'workloads[2].fanOut',
        'workloads[2].consumers.count',
        'workloads[2].persistent',
        'workloads[1].consumers.prefetch',
        'workloads[0].messageTtl',
      ]),
    );
    // Measured figures are not in the guessed list.
    expect(guessed).not.toContain('workloads[0].publishRate.averageMsgPerSec');
    expect(guessed).not.toContain('workloads[0].messageSize');
  });

  it('decides persistence from the delivery mode of the messages seen in classic queues', () => {
    const spec = (share: number): ClusterSpec => ({ queues: [{ name: 'q', publishPerSec: 10, messages: 10, bodyBytes: 10, persistentShare: share }] });
    expect(derive(inspectionOf(spec(1)), { groupBy: [], vhost: null }).workloadFile.workloads[0]!.persistent).toBe(true);
    expect(derive(inspectionOf(spec(0)), { groupBy: [], vhost: null }).workloadFile.workloads[0]!.persistent).toBe(false);
    const transient: ClusterSpec = { queues: [{ name: 'q', durable: false, publishPerSec: 10 }] };
    expect(derive(inspectionOf(transient), { groupBy: [], vhost: null }).workloadFile.workloads[0]!.persistent).toBe(false);
  });

  it('sees a queue TTL (argument or policy) as messageTtl', () => {
    const spec: ClusterSpec = { queues: [{ name: 'q', publishPerSec: 10, arguments: { 'x-message-ttl': 60000 } }] };
    const d = derive(inspectionOf(spec), { groupBy: [], vhost: null });
    expect(d.workloadFile.workloads[0]!.messageTtl).toBe(true);
    expect(d.workloadProvenance.find((p) => p.path.join('.') === 'workloads.0.messageTtl')!.kind).toBe('measured');
  });

  it('estimates confirms, channels per connection and churn cluster-wide', () => {
    const d = shop();
    const orders = byName(d, 'orders');
    expect(orders.publisherConfirms).toEqual({ enabled: true });
    // 0.5 connections/s opened, shared by message share: orders carry 200 of the 300 copies/s.
    expect(orders.connections!.churnPerSec).toBeCloseTo(0.5 * (200 / 300), 2);
    expect(d.clusterObservation.copiesPerPublish).toBe(1.2);
  });

  it('derives the HA requirement and broker limits from what the cluster runs', () => {
    const d = shop();
    expect(d.workloadFile.cluster).toEqual({
      ha: { nodeFailuresToTolerate: 1 },
      broker: { fileDescriptorLimit: 65536, diskFreeLimit: 50_000_000, rabbitmqVersion: '3.13' },
    });
  });

  it('only keeps the queues of --vhost', () => {
    const spec: ClusterSpec = {
      queues: [
        { name: 'a', publishPerSec: 10 },
        { name: 'a', vhost: 'eu', publishPerSec: 20 },
      ],
    };
    const all = derive(inspectionOf(spec), { groupBy: [], vhost: null });
    expect(all.workloadFile.workloads.map((w) => [w.name, w.vhost])).toEqual([
      ['a', '/'],
      ['a.eu', 'eu'],
    ]);
    const eu = derive(inspectionOf(spec), { groupBy: [], vhost: 'eu' });
    expect(eu.workloadFile.workloads.map((w) => [w.name, w.vhost, w.publishRate.averageMsgPerSec])).toEqual([['a', 'eu', 20]]);
  });

  it('tells about a --group-by pattern that matched nothing', () => {
    const d = derive(inspectionOf(SHOP), { groupBy: parseGroupBy(['billing=invoice-*']), vhost: null });
    expect(d.notes).toContain('--group-by billing=invoice-* matched no queue');
  });
});

describe('derive: the files it writes', () => {
  it('writes a workload file that validates with WorkloadFileSchema', () => {
    const result = WorkloadFileSchema.safeParse(shop().workloadFile);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });

  it('writes a cluster description with nodes and the queue layout per workload', () => {
    const cluster = ClusterDescriptionSchema.parse(shop().cluster);
    expect(cluster.nodes.map((n) => [n.name, n.cores])).toEqual(NODES.map((n) => [n, 4]));
    // RAM is not reported: mem_limit ÷ the 3.x default watermark 0.4.
    expect(cluster.nodes[0]!.memoryBytes).toBe(Math.round(6_871_947_673 / 0.4));
    expect(cluster.nodes[0]!.memoryUsedBytes).toBe(503_000_000);
    const notify = cluster.workloads.find((w) => w.name === 'notify')!;
    expect(notify).toMatchObject({ queueType: 'quorum', replicationFactor: 3, fanOut: 2, queuesPerGroup: 1 });
    expect(notify.queues).toEqual([
      { name: 'notify-email', leader: 'rabbit@n1', members: NODES, online: NODES },
      { name: 'notify-sms', leader: 'rabbit@n2', members: ['rabbit@n2', 'rabbit@n3', 'rabbit@n1'], online: ['rabbit@n2', 'rabbit@n3', 'rabbit@n1'] },
    ]);
    expect(cluster.workloads.find((w) => w.name === 'orders')).toMatchObject({ replicationFactor: 1, queuesPerGroup: 2 });
  });

  it('renders YAML with a provenance comment on every figure, which parses back and validates', () => {
    const outcome = deriveAndRender(inspectionOf(SHOP), { groupBy: GROUP_NOTIFY, vhost: null });
    const yaml = outcome.workloadYaml;
    expect(WorkloadFileSchema.safeParse(parseYaml(yaml)).success).toBe(true);
    expect(yaml).toMatch(/averageMsgPerSec: 200 # measured: /);
    expect(yaml).toMatch(/fanOut: 2 # estimated: queues received 100 msg\/s, the exchange\(s\) bound to them \(notify\) received 50 msg\/s/);
    expect(yaml).toMatch(/prefetch: 100 # guessed: consumers use unlimited prefetch/);
    expect(yaml).toMatch(/count: auto # guessed: no consumer was attached/);
    const guessedComments = yaml.match(/# guessed: /g)?.length ?? 0;
    expect(guessedComments).toBe(outcome.derivation.guessed.filter((g) => g.file === 'workload').length);
    expect(ClusterDescriptionSchema.safeParse(parseYaml(outcome.clusterYaml)).success).toBe(true);
    expect(outcome.clusterYaml).toMatch(/memoryBytes: \d+ # estimated: mem_limit ÷ 0.4/);
  });

  it('leaves out of the layout a member node the cluster no longer lists', () => {
    const spec: ClusterSpec = { queues: [{ name: 'q', type: 'quorum', members: ['rabbit@n1', 'rabbit@gone'], publishPerSec: 10 }] };
    const d = derive(inspectionOf(spec), { groupBy: [], vhost: null });
    const cluster = ClusterDescriptionSchema.parse(d.cluster);
    expect(cluster.workloads[0]!.queues[0]!.members).toEqual(['rabbit@n1']);
    expect(d.notes.some((n) => n.includes('rabbit@gone'))).toBe(true);
  });

  it('still writes a valid file for a cluster without any traffic', () => {
    const spec: ClusterSpec = {
      queues: [
        { name: 'a', publishPerSec: null },
        { name: 'b', type: 'quorum', publishPerSec: null },
      ],
    };
    const d = derive(inspectionOf(spec), { groupBy: [], vhost: null });
    expect(WorkloadFileSchema.safeParse(d.workloadFile).success).toBe(true);
    expect(d.guessed.length).toBeGreaterThan(4);
  });
});

describe('an empty cluster', () => {
  it('is a clear exit-3 message naming the source, not an internal error', () => {
    const empty = inspectionOf({ queues: [] });
    expect(() => deriveAndRender(empty, { groupBy: [], vhost: null })).toThrow(BrokerError);
    expect(() => deriveAndRender(empty, { groupBy: [], vhost: null })).toThrow(
      /the cluster has no queues, so there is no traffic to derive a workload file from/,
    );
    expect(() => deriveAndRender(empty, { groupBy: [], vhost: 'eu' })).toThrow(/vhost "eu" has no queues/);
  });
});
