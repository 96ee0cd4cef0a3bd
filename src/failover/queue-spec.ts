/**
 * The failover run's own queues: `rmq-plan-failover-<run id>-q<i>`, declared by the run (and
 * re-declared by every client after it reconnects, as production clients do), deleted at the end.
 */
import type { Options } from 'amqplib';
import { QUEUE_EXPIRES_MS } from '../bench/queues.js';
import type { FailoverQueueType } from './options.js';

export const FAILOVER_QUEUE_PREFIX = 'rmq-plan-failover-';

export function queueName(runId: string, index: number): string {
  return `${FAILOVER_QUEUE_PREFIX}${runId}-q${index}`;
}

/**
 * Quorum queues are durable by definition; classic queues are durable, with persistent
 * or transient messages. `x-expires` (the bench's safety net) deletes the queue 5 minutes after
 * its last consumer left if the run dies without cleaning up. The leader goes on the node the
 * declaring connection is on (`client-local`, the 3.10 default said explicitly), so queue i's
 * leader is on the node of URL i mod n.
 */
export function queueOptions(queueType: FailoverQueueType): Options.AssertQueue {
  if (queueType === 'quorum') {
    return {
      durable: true,
      autoDelete: false,
      exclusive: false,
      arguments: { 'x-queue-type': 'quorum', 'x-queue-leader-locator': 'client-local', 'x-expires': QUEUE_EXPIRES_MS },
    };
  }
  // Durable even for transient messages: RabbitMQ 4.3 refuses non-durable non-exclusive queues;
  // --persistent decides the messages' delivery mode, which is what a node loss tests.
  return { durable: true, autoDelete: false, exclusive: false, arguments: { 'x-queue-type': 'classic', 'x-expires': QUEUE_EXPIRES_MS } };
}
