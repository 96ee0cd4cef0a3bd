/**
 * Consumers and client connections (schema: src/schema/workload.ts).
 * - consumers.count "auto": enough to drain the peak at the target utilisation given
 *   processingTimeMs, and at least one per queue (a queue without a consumer only grows).
 * - consumerConnections "auto": one per consumer.
 * - publisherConnections "auto": see confirms.ts (publisherConnectionsFor).
 */
import { MS_PER_SECOND } from './constants.js';
import { ceilCount } from './shards.js';

/** Consumers in each fan-out group. */
export function consumersPerGroup(spec: number | 'auto', shards: number, peakMsgPerSec: number, processingTimeMs: number, targetUtilization: number): number {
  if (spec !== 'auto') return spec;
  const busyConsumers = (peakMsgPerSec * processingTimeMs) / MS_PER_SECOND;
  return Math.max(shards, ceilCount(busyConsumers / targetUtilization));
}

/** Consumer connections of the workload: given, or one per consumer over all groups. */
export function consumerConnectionCount(spec: number | 'auto', consumersInEachGroup: number, fanOut: number): number {
  return spec === 'auto' ? consumersInEachGroup * fanOut : spec;
}
