/**
 * What inspect reads from the management API, as plain data: one `Poll` per sample plus the
 * objects read once. `parse*` turn the API's JSON into these types (pure; zod checks the shape so
 * that an unexpected answer is a clear error, not a NaN three steps later).
 *
 * Counters (messages published into a queue, bytes sent on a connection, …) are kept as
 * cumulative values with the broker's own timestamp of that value: the management API keeps
 * 5-second samples of each counter, and rates computed from two timestamped values are exact,
 * whatever the delay between our request and the broker's last statistics emission.
 */
import { z } from '../schema/zod.js';

/** A cumulative counter and the broker's time of that value (null when the API gave no sample). */
export interface Counter {
  value: number;
  atMs: number | null;
}

export interface QueueStat {
  vhost: string;
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  exclusive: boolean;
  /** Node of the queue process (classic) or of the leader. */
  node: string | null;
  leader: string | null;
  /** Replicas (quorum, stream); null for classic queues. */
  members: string[] | null;
  online: string[] | null;
  consumers: number;
  messages: number;
  messageBytes: number | null;
  /**
   * Counts and bytes from one statistics source, so their ratio is a size: `messages` comes from
   * the queue's coarse metrics and `message_bytes` from its detailed ones, refreshed at different
   * moments (a sample can read messages 0 with message_bytes 10000).
   */
  messagesPersistent: number | null;
  messageBytesPersistent: number | null;
  messagesRam: number | null;
  messageBytesRam: number | null;
  arguments: Record<string, unknown>;
  policyDefinition: Record<string, unknown>;
  publish: Counter;
  deliverGet: Counter;
  ack: Counter;
  redeliver: Counter;
}

export interface ExchangeStat {
  vhost: string;
  name: string;
  type: string;
  publishIn: Counter;
  publishOut: Counter;
}

export interface OverviewStat {
  publish: Counter;
  confirm: Counter;
  deliverGet: Counter;
  connectionsCreated: number;
  connectionsClosed: number;
  channelsCreated: number;
  channelsClosed: number;
  connections: number;
  channels: number;
  consumers: number;
  queues: number;
}

export interface ConnectionStat {
  name: string;
  user: string | null;
  channels: number;
  sendOct: Counter;
  recvOct: Counter;
}

export interface NodeStat {
  name: string;
  running: boolean;
  processors: number | null;
  memLimitBytes: number | null;
  memUsedBytes: number | null;
  diskFreeBytes: number | null;
  diskFreeLimitBytes: number | null;
  fdTotal: number | null;
  fdUsed: number | null;
  /** Since the node booted, ms: a decrease between polls means it restarted. */
  uptimeMs: number | null;
}

export interface ConsumerStat {
  vhost: string;
  queue: string;
  prefetch: number;
  ackRequired: boolean;
  connectionName: string | null;
  channelName: string | null;
}

export interface ChannelStat {
  name: string;
  connectionName: string | null;
  confirm: boolean;
  published: number;
}

export interface BindingStat {
  vhost: string;
  source: string;
  destination: string;
  destinationType: string;
}

/** One sample of the traffic. */
export interface Poll {
  /** Client clock when the poll started (only used when the broker gives no timestamps). */
  clientTimeMs: number;
  overview: OverviewStat;
  queues: QueueStat[];
  exchanges: ExchangeStat[];
  connections: ConnectionStat[];
  nodes: NodeStat[];
}

export interface ClusterInfo {
  clusterName: string | null;
  rabbitmqVersion: string | null;
  erlangVersion: string | null;
  /** basic, detailed or none (management.rates_mode). */
  ratesMode: string | null;
}

