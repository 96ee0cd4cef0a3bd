/**
 * From what the management API showed to a workload file and a cluster description (pure: no
 * I/O, no clock). Every field written gets a provenance entry (measured / estimated / guessed)
 * saying how it was obtained; docs/inspect.md explains each method.
 */
import { SUPPORTED_RABBITMQ_VERSIONS, supportedLine } from '../model/broker-version.js';
import type { WorkloadFileInput } from '../schema/workload.js';
import { WORKLOAD_FILE_VERSION } from '../schema/workload.js';
import type { ClusterDescriptionInput } from '../schema/cluster.js';
import { CLUSTER_DESCRIPTION_VERSION } from '../schema/cluster.js';
import { groupQueues, unmatchedPatterns, type GroupPattern, type QueueGroup } from './grouping.js';
import { ProvenanceLog, type Provenance } from './provenance.js';
import { counterRates, nodeResets, queueResets, referenceTimesMs, summarize, sumRates, type IntervalRate, type RateSummary } from './rates.js';
import type { ConnectionStat, Counter, ExchangeStat, Inspection, NodeStat, Poll, QueueStat } from './snapshot.js';
import { median } from '../model/stats.js';

type WorkloadInput = WorkloadFileInput['workloads'][number];

/** Placeholder rate for a workload with no publishes in the window: the schema needs a positive rate; not a measurement. */
const IDLE_PLACEHOLDER_MSG_PER_SEC = 1;
/** Size assumed when nothing shows one: the 1 kB messages of the RabbitMQ team's benchmarks (https://www.rabbitmq.com/blog/2023/03/02/quorum-queues-migration). */
const GUESSED_MESSAGE_SIZE_BYTES = 1024;
/** Prefetch assumed for unlimited (0) prefetch: the schema default, from RabbitMQ's consumer-acknowledgements guide (100–300 usually optimal). */
const GUESSED_PREFETCH = 100;
/**
 * Bytes on the wire per delivered message besides the body and the exchange/routing-key names:
 * AMQP 0-9-1 framing (https://www.rabbitmq.com/resources/specs/amqp0-9-1.pdf §4.2.3, §4.2.6):
 * 3 frames × 8 B (header + end) + basic.deliver arguments (4 B class/method, a 31-character
 * amq.ctag consumer tag + 1, delivery tag 8, redelivered 1, 2 length bytes) + content header
 * (class 2, weight 2, body size 8, property flags 2, delivery mode 1) = 24 + 47 + 15.
 */
const AMQP_DELIVERY_FIXED_OVERHEAD_BYTES = 86;
/** A classic workload counts as persistent when at least this share of its messages is (delivery_mode 2). */
const PERSISTENT_MAJORITY = 0.5;
/** Default vm_memory_high_watermark.relative: 0.4 before RabbitMQ 4.0, 0.6 from 4.0 (https://www.rabbitmq.com/docs/memory#threshold). */
const DEFAULT_WATERMARK_BEFORE_4 = 0.4;
const DEFAULT_WATERMARK_FROM_4 = 0.6;
/** The workload schema's highest nodeFailuresToTolerate (quorum queues: at most 7 replicas). */
const MAX_NODE_FAILURES = 3;
/** A channel may not exceed this (workload schema: channelsPerConnection ≤ 2047, RabbitMQ's default channel_max). */
const MAX_CHANNELS_PER_CONNECTION = 2047;
/** Significant digits kept in written rates and ratios: more would pretend a precision sampling does not have. */
const RATE_DIGITS = 3;

export interface DeriveOptions {
  groupBy: GroupPattern[];
  /** Only queues of this vhost (null: all). */
  vhost: string | null;
}

export interface RateFigures {
  averageMsgPerSec: number;
  peakMsgPerSec: number;
}

export interface WorkloadObservation {
  name: string;
  vhost: string;
  queueType: string;
  groupedBy: string;
  queues: {
    name: string;
    type: string;
    durable: boolean;
    node: string | null;
    leader: string | null;
    members: string[] | null;
    online: string[] | null;
    consumers: number;
    intoQueueMsgPerSec: RateFigures | null;
  }[];
  /** Messages routed into the group's queues (all copies). */
  intoQueues: RateFigures | null;
  /** The sampled rates behind intoQueues: one per interval between samples (null: no fresh statistics). */
  intoQueuesByInterval: (number | null)[];
  /** Messages published by clients = intoQueues ÷ fanOut. */
  published: RateFigures | null;
  delivered: RateFigures | null;
  acked: RateFigures | null;
  redelivered: RateFigures | null;
  depthMessages: { average: number; max: number };
  consumers: { total: number; prefetch: number[]; connections: number };
}

export interface ClusterObservation {
  nodes: number;
  published: RateFigures | null;
  confirmed: RateFigures | null;
  delivered: RateFigures | null;
  /** Σ queue ingress ÷ client publishes, cluster-wide (null with --vhost or no traffic). */
  copiesPerPublish: number | null;
  connections: number;
  channels: number;
  consumers: number;
  connectionsOpenedPerSec: number;
  connectionsClosedPerSec: number;
  channelsOpenedPerSec: number;
  channelsClosedPerSec: number;
  intervals: number;
}

