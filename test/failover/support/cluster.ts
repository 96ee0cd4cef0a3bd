/**
 * The local 3-node test cluster for the failover and emit tests: started with the project's
 * own scripts when scripts/test.sh did not start it (RMQ_TEST_CLUSTER=1 does), and stopped
 * again by whoever started it; made healthy again (a killed node restarted through the
 * cluster's pid-file scripts, never by process name) after each failover run.
 *
 * The scripts honour RMQ_STATE_DIR / RMQ_NODE_BASENAME / RMQ_PORT_OFFSET, so a private cluster
 * set up that way (with scripts/broker/env.sh's URLs exported) is used the same way.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { clusterMgmtUrl, clusterUrls, mgmtRequest, requireCluster } from '../../support/broker.js';

export const ROOT = new URL('../../..', import.meta.url).pathname;
const BROKER = join(ROOT, 'scripts', 'broker');

/** Commands for `verify failover` against this cluster. */
export const KILL_COMMAND = `bash ${join(BROKER, 'kill-node.sh')} {node}`;
export const RESTART_COMMAND = `bash ${join(BROKER, 'restart-node.sh')} {node}`;
export const STATUS_COMMAND = `bash ${join(ROOT, 'test', 'failover', 'support', 'qq-status.sh')} {nodeName} {vhost} {queue}`;
/** A node that stops answering without closing anything (SIGSTOP), and its return (SIGCONT). */
export const FREEZE_COMMAND = `bash ${join(BROKER, 'freeze-node.sh')} {node}`;
export const THAW_COMMAND = `bash ${join(BROKER, 'freeze-node.sh')} {node} --thaw`;

function script(name: string, ...args: string[]): void {
  const r = spawnSync('bash', [join(BROKER, name), ...args], { cwd: ROOT, encoding: 'utf8', env: process.env });
  if (r.status !== 0) throw new Error(`scripts/broker/${name} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** Reachable, or started here (returns true when this call started it). */
export async function ensureCluster(): Promise<boolean> {
  try {
    await requireCluster();
    return false;
  } catch {
    script('start.sh', 'cluster');
    await requireCluster(10_000);
    return true;
  }
}

export function stopCluster(): void {
  script('stop.sh', 'cluster');
}

interface Listener {
  node: string;
  protocol: string;
  port: number;
}

/** Node names in the order of clusterUrls() (matched by AMQP port through /api/overview listeners; null for a node that is down). */
export async function clusterNodeNamesOrNull(): Promise<(string | null)[]> {
  const overview = await anyMgmt<{ listeners: Listener[] }>('/api/overview');
  return clusterUrls().map((u) => {
    const port = Number(new URL(u).port);
    return overview.listeners.find((x) => x.protocol === 'amqp' && x.port === port)?.node ?? null;
  });
}

export async function clusterNodeNames(): Promise<string[]> {
  const names = await clusterNodeNamesOrNull();
  if (names.some((n) => n === null)) throw new Error(`not every cluster node is up: ${names.map((n) => n ?? '(down)').join(', ')}`);
  return names as string[];
}

/** The management API of any node that answers (node 1 may be the one that was killed). */
export async function anyMgmt<T>(path: string): Promise<T> {
  const bases = [
    clusterMgmtUrl(),
    ...clusterUrls().map((u) => {
      const url = new URL(u);
      return `http://${url.username || 'guest'}:${url.password || 'guest'}@${url.hostname}:${Number(url.port) + 10_000}`;
    }),
  ];
  let last: unknown;
  for (const b of bases) {
    try {
      return await mgmtRequest<T>(b, 'GET', path, 3_000);
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

/** Every node running and clustered; a node that is not is restarted with restart-node.sh (by its pid file). */
export async function ensureHealthy(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const names = await clusterNodeNamesOrNull();
    const nodes = await anyMgmt<{ name: string; running: boolean }[]>('/api/nodes');
    const down = nodes.filter((n) => !n.running).map((n) => n.name);
    if (down.length === 0 && names.every((n) => n !== null)) return;
    // A down node has no listener: its URL is the one left without a node name.
    const missing = names.map((n, k) => (n === null ? k : -1)).filter((k) => k >= 0);
    for (const k of missing) script('restart-node.sh', String(k + 1));
  }
  throw new Error('cluster still not healthy after restarting its stopped nodes');
}
