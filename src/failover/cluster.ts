/**
 * What the failover run asks the management API (https://www.rabbitmq.com/docs/management,
 * /api/index.html on 3.10): which node each AMQP URL reaches (/api/overview `listeners`), which
 * nodes run (/api/nodes), and a queue's leader, members and online members (/api/queues/vhost/name:
 * `leader`, `members`, `online` for quorum queues; `node` for classic queues).
 *
 * The node being killed may be the one whose management API was given, so every call tries a
 * pool of endpoints in turn: the given one, then one per AMQP URL (same host, AMQP port + 10000
 * or the standard 15672, the bench's rule), then each node's HTTP listener.
 */
import { ManagementClient, type MgmtNode, type MgmtOverview, type MgmtQueue } from '../broker/management.js';
import { defaultManagementUrl, parseBrokerUrl } from '../broker/amqp-url.js';

export interface Listener {
  node: string;
  protocol: string;
  ip_address?: string;
  port: number;
}

export type QueueState = MgmtQueue & { online?: string[]; state?: string };

/** Bound on one management call in the pool: a dead node's endpoint refuses at once; a hung one must not stall the run. */
const POOL_CALL_TIMEOUT_MS = 2_000;

export class ManagementPool {
  private clients: ManagementClient[];
  private bases: string[];

  constructor(primary: string, amqpUrls: readonly string[]) {
    this.bases = [];
    this.clients = [];
    this.add(primary);
    for (const u of amqpUrls) this.add(defaultManagementUrl(parseBrokerUrl(u)));
  }

  private add(base: string): void {
    const key = new URL(base).host;
    if (this.bases.some((b) => new URL(b).host === key)) return;
    this.bases.push(base);
    this.clients.push(new ManagementClient(base, { timeoutMs: POOL_CALL_TIMEOUT_MS }));
  }

  /** Adds each node's HTTP listener (from /api/overview) on the primary's host and credentials. */
  addListeners(listeners: readonly Listener[]): void {
    const primary = new URL(this.bases[0]!);
    for (const l of listeners) {
      if (l.protocol !== 'http' && l.protocol !== 'https') continue;
      const u = new URL(primary.toString());
      u.protocol = `${l.protocol}:`;
      u.port = String(l.port);
      this.add(u.toString());
    }
  }

  get printable(): string {
    return this.clients[0]!.base;
  }

  /** The first endpoint that answers; throws the last error when none does. */
  async call<T>(f: (c: ManagementClient) => Promise<T>): Promise<T> {
    let last: unknown = new Error('no management endpoint');
    for (const c of this.clients) {
      try {
        return await f(c);
      } catch (err) {
        last = err;
        // 404 is an answer, not an unreachable endpoint.
        if ((err as { status?: unknown }).status === 404) throw err;
      }
    }
    throw last;
  }

  overview(): Promise<MgmtOverview & { listeners?: Listener[] }> {
    return this.call((c) => c.overview());
  }

  nodes(): Promise<MgmtNode[]> {
    return this.call((c) => c.nodes());
  }

  queue(vhost: string, name: string): Promise<QueueState> {
    return this.call((c) => c.queue(vhost, name) as Promise<QueueState>);
  }

  deleteQueue(vhost: string, name: string): Promise<void> {
    return this.call((c) => c.deleteQueue(vhost, name));
  }
}

function isLoopbackOrAny(host: string | undefined): boolean {
  return host === undefined || host === '' || host === '::' || host === '0.0.0.0' || host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * The node each AMQP URL reaches, from the AMQP listeners: matched by port, and by address when
 * several nodes listen on the same port (nodes on different hosts). null when unknown.
 */
export function nodesOfUrls(urls: readonly string[], listeners: readonly Listener[]): (string | null)[] {
  const amqp = listeners.filter((l) => l.protocol === 'amqp' || l.protocol === 'amqp/ssl');
  return urls.map((raw) => {
    const u = parseBrokerUrl(raw);
    const samePort = amqp.filter((l) => l.port === u.port);
    if (samePort.length === 1) return samePort[0]!.node;
    const sameHost = samePort.filter((l) => l.ip_address === u.host || (isLoopbackOrAny(l.ip_address) && isLoopbackOrAny(u.host)));
    return sameHost.length === 1 ? sameHost[0]!.node : null;
  });
}

/** The node leading a queue: `leader` for quorum queues (and streams), `node` for classic ones. */
export function leaderOf(q: QueueState): string | null {
  return q.leader ?? q.node ?? null;
}
