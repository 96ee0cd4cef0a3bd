/**
 * Connecting like a production client: several node URLs, tried in turn from a preferred one,
 * with a bounded exponential backoff between rounds, until it works or the run stops. Uses the
 * bench's connection opening (timeouts, TLS-free socket options, connection names the
 * management API shows) and its error wording (passwords scrubbed).
 */
import type { ChannelModel } from 'amqplib';
import { describeBrokerError } from '../broker/errors.js';
import { openConnection, type ConnectionSettings } from '../broker/connection.js';
import { parseBrokerUrl } from '../broker/amqp-url.js';
import { BrokerError } from '../errors.js';

/** First retry after 100 ms, doubling, at most 2 s: fast failover, no hammering of a booting node. */
export const BACKOFF_INITIAL_MS = 100;
export const BACKOFF_MAX_MS = 2_000;
/** No TLS for the failover run (the local cluster listens on loopback only). */
const NO_TLS = { ca: [], cert: null, key: null, insecure: false };
/** Blocked publishers are not a failover condition; the run reports the rate instead. */
const BLOCKED_TIMEOUT_MS = 3_600_000;

/**
 * AMQP heartbeat of the run's clients, seconds: a node that stops answering without closing its
 * sockets (frozen, or cut off by a partition) is noticed after two missed beats, ~4 s, and the
 * client moves to a survivor. The bench's 10 s would leave a frozen leader's clients waiting
 * ~20 s (measured: a 15 s freeze of the leader cost 15 s of service with them). A URL that sets
 * its own heartbeat keeps it.
 */
export const CLIENT_HEARTBEAT_SECONDS = 2;

function withClientHeartbeat(raw: string): string {
  const u = new URL(raw);
  if (!u.searchParams.has('heartbeat')) u.searchParams.set('heartbeat', String(CLIENT_HEARTBEAT_SECONDS));
  return u.toString();
}

export class Aborted extends Error {
  constructor() {
    super('stopped');
    this.name = 'Aborted';
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Backoff before attempt round `round` (0-based): 100, 200, 400 … 2000 ms. */
export function backoffMs(round: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** round);
}

export interface Connected {
  model: ChannelModel;
  /** Index into the URL list of the node it connected to. */
  urlIndex: number;
}

export class Connector {
  constructor(
    private readonly urls: readonly string[],
    private readonly connectTimeoutMs: number,
    private readonly onLog: (line: string) => void = () => undefined,
  ) {}

  /** The raw URL at index i (contains the password: for amqplib and error scrubbing only). */
  urlAt(i: number): string {
    return this.urls[i]!;
  }

  settings(url: string): ConnectionSettings {
    return { url: withClientHeartbeat(url), connectTimeoutMs: this.connectTimeoutMs, tls: NO_TLS, blockedTimeoutMs: BLOCKED_TIMEOUT_MS };
  }

  /**
   * Connect to urls[preferred], else the next ones in turn; between full rounds wait the
   * backoff. Throws Aborted when the signal fires first, BrokerError after maxRounds failed
   * rounds (setup uses a few; clients during the run retry until stopped).
   */
  async connect(preferred: number, name: string, signal: AbortSignal, maxRounds = Number.POSITIVE_INFINITY): Promise<Connected> {
    let last = '';
    for (let round = 0; ; round++) {
      if (round >= maxRounds) throw new BrokerError(`no node reachable after ${maxRounds} rounds over ${this.urls.length} URLs; last: ${last}`);
      for (let k = 0; k < this.urls.length; k++) {
        if (signal.aborted) throw new Aborted();
        const urlIndex = (preferred + k) % this.urls.length;
        const url = this.urls[urlIndex]!;
        try {
          const model = await openConnection(this.settings(url), name);
          if (signal.aborted) {
            await model.close().catch(() => undefined);
            throw new Aborted();
          }
          return { model, urlIndex };
        } catch (err) {
          if (err instanceof Aborted) throw err;
          last = describeBrokerError(err, parseBrokerUrl(url), `connecting ${name}`);
          this.onLog(last);
        }
      }
      await sleep(backoffMs(round), signal);
    }
  }
}
