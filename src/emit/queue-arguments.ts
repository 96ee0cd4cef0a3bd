/**
 * Queue declaration arguments per queue type, as RabbitMQ 3.10 accepts them (verified on the
 * project's 3.10.8 cluster; see docs/emit.md "Version notes"):
 * - quorum: `x-quorum-initial-group-size` (https://www.rabbitmq.com/docs/quorum-queues,
 *   "Controlling the Initial Group Size") and `x-queue-leader-locator` (`client-local` or
 *   `balanced`, added by rabbitmq-server PR #4442, shipped in 3.10.0);
 * - stream: `x-initial-cluster-size` and `x-queue-leader-locator` (https://www.rabbitmq.com/docs/streams);
 * - classic: `x-queue-master-locator` (`min-masters`, `client-local`, `random`); 3.10 rejects
 *   `x-queue-leader-locator` on a classic queue with PRECONDITION_FAILED ("invalid arg").
 */
import type { QueueType } from '../model/types.js';

/** How the leader node is chosen when the queue is declared. */
export type LeaderPlacement =
  /** The broker places it on the node with the fewest leaders (definitions import: no node can be named). */
  | 'balanced'
  /** On the node the declaration is sent to / names (explicit placement: `node=` in rabbitmqadmin). */
  | 'explicit';

export function queueArguments(queueType: QueueType, initialReplicas: number, placement: LeaderPlacement): Record<string, string | number> {
  switch (queueType) {
    case 'quorum':
      return {
        'x-queue-type': 'quorum',
        'x-quorum-initial-group-size': initialReplicas,
        'x-queue-leader-locator': placement === 'balanced' ? 'balanced' : 'client-local',
      };
    case 'stream':
      return {
        'x-queue-type': 'stream',
        'x-initial-cluster-size': initialReplicas,
        'x-queue-leader-locator': placement === 'balanced' ? 'balanced' : 'client-local',
      };
    case 'classic':
      return {
        'x-queue-type': 'classic',
        'x-queue-master-locator': placement === 'balanced' ? 'min-masters' : 'client-local',
      };
  }
}