export interface Derivation {
  workloadFile: WorkloadFileInput;
  cluster: ClusterDescriptionInput;
  /** Provenance of the workload file's fields (paths from its root). */
  workloadProvenance: Provenance[];
  /** Provenance of the cluster description's fields. */
  clusterProvenance: Provenance[];
  guessed: { file: 'workload' | 'cluster'; path: string; reason: string }[];
  workloads: WorkloadObservation[];
  clusterObservation: ClusterObservation;
  notes: string[];
}

// ---------------------------------------------------------------------------------------------

export function roundRate(x: number): number {
  if (x <= 0) return 0;
  return Number(x.toPrecision(RATE_DIGITS));
}

function figures(s: RateSummary | null, divisor = 1): RateFigures | null {
  if (s === null) return null;
  return { averageMsgPerSec: roundRate(s.averagePerSec / divisor), peakMsgPerSec: roundRate(s.peakPerSec / divisor) };
}

function fmt(x: number): string {
  return String(roundRate(x));
}

function mode<T>(xs: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [x, c] of counts) {
    if (c > bestCount) {
      best = x;
      bestCount = c;
    }
  }
  return best;
}

const queueId = (vhost: string, name: string): string => `${vhost}\u0000${name}`;

/** Per-object series over the polls: index k = the object at poll k, or null. */
function seriesOf<T>(polls: Poll[], pick: (p: Poll) => T[], id: (x: T) => string): Map<string, (T | null)[]> {
  const out = new Map<string, (T | null)[]>();
  polls.forEach((p, k) => {
    for (const x of pick(p)) {
      const key = id(x);
      let s = out.get(key);
      if (!s) {
        s = polls.map(() => null);
        out.set(key, s);
      }
      s[k] = x;
    }
  });
  return out;
}

function lastOf<T>(s: (T | null)[]): T {
  for (let k = s.length - 1; k >= 0; k--) if (s[k]) return s[k]!;
  throw new Error('empty series'); // unreachable: a series exists only for seen objects
}

function rateOf<T>(series: (T | null)[], counter: (x: T) => Counter, ref: number[], resetIn: readonly boolean[] = []): IntervalRate[] {
  return counterRates(
    series.map((x) => (x === null ? null : counter(x))),
    ref,
    resetIn,
  );
}

/** Default watermark of the broker version, to estimate installed RAM from mem_limit. */
function defaultWatermark(version: string | null): number {
  const major = version ? Number.parseInt(version, 10) : NaN;
  return Number.isFinite(major) && major >= 4 ? DEFAULT_WATERMARK_FROM_4 : DEFAULT_WATERMARK_BEFORE_4;
}

function isQueueType(t: string): t is 'quorum' | 'classic' | 'stream' {
  return t === 'quorum' || t === 'classic' || t === 'stream';
}

function hasTtl(q: QueueStat): boolean {
  return q.arguments['x-message-ttl'] !== undefined || q.policyDefinition['message-ttl'] !== undefined;
}

// ---------------------------------------------------------------------------------------------

