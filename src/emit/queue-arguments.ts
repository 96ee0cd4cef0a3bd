/**
 * Queue declaration arguments per queue type and RabbitMQ release line (verified by
 * test/emit/apply.test.ts on the project's 3-node cluster: 4.3 by default, 3.10 with
 * RMQ_TEST_BROKER=3.10; docs/emit.md "Version notes"):
 * - quorum: `x-quorum-initial-group-size` (https://www.rabbitmq.com/docs/quorum-queues,
 *   "Controlling the Initial Group Size") and `x-queue-leader-locator` (`client-local` or
 *   `balanced`, added by rabbitmq-server PR #4442, shipped in 3.10.0);
 * - stream: `x-initial-cluster-size` and `x-queue-leader-locator` (https://www.rabbitmq.com/docs/streams);
 * - classic: on 4.x `x-queue-leader-locator` like the others (`x-queue-master-locator` is
 *   deprecated: https://www.rabbitmq.com/docs/clustering); on 3.x `x-queue-master-locator`
 *   (`min-masters`, `client-local`), because 3.10 rejects `x-queue-leader-locator` on a classic
 *   queue with PRECONDITION_FAILED ("invalid arg").
 */
import type { BrokerFeatures } from '../model/broker-version.js';
import type { QueueType } from '../model/types.js';

/** How the leader node is chosen when the queue is declared. */
export type LeaderPlacement =
  /** The broker places it on the node with the fewest leaders (definitions import: no node can be named). */
  | 'balanced'
  /** On the node the declaration is sent to / names (explicit placement). */
  | 'explicit';

export function queueArguments(
  queueType: QueueType,
  initialReplicas: number,
  placement: LeaderPlacement,
  broker: Pick<BrokerFeatures, 'classicLeaderLocator'>,
): Record<string, string | number> {
  const locator = placement === 'balanced' ? 'balanced' : 'client-local';
  switch (queueType) {
    case 'quorum':
      return { 'x-queue-type': 'quorum', 'x-quorum-initial-group-size': initialReplicas, 'x-queue-leader-locator': locator };
    case 'stream':
      return { 'x-queue-type': 'stream', 'x-initial-cluster-size': initialReplicas, 'x-queue-leader-locator': locator };
    case 'classic':
      return broker.classicLeaderLocator === 'x-queue-leader-locator'
        ? { 'x-queue-type': 'classic', 'x-queue-leader-locator': locator }
        : { 'x-queue-type': 'classic', 'x-queue-master-locator': placement === 'balanced' ? 'min-masters' : 'client-local' };
  }
}
