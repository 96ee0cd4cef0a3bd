/**
 * Helpers for tests that run against the real local RabbitMQ broker started by
 * `scripts/broker/start.sh` (which `npm test` / scripts/test.sh does for you).
 *
 * Broker tests never skip silently: `requireBroker()` throws when the broker is unreachable, so
 * the test fails and says how to start it.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';

const DEFAULT_URL = 'amqp://guest:guest@127.0.0.1:5672';
const DEFAULT_MGMT_URL = 'http://guest:guest@127.0.0.1:15672';
const DEFAULT_CLUSTER_URLS = [5682, 5683, 5684].map((p) => `amqp://guest:guest@127.0.0.1:${p}`);
const DEFAULT_CLUSTER_MGMT_URL = 'http://guest:guest@127.0.0.1:15682';

/** AMQP URL of the single test node (RMQ_URL). */
export function brokerUrl(): string {
  return process.env.RMQ_URL || DEFAULT_URL;
}

/** Management API base URL of the single test node, credentials included (RMQ_MGMT_URL). */
export function mgmtUrl(): string {
  return process.env.RMQ_MGMT_URL || DEFAULT_MGMT_URL;
}

/** amqps:// URL of the single test node's TLS listener (RMQ_TLS_URL); its certificate names localhost. */
export function tlsUrl(): string {
  return process.env.RMQ_TLS_URL || 'amqps://guest:guest@localhost:5671';
}

/** The CA that signed the TLS listener's certificate (RMQ_TLS_CA; scripts/broker/lib.sh makes it). */
export function tlsCaFile(): string {
  return process.env.RMQ_TLS_CA || new URL('../../.broker/tls/ca.pem', import.meta.url).pathname;
}

/** AMQP URLs of the three cluster nodes (RMQ_CLUSTER_URLS, comma separated). */
export function clusterUrls(): string[] {
  const raw = process.env.RMQ_CLUSTER_URLS;
  if (!raw) return [...DEFAULT_CLUSTER_URLS];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Management API base URL of cluster node 1 (RMQ_CLUSTER_MGMT_URL). */
export function clusterMgmtUrl(): string {
  return process.env.RMQ_CLUSTER_MGMT_URL || DEFAULT_CLUSTER_MGMT_URL;
}

/** True when scripts/test.sh started the cluster (RMQ_TEST_CLUSTER=1). */
export function clusterEnabled(): boolean {
  return process.env.RMQ_TEST_CLUSTER === '1';
}

/**
 * A name prefix unique to this test run, e.g. `rmqplan-test-smoke-lx3k9a-1f2e3d-`.
 * Use it for every queue/exchange a test creates and clean up with `deleteQueuesByPrefix`.
 */
export function uniquePrefix(tag: string): string {
  const safe = tag.replace(/[^A-Za-z0-9_.-]/g, '-');
  return `rmqplan-test-${safe}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}-`;
}

// ---------------------------------------------------------------------------------------------
// Reachability

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timed out after ${timeoutMs} ms connecting to ${host}:${port}`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      socket.destroy();
      resolve();
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
  });
}

function amqpHostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  const port = u.port ? Number(u.port) : u.protocol === 'amqps:' ? 5671 : 5672;
  return { host: u.hostname || '127.0.0.1', port };
}

async function probe(amqpUrl: string, mgmt: string, timeoutMs: number): Promise<void> {
  const { host, port } = amqpHostPort(amqpUrl);
  await tcpProbe(host, port, timeoutMs);
  await mgmtRequest(mgmt, 'GET', '/api/overview', timeoutMs);
}

function unreachableError(what: string, startCmd: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (process.env.CI === 'true') {
    return new Error(
      `${what} is not reachable in CI (${reason}). scripts/test.sh should have started it; ` + 'check its output above for the broker start failure.',
    );
  }
  return new Error(
    `${what} is not reachable (${reason}). Start it with \`${startCmd}\` ` + '(or run the whole suite with `npm test`, which starts and stops it for you).',
  );
}

