/**
 * Queues an earlier bench run left behind (its process was killed, or the broker died under it
 * and came back): a quorum queue or stream outlives its run (x-expires removes classic and
 * quorum queues only after 5 idle minutes, streams never). A new run removes them first, and
 * only those that are certainly dead: the name is a bench queue (rmq-plan-bench-<run>-s<N>-q<N>),
 * no connection of that run is open (every bench connection is named after its run, and the
 * admin connection lives as long as the run), no consumer is attached, and the broker deletes it
 * only if still unused (if-unused; quorum queues and streams refuse that flag, so for them the
 * consumer count is read again right before a plain delete) — a live run's queues are never touched.
 */
import { ManagementError, type ManagementClient, type MgmtConnection, type MgmtQueue } from '../broker/management.js';
import { QUEUE_PREFIX } from './queues.js';

const BENCH_QUEUE = /^rmq-plan-bench-(.+)-s\d+-q\d+$/;

/** The run prefix ("rmq-plan-bench-<run>-") of a bench queue name, or null when it is not one. */
export function runPrefixOfQueue(name: string): string | null {
  const m = BENCH_QUEUE.exec(name);
  return m === null ? null : `${QUEUE_PREFIX}${m[1]}-`;
}

/** The leftover queues among `queues`, given the open connections (pure: tested without a broker). */
export function leftoverQueues(queues: readonly MgmtQueue[], connections: readonly MgmtConnection[], ownPrefix: string): MgmtQueue[] {
  const names = connections.map((c) => c.client_properties?.connection_name ?? c.user_provided_name ?? '');
  return queues.filter((q) => {
    const prefix = runPrefixOfQueue(q.name);
    if (prefix === null || prefix === ownPrefix) return false;
    if ((q.consumers ?? 0) > 0) return false;
    return !names.some((n) => n.startsWith(prefix));
  });
}

/** Removes the leftovers of earlier runs in `vhost`; returns the names removed. Never throws. */
export async function removeLeftoverQueues(mgmt: ManagementClient, vhost: string, ownPrefix: string): Promise<string[]> {
  try {
    const [queues, connections] = await Promise.all([mgmt.queuesWithPrefix(vhost, QUEUE_PREFIX), mgmt.connections()]);
    const removed: string[] = [];
    for (const q of leftoverQueues(queues, connections, ownPrefix)) {
      try {
        await deleteIfUnused(mgmt, vhost, q.name);
        removed.push(q.name);
      } catch {
        // In use after all, or gone meanwhile: leave it.
      }
    }
    return removed;
  } catch {
    return [];
  }
}

async function deleteIfUnused(mgmt: ManagementClient, vhost: string, name: string): Promise<void> {
  try {
    await mgmt.deleteQueue(vhost, name, { ifUnused: true });
  } catch (error) {
    // "queue.delete operations with if-unused flag set are not supported by quorum queues" (HTTP 400, 4.3.6).
    if (!(error instanceof ManagementError) || error.status !== HTTP_BAD_REQUEST) throw error;
    const fresh = await mgmt.queue(vhost, name);
    if ((fresh.consumers ?? 0) > 0) throw error;
    await mgmt.deleteQueue(vhost, name);
  }
}

const HTTP_BAD_REQUEST = 400;
