/**
 * The one client of the RabbitMQ management HTTP API (https://www.rabbitmq.com/docs/management
 * and /api/index.html on any broker), shared by bench, inspect and verify: every request bounded
 * by a timeout, every failure a one-line ManagementError (a BrokerError: exit 3) that says what to
 * do and never contains the password. bench and verify treat failures as "figures unavailable";
 * inspect, which reads nothing else, stops on them. inspect only ever calls `get`.
 */
import http from 'node:http';
import https from 'node:https';
import { BrokerError } from '../errors.js';
import type { TlsMaterial } from './connection.js';
import { parseMgmtUrl, type MgmtUrl } from './management-url.js';
import { redactSecrets } from './redact.js';

/** Management calls are cheap; 3 s means the API is not really reachable (bench, verify). */
export const MGMT_TIMEOUT_MS = 3_000;
const HTTP_UNAUTHORIZED = 401;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;
/** /api/health/checks/alarms answers 503 with the list of alarms in effect. */
const HTTP_SERVICE_UNAVAILABLE = 503;
/** How much of an error body to quote: enough for the management API's {"error","reason"}. */
const ERROR_BODY_CHARS = 200;
/** How deep an error's `cause` chain is followed (undici wraps socket errors twice). */
const MAX_CAUSE_DEPTH = 5;

export interface MgmtOverview {
  rabbitmq_version?: string;
  erlang_version?: string;
  cluster_name?: string;
  node?: string;
  message_stats?: {
    publish_details?: { rate?: number };
    deliver_get_details?: { rate?: number };
  };
}

export interface MgmtNode {
  name: string;
  processors?: number;
  mem_used?: number;
  mem_limit?: number;
  disk_free?: number;
  disk_free_limit?: number;
  mem_alarm?: boolean;
  disk_free_alarm?: boolean;
  os_pid?: string | number;
  running?: boolean;
}

export interface MgmtQueue {
  name: string;
  vhost: string;
  consumers?: number;
  type?: string;
  node?: string;
  leader?: string;
  members?: string[];
  messages?: number;
}

export interface MgmtConnection {
  name: string;
  user_provided_name?: string;
  client_properties?: { connection_name?: string };
}

