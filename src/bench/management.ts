/**
 * A small client for the RabbitMQ management HTTP API (https://www.rabbitmq.com/docs/management
 * and /api/index.html on any broker): broker version, node figures, queue placement, message
 * rates, and the connections list (tests use it to close the bench's connections). Every call
 * is bounded by a timeout; callers treat failures as "figures unavailable".
 */
import http from 'node:http';
import https from 'node:https';
import type { TlsMaterial } from './connection.js';
import { redactUrl } from '../broker/redact.js';

/** Management calls are cheap; 3 s means the API is not really reachable. */
export const MGMT_TIMEOUT_MS = 3_000;

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

export class ManagementError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
    readonly body: string = '',
  ) {
    super(message);
  }
}

export class ManagementClient {
  private readonly base: URL;
  private readonly auth: string;

  constructor(
    baseUrl: string,
    private readonly tls: TlsMaterial | null = null,
    private readonly timeoutMs = MGMT_TIMEOUT_MS,
  ) {
    this.base = new URL(baseUrl);
    this.auth = `${decodeURIComponent(this.base.username)}:${decodeURIComponent(this.base.password)}`;
    this.base.username = '';
    this.base.password = '';
  }

  /** The base URL with the password redacted, for messages. */
  get printable(): string {
    return redactUrl(this.base.toString());
  }

  private request<T>(method: 'GET' | 'DELETE', path: string): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), this.base.toString().replace(/\/?$/, '/'));
    const mod = url.protocol === 'https:' ? https : http;
    const options: https.RequestOptions = {
      method,
      auth: this.auth,
      timeout: this.timeoutMs,
      headers: { accept: 'application/json' },
    };
    if (url.protocol === 'https:' && this.tls !== null) {
      if (this.tls.ca.length > 0) options.ca = this.tls.ca;
      if (this.tls.cert !== null) options.cert = this.tls.cert;
      if (this.tls.key !== null) options.key = this.tls.key;
      if (this.tls.insecure) options.rejectUnauthorized = false;
    }
    return new Promise<T>((resolve, reject) => {
      const req = mod.request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            reject(new ManagementError(`management API ${method} ${url.pathname}: HTTP ${status}`, status, body));
            return;
          }
          if (body === '') {
            resolve(undefined as T);
            return;
          }
          try {
            resolve(JSON.parse(body) as T);
          } catch {
            reject(new ManagementError(`management API ${method} ${url.pathname}: invalid JSON`));
          }
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new ManagementError(`management API ${method} ${url.pathname}: no answer within ${this.timeoutMs} ms`)));
      req.on('error', (e) => reject(e instanceof ManagementError ? e : new ManagementError(`management API unreachable: ${e.message}`)));
      req.end();
    });
  }

  overview(): Promise<MgmtOverview> {
    return this.request('GET', '/api/overview');
  }

  nodes(): Promise<MgmtNode[]> {
    return this.request('GET', '/api/nodes');
  }

  queue(vhost: string, name: string): Promise<MgmtQueue> {
    return this.request('GET', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`);
  }

  /** Queues of a vhost whose name starts with prefix. */
  async queuesWithPrefix(vhost: string, prefix: string): Promise<MgmtQueue[]> {
    const all = await this.request<MgmtQueue[]>('GET', `/api/queues/${encodeURIComponent(vhost)}?columns=name,vhost,type,node,leader,members,messages,consumers`);
    return all.filter((q) => q.name.startsWith(prefix));
  }

  /** True/false when the API can tell whether the vhost exists, null when it cannot be asked. */
  async vhostExists(vhost: string): Promise<boolean | null> {
    try {
      await this.request('GET', `/api/vhosts/${encodeURIComponent(vhost)}`);
      return true;
    } catch (err) {
      return err instanceof ManagementError && err.status === 404 ? false : null;
    }
  }

  /**
   * Resource alarms in effect, asked live (/api/health/checks/alarms answers 503 with the list;
   * /api/nodes' mem_alarm lags by the statistics interval). e.g. ["memory on rabbit@a"].
   */
  async alarms(): Promise<string[]> {
    try {
      await this.request('GET', '/api/health/checks/alarms');
      return [];
    } catch (err) {
      if (!(err instanceof ManagementError) || err.status !== 503) throw err;
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
    return this.request('GET', '/api/connections?columns=name,user_provided_name,client_properties');
  }

  deleteConnection(name: string): Promise<void> {
    return this.request('DELETE', `/api/connections/${encodeURIComponent(name)}`);
  }

  deleteQueue(vhost: string, name: string, options: { ifUnused?: boolean } = {}): Promise<void> {
    return this.request('DELETE', `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}${options.ifUnused ? '?if-unused=true' : ''}`);
  }
}
