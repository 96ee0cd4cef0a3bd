/**
 * Reads a cluster over a window: a permission check, then `samples` polls spaced evenly over the
 * window (queues, exchanges, overview, connections, nodes: everything that changes), then the
 * objects read once (consumers, channels, bindings). GET requests only.
 */
import { BrokerError, InputError } from '../errors.js';
import type { ManagementClient } from '../broker/management.js';
import {
  parseBindings,
  parseChannels,
  parseClusterInfo,
  parseConnections,
  parseConsumers,
  parseExchanges,
  parseNodes,
  parseOverview,
  parseQueues,
  parseWhoAmI,
  UnexpectedAnswerError,
  type Inspection,
  type Poll,
} from './snapshot.js';

/**
 * The management plugin's statistics interval: counters refresh every 5 s by default
 * (collect_statistics_interval, https://www.rabbitmq.com/docs/management#statistics-interval).
 * Samples closer than this would measure the refresh, not the traffic; and each poll asks for the
 * newest 5-second sample of every counter.
 */
export const STATS_INTERVAL_SECONDS = 5;

const QUEUE_COLUMNS = [
  'name',
  'vhost',
  'type',
  'durable',
  'auto_delete',
  'exclusive',
  'node',
  'leader',
  'members',
  'online',
  'consumers',
  'messages',
  'message_bytes',
  'messages_persistent',
  'message_bytes_persistent',
  'messages_ram',
  'message_bytes_ram',
  'arguments',
  'effective_policy_definition',
  'message_stats',
].join(',');
const EXCHANGE_COLUMNS = 'name,vhost,type,message_stats';
const OVERVIEW_COLUMNS = 'message_stats,churn_rates,object_totals';
const CONNECTION_COLUMNS = 'name,user,channels,send_oct,recv_oct,send_oct_details,recv_oct_details';
const NODE_COLUMNS = 'name,running,processors,mem_limit,mem_used,disk_free,disk_free_limit,fd_total,fd_used,uptime';
const CONSUMER_COLUMNS = 'queue,prefetch_count,ack_required,channel_details';
const CHANNEL_COLUMNS = 'name,confirm,connection_details,message_stats';

/** Ask for the newest 5-second sample (with its timestamp) of every message and byte counter. */
const MSG_SAMPLES = `msg_rates_age=${STATS_INTERVAL_SECONDS}&msg_rates_incr=${STATS_INTERVAL_SECONDS}`;
const DATA_SAMPLES = `data_rates_age=${STATS_INTERVAL_SECONDS}&data_rates_incr=${STATS_INTERVAL_SECONDS}`;

export interface SampleOptions {
  windowSeconds: number;
  samples: number;
  vhost: string | null;
  /** Injected for tests; default: real time. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (message: string) => void;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function read<T>(client: ManagementClient, path: string, parse: (json: unknown) => T): Promise<T> {
  const json = await client.get(path);
  try {
    return parse(json);
  } catch (err) {
    if (err instanceof UnexpectedAnswerError) {
      throw new BrokerError(`${client.base} answered ${err.message}: is this a RabbitMQ management API (3.8 or later)?`);
    }
    throw err;
  }
}

export async function collectInspection(client: ManagementClient, options: SampleOptions): Promise<Inspection> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const progress = options.onProgress ?? ((): void => {});

  const me = await read(client, '/api/whoami', parseWhoAmI);
  checkMonitoringTag(client.username, me.tags, client.base);
  const info = await read(client, '/api/overview?columns=cluster_name,rabbitmq_version,product_version,erlang_version,rates_mode', parseClusterInfo);

  const vhostPath = options.vhost === null ? '' : `/${encodeURIComponent(options.vhost)}`;
  if (options.vhost !== null) {
    const vhosts = (await client.get('/api/vhosts?columns=name')) as { name?: unknown }[];
    const names = Array.isArray(vhosts) ? vhosts.map((v) => String(v.name)) : [];
    if (!names.includes(options.vhost)) {
      throw new InputError([
        `--vhost: expected one of the cluster's vhosts (${names.map((n) => JSON.stringify(n)).join(', ')}), got ${JSON.stringify(options.vhost)}`,
      ]);
    }
  }

  const pollOnce = async (): Promise<Poll> => {
    const clientTimeMs = now();
    const [overview, queues, exchanges, connections, nodes] = await Promise.all([
      read(client, `/api/overview?columns=${OVERVIEW_COLUMNS}&${MSG_SAMPLES}`, parseOverview),
      read(client, `/api/queues${vhostPath}?columns=${QUEUE_COLUMNS}&${MSG_SAMPLES}`, parseQueues),
      read(client, `/api/exchanges${vhostPath}?columns=${EXCHANGE_COLUMNS}&${MSG_SAMPLES}`, parseExchanges),
      read(client, `/api/connections?columns=${CONNECTION_COLUMNS}&${DATA_SAMPLES}`, parseConnections),
      read(client, `/api/nodes?columns=${NODE_COLUMNS}`, parseNodes),
    ]);
    return { clientTimeMs, overview, queues, exchanges, connections, nodes };
  };

  const intervalMs = (options.windowSeconds * 1000) / (options.samples - 1);
  const start = now();
  const polls: Poll[] = [];
  for (let k = 0; k < options.samples; k++) {
    const due = start + k * intervalMs;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    polls.push(await pollOnce());
    progress(`sample ${k + 1}/${options.samples}`);
  }

  const [consumers, channels, bindings] = await Promise.all([
    read(client, `/api/consumers${vhostPath}?columns=${CONSUMER_COLUMNS}`, parseConsumers),
    read(client, `/api/channels?columns=${CHANNEL_COLUMNS}`, parseChannels),
    read(client, `/api/bindings${vhostPath}`, parseBindings),
  ]);

  return {
    source: client.base,
    info,
    windowSeconds: options.windowSeconds,
    polls,
    consumers,
    channels,
    bindings,
    endedAt: new Date(now()).toISOString(),
  };
}

/** Tags that may read nodes, every vhost's queues and every connection (https://www.rabbitmq.com/docs/management#permissions). */
const MONITORING_TAGS = ['monitoring', 'administrator'];

/** Fails early (before a long sampling window) when the user cannot read what inspect needs. */
export function checkMonitoringTag(username: string, tags: string[], base: string): void {
  if (!tags.some((t) => MONITORING_TAGS.includes(t))) {
    const has = tags.length > 0 ? `tags [${tags.join(', ')}]` : 'no tags';
    throw new BrokerError(
      `user "${username}" at ${base} has ${has}: inspect needs the \`monitoring\` tag (or administrator) to read nodes, ` +
        `every vhost's queues and all connections, e.g. rabbitmqctl set_user_tags ${username} monitoring`,
    );
  }
}