/** How a request is sent: `fetch` has this shape too (tests pass a recording wrapper of it). */
export type HttpTransport = (
  url: string,
  init: { method: 'GET' | 'DELETE'; headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface ManagementOptions {
  timeoutMs?: number;
  /** CA, client certificate and --insecure for an https:// API (bench's TLS flags). */
  tls?: TlsMaterial | null;
  transport?: HttpTransport;
  /** The flag that sets the timeout, named when a call times out (inspect: --timeout). */
  timeoutFlag?: string;
}

/** A failed management call: the HTTP status and body when the API answered (null when it did not). */
export class ManagementError extends BrokerError {
  constructor(
    message: string,
    readonly status: number | null = null,
    readonly body: string = '',
  ) {
    super(message);
  }
}

export class ManagementClient {
  /** scheme://host:port/prefix without credentials: printable. */
  readonly base: string;
  readonly username: string;
  private readonly authorization: string;
  private readonly secrets: string[];
  private readonly timeoutMs: number;
  private readonly transport: HttpTransport;
  private readonly timeoutFlag: string | null;

  /** `url`: a parsed --mgmt URL, or a URL with the credentials in it (checked as --mgmt is). */
  constructor(url: MgmtUrl | string, options: ManagementOptions = {}) {
    const parsed = typeof url === 'string' ? parseMgmtUrl(url) : url;
    this.base = parsed.base;
    this.username = parsed.username;
    this.secrets = [parsed.password];
    this.authorization = 'Basic ' + Buffer.from(`${parsed.username}:${parsed.password}`).toString('base64');
    this.timeoutMs = options.timeoutMs ?? MGMT_TIMEOUT_MS;
    this.transport = options.transport ?? nodeTransport(options.tls ?? null);
    this.timeoutFlag = options.timeoutFlag ?? null;
  }

  /** GET `path` (starting with /api/) and parse the JSON body. */
  get(path: string): Promise<unknown> {
    return this.request('GET', path);
  }

  overview(): Promise<MgmtOverview> {
    return this.request('GET', '/api/overview') as Promise<MgmtOverview>;
  }

  nodes(): Promise<MgmtNode[]> {
    return this.request('GET', '/api/nodes') as Promise<MgmtNode[]>;
  }

  queue(vhost: string, name: string): Promise<MgmtQueue> {
    return this.request('GET', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`) as Promise<MgmtQueue>;
  }

  /** Queues of a vhost whose name starts with prefix. */
  async queuesWithPrefix(vhost: string, prefix: string): Promise<MgmtQueue[]> {
    const all = (await this.request(
      'GET',
      `/api/queues/${encodeURIComponent(vhost)}?columns=name,vhost,type,node,leader,members,messages,consumers`,
    )) as MgmtQueue[];
    return all.filter((q) => q.name.startsWith(prefix));
  }

  /** True/false when the API can tell whether the vhost exists, null when it cannot be asked. */
  async vhostExists(vhost: string): Promise<boolean | null> {
    try {
      await this.request('GET', `/api/vhosts/${encodeURIComponent(vhost)}`);
      return true;
    } catch (err) {
      return err instanceof ManagementError && err.status === HTTP_NOT_FOUND ? false : null;
    }
  }

  /**
   * Resource alarms in effect, asked live (/api/health/checks/alarms answers 503 with the list;
   * /api/nodes' mem_alarm lags by the statistics interval). e.g. ["memory alarm on rabbit@a"].
   */
  async alarms(): Promise<string[]> {
    try {
      await this.request('GET', '/api/health/checks/alarms');
      return [];
    } catch (err) {
      if (!(err instanceof ManagementError) || err.status !== HTTP_SERVICE_UNAVAILABLE) throw err;
      try {
        const parsed = JSON.parse(err.body) as { alarms?: Array<{ node?: string; resource?: string }> };
        const list = (parsed.alarms ?? []).map((a) => `${a.resource ?? 'resource'} alarm on ${a.node ?? 'a node'}`);
        return list.length > 0 ? list : ['an alarm'];
      } catch {
        return ['an alarm'];
      }
    }
  }

  connections(): Promise<MgmtConnection[]> {
    return this.request('GET', '/api/connections?columns=name,user_provided_name,client_properties') as Promise<MgmtConnection[]>;
  }

  async deleteConnection(name: string): Promise<void> {
    await this.request('DELETE', `/api/connections/${encodeURIComponent(name)}`);
  }

  async deleteQueue(vhost: string, name: string, options: { ifUnused?: boolean } = {}): Promise<void> {
    await this.request('DELETE', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}${options.ifUnused ? '?if-unused=true' : ''}`);
  }

  private fail(message: string, status: number | null = null, body = ''): ManagementError {
    return new ManagementError(redactSecrets(message.replace(/\s+/g, ' ').trim(), this.secrets), status, body);
  }

  private async request(method: 'GET' | 'DELETE', path: string): Promise<unknown> {
    const { base } = this;
    const where = `${base}${path}`;
    let status: number;
    let body: string;
    try {
      const res = await this.transport(where, {
        method,
        headers: { authorization: this.authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      body = await res.text();
    } catch (err) {
      throw this.fail(unreachableMessage(err, base, `${method} ${path}`, this.timeoutMs, this.timeoutFlag));
    }
    if (status === HTTP_UNAUTHORIZED || status === HTTP_FORBIDDEN) {
      const reason = errorReason(body);
      // Bad credentials: "Login failed" (3.x) or "Not_Authorized" (4.x); a user without the tag
      // gets "Not management user" / "Not monitor user" (both with HTTP 401).
      if (status === HTTP_UNAUTHORIZED && !/^not \w+ user/i.test(reason)) {
        throw this.fail(
          `the management API at ${base} refused the login for user "${this.username}" (HTTP 401: ${reason}): check the user name and password`,
          status,
          body,
        );
      }
      throw this.fail(
        `user "${this.username}" may not ${method} ${path} (HTTP ${status}: ${reason}): this needs a user with the \`monitoring\` tag ` +
          `(or administrator), e.g. rabbitmqctl set_user_tags ${this.username} monitoring`,
        status,
        body,
      );
    }
    if (status === HTTP_NOT_FOUND)
      throw this.fail(`${where} answered HTTP 404: not a RabbitMQ management API at this URL, or the object does not exist`, status, body);
    if (status < 200 || status >= 300)
      throw this.fail(`the management API at ${base} answered ${method} ${path} with HTTP ${status}: ${errorReason(body)}`, status, body);
    if (body === '') return undefined;
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw this.fail(`${where} did not answer JSON (starts with ${JSON.stringify(body.slice(0, 40))}): is this the RabbitMQ management API?`, status, body);
    }
  }
}

/** node:http(s) as an HttpTransport, with bench's TLS material for an https:// API. */
function nodeTransport(tls: TlsMaterial | null): HttpTransport {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const options: https.RequestOptions = { method: init.method, headers: init.headers, signal: init.signal };
      if (u.protocol === 'https:' && tls !== null) {
        if (tls.ca.length > 0) options.ca = tls.ca;
        if (tls.cert !== null) options.cert = tls.cert;
        if (tls.key !== null) options.key = tls.key;
        if (tls.insecure) options.rejectUnauthorized = false;
      }
      const req = (u.protocol === 'https:' ? https : http).request(u, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, text: () => Promise.resolve(text) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
}

interface ErrorWithCause {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** The innermost error code (undici wraps socket errors: TypeError('fetch failed', { cause })). */
function errorCode(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof e === 'object' && e !== null; depth++) {
    const ec = e as ErrorWithCause;
    if (typeof ec.code === 'string') return ec.code;
    e = ec.cause;
  }
  return null;
}

function isTimeout(err: unknown): boolean {
  const e = err as ErrorWithCause | null;
  const code = errorCode(err);
  return (
    (e !== null && typeof e === 'object' && (e.name === 'TimeoutError' || e.name === 'AbortError')) ||
    code === 'ABORT_ERR' ||
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  );
}

function innermostMessage(err: unknown): string {
  let e: unknown = err;
  let message = String(err);
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof e === 'object' && e !== null; depth++) {
    const ec = e as ErrorWithCause;
    if (typeof ec.message === 'string' && ec.message) message = ec.message;
    e = ec.cause;
  }
  return message;
}

/** The management API's error reason: {"error":"not_authorised","reason":"Login failed"}. */
function errorReason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { reason?: unknown; error?: unknown };
    if (typeof parsed.reason === 'string') return parsed.reason;
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: quote the start of the body
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, ERROR_BODY_CHARS);
}

function portOf(base: string): string {
  const u = new URL(base);
  return u.port || (u.protocol === 'https:' ? '443' : '80');
}

/** Why no answer came, with what to check. */
function unreachableMessage(err: unknown, base: string, call: string, timeoutMs: number, timeoutFlag: string | null): string {
  const code = errorCode(err);
  if (code === 'ECONNREFUSED') {
    return (
      `cannot reach the management API at ${base}: connection refused on port ${portOf(base)} — ` +
      'is the management plugin enabled (rabbitmq-plugins enable rabbitmq_management) and is this its port (default 15672)?'
    );
  }
  if (isTimeout(err))
    return `the management API at ${base} did not answer ${call} within ${Math.round(timeoutMs / 100) / 10}s (host unreachable, firewalled, or overloaded${timeoutFlag === null ? '' : `; see ${timeoutFlag}`})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot reach the management API at ${base}: host "${new URL(base).hostname}" not found`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `cannot reach the management API at ${base}: host unreachable`;
  if (code !== null && code.startsWith('HPE_'))
    return `${base} did not answer in HTTP (${code}): is this the AMQP port? The management API listens on 15672 by default`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return `the connection to the management API at ${base} was closed during ${call}: is this the management port (default 15672)?`;
  }
  return `cannot reach the management API at ${base}: ${innermostMessage(err)}`;
}