export function derive(inspection: Inspection, options: DeriveOptions): Derivation {
  const polls = inspection.polls;
  if (polls.length < 2) throw new Error('derive: needs at least two polls'); // the sampler guarantees it
  const ref = referenceTimesMs(polls);
  const intervals = polls.length - 1;
  // Counters that restarted from 0 mid-interval (a node lost, a quorum leader moved): those
  // intervals are unknown, not undercounted.
  const lostNodes = nodeResets(polls.map((p) => p.nodes));
  const clusterResetIn = lostNodes.map((s) => s.size > 0);
  const queueRate = (s: (QueueStat | null)[], counter: (q: QueueStat) => Counter): IntervalRate[] =>
    rateOf(
      s,
      counter,
      ref,
      queueResets(
        s.map((q) => (q === null ? undefined : (q.leader ?? q.node))),
        lostNodes,
      ),
    );
  const notes: string[] = [];
  const log = new ProvenanceLog();
  const inVhost = (vhost: string): boolean => options.vhost === null || vhost === options.vhost;

  // --- objects over the window --------------------------------------------------------------
  const queueSeries = seriesOf(
    polls,
    (p) => p.queues.filter((q) => inVhost(q.vhost)),
    (q) => queueId(q.vhost, q.name),
  );
  const exchangeSeries = seriesOf(
    polls,
    (p) => p.exchanges,
    (e) => queueId(e.vhost, e.name),
  );
  const connectionSeries = seriesOf(
    polls,
    (p) => p.connections,
    (c) => c.name,
  );
  const latestQueues = [...queueSeries.values()].map(lastOf);
  const lastPoll = polls[polls.length - 1]!;
  const firstPoll = polls[0]!;

  const queueIngress = new Map<string, IntervalRate[]>();
  for (const [id, s] of queueSeries)
    queueIngress.set(
      id,
      queueRate(s, (q) => q.publish),
    );

  const groups = groupQueues(
    latestQueues.map((q) => ({ vhost: q.vhost, name: q.name, type: q.type })),
    options.groupBy,
  );
  for (const p of unmatchedPatterns(latestQueues, options.groupBy)) {
    notes.push(`--group-by ${p.name}=${p.glob} matched no queue`);
  }

  // --- cluster-wide figures -------------------------------------------------------------------
  const overviewSeries = polls.map((p) => p.overview);
  const published = summarize(
    rateOf(overviewSeries, (o) => o.publish, ref, clusterResetIn),
    ref,
  );
  const confirmed = summarize(
    rateOf(overviewSeries, (o) => o.confirm, ref, clusterResetIn),
    ref,
  );
  const delivered = summarize(
    rateOf(overviewSeries, (o) => o.deliverGet, ref, clusterResetIn),
    ref,
  );
  const allIngress = summarize(sumRates([...queueIngress.values()], intervals), ref);
  const windowSeconds = Math.max((ref[ref.length - 1]! - ref[0]!) / 1000, Number.EPSILON);
  const churn = (pick: (o: Poll['overview']) => number): number => Math.max(pick(lastPoll.overview) - pick(firstPoll.overview), 0) / windowSeconds;
  const connectionsOpenedPerSec = churn((o) => o.connectionsCreated);
  const copiesPerPublish =
    options.vhost === null && published && allIngress && published.averagePerSec > 0 ? allIngress.averagePerSec / published.averagePerSec : null;
  const clusterObservation: ClusterObservation = {
    nodes: lastPoll.nodes.length,
    published: figures(published),
    confirmed: figures(confirmed),
    delivered: figures(delivered),
    copiesPerPublish: copiesPerPublish === null ? null : roundRate(copiesPerPublish),
    connections: lastPoll.overview.connections,
    channels: lastPoll.overview.channels,
    consumers: lastPoll.overview.consumers,
    connectionsOpenedPerSec: roundRate(connectionsOpenedPerSec),
    connectionsClosedPerSec: roundRate(churn((o) => o.connectionsClosed)),
    channelsOpenedPerSec: roundRate(churn((o) => o.channelsCreated)),
    channelsClosedPerSec: roundRate(churn((o) => o.channelsClosed)),
    intervals: allIngress?.intervals ?? 0,
  };

  // Publisher confirms, cluster-wide: the management API (basic rates mode) does not say which
  // channel publishes to which queue.
  const publishingChannels = inspection.channels.filter((c) => c.published > 0);
  let confirms: { enabled: boolean; kind: 'estimated' | 'guessed'; how: string };
  if (publishingChannels.length > 0) {
    const total = publishingChannels.reduce((a, c) => a + c.published, 0);
    const withConfirms = publishingChannels.filter((c) => c.confirm).reduce((a, c) => a + c.published, 0);
    confirms = {
      enabled: withConfirms / total >= PERSISTENT_MAJORITY,
      kind: 'estimated',
      how: `cluster-wide: ${Math.round((100 * withConfirms) / total)}% of messages published on the ${publishingChannels.length} open publishing channels were on channels in confirm mode`,
    };
  } else if (published && published.averagePerSec > 0 && confirmed) {
    const ratio = confirmed.averagePerSec / published.averagePerSec;
    confirms = {
      enabled: ratio >= PERSISTENT_MAJORITY,
      kind: 'estimated',
      how: `cluster-wide: confirms ${fmt(confirmed.averagePerSec)}/s vs publishes ${fmt(published.averagePerSec)}/s over the window`,
    };
  } else {
    confirms = { enabled: true, kind: 'guessed', how: 'no publishing channel seen; the schema default (confirms on) is assumed' };
  }

  const channelsPerConnection =
    lastPoll.overview.connections > 0
      ? Math.min(Math.max(Math.round(lastPoll.overview.channels / lastPoll.overview.connections), 1), MAX_CHANNELS_PER_CONNECTION)
      : null;

  // Consumers per queue and which connections they use.
  const consumersByQueue = new Map<string, typeof inspection.consumers>();
  for (const c of inspection.consumers) {
    const id = queueId(c.vhost, c.queue);
    consumersByQueue.set(id, [...(consumersByQueue.get(id) ?? []), c]);
  }
  const groupsOfConnection = new Map<string, Set<string>>();

  // --- per group: the rates first (churn is shared out by rate) -----------------------------
  interface GroupRates {
    group: QueueGroup;
    ids: string[];
    ingress: RateSummary | null;
    perQueue: (RateSummary | null)[];
  }
  const groupRates: (GroupRates & { byInterval: IntervalRate[] })[] = groups.map((group) => {
    const ids = group.queues.map((n) => queueId(group.vhost, n));
    const perQueueRates = ids.map((id) => queueIngress.get(id)!);
    for (const id of ids) {
      for (const c of consumersByQueue.get(id) ?? []) {
        if (c.connectionName === null) continue;
        const set = groupsOfConnection.get(c.connectionName) ?? new Set<string>();
        set.add(group.name);
        groupsOfConnection.set(c.connectionName, set);
      }
    }
    const byInterval = sumRates(perQueueRates, intervals);
    return {
      group,
      ids,
      byInterval,
      ingress: summarize(byInterval, ref),
      perQueue: perQueueRates.map((r) => summarize(r, ref)),
    };
  });
  const totalIngress = groupRates.reduce((a, g) => a + (g.ingress?.averagePerSec ?? 0), 0);

  const workloads: WorkloadInput[] = [];
  const observations: WorkloadObservation[] = [];
  const layouts: NonNullable<ClusterDescriptionInput['workloads']> = [];
  let maxReplicas = 0;

  groupRates.forEach(({ group, ids, ingress, perQueue, byInterval }, wi) => {
    const at = (...path: (string | number)[]): (string | number)[] => ['workloads', wi, ...path];
    const series = ids.map((id) => queueSeries.get(id)!);
    const latest = series.map(lastOf);
    const queueCount = latest.length;
    const qNames = latest.map((q) => q.name);
    const subject = queueCount === 1 ? `queue ${qNames[0]}` : `${queueCount} queues (${qNames.slice(0, 3).join(', ')}${queueCount > 3 ? ', …' : ''})`;

    // Queue type.
    const queueType = isQueueType(group.type) ? group.type : 'classic';
    if (isQueueType(group.type)) log.measured(at('queueType'), `type of ${subject}`);
    else log.guessed(at('queueType'), `queue type "${group.type}" is not one the model knows; sized as classic`);

    // Fan-out: copies per published message = queue ingress ÷ what the exchanges feeding them received.
    const feeders = new Set<string>();
    for (const b of inspection.bindings) {
      if (b.destinationType === 'queue' && b.vhost === group.vhost && b.source !== '' && group.queues.includes(b.destination)) {
        feeders.add(b.source);
      }
    }
    const feederRates = [...feeders]
      .map((name) => exchangeSeries.get(queueId(group.vhost, name)))
      .filter((s): s is (ExchangeStat | null)[] => s !== undefined)
      .map((s) => rateOf(s, (e) => e.publishIn, ref, clusterResetIn));
    const feederIn = feederRates.length > 0 ? summarize(sumRates(feederRates, intervals), ref) : null;
    let fanOut = 1;
    if (ingress === null || ingress.averagePerSec <= 0) {
      log.guessed(at('fanOut'), 'no messages reached these queues during the window: 1 (point to point) assumed');
    } else if (feeders.size === 0) {
      log.estimated(at('fanOut'), 'no exchange is bound to these queues: messages arrive through the default exchange, one queue per message');
    } else if (feederIn === null || feederIn.averagePerSec <= 0) {
      log.guessed(at('fanOut'), `exchanges ${[...feeders].join(', ')} showed no incoming messages: 1 assumed`);
    } else {
      const ratio = ingress.averagePerSec / feederIn.averagePerSec;
      fanOut = Math.min(Math.max(Math.round(ratio), 1), queueCount);
      log.estimated(
        at('fanOut'),
        `queues received ${fmt(ingress.averagePerSec)} msg/s, the exchange(s) bound to them (${[...feeders].join(', ')}) ` +
          `received ${fmt(feederIn.averagePerSec)} msg/s: ${fmt(ratio)} copies per message, rounded` +
          (ratio < 1 ? ' (the exchanges also route elsewhere, or messages also arrive through the default exchange)' : ''),
      );
    }

    // Publish rate: messages published by clients = copies into the queues ÷ fan-out.
    const measured = ingress?.intervals ?? 0;
    const leftOut = intervals - measured;
    const samplesText =
      `${measured} intervals of ${fmt(windowSeconds / intervals)} s over ${fmt(windowSeconds)} s` +
      (measured > 0 && leftOut > 0 ? ` (${leftOut} left out: statistics not refreshed, or counters reset by a node restart or a leader move)` : '');
    let publishRate: WorkloadInput['publishRate'];
    if (ingress !== null && ingress.averagePerSec > 0) {
      const avg = roundRate(ingress.averagePerSec / fanOut);
      const peak = Math.max(roundRate(ingress.peakPerSec / fanOut), avg);
      publishRate = { averageMsgPerSec: avg, peakMsgPerSec: peak };
      const perCopy = fanOut > 1 ? ` ÷ fan-out ${fanOut}` : '';
      log.measured(at('publishRate', 'averageMsgPerSec'), `messages into the queues${perCopy}, average of ${samplesText}`);
      log.measured(at('publishRate', 'peakMsgPerSec'), `highest of the ${samplesText}${perCopy}`);
    } else {
      publishRate = { averageMsgPerSec: IDLE_PLACEHOLDER_MSG_PER_SEC, peakMsgPerSec: IDLE_PLACEHOLDER_MSG_PER_SEC };
      const why = ingress === null ? 'the statistics did not refresh during the window' : 'no messages were published to these queues during the window';
      log.guessed(at('publishRate', 'averageMsgPerSec'), `${why}: placeholder ${IDLE_PLACEHOLDER_MSG_PER_SEC} msg/s, set the real rate`);
      log.guessed(at('publishRate', 'peakMsgPerSec'), `${why}: placeholder, set the real peak`);
    }

    // Message size.
    const held = heldMessages(series);
    let messageSize: number;
    if (held.consistent.messages > 0) {
      messageSize = Math.max(Math.round(held.consistent.bytes / held.consistent.messages), 1);
      log.estimated(
        at('messageSize'),
        `bytes ÷ count of the messages held in the queues (${held.consistent.messages} message(s) over ${held.consistent.samples} queue sample(s)): an average body size; p95 is not observable`,
      );
    } else {
      const fromWire = sizeFromConsumerBytes(group, ids, latest, inspection, connectionSeries, groupsOfConnection, ref, intervals, queueSeries);
      if (fromWire !== null) {
        messageSize = fromWire.bytes;
        log.estimated(at('messageSize'), fromWire.how);
      } else if (held.coarse.messages > 0) {
        messageSize = Math.max(Math.round(held.coarse.bytes / held.coarse.messages), 1);
        log.estimated(
          at('messageSize'),
          `message_bytes ÷ messages (${held.coarse.messages} message(s) over ${held.coarse.samples} sample(s)); these two figures refresh at different moments, so this is rough`,
        );
      } else {
        messageSize = GUESSED_MESSAGE_SIZE_BYTES;
        log.guessed(at('messageSize'), `no message was held in the queues and no byte rate could be attributed: ${GUESSED_MESSAGE_SIZE_BYTES} B assumed`);
      }
    }

    // Persistence.
    let persistent: boolean;
    const durable = latest.every((q) => q.durable);
    if (!durable) {
      persistent = false;
      log.estimated(at('persistent'), 'the queues are not durable: their messages do not survive a restart whatever their delivery mode');
    } else if (queueType !== 'classic') {
      persistent = true;
      log.estimated(at('persistent'), `${queueType} queues store every message on disk`);
    } else if (held.totalBytes > 0) {
      const share = held.persistentBytes / held.totalBytes;
      persistent = share >= PERSISTENT_MAJORITY;
      log.estimated(at('persistent'), `${Math.round(share * 100)}% of the bytes held in the queues were persistent messages (delivery_mode 2)`);
    } else {
      persistent = true;
      log.guessed(at('persistent'), 'durable queues, but no message was held in them to show the delivery mode: persistent assumed');
    }

    // Queues (shards) per fan-out group.
    const queuesPerGroup = Math.max(Math.round(queueCount / fanOut), 1);
    if (fanOut === 1) log.measured(at('queues'), `${queueCount} queue(s) in the group`);
    else log.estimated(at('queues'), `${queueCount} queues ÷ fan-out ${fanOut}`);

    // Consumers.
    const groupConsumers = ids.flatMap((id) => consumersByQueue.get(id) ?? []);
    const consumerCountFromQueues = latest.reduce((a, q) => a + q.consumers, 0);
    const consumerTotal = Math.max(groupConsumers.length, consumerCountFromQueues);
    const consumerConnections = new Set(groupConsumers.map((c) => c.connectionName).filter((n): n is string => n !== null));
    const consumers: NonNullable<WorkloadInput['consumers']> = {};
    if (consumerTotal > 0) {
      consumers.count = Math.max(Math.round(consumerTotal / fanOut), 1);
      log.measured(at('consumers', 'count'), fanOut > 1 ? `${consumerTotal} consumers ÷ fan-out ${fanOut}` : `${consumerTotal} consumer(s) on the queues`);
    } else {
      consumers.count = 'auto';
      log.guessed(at('consumers', 'count'), 'no consumer was attached: left to the planner ("auto")');
    }
    const prefetches = groupConsumers.map((c) => c.prefetch);
    if (prefetches.length > 0) {
      const limited = prefetches.filter((p) => p > 0);
      if (limited.length > 0) {
        consumers.prefetch = Math.round(median(limited)!); // limited is not empty here
        log.measured(at('consumers', 'prefetch'), `median prefetch of ${limited.length} consumer(s) (${[...new Set(limited)].join(', ')})`);
      } else {
        consumers.prefetch = GUESSED_PREFETCH;
        log.guessed(at('consumers', 'prefetch'), `consumers use unlimited prefetch (0), which the model cannot size: ${GUESSED_PREFETCH} assumed`);
      }
      const manual = groupConsumers.filter((c) => c.ackRequired).length;
      consumers.ackMode = manual * 2 >= groupConsumers.length ? 'manual' : 'auto';
      log.measured(at('consumers', 'ackMode'), `${manual} of ${groupConsumers.length} consumer(s) ack manually`);
    }

    // Connections.
    const connections: NonNullable<WorkloadInput['connections']> = {};
    if (consumerConnections.size > 0) {
      connections.consumerConnections = consumerConnections.size;
      log.measured(at('connections', 'consumerConnections'), 'connections the consumers of these queues use');
    }
    if (channelsPerConnection !== null) {
      connections.channelsPerConnection = channelsPerConnection;
      log.estimated(
        at('connections', 'channelsPerConnection'),
        `cluster-wide: ${lastPoll.overview.channels} channels on ${lastPoll.overview.connections} connections`,
      );
    }
    const share = totalIngress > 0 ? (ingress?.averagePerSec ?? 0) / totalIngress : 1 / groups.length;
    connections.churnPerSec = roundRate(connectionsOpenedPerSec * share);
    log.estimated(
      at('connections', 'churnPerSec'),
      `cluster-wide ${fmt(connectionsOpenedPerSec)} connections opened/s over the window` +
        (groups.length > 1 ? `, × this workload's ${Math.round(share * 100)}% share of the messages` : ''),
    );

    // Confirms (cluster-wide).
    const publisherConfirms = { enabled: confirms.enabled };
    log.add(at('publisherConfirms', 'enabled'), confirms.kind, confirms.how);

    // TTL.
    const ttl = latest.some(hasTtl);
    if (ttl) log.measured(at('messageTtl'), 'x-message-ttl argument or message-ttl policy on the queues');
    else log.guessed(at('messageTtl'), 'no queue TTL argument or policy; a per-message TTL (expiration property) is not visible');

    const workload: WorkloadInput = {
      name: group.name,
      vhost: group.vhost,
      publishRate,
      messageSize,
      fanOut,
      queueType,
      persistent,
      publisherConfirms,
      consumers,
      queues: queuesPerGroup,
      connections,
      messageTtl: ttl,
    };
    workloads.push(workload);

    // Layout for the cluster description.
    const memberCounts = latest.map((q) => (q.members && q.members.length > 0 ? q.members.length : 1));
    const replicationFactor = queueType === 'classic' ? 1 : (mode(memberCounts) ?? 1);
    if (queueType !== 'classic') maxReplicas = Math.max(maxReplicas, replicationFactor);
    const offline = latest.filter((q) => q.members && q.online && q.online.length < q.members.length);
    if (offline.length > 0)
      notes.push(
        `${group.name}: ${offline.length} queue(s) have members offline (${offline
          .map((q) => q.name)
          .slice(0, 3)
          .join(', ')})`,
      );
    layouts.push({
      name: group.name,
      vhost: group.vhost,
      queueType,
      replicationFactor,
      fanOut,
      queuesPerGroup,
      queues: latest.map((q) => ({
        name: q.name,
        leader: q.leader ?? q.node,
        members: q.members && q.members.length > 0 ? q.members : q.node ? [q.node] : [],
        ...(q.online ? { online: q.online } : {}),
      })),
    });

    const depth = polls.map((_, k) => series.reduce((a, s) => a + (s[k]?.messages ?? 0), 0));
    const summaryOf = (counter: (q: QueueStat) => Counter): RateFigures | null =>
      figures(
        summarize(
          sumRates(
            series.map((s) => queueRate(s, counter)),
            intervals,
          ),
          ref,
        ),
      );
    observations.push({
      name: group.name,
      vhost: group.vhost,
      queueType: group.type,
      groupedBy: group.rule,
      queues: latest.map((q, i) => ({
        name: q.name,
        type: q.type,
        durable: q.durable,
        node: q.node,
        leader: q.leader,
        members: q.members,
        online: q.online,
        consumers: q.consumers,
        intoQueueMsgPerSec: figures(perQueue[i] ?? null),
      })),
      intoQueues: figures(ingress),
      intoQueuesByInterval: byInterval.map((r) => (r === null ? null : roundRate(r))),
      published: figures(ingress, fanOut),
      delivered: summaryOf((q) => q.deliverGet),
      acked: summaryOf((q) => q.ack),
      redelivered: summaryOf((q) => q.redeliver),
      depthMessages: { average: Math.round(depth.reduce((a, b) => a + b, 0) / depth.length), max: Math.max(...depth) },
      consumers: { total: consumerTotal, prefetch: [...new Set(prefetches)], connections: consumerConnections.size },
    });
  });

  if (workloads.length === 0) {
    notes.push(options.vhost === null ? 'the cluster has no queues' : `vhost "${options.vhost}" has no queues`);
  }

  // --- the workload file's cluster section ----------------------------------------------------
  const nodes = mergeNodes(polls);
  // A member the cluster no longer lists (a node removed while queues still name it) cannot be
  // placed: drop it from the layout and say so.
  const known = new Set(nodes.map((n) => n.name));
  for (const layout of layouts) {
    for (const q of layout.queues) {
      const unknown = q.members.filter((m) => !known.has(m));
      if (unknown.length === 0 && (q.leader === null || q.leader === undefined || known.has(q.leader))) continue;
      notes.push(
        `${layout.name}: queue ${q.name} names node(s) the cluster does not list (${[...new Set([...unknown, q.leader ?? ''])].filter(Boolean).join(', ')}); left out of its layout`,
      );
      q.members = q.members.filter((m) => known.has(m));
      if (q.online) q.online = q.online.filter((m) => known.has(m));
      if (q.leader && !known.has(q.leader)) q.leader = null;
    }
  }
  const cluster: NonNullable<WorkloadFileInput['cluster']> = {};
  if (maxReplicas > 0) {
    const f = Math.min(Math.floor((maxReplicas - 1) / 2), MAX_NODE_FAILURES);
    cluster.ha = { nodeFailuresToTolerate: f };
    log.estimated(['cluster', 'ha', 'nodeFailuresToTolerate'], `replicated queues have ${maxReplicas} member(s): a majority survives ${f} node failure(s)`);
  }
  const running = nodes.filter((n) => n.running);
  const fdLimits = running.map((n) => n.fdTotal).filter((x): x is number => x !== null && x > 0);
  const diskLimits = running.map((n) => n.diskFreeLimitBytes).filter((x): x is number => x !== null && x > 0);
  const broker: NonNullable<NonNullable<WorkloadFileInput['cluster']>['broker']> = {};
  if (fdLimits.length > 0) {
    broker.fileDescriptorLimit = Math.min(...fdLimits);
    log.measured(['cluster', 'broker', 'fileDescriptorLimit'], 'fd_total of the nodes (lowest)');
  }
  if (diskLimits.length > 0) {
    broker.diskFreeLimit = Math.round(Math.max(...diskLimits));
    log.measured(['cluster', 'broker', 'diskFreeLimit'], 'disk_free_limit of the nodes (highest), bytes');
  }
  // The release line the cluster runs decides the advice and emitted syntax (cluster.broker.rabbitmqVersion).
  const reported = inspection.info.rabbitmqVersion;
  const line = reported === null ? null : supportedLine(reported);
  if (line !== null) {
    broker.rabbitmqVersion = line;
    log.measured(['cluster', 'broker', 'rabbitmqVersion'], `rabbitmq_version ${reported} of the management API`);
  } else if (reported !== null) {
    notes.push(
      `the cluster runs RabbitMQ ${reported}, which rmq-plan does not support (${SUPPORTED_RABBITMQ_VERSIONS[0]} to ${SUPPORTED_RABBITMQ_VERSIONS[SUPPORTED_RABBITMQ_VERSIONS.length - 1]}): cluster.broker.rabbitmqVersion left at its default; plan for the release you will run`,
    );
  }
  if (Object.keys(broker).length > 0) cluster.broker = broker;

  const workloadFile: WorkloadFileInput = {
    version: WORKLOAD_FILE_VERSION,
    ...(inspection.info.clusterName ? { name: inspection.info.clusterName } : {}),
    description: `Inspected from ${inspection.source} over ${fmt(windowSeconds)} s (${polls.length} samples), ending ${inspection.endedAt}.`,
    ...(Object.keys(cluster).length > 0 ? { cluster } : {}),
    workloads,
  };

  // --- cluster description --------------------------------------------------------------------
  const watermark = defaultWatermark(inspection.info.rabbitmqVersion);
  const clusterLog = new ProvenanceLog();
  const processorsKnown = nodes.map((n) => n.processors).filter((x): x is number => x !== null && x > 0);
  const clusterNodes = nodes.map((n, i) => {
    const at = (...path: (string | number)[]): (string | number)[] => ['nodes', i, ...path];
    let cores = n.processors;
    if (cores === null || cores <= 0) {
      cores = processorsKnown.length > 0 ? Math.max(...processorsKnown) : 1;
      clusterLog.guessed(at('cores'), n.running ? 'the node did not report its processors' : 'the node is down; cores of the other nodes assumed');
    } else {
      clusterLog.measured(at('cores'), '"processors" of /api/nodes');
    }
    const memLimit = n.memLimitBytes !== null && n.memLimitBytes > 0 ? Math.round(n.memLimitBytes) : null;
    return {
      name: n.name,
      running: n.running,
      cores,
      memoryLimitBytes: memLimit ?? 1,
      ...(memLimit !== null ? { memoryBytes: Math.round(memLimit / watermark) } : {}),
      ...(n.memUsedBytes !== null ? { memoryUsedBytes: Math.round(n.memUsedBytes) } : {}),
      disk: {
        ...(n.diskFreeBytes !== null ? { freeBytes: Math.round(n.diskFreeBytes) } : {}),
        ...(n.diskFreeLimitBytes !== null ? { freeLimitBytes: Math.round(n.diskFreeLimitBytes) } : {}),
      },
      fileDescriptors: {
        limit: n.fdTotal !== null && n.fdTotal > 0 ? n.fdTotal : 1,
        ...(n.fdUsed !== null ? { used: n.fdUsed } : {}),
      },
      _memLimitKnown: memLimit !== null,
      _fdKnown: n.fdTotal !== null && n.fdTotal > 0,
    };
  });
  clusterNodes.forEach((n, i) => {
    if (n._memLimitKnown) {
      clusterLog.measured(['nodes', i, 'memoryLimitBytes'], 'mem_limit of /api/nodes');
      clusterLog.estimated(
        ['nodes', i, 'memoryBytes'],
        `mem_limit ÷ ${watermark}, the default vm_memory_high_watermark of this version (RAM itself is not reported)`,
      );
    } else {
      clusterLog.guessed(['nodes', i, 'memoryLimitBytes'], 'the node did not report mem_limit (down?)');
    }
    if (!n._fdKnown) clusterLog.guessed(['nodes', i, 'fileDescriptors', 'limit'], 'the node did not report fd_total (down?)');
  });
  const clusterDescription: ClusterDescriptionInput = {
    version: CLUSTER_DESCRIPTION_VERSION,
    ...(inspection.info.clusterName ? { name: inspection.info.clusterName } : {}),
    observed: {
      source: inspection.source,
      at: inspection.endedAt,
      windowSeconds: roundRate(windowSeconds),
      samples: polls.length,
      ...(inspection.info.rabbitmqVersion ? { rabbitmqVersion: inspection.info.rabbitmqVersion } : {}),
      ...(inspection.info.erlangVersion ? { erlangVersion: inspection.info.erlangVersion } : {}),
    },
    nodes: clusterNodes.map(({ _memLimitKnown, _fdKnown, ...n }) => n),
    workloads: layouts,
    clients: {
      connections: clusterObservation.connections,
      channels: clusterObservation.channels,
      consumers: clusterObservation.consumers,
      connectionsOpenedPerSec: clusterObservation.connectionsOpenedPerSec,
      connectionsClosedPerSec: clusterObservation.connectionsClosedPerSec,
      channelsOpenedPerSec: clusterObservation.channelsOpenedPerSec,
      channelsClosedPerSec: clusterObservation.channelsClosedPerSec,
    },
  };
  layouts.forEach((l, i) => {
    if (l.queueType !== 'classic') clusterLog.estimated(['workloads', i, 'replicationFactor'], 'the most common member count of the queues');
  });

  if (inspection.info.ratesMode === 'none') {
    notes.push('the management plugin collects no message rates (rates_mode = none): every rate is a placeholder');
  }

  return {
    workloadFile,
    cluster: clusterDescription,
    workloadProvenance: log.entries,
    clusterProvenance: clusterLog.entries,
    guessed: [
      ...log.guessedList().map((g) => ({ file: 'workload' as const, ...g })),
      ...clusterLog.guessedList().map((g) => ({ file: 'cluster' as const, ...g })),
    ],
    workloads: observations,
    clusterObservation,
    notes,
  };
}

