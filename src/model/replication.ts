/**
 * Replication-factor rules (docs/model.md "Layout"):
 * - quorum and stream queues keep working while a majority of their replicas is up, so
 *   tolerating f lost nodes needs R ≥ 2f + 1 (https://www.rabbitmq.com/docs/quorum-queues,
 *   "Fault Tolerance and Minimum Number of Members Online");
 * - R odd ("it is highly recommended for the quorum queue group size to be an odd number", same page);
 * - R ≤ N (one replica per node) and R ≤ 7 ("We do not recommend running quorum queues on more than 7 RabbitMQ nodes");
 * - surviving a zone loss needs R ≥ 3 spread so that no zone holds a majority.
 * Classic queues are not replicated: R = 1.
 */
import type { QueueType } from '../schema/workload.js';
import { MAX_REPLICATION_FACTOR } from './constants.js';

/** Smallest replicas per queue that keeps a majority after f node losses (and a zone loss when asked). */
export function minReplicationFactor(nodeFailuresToTolerate: number, surviveZoneLoss: boolean): number {
  const forNodes = 2 * nodeFailuresToTolerate + 1;
  const forZones = surviveZoneLoss ? 3 : 1;
  return Math.max(forNodes, forZones);
}

/** Replication factors the planner tries on `nodes` nodes: odd, from the minimum up to min(nodes, 7). */
export function replicationFactorsFor(nodes: number, nodeFailuresToTolerate: number, surviveZoneLoss: boolean): number[] {
  const out: number[] = [];
  const hi = Math.min(nodes, MAX_REPLICATION_FACTOR);
  for (let r = minReplicationFactor(nodeFailuresToTolerate, surviveZoneLoss); r <= hi; r += 2) out.push(r);
  return out;
}

/** Replicas per queue of this type when the cluster's replicated queues use `replicationFactor`. */
export function replicasPerQueue(queueType: QueueType, replicationFactor: number): number {
  return queueType === 'classic' ? 1 : replicationFactor;
}

/** Replicas a Raft group needs up to make progress: ⌊R/2⌋ + 1. */
export function majorityOf(replicationFactor: number): number {
  return Math.floor(replicationFactor / 2) + 1;
}

/** Failures a group of `members` survives with a majority up: members − majority = ⌊(members − 1)/2⌋. */
export function failuresSurvived(members: number): number {
  return members - majorityOf(members);
}

/** Most replicas of one queue a zone may hold so that losing it leaves a majority: ⌊(R−1)/2⌋ (at least 1 so placement can proceed). */
export function maxReplicasPerZone(replicationFactor: number): number {
  return Math.max(1, Math.floor((replicationFactor - 1) / 2));
}

/**
 * Fewest nodes that can tolerate f failures: 2f+1 whatever the queue type, because the cluster
 * itself needs a majority of its nodes up: from 4.2 the Raft-based metadata store (Khepri; the
 * only one in 4.3) refuses metadata changes without a majority
 * (https://www.rabbitmq.com/docs/metadata-store); on 3.x the production checklist advised
 * pause_minority ("use the pause_minority strategy with an odd number of nodes"), under which a
 * minority pauses. Zone-loss survival needs 3 nodes.
 */
export function minNodesFor(nodeFailuresToTolerate: number, surviveZoneLoss: boolean): number {
  return minReplicationFactor(nodeFailuresToTolerate, surviveZoneLoss);
}

/** Nodes still up form a majority of the cluster. */
export function keepsNodeMajority(nodes: number, nodesUp: number): boolean {
  return 2 * nodesUp > nodes;
}