/** Everything one inspection read: the input of the pure derivation. */
export interface Inspection {
  /** The management API base URL, without credentials. */
  source: string;
  info: ClusterInfo;
  windowSeconds: number;
  polls: Poll[];
  consumers: ConsumerStat[];
  channels: ChannelStat[];
  bindings: BindingStat[];
  /** ISO time the last poll ended. */
  endedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Parsing the API's JSON

const num = z.number().finite();
const optNum = num.nullish();
const optStr = z.string().nullish();
/** Erlang's empty proplist is serialized as [] where an object is expected (e.g. message_stats). */
const looseRecord = z.preprocess((v) => ((Array.isArray(v) && v.length === 0) || v === null || v === undefined ? {} : v), z.record(z.string(), z.unknown()));

const SampleSchema = z.looseObject({ sample: num, timestamp: num });
const DetailsSchema = z.looseObject({ samples: z.array(SampleSchema).optional() });

/** The counter `key` of a stats object, with the timestamp of its newest 5-second sample. */
export function readCounter(stats: Record<string, unknown>, key: string): Counter {
  const details = DetailsSchema.safeParse(stats[`${key}_details`]);
  const samples = details.success ? (details.data.samples ?? []) : [];
  if (samples.length > 0) {
    const newest = samples.reduce((a, b) => (b.timestamp > a.timestamp ? b : a));
    return { value: newest.sample, atMs: newest.timestamp };
  }
  const value = stats[key];
  return { value: typeof value === 'number' && Number.isFinite(value) ? value : 0, atMs: null };
}

const QueueJsonSchema = z.looseObject({
  name: z.string(),
  vhost: z.string(),
  type: z.string().nullish(),
  durable: z.boolean().nullish(),
  auto_delete: z.boolean().nullish(),
  exclusive: z.boolean().nullish(),
  node: optStr,
  leader: optStr,
  members: z.array(z.string()).nullish(),
  online: z.array(z.string()).nullish(),
  consumers: optNum,
  messages: optNum,
  message_bytes: optNum,
  messages_persistent: optNum,
  message_bytes_persistent: optNum,
  messages_ram: optNum,
  message_bytes_ram: optNum,
  arguments: looseRecord,
  effective_policy_definition: looseRecord,
  message_stats: looseRecord,
});

const ExchangeJsonSchema = z.looseObject({
  name: z.string(),
  vhost: z.string(),
  type: z.string().nullish(),
  message_stats: looseRecord,
});

const OverviewJsonSchema = z.looseObject({
  message_stats: looseRecord,
  churn_rates: looseRecord,
  object_totals: looseRecord,
});

const OverviewInfoJsonSchema = z.looseObject({
  cluster_name: optStr,
  rabbitmq_version: optStr,
  product_version: optStr,
  erlang_version: optStr,
  rates_mode: optStr,
});

const ConnectionJsonSchema = z.looseObject({
  name: z.string(),
  user: optStr,
  channels: optNum,
  send_oct: optNum,
  recv_oct: optNum,
});

const NodeJsonSchema = z.looseObject({
  name: z.string(),
  running: z.boolean().nullish(),
  processors: optNum,
  mem_limit: optNum,
  mem_used: optNum,
  disk_free: optNum,
  disk_free_limit: optNum,
  fd_total: optNum,
  fd_used: optNum,
  uptime: optNum,
});

const ConsumerJsonSchema = z.looseObject({
  queue: z.looseObject({ name: z.string(), vhost: z.string() }),
  prefetch_count: optNum,
  ack_required: z.boolean().nullish(),
  channel_details: looseRecord,
});

const ChannelJsonSchema = z.looseObject({
  name: z.string(),
  confirm: z.boolean().nullish(),
  connection_details: looseRecord,
  message_stats: looseRecord,
});

const BindingJsonSchema = z.looseObject({
  vhost: z.string(),
  source: z.string(),
  destination: z.string(),
  destination_type: z.string(),
});

const WhoAmIJsonSchema = z.looseObject({
  name: z.string(),
  tags: z.union([z.array(z.string()), z.string()]).nullish(),
});

/** The API answered something that is not what the management API returns. */
export class UnexpectedAnswerError extends Error {
  constructor(
    public readonly what: string,
    detail: string,
  ) {
    super(`${what}: ${detail}`);
    this.name = 'UnexpectedAnswerError';
  }
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new UnexpectedAnswerError(what, `${where}: ${issue?.message ?? 'unexpected shape'}`);
  }
  return result.data;
}

