/**
 * File descriptors (docs/model.md): the production checklist's estimate, "multiply the 95th
 * percentile number of concurrent connections by 2 and add the total number of queues"
 * (https://www.rabbitmq.com/docs/production-checklist), applied per node: connections on the
 * node and queue replicas it hosts.
 */
export const DESCRIPTORS_PER_CONNECTION = 2;

export function fileDescriptorsOnNode(connectionsOnNode: number, replicasOnNode: number): number {
  return DESCRIPTORS_PER_CONNECTION * connectionsOnNode + replicasOnNode;
}

/** Client connections land evenly on the nodes that are up; the busiest node gets the remainder. */
export function connectionsOnBusiestNode(totalConnections: number, nodesUp: number): number {
  return Math.ceil(totalConnections / nodesUp);
}
