/**
 * Layout of one candidate cluster (docs/model.md "Layout"): shards per workload, replication
 * factor per workload, queue placement over nodes and zones, consumers and consumer connections.
 * Independent of the instance type and disk: the planner builds it once per
 * (nodes, replication factor, shard policy) and reuses it for every instance type and disk.
 */
import { consumerConnectionCount, consumersPerGroup } from './clients.js';
import { deliveryTurnaroundMs, unbatchedDeliveries } from './confirms.js';
import type { ModelContext } from './context.js';
import { placeQueues, zoneOfNodes, type WorkloadPlacement } from './placement.js';
import { replicasPerQueue } from './replication.js';
import { shardCount, type ShardPolicy } from './shards.js';

export interface Layout {
  nodes: number;
  /** Replicas per quorum/stream queue (classic queues have 1). */
  replicationFactor: number;
  policy: ShardPolicy;
  zoneOfNode: number[];
  /** Replicas spread over zones (zone-loss survival asked for). */
  spreadOverZones: boolean;
  /** Per workload: queues in each fan-out group. */
  shards: number[];
  /** Per workload: fanOut × shards. */
  queues: number[];
  /** Per workload: replicas of each queue. */
  replicasPerQueue: number[];
  placements: WorkloadPlacement[];
  consumersPerGroup: number[];
  consumerConnections: number[];
}

/**
 * `fixedShards[w]`, when given, overrides the workload's own setting (checking an existing
 * cluster's queue counts, or holding them fixed while traffic grows).
 */
export function buildLayout(
  ctx: ModelContext,
  nodes: number,
  replicationFactor: number,
  policy: ShardPolicy,
  fixedShards?: readonly (number | undefined)[],
): Layout {
  const shards: number[] = [];
  const queues: number[] = [];
  const replicas: number[] = [];
  const consumers: number[] = [];
  const consumerConns: number[] = [];
  for (const w of ctx.workloads) {
    const s = fixedShards?.[w.index] ?? shardCount(w.queuesSpec, w.minimalShards, nodes, policy);
    shards.push(s);
    queues.push(s * w.fanOut);
    const r = Math.min(replicasPerQueue(w.queueType, replicationFactor), nodes);
    replicas.push(r);
    // The slots' turnaround without the disk (not chosen yet): the round trip and, on a measured
    // profile, its turnaround; a quorum settlement's fsync on the plan's disk is the warning's (warnings.ts).
    const slots =
      w.source.consumers.ackMode === 'manual'
        ? {
            prefetch: w.source.consumers.prefetch,
            turnaroundMs: deliveryTurnaroundMs(w.coeff.deliveryTurnaroundMs?.value, w.queueType, r, 0, ctx.interNodeRttMs),
            unbatched: unbatchedDeliveries(w.coeff),
          }
        : null;
    const c = consumersPerGroup(w.consumersSpec, s, w.peakMsgPerSec, w.processingTimeMs, ctx.targetUtilization, slots);
    consumers.push(c);
    consumerConns.push(consumerConnectionCount(w.consumerConnectionsSpec, c, w.fanOut));
  }
  const zoneOfNode = zoneOfNodes(nodes, ctx.zones);
  const spread = ctx.surviveZoneLoss && ctx.zones > 1;
  return {
    nodes,
    replicationFactor,
    policy,
    zoneOfNode,
    spreadOverZones: spread,
    shards,
    queues,
    replicasPerQueue: replicas,
    placements: placeQueues(queues, replicas, nodes, spread ? zoneOfNode : null),
    consumersPerGroup: consumers,
    consumerConnections: consumerConns,
  };
}
