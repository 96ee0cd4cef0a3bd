/**
 * Consumers and client connections (schema: src/schema/workload.ts).
 * - consumers.count "auto": enough to drain the peak at the target utilisation given
 *   processingTimeMs, enough prefetch slots to carry it (manual acks), and at least one per queue
 *   (a queue without a consumer only grows).
 * - consumerConnections "auto": one per consumer.
 * - publisherConnections "auto": see confirms.ts (publisherConnectionsFor).
 */
import { MS_PER_SECOND } from './constants.js';
import type { UnbatchedDeliveries } from './confirms.js';
import { ceilCount } from './shards.js';

/** A consumer's prefetch slots as the auto count sees them (manual acks only). */
export interface ConsumerSlots {
  prefetch: number;
  /** One slot's turnaround without processing (ms). */
  turnaroundMs: number;
  /** The deliveries in flight that travel alone, each adding to every slot's cycle (confirms.ts). */
  unbatched: UnbatchedDeliveries;
}

/**
 * Deliveries a queue must keep in flight to carry λ msg/ms when each cycle takes `cycleMs` plus the
 * unbatched deliveries' extra time: the least N with N ≥ λ × (cycle + W × min(N, K)). While N ≤ K
 * that is N = λ·cycle ÷ (1 − λW); past K (or when λW ≥ 1: the unbatched path alone cannot carry λ)
 * it is λ × (cycle + W·K). Continuous at K and increasing in λ.
 */
export function inFlightToCarry(perMs: number, cycleMs: number, unbatched: UnbatchedDeliveries): number {
  const { extraMs: w, upTo: k } = unbatched;
  if (perMs * w < 1) {
    const alone = (perMs * cycleMs) / (1 - perMs * w);
    if (alone <= k) return alone;
  }
  return perMs * (cycleMs + w * k);
}

/**
 * Consumers in each fan-out group. With `slots`, "auto" also counts enough prefetch slots per queue
 * for them to carry the queue's peak at the target utilisation — by Little's law, N slots turning
 * in (turnaround + processing) carry N ÷ (turnaround + processing), so a queue needs
 * N ≥ λ × (turnaround + processing) with λ = its peak ÷ the target, plus what its first deliveries
 * add travelling alone (inFlightToCarry). The queue process's own time
 * per message (which the loop in step also waits for, confirms.ts) is its ceiling's, which the
 * shards are sized for; leaving it out keeps the count monotone in the traffic.
 */
export function consumersPerGroup(
  spec: number | 'auto',
  shards: number,
  peakMsgPerSec: number,
  processingTimeMs: number,
  targetUtilization: number,
  slots: ConsumerSlots | null = null,
): number {
  if (spec !== 'auto') return spec;
  const busyConsumers = (peakMsgPerSec * processingTimeMs) / MS_PER_SECOND;
  const forProcessing = Math.max(shards, ceilCount(busyConsumers / targetUtilization));
  if (slots === null) return forProcessing;
  const perQueuePerMs = peakMsgPerSec / shards / targetUtilization / MS_PER_SECOND;
  const inFlight = inFlightToCarry(perQueuePerMs, slots.turnaroundMs + processingTimeMs, slots.unbatched);
  return Math.max(forProcessing, shards * ceilCount(inFlight / slots.prefetch));
}

/** Consumer connections of the workload: given, or one per consumer over all groups. */
export function consumerConnectionCount(spec: number | 'auto', consumersInEachGroup: number, fanOut: number): number {
  return spec === 'auto' ? consumersInEachGroup * fanOut : spec;
}
