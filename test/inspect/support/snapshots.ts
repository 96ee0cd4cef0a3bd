/**
 * Hand-made management API answers for the derivation unit tests. They have the shape the API
 * returns (RabbitMQ 3.10: counters with 5-second samples when asked with msg_rates_age), and go
 * through the same parse functions as live answers.
 */
import {
  parseBindings,
  parseChannels,
  parseConnections,
  parseConsumers,
  parseExchanges,
  parseNodes,
  parseOverview,
  parseQueues,
  type Inspection,
  type Poll,
} from '../../../src/inspect/snapshot.js';

/** Broker time of the first poll (ms), on a 5-second boundary as the API's samples are. */
export const T0_MS = 1_700_000_000_000;
/** Seconds between the polls of these fixtures. */
export const POLL_SECONDS = 10;

/** A counter with its newest sample: what `?msg_rates_age=5&msg_rates_incr=5` gives. */
export function counter(key: string, value: number, atMs: number): Record<string, unknown> {
  return {
    [key]: value,
    [`${key}_details`]: {
      rate: 0,
      samples: [
        { sample: value, timestamp: atMs },
        { sample: value, timestamp: atMs - 5000 },
      ],
    },
  };
}

export interface QueueSpec {
  name: string;
  vhost?: string;
  type?: 'classic' | 'quorum' | 'stream';
  durable?: boolean;
  members?: string[];
  node?: string;
  consumers?: number;
  /** msg/s into the queue (publish counter slope); null: the queue has no message_stats at all. */
  publishPerSec: number | null;
  /** Overrides publishPerSec with one rate per interval between polls (for peak vs average). */
  publishByInterval?: number[];
  deliverPerSec?: number;
  /** messages held at each poll (default 0) and the body size of each. */
  messages?: number;
  bodyBytes?: number;
  persistentShare?: number;
  arguments?: Record<string, unknown>;
  /** Raw API fields to override (e.g. statistics that disagree with each other). */
  raw?: Record<string, unknown>;
}

/** Messages published into the queue by poll k since the first poll. */
function published(q: QueueSpec, poll: number): number {
  if (q.publishByInterval) return q.publishByInterval.slice(0, poll).reduce((a, r) => a + r * POLL_SECONDS, 0);
  return (q.publishPerSec ?? 0) * poll * POLL_SECONDS;
}

export function queueJson(q: QueueSpec, poll: number): Record<string, unknown> {
  const atMs = T0_MS + poll * POLL_SECONDS * 1000;
  const seconds = poll * POLL_SECONDS;
  const messages = q.messages ?? 0;
  const node = q.node ?? 'rabbit@n1';
  const replicated = q.type === 'quorum' || q.type === 'stream';
  const members = q.members ?? [node];
  return {
    name: q.name,
    vhost: q.vhost ?? '/',
    type: q.type ?? 'classic',
    durable: q.durable ?? true,
    auto_delete: false,
    exclusive: false,
    node: replicated ? members[0] : node,
    ...(replicated ? { leader: members[0], members, online: members } : {}),
    consumers: q.consumers ?? 0,
    messages,
    message_bytes: messages * (q.bodyBytes ?? 0),
    messages_persistent: Math.round(messages * (q.persistentShare ?? 1)),
    message_bytes_persistent: Math.round(messages * (q.persistentShare ?? 1)) * (q.bodyBytes ?? 0),
    ...(replicated ? {} : { messages_ram: messages, message_bytes_ram: messages * (q.bodyBytes ?? 0) }),
    arguments: q.arguments ?? {},
    effective_policy_definition: [],
    // Erlang's empty proplist: the API sends [] for a queue that never saw a message.
    message_stats:
      q.publishPerSec === null
        ? []
        : {
            ...counter('publish', 1000 + published(q, poll), atMs),
            ...counter('deliver_get', 1000 + (q.deliverPerSec ?? q.publishPerSec) * seconds, atMs),
            ...counter('ack', 1000 + (q.deliverPerSec ?? q.publishPerSec) * seconds, atMs),
            ...counter('redeliver', 0, atMs),
          },
    ...(q.raw ?? {}),
  };
}

export interface ExchangeSpec {
  name: string;
  vhost?: string;
  type?: string;
  inPerSec: number;
  outPerSec: number;
}