interface HeldMessages {
  /** Counts and bytes from the same statistics source: (persistent) or (in RAM) messages. */
  consistent: { messages: number; bytes: number; samples: number };
  /** messages and message_bytes, which refresh at different moments. */
  coarse: { messages: number; bytes: number; samples: number };
  persistentBytes: number;
  totalBytes: number;
}

/** What the queues held over the polls, for the size and the delivery mode. */
function heldMessages(series: (QueueStat | null)[][]): HeldMessages {
  const out: HeldMessages = {
    consistent: { messages: 0, bytes: 0, samples: 0 },
    coarse: { messages: 0, bytes: 0, samples: 0 },
    persistentBytes: 0,
    totalBytes: 0,
  };
  for (const s of series) {
    for (const q of s) {
      if (!q) continue;
      const persistent = q.messagesPersistent !== null && q.messagesPersistent > 0 && (q.messageBytesPersistent ?? 0) > 0;
      const ram = q.messagesRam !== null && q.messagesRam > 0 && (q.messageBytesRam ?? 0) > 0;
      // Persistent messages are also counted in RAM while they are there: take the larger set.
      if (persistent && (!ram || q.messagesPersistent! >= q.messagesRam!)) {
        out.consistent.messages += q.messagesPersistent!;
        out.consistent.bytes += q.messageBytesPersistent!;
        out.consistent.samples++;
      } else if (ram) {
        out.consistent.messages += q.messagesRam!;
        out.consistent.bytes += q.messageBytesRam!;
        out.consistent.samples++;
      }
      if (q.messages > 0 && q.messageBytes !== null && q.messageBytes > 0) {
        out.coarse.messages += q.messages;
        out.coarse.bytes += q.messageBytes;
        out.coarse.samples++;
      }
      if (q.messageBytes !== null && q.messageBytes > 0) {
        out.totalBytes += q.messageBytes;
        out.persistentBytes += Math.min(q.messageBytesPersistent ?? 0, q.messageBytes);
      }
    }
  }
  return out;
}

