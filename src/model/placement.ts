/**
 * Placement (docs/model.md "Layout"): queue leaders round-robin over the nodes in declaration
 * order, as `x-queue-leader-locator: balanced` does
 * (https://www.rabbitmq.com/docs/quorum-queues, "Leader placement"); each queue's R replicas on R
 * consecutive nodes starting at its leader. When a zone loss must be survived, the walk skips
 * nodes whose zone already holds ⌊(R−1)/2⌋ replicas of that queue, so that no zone holds a majority.
 * Nodes are spread over zones round-robin: node n is in zone n mod Z.
 */
import { maxReplicasPerZone } from './replication.js';

/** The replicas of one workload's queues. */
export interface WorkloadPlacement {
  /** Replicas per queue (1 for classic). */
  replicas: number;
  queues: number;
  /** Flat queues × replicas: the node of replica k of queue q is at [q·replicas + k]; k = 0 is the leader. */
  nodes: Int32Array;
}

/** Node index → zone index. */
export function zoneOfNodes(nodes: number, zones: number): number[] {
  const out: number[] = [];
  for (let n = 0; n < nodes; n++) out.push(n % zones);
  return out;
}

/**
 * Place every workload's queues. `queueCounts[w]` queues of `replicasPerQueue[w]` replicas each;
 * leaders continue the round-robin across workloads (the locator balances over all queues).
 * `spreadZones`: node → zone map when zone-loss survival asks for spreading, else null.
 */
export function placeQueues(
  queueCounts: readonly number[],
  replicasPerQueue: readonly number[],
  nodes: number,
  spreadZones: readonly number[] | null,
): WorkloadPlacement[] {
  const zoneCount = spreadZones ? Math.max(...spreadZones) + 1 : 0;
  const perZone = new Int32Array(zoneCount);
  const taken = new Uint8Array(nodes);
  const out: WorkloadPlacement[] = [];
  let next = 0;
  for (let w = 0; w < queueCounts.length; w++) {
    const queues = queueCounts[w]!;
    const replicas = Math.min(replicasPerQueue[w]!, nodes);
    const flat = new Int32Array(queues * replicas);
    for (let q = 0; q < queues; q++) {
      const leader = next % nodes;
      next++;
      const base = q * replicas;
      if (spreadZones === null || replicas === 1) {
        for (let k = 0; k < replicas; k++) flat[base + k] = (leader + k) % nodes;
        continue;
      }
      // Zone-aware walk: consecutive nodes, skipping zones that already hold their share.
      const cap = maxReplicasPerZone(replicas);
      perZone.fill(0);
      taken.fill(0);
      let placed = 0;
      for (let step = 0; step < nodes && placed < replicas; step++) {
        const n = (leader + step) % nodes;
        const z = spreadZones[n]!;
        if (perZone[z]! < cap) {
          flat[base + placed++] = n;
          perZone[z]!++;
          taken[n] = 1;
        }
      }
      // Not enough zones to honour the cap: fill with the next free nodes; the zone-loss
      // majority check then reports the queues that lose their majority.
      for (let step = 0; step < nodes && placed < replicas; step++) {
        const n = (leader + step) % nodes;
        if (!taken[n]) {
          flat[base + placed++] = n;
          taken[n] = 1;
        }
      }
    }
    out.push({ replicas, queues, nodes: flat });
  }
  return out;
}

/** Leaders per node and replicas per node (leaders included) of one workload. */
export function countPerNode(p: WorkloadPlacement, nodes: number): { leaders: number[]; replicas: number[] } {
  const leaders = new Array<number>(nodes).fill(0);
  const replicas = new Array<number>(nodes).fill(0);
  for (let q = 0; q < p.queues; q++) {
    const base = q * p.replicas;
    leaders[p.nodes[base]!]!++;
    for (let k = 0; k < p.replicas; k++) replicas[p.nodes[base + k]!]!++;
  }
  return { leaders, replicas };
}