export function exchangeJson(e: ExchangeSpec, poll: number): Record<string, unknown> {
  const atMs = T0_MS + poll * POLL_SECONDS * 1000;
  const seconds = poll * POLL_SECONDS;
  return {
    name: e.name,
    vhost: e.vhost ?? '/',
    type: e.type ?? 'fanout',
    message_stats: { ...counter('publish_in', e.inPerSec * seconds, atMs), ...counter('publish_out', e.outPerSec * seconds, atMs) },
  };
}

export interface ClusterSpec {
  queues: QueueSpec[];
  exchanges?: ExchangeSpec[];
  publishPerSec?: number;
  confirmPerSec?: number;
  connections?: { name: string; sendBytesPerSec: number }[];
  nodes?: { name: string; processors: number }[];
  connectionsOpenedPerSec?: number;
  consumers?: { queue: string; vhost?: string; prefetch: number; ack?: boolean; connection: string }[];
  channels?: { name: string; connection: string; confirm: boolean; published: number }[];
  bindings?: { source: string; destination: string; vhost?: string }[];
  totals?: { connections: number; channels: number; consumers: number };
  polls?: number;
}

export function pollOf(spec: ClusterSpec, poll: number): Poll {
  const atMs = T0_MS + poll * POLL_SECONDS * 1000;
  const seconds = poll * POLL_SECONDS;
  const totals = spec.totals ?? { connections: 0, channels: 0, consumers: 0 };
  return {
    // The client clock runs 2 s ahead of the broker's: derivation must use the broker's.
    clientTimeMs: atMs + 2000,
    overview: parseOverview({
      message_stats: {
        ...counter('publish', (spec.publishPerSec ?? 0) * seconds, atMs),
        ...counter('confirm', (spec.confirmPerSec ?? 0) * seconds, atMs),
        ...counter('deliver_get', 0, atMs),
      },
      churn_rates: { connection_created: 10 + (spec.connectionsOpenedPerSec ?? 0) * seconds, connection_closed: 5, channel_created: 20, channel_closed: 10 },
      object_totals: { ...totals, queues: spec.queues.length, exchanges: 7 },
    }),
    queues: parseQueues(spec.queues.map((q) => queueJson(q, poll))),
    exchanges: parseExchanges([{ name: '', vhost: '/', type: 'direct', message_stats: [] }, ...(spec.exchanges ?? []).map((e) => exchangeJson(e, poll))]),
    connections: parseConnections(
      (spec.connections ?? []).map((c) => ({
        name: c.name,
        user: 'app',
        channels: 1,
        ...counter('send_oct', 5000 + c.sendBytesPerSec * seconds, atMs),
        ...counter('recv_oct', 1000, atMs),
      })),
    ),
    nodes: parseNodes(
      (spec.nodes ?? [{ name: 'rabbit@n1', processors: 4 }]).map((n) => ({
        name: n.name,
        running: true,
        processors: n.processors,
        mem_limit: 6_871_947_673,
        mem_used: 500_000_000 + poll * 1_000_000,
        disk_free: 100_000_000_000,
        disk_free_limit: 50_000_000,
        fd_total: 65_536,
        fd_used: 100 + poll,
      })),
    ),
  };
}

export function inspectionOf(spec: ClusterSpec): Inspection {
  const polls = Array.from({ length: spec.polls ?? 4 }, (_, k) => pollOf(spec, k));
  return {
    source: 'http://rabbit.example:15672',
    info: { clusterName: 'test-cluster', rabbitmqVersion: '3.13.7', erlangVersion: '26.2', ratesMode: 'basic' },
    windowSeconds: ((spec.polls ?? 4) - 1) * POLL_SECONDS,
    polls,
    consumers: parseConsumers(
      (spec.consumers ?? []).map((c) => ({
        queue: { name: c.queue, vhost: c.vhost ?? '/' },
        prefetch_count: c.prefetch,
        ack_required: c.ack ?? true,
        channel_details: { connection_name: c.connection, name: `${c.connection} (1)` },
      })),
    ),
    channels: parseChannels(
      (spec.channels ?? []).map((c) => ({
        name: c.name,
        confirm: c.confirm,
        connection_details: { name: c.connection },
        message_stats: { publish: c.published },
      })),
    ),
    bindings: parseBindings([
      ...spec.queues.map((q) => ({ source: '', vhost: q.vhost ?? '/', destination: q.name, destination_type: 'queue' })),
      ...(spec.bindings ?? []).map((b) => ({ source: b.source, vhost: b.vhost ?? '/', destination: b.destination, destination_type: 'queue' })),
    ]),
    endedAt: new Date(T0_MS + ((spec.polls ?? 4) - 1) * POLL_SECONDS * 1000).toISOString(),
  };
}
