/**
 * Opening and watching AMQP connections: bounded connect, TLS material passed through to
 * amqplib's socket options, a connection name the management API shows (so tests and operators
 * can find the bench's connections), bounded close, and a failure latch that turns an
 * unexpected close or a blocked connection that stays blocked into one step failure.
 */
import amqp, { type ChannelModel, type SocketOptions } from 'amqplib';
import { BenchAbort, describeBrokerError } from './errors.js';
import { parseBrokerUrl, type BrokerUrl } from './amqp-url.js';

/** TLS material as PEM text (structured-cloneable, so worker threads get the same options). */
export interface TlsMaterial {
  ca: string[];
  cert: string | null;
  key: string | null;
  /** Skip certificate verification (--insecure). */
  insecure: boolean;
}

export interface ConnectionSettings {
  /** The raw URL (with password); never printed. */
  url: string;
  connectTimeoutMs: number;
  tls: TlsMaterial;
  /** How long a connection may stay blocked (memory/disk alarm) before the step fails. */
  blockedTimeoutMs: number;
}

/** Heartbeat interval asked of the broker (s): a dead peer is noticed within ~2 intervals. */
const HEARTBEAT_SECONDS = 10;
/** Time allowed for a graceful close before the socket is destroyed. */
export const CLOSE_TIMEOUT_MS = 2_000;

export function socketOptions(s: ConnectionSettings, connectionName: string): SocketOptions {
  const opts: SocketOptions = {
    timeout: s.connectTimeoutMs,
    noDelay: true,
    clientProperties: { connection_name: connectionName, product: 'rmq-plan bench' },
  };
  if (s.tls.ca.length > 0) opts.ca = s.tls.ca;
  if (s.tls.cert !== null) opts.cert = s.tls.cert;
  if (s.tls.key !== null) opts.key = s.tls.key;
  if (s.tls.insecure) opts.rejectUnauthorized = false;
  return opts;
}

function withHeartbeat(raw: string): string {
  const u = new URL(raw);
  if (!u.searchParams.has('heartbeat')) u.searchParams.set('heartbeat', String(HEARTBEAT_SECONDS));
  return u.toString();
}

/** Connect within connectTimeoutMs or throw the amqplib/socket error (callers classify it). */
export async function openConnection(s: ConnectionSettings, connectionName: string): Promise<ChannelModel> {
  const pending = amqp.connect(withHeartbeat(s.url), socketOptions(s, connectionName));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new Error(`connect ETIMEDOUT after ${s.connectTimeoutMs} ms`) as Error & { code: string };
      e.code = 'ETIMEDOUT';
      reject(e);
    }, s.connectTimeoutMs + 500);
  });
  try {
    return await Promise.race([pending, timeout]);
  } catch (err) {
    // If the handshake completes after we gave up, close what it produced.
    pending.then(
      (c) => closeQuietly(c),
      () => undefined,
    );
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Close, but never wait more than timeoutMs, and never leave the socket behind. A broker that
 * blocks a connection (memory or disk alarm) stops reading it: amqplib's close then either
 * waits for a close-ok that never comes or rejects at once ("Connection closing") while the
 * socket, ~1 MB of unsent data in it, keeps the process alive as long as the alarm lasts. So the
 * socket is destroyed whatever the close did (after a clean close-ok that costs nothing).
 */
export async function closeQuietly(model: ChannelModel, timeoutMs = CLOSE_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = model.close().then(
    () => true,
    () => false,
  );
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  await Promise.race([closed, timedOut]);
  clearTimeout(timer);
  const stream = (model.connection as unknown as { stream?: { destroyed?: boolean; destroy(): void } }).stream;
  if (stream && !stream.destroyed) stream.destroy();
}

/**
 * The first failure of a step: whoever notices it (a connection closing under us, a blocked
 * connection past its bound, a worker thread, SIGINT) calls fail(); the step's waits race
 * against `promise`.
 */
export class FailureLatch {
  private rejectFn!: (e: Error) => void;
  readonly promise: Promise<never>;
  error: Error | null = null;

  constructor() {
    this.promise = new Promise<never>((_, reject) => {
      this.rejectFn = reject;
    });
    // A latch nobody awaits must not become an unhandled rejection.
    this.promise.catch(() => undefined);
  }

  fail(err: Error): void {
    if (this.error !== null) return;
    this.error = err;
    this.rejectFn(err);
  }

  /** Resolve with p, or reject as soon as the latch fails. */
  race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.promise]);
  }
}

/** Memory and disk alarms as RabbitMQ names them in connection.blocked (rabbit_alarm). */
function alarmFromReason(reason: string): string {
  if (/memory/i.test(reason)) return 'memory alarm';
  if (/disk/i.test(reason)) return 'disk alarm';
  return 'resource alarm';
}

export function blockedMessage(url: BrokerUrl, reason: string, seconds: number): string {
  return (
    `broker at ${url.redacted} blocked publishing for ${seconds} s (${alarmFromReason(reason)}: "${reason}"); ` +
    'free memory/disk on the broker or raise its watermark (rabbitmq-diagnostics alarms)'
  );
}

/**
 * Watch a connection for the rest of its life: an unexpected close or error fails the latch with
 * a one-line message; a blocked connection fails it after blockedTimeoutMs.
 */
export function watchConnection(model: ChannelModel, s: ConnectionSettings, latch: FailureLatch, phase: () => string): { markClosing(): void } {
  const url = parseBrokerUrl(s.url);
  let closing = false;
  let blockedTimer: NodeJS.Timeout | undefined;
  model.on('error', (err: Error) => {
    if (!closing) latch.fail(new BenchAbort(describeBrokerError(err, url, phase())));
  });
  model.on('close', (err?: Error) => {
    clearTimeout(blockedTimer);
    if (closing) return;
    const why = err ?? new Error('Socket closed by the broker');
    latch.fail(new BenchAbort(describeBrokerError(why, url, phase())));
  });
  model.on('blocked', (reason: string) => {
    clearTimeout(blockedTimer);
    blockedTimer = setTimeout(() => {
      latch.fail(new BenchAbort(blockedMessage(url, reason, Math.round(s.blockedTimeoutMs / 100) / 10)));
    }, s.blockedTimeoutMs);
  });
  model.on('unblocked', () => clearTimeout(blockedTimer));
  return {
    markClosing() {
      closing = true;
      clearTimeout(blockedTimer);
    },
  };
}
