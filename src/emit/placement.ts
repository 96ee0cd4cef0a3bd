/**
 * Per-queue replica placement of a plan: which nodes hold each queue's replicas, leader first.
 *
 * EvaluatedPlan.layout carries only per-node counts, so the placement is rebuilt with the
 * model's own placement function (src/model/placement.ts) from the same inputs the planner
 * used (queues per workload, replicas per queue, node count, zone spreading), and checked
 * against the plan's leadersPerNode / replicasPerNode: a mismatch means the two drifted apart,
 * which is a bug, not a user error. Pure: no I/O.
 */
import { countPerNode, placeQueues } from '../model/placement.js';
import type { EvaluatedPlan, QueueType } from '../model/types.js';
import type { WorkloadFile } from '../schema/workload.js';

export interface PlacedQueue {
  workload: string;
  vhost: string;
  name: string;
  queueType: QueueType;
  /** Node indices (0-based) holding a replica; [0] is the leader. One entry for classic queues. */
  replicaNodes: number[];
}

export interface PlanPlacement {
  nodes: number;
  /** Node index → zone index (0-based). */
  zoneOfNode: number[];
  zones: number;
  /** The plan spreads replicas so that no zone holds a majority (surviveZoneLoss with zones > 1). */
  spreadOverZones: boolean;
  surviveZoneLoss: boolean;
  queues: PlacedQueue[];
}

function sameCounts(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function planPlacement(plan: EvaluatedPlan, workload: WorkloadFile): PlanPlacement {
  const { ha } = workload.cluster;
  const zones = Math.max(1, ...plan.zoneOfNode.map((z) => z + 1));
  // Same rule as src/model/layout.ts: replicas are spread over zones only when a zone loss must be survived.
  const spread = ha.surviveZoneLoss && zones > 1;
  const placements = placeQueues(
    plan.layout.map((w) => w.totalQueues),
    plan.layout.map((w) => w.replicationFactor),
    plan.nodes,
    spread ? plan.zoneOfNode : null,
  );
  const queues: PlacedQueue[] = [];
  plan.layout.forEach((w, i) => {
    const p = placements[i]!;
    const counts = countPerNode(p, plan.nodes);
    if (!sameCounts(counts.leaders, w.leadersPerNode) || !sameCounts(counts.replicas, w.replicasPerNode)) {
      throw new Error(
        `placement of workload "${w.workload}" rebuilt for --emit (leaders ${counts.leaders.join('/')}, replicas ${counts.replicas.join('/')}) ` +
          `differs from the plan's (leaders ${w.leadersPerNode.join('/')}, replicas ${w.replicasPerNode.join('/')})`,
      );
    }
    w.queueNames.forEach((name, q) => {
      const replicaNodes: number[] = [];
      for (let k = 0; k < p.replicas; k++) replicaNodes.push(p.nodes[q * p.replicas + k]!);
      queues.push({ workload: w.workload, vhost: w.vhost, name, queueType: w.queueType, replicaNodes });
    });
  });
  return { nodes: plan.nodes, zoneOfNode: [...plan.zoneOfNode], zones, spreadOverZones: spread, surviveZoneLoss: ha.surviveZoneLoss, queues };
}
