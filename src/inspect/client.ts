/**
 * A read-only client of the RabbitMQ management HTTP API: GET only (inspect never changes a
 * cluster), every request bounded by a timeout, every failure turned into a one-line BrokerError
 * that says what to do and never contains the password.
 */
import { BrokerError } from '../errors.js';
import { redactSecrets, type MgmtUrl } from './mgmt-url.js';

/** The part of `fetch` the client uses; tests pass a recording wrapper. */
export type FetchLike = (url: string, init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal }) => Promise<{
  status: number;
  statusText?: string;
  text(): Promise<string>;
}>;

/** Tags that may read nodes, every vhost's queues and every connection (https://www.rabbitmq.com/docs/management#permissions). */
const MONITORING_TAGS = ['monitoring', 'administrator'];
const HTTP_UNAUTHORIZED = 401;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;
/** How much of an error body to quote: enough for the management API's {"error","reason"}. */
const ERROR_BODY_CHARS = 200;

export interface ManagementClient {
  readonly base: string;
  readonly username: string;
  /** GET `path` (starting with /api/) and parse the JSON body. */
  get(path: string): Promise<unknown>;
}

export interface ClientOptions {
  timeoutMs: number;
  fetch?: FetchLike;
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
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
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
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  );
}

function innermostMessage(err: unknown): string {
  let e: unknown = err;
  let message = String(err);
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
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

export function createManagementClient(url: MgmtUrl, options: ClientOptions): ManagementClient {
  const doFetch: FetchLike = options.fetch ?? ((u, init) => fetch(u, init));
  const secrets = [url.password];
  const authorization = 'Basic ' + Buffer.from(`${url.username}:${url.password}`).toString('base64');
  const fail = (message: string): BrokerError => new BrokerError(redactSecrets(message.replace(/\s+/g, ' ').trim(), secrets));
  const seconds = `${Math.round(options.timeoutMs / 100) / 10}s`;

  async function get(path: string): Promise<unknown> {
    const where = `${url.base}${path}`;
    let status: number;
    let body: string;
    try {
      const res = await doFetch(where, {
        method: 'GET',
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = res.status;
      body = await res.text();
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ECONNREFUSED') {
        throw fail(
          `cannot reach the management API at ${url.base}: connection refused on port ${portOf(url.base)} — ` +
            'is the management plugin enabled (rabbitmq-plugins enable rabbitmq_management) and is this its port (default 15672)?',
        );
      }
      if (isTimeout(err)) {
        throw fail(`the management API at ${url.base} did not answer GET ${path} within ${seconds} (host unreachable, firewalled, or overloaded; see --timeout)`);
      }
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        throw fail(`cannot reach the management API at ${url.base}: host "${new URL(url.base).hostname}" not found`);
      }
      if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
        throw fail(`cannot reach the management API at ${url.base}: host unreachable`);
      }
      if (code !== null && code.startsWith('HPE_')) {
        throw fail(`${url.base} did not answer in HTTP (${code}): is this the AMQP port? The management API listens on 15672 by default`);
      }
      if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
        throw fail(`the connection to the management API at ${url.base} was closed during GET ${path}: is this the management port (default 15672)?`);
      }
      throw fail(`cannot reach the management API at ${url.base}: ${innermostMessage(err)}`);
    }

    if (status === HTTP_UNAUTHORIZED || status === HTTP_FORBIDDEN) {
      const reason = errorReason(body);
      // Bad credentials: "Login failed" (3.x) or "Not_Authorized" (4.x); a user without the tag
      // gets "Not management user" / "Not monitor user" (both with HTTP 401).
      if (status === HTTP_UNAUTHORIZED && !/^not \w+ user/i.test(reason)) {
        throw fail(`the management API at ${url.base} refused the login for user "${url.username}" (HTTP 401: ${reason}): check the user name and password`);
      }
      throw fail(
        `user "${url.username}" may not read GET ${path} (HTTP ${status}: ${reason}): inspect needs a user with the \`monitoring\` tag ` +
          `(or administrator), e.g. rabbitmqctl set_user_tags ${url.username} monitoring`,
      );
    }
    if (status === HTTP_NOT_FOUND) {
      throw fail(`${where} answered HTTP 404: not a RabbitMQ management API at this URL, or the object does not exist`);
    }
    if (status < 200 || status >= 300) {
      throw fail(`the management API at ${url.base} answered GET ${path} with HTTP ${status}: ${errorReason(body)}`);
    }
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw fail(`${where} did not answer JSON (starts with ${JSON.stringify(body.slice(0, 40))}): is this the RabbitMQ management API?`);
    }
  }

  return { base: url.base, username: url.username, get };
}

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