function parseArray<T>(schema: z.ZodType<T>, json: unknown, what: string): T[] {
  return parseWith(z.array(schema), json, what);
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function count(v: number | null | undefined): number {
  return typeof v === 'number' && v > 0 ? v : 0;
}

export function parseQueues(json: unknown): QueueStat[] {
  return parseArray(QueueJsonSchema, json, 'GET /api/queues').map((q) => ({
    vhost: q.vhost,
    name: q.name,
    type: q.type ?? 'classic',
    durable: q.durable ?? true,
    autoDelete: q.auto_delete ?? false,
    exclusive: q.exclusive ?? false,
    node: q.node ?? null,
    leader: q.leader ?? null,
    members: q.members ?? null,
    online: q.online ?? null,
    consumers: count(q.consumers),
    messages: count(q.messages),
    messageBytes: q.message_bytes ?? null,
    messagesPersistent: q.messages_persistent ?? null,
    messageBytesPersistent: q.message_bytes_persistent ?? null,
    messagesRam: q.messages_ram ?? null,
    messageBytesRam: q.message_bytes_ram ?? null,
    arguments: q.arguments,
    policyDefinition: q.effective_policy_definition,
    publish: readCounter(q.message_stats, 'publish'),
    deliverGet: readCounter(q.message_stats, 'deliver_get'),
    ack: readCounter(q.message_stats, 'ack'),
    redeliver: readCounter(q.message_stats, 'redeliver'),
  }));
}

export function parseExchanges(json: unknown): ExchangeStat[] {
  return parseArray(ExchangeJsonSchema, json, 'GET /api/exchanges').map((e) => ({
    vhost: e.vhost,
    name: e.name,
    type: e.type ?? 'direct',
    publishIn: readCounter(e.message_stats, 'publish_in'),
    publishOut: readCounter(e.message_stats, 'publish_out'),
  }));
}

function totalOf(r: Record<string, unknown>, key: string): number {
  const v = r[key];
  return typeof v === 'number' && v > 0 ? v : 0;
}

export function parseOverview(json: unknown): OverviewStat {
  const o = parseWith(OverviewJsonSchema, json, 'GET /api/overview');
  return {
    publish: readCounter(o.message_stats, 'publish'),
    confirm: readCounter(o.message_stats, 'confirm'),
    deliverGet: readCounter(o.message_stats, 'deliver_get'),
    connectionsCreated: totalOf(o.churn_rates, 'connection_created'),
    connectionsClosed: totalOf(o.churn_rates, 'connection_closed'),
    channelsCreated: totalOf(o.churn_rates, 'channel_created'),
    channelsClosed: totalOf(o.churn_rates, 'channel_closed'),
    connections: totalOf(o.object_totals, 'connections'),
    channels: totalOf(o.object_totals, 'channels'),
    consumers: totalOf(o.object_totals, 'consumers'),
    queues: totalOf(o.object_totals, 'queues'),
  };
}

export function parseClusterInfo(json: unknown): ClusterInfo {
  const o = parseWith(OverviewInfoJsonSchema, json, 'GET /api/overview');
  return {
    clusterName: o.cluster_name ?? null,
    rabbitmqVersion: o.rabbitmq_version ?? o.product_version ?? null,
    erlangVersion: o.erlang_version ?? null,
    ratesMode: o.rates_mode ?? null,
  };
}

export function parseConnections(json: unknown): ConnectionStat[] {
  return parseArray(ConnectionJsonSchema, json, 'GET /api/connections').map((c) => {
    const raw = c as Record<string, unknown>;
    return {
      name: c.name,
      user: c.user ?? null,
      channels: count(c.channels),
      sendOct: readCounter(raw, 'send_oct'),
      recvOct: readCounter(raw, 'recv_oct'),
    };
  });
}

export function parseNodes(json: unknown): NodeStat[] {
  return parseArray(NodeJsonSchema, json, 'GET /api/nodes').map((n) => ({
    name: n.name,
    running: n.running ?? true,
    processors: n.processors ?? null,
    memLimitBytes: n.mem_limit ?? null,
    memUsedBytes: n.mem_used ?? null,
    diskFreeBytes: n.disk_free ?? null,
    diskFreeLimitBytes: n.disk_free_limit ?? null,
    fdTotal: n.fd_total ?? null,
    fdUsed: n.fd_used ?? null,
    uptimeMs: n.uptime ?? null,
  }));
}

export function parseConsumers(json: unknown): ConsumerStat[] {
  return parseArray(ConsumerJsonSchema, json, 'GET /api/consumers').map((c) => ({
    vhost: c.queue.vhost,
    queue: c.queue.name,
    prefetch: count(c.prefetch_count),
    ackRequired: c.ack_required ?? true,
    connectionName: str(c.channel_details['connection_name']),
    channelName: str(c.channel_details['name']),
  }));
}

export function parseChannels(json: unknown): ChannelStat[] {
  return parseArray(ChannelJsonSchema, json, 'GET /api/channels').map((c) => ({
    name: c.name,
    connectionName: str(c.connection_details['name']),
    confirm: c.confirm ?? false,
    published: totalOf(c.message_stats, 'publish'),
  }));
}

export function parseBindings(json: unknown): BindingStat[] {
  return parseArray(BindingJsonSchema, json, 'GET /api/bindings').map((b) => ({
    vhost: b.vhost,
    source: b.source,
    destination: b.destination,
    destinationType: b.destination_type,
  }));
}

export function parseWhoAmI(json: unknown): { name: string; tags: string[] } {
  const w = parseWith(WhoAmIJsonSchema, json, 'GET /api/whoami');
  const tags = Array.isArray(w.tags) ? w.tags : (w.tags ?? '').split(',');
  return { name: w.name, tags: tags.map((t) => t.trim()).filter((t) => t.length > 0) };
}
