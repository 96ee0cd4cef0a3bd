/**
 * Queue ceiling (docs/model.md): one queue is one Erlang process (its leader) on one core,
 * whatever the node size, so a queue saturates at 1 / (busy time per message). A single
 * quorum queue of 1 kB messages sustains ~30,000 msg/s on the RabbitMQ team's hardware
 * (https://www.rabbitmq.com/blog/2023/03/02/quorum-queues-migration); the profile's
 * queueService* coefficients carry the calibrated figures.
 */
import type { QueueTypeCoefficients } from '../schema/profile.js';
import { ACK_EACH, ackQueueSavingMicros, type AckPattern } from './acks.js';
import { MICROS_PER_SECOND, NANOS_PER_MICRO } from './constants.js';

/**
 * Busy time of the queue process per message (µs): fixed + per byte, + what persistence adds
 * (`persistent`: a persistent classic message; the profile's persistentQueueServiceMicros, 0 when
 * absent), − the settlements of acks its consumers do not send (`acks`: acks.ts).
 */
export function queueServiceMicrosPerMessage(coeff: QueueTypeCoefficients, sizeBytes: number, persistent = false, acks: AckPattern = ACK_EACH): number {
  const extra = persistent ? (coeff.persistentQueueServiceMicros?.value ?? 0) : 0;
  return coeff.queueServiceMicros.value - ackQueueSavingMicros(coeff, acks) + (sizeBytes * coeff.queueServiceNanosPerByte.value) / NANOS_PER_MICRO + extra;
}

/** The most messages per second one queue can take: 10^6 / service µs. */
export function queueCeilingMsgPerSec(coeff: QueueTypeCoefficients, sizeBytes: number, persistent = false, acks: AckPattern = ACK_EACH): number {
  const service = queueServiceMicrosPerMessage(coeff, sizeBytes, persistent, acks);
  return service > 0 ? MICROS_PER_SECOND / service : Infinity;
}