/**
 * Fails (throws) unless the single test node accepts AMQP connections and its management API
 * answers, within `timeoutMs` (default 3 s). Call it in `beforeAll` of every broker test file.
 */
export async function requireBroker(timeoutMs = 3000): Promise<void> {
  try {
    await probe(brokerUrl(), mgmtUrl(), timeoutMs);
  } catch (err) {
    throw unreachableError(`RabbitMQ test broker (${redact(brokerUrl())}, management ${redact(mgmtUrl())})`, 'scripts/broker/start.sh', err);
  }
}

/** Like `requireBroker` for all three cluster nodes (AMQP) and node 1's management API. */
export async function requireCluster(timeoutMs = 3000): Promise<void> {
  try {
    await Promise.all(clusterUrls().map((u) => tcpProbe(amqpHostPort(u).host, amqpHostPort(u).port, timeoutMs)));
    await mgmtRequest(clusterMgmtUrl(), 'GET', '/api/overview', timeoutMs);
  } catch (err) {
    throw unreachableError(
      `RabbitMQ test cluster (${clusterUrls().map(redact).join(', ')})`,
      'scripts/broker/start.sh cluster` or `RMQ_TEST_CLUSTER=1 npm test',
      err,
    );
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------------------------------------
// Management API

/**
 * Calls the management HTTP API. `base` may carry credentials (`http://user:pass@host:port`);
 * they are sent as basic auth. Returns the parsed JSON body (or null for an empty body) and
 * throws on a non-2xx status.
 */
export async function mgmtRequest<T = unknown>(
  base: string,
  method: 'GET' | 'PUT' | 'DELETE' | 'POST',
  path: string,
  timeoutMs = 10_000,
  body?: unknown,
): Promise<T> {
  const u = new URL(base);
  const user = decodeURIComponent(u.username || 'guest');
  const pass = decodeURIComponent(u.password || 'guest');
  u.username = '';
  u.password = '';
  const url = u.origin + path;
  const headers: Record<string, string> = {
    authorization: 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64'),
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`management API ${method} ${path} -> HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  return (text ? JSON.parse(text) : null) as T;
}

/** GET on the single node's management API (or `base`). */
export function mgmtGet<T = unknown>(path: string, base: string = mgmtUrl()): Promise<T> {
  return mgmtRequest<T>(base, 'GET', path);
}

export interface QueueInfo {
  name: string;
  vhost: string;
  type?: string;
  durable?: boolean;
  messages?: number;
  memory?: number;
  node?: string;
  [key: string]: unknown;
}

/**
 * Lists queues (all vhosts) via the management API, optionally only those whose name starts
 * with `prefix`. Note: message counts in this listing lag behind by up to the statistics
 * interval (5 s by default).
 */
export async function listQueues(prefix?: string, base: string = mgmtUrl()): Promise<QueueInfo[]> {
  const queues = await mgmtRequest<QueueInfo[]>(base, 'GET', '/api/queues');
  return prefix === undefined ? queues : queues.filter((q) => q.name.startsWith(prefix));
}

/**
 * Deletes every queue whose name starts with `prefix` (all vhosts) and returns their names.
 * Refuses short prefixes so a mistake cannot wipe unrelated queues.
 */
export async function deleteQueuesByPrefix(prefix: string, base: string = mgmtUrl()): Promise<string[]> {
  if (typeof prefix !== 'string' || prefix.length < 8) {
    throw new Error(`deleteQueuesByPrefix: refusing a prefix shorter than 8 characters: ${JSON.stringify(prefix)}`);
  }
  const queues = await listQueues(prefix, base);
  const deleted: string[] = [];
  for (const q of queues) {
    const path = `/api/queues/${encodeURIComponent(q.vhost)}/${encodeURIComponent(q.name)}`;
    try {
      await mgmtRequest(base, 'DELETE', path);
      deleted.push(q.name);
    } catch (err) {
      // Already gone (e.g. deleted by the test itself) is fine.
      if (!(err instanceof Error && /HTTP 404/.test(err.message))) throw err;
    }
  }
  return deleted;
}