/** Each node's latest figures, with the peak memory and file-descriptor use over the polls. */
function mergeNodes(polls: Poll[]): NodeStat[] {
  const byName = new Map<string, NodeStat>();
  for (const p of polls) {
    for (const n of p.nodes) {
      const prev = byName.get(n.name);
      byName.set(n.name, {
        ...n,
        processors: n.processors ?? prev?.processors ?? null,
        memLimitBytes: n.memLimitBytes ?? prev?.memLimitBytes ?? null,
        fdTotal: n.fdTotal ?? prev?.fdTotal ?? null,
        diskFreeLimitBytes: n.diskFreeLimitBytes ?? prev?.diskFreeLimitBytes ?? null,
        memUsedBytes: maxOrNull(n.memUsedBytes, prev?.memUsedBytes ?? null),
        fdUsed: maxOrNull(n.fdUsed, prev?.fdUsed ?? null),
      });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/**
 * Message size from the bytes the broker sent to the group's consumers: when every consumer
 * connection of the group consumes only from this group, bytes sent on those connections ÷
 * messages delivered from the group's queues, less the AMQP framing of a delivery.
 */
function sizeFromConsumerBytes(
  group: QueueGroup,
  ids: string[],
  latest: QueueStat[],
  inspection: Inspection,
  connectionSeries: Map<string, (ConnectionStat | null)[]>,
  groupsOfConnection: Map<string, Set<string>>,
  ref: number[],
  intervals: number,
  queueSeries: Map<string, (QueueStat | null)[]>,
): { bytes: number; how: string } | null {
  const idSet = new Set(ids);
  const consumers = inspection.consumers.filter((c) => idSet.has(queueId(c.vhost, c.queue)));
  if (consumers.length === 0) return null;
  const names = new Set<string>();
  for (const c of consumers) {
    if (c.connectionName === null) return null;
    const groups = groupsOfConnection.get(c.connectionName);
    if (!groups || groups.size !== 1) return null; // shared with another workload: bytes not attributable
    names.add(c.connectionName);
  }
  const sendRates = [...names].map((n) => connectionSeries.get(n)).filter((s): s is (ConnectionStat | null)[] => s !== undefined);
  if (sendRates.length !== names.size) return null;
  const sent = summarize(
    sumRates(
      sendRates.map((s) => rateOf(s, (c) => c.sendOct, ref)),
      intervals,
    ),
    ref,
  );
  const deliveredRates = ids.map((id) => rateOf(queueSeries.get(id)!, (q) => q.deliverGet, ref));
  const delivered = summarize(sumRates(deliveredRates, intervals), ref);
  if (!sent || !delivered || delivered.averagePerSec <= 0 || sent.averagePerSec <= 0) return null;
  const routingKeyBytes = latest.reduce((a, q) => a + Buffer.byteLength(q.name), 0) / latest.length;
  const perMessage = sent.averagePerSec / delivered.averagePerSec;
  const body = Math.round(perMessage - AMQP_DELIVERY_FIXED_OVERHEAD_BYTES - routingKeyBytes);
  if (body < 1) return null;
  return {
    bytes: body,
    how:
      `bytes sent to the ${names.size} consumer connection(s) of ${group.name} (${fmt(sent.averagePerSec)} B/s) ÷ deliveries (${fmt(delivered.averagePerSec)}/s), ` +
      `less ~${Math.round(AMQP_DELIVERY_FIXED_OVERHEAD_BYTES + routingKeyBytes)} B of AMQP framing per delivery: no message was held in the queues to weigh`,
  };
}
