/**
 * Consumer acknowledgements (docs/model.md "Acknowledgements"). A profile's per-message figures
 * (deliverCpuMicros, queueServiceMicros) were measured with one basic.ack per delivery, the
 * common client default; consumers that ack with multiple=true every N deliveries send one ack
 * frame per N (https://www.rabbitmq.com/docs/confirms#consumer-acks-multiple-parameter), and
 * automatic acks send none: the broker then skips that share of each ack's work — parsing the
 * frame, the channel's bookkeeping and the queue's settlement (a quorum queue's settle is a command
 * in its Raft log). The profile's ackCpuMicros and ackQueueServiceMicros say what one ack costs.
 */
import type { QueueTypeCoefficients } from '../schema/profile.js';

/** How consumers acknowledge: manual acks every `ackEvery` deliveries (multiple=true beyond 1), or automatic. */
export interface AckPattern {
  ackMode: 'manual' | 'auto';
  ackEvery: number;
}

/** The pattern every per-message figure in a profile was measured with: one manual ack per delivery. */
export const ACK_EACH: AckPattern = { ackMode: 'manual', ackEvery: 1 };

/** Ack frames the broker receives per delivery: 1 ÷ ackEvery when consumers ack manually, 0 with automatic acks. */
export function acksPerDelivery(pattern: AckPattern): number {
  return pattern.ackMode === 'auto' ? 0 : 1 / Math.max(1, pattern.ackEvery);
}

/**
 * What a delivery costs less than the profile's figure because fewer acks come back: the ack's
 * cost × the share of an ack per delivery not sent (0 for one ack per delivery), never more than
 * the figure it is taken from.
 */
export function ackSaving(ackCost: number | undefined, pattern: AckPattern, fromFigure: number): number {
  const cost = Math.max(0, Math.min(ackCost ?? 0, fromFigure));
  return cost * (1 - acksPerDelivery(pattern));
}

/** Broker CPU per delivery not spent on acks that are not sent (core-µs); see ackSaving. */
export function ackCpuSavingMicros(coeff: QueueTypeCoefficients, pattern: AckPattern): number {
  return ackSaving(coeff.ackCpuMicros?.value, pattern, coeff.deliverCpuMicros.value);
}

/** Queue-process time per delivery not spent settling acks that are not sent (µs); see ackSaving. */
export function ackQueueSavingMicros(coeff: QueueTypeCoefficients, pattern: AckPattern): number {
  return ackSaving(coeff.ackQueueServiceMicros?.value, pattern, coeff.queueServiceMicros.value);
}
