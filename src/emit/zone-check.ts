/**
 * Zone-loss check of a placement: after losing any one zone, does every quorum queue (and
 * stream) keep a majority of its replicas, so that it stays available
 * (https://www.rabbitmq.com/docs/quorum-queues, "Fault Tolerance and Minimum Number of Members
 * Online")? Classic queues are not replicated: one whose node is in the lost zone is
 * unavailable until that node returns; they are listed, not counted as failures of the check,
 * because the plan already warns that classic queues are not replicated. Pure: no I/O.
 */
import { majorityOf } from '../model/replication.js';
import type { QueueType } from '../model/types.js';

export interface ZoneCheckQueue {
  name: string;
  vhost: string;
  queueType: QueueType;
  /** Node indices (0-based) holding a replica. */
  replicaNodes: readonly number[];
}

export interface ZoneLossFailure {
  /** The lost zone (0-based). */
  zone: number;
  vhost: string;
  queue: string;
  replicas: number;
  replicasLeft: number;
  majority: number;
}

export interface ZoneLossResult {
  zones: number;
  /** Replicated (quorum/stream) queues checked. */
  queuesChecked: number;
  /** Every replicated queue keeps a majority whichever single zone is lost. */
  ok: boolean;
  failures: ZoneLossFailure[];
  /** Per zone: classic queues that become unavailable when it is lost. */
  classicUnavailable: { zone: number; queues: string[] }[];
}

export function checkZoneLoss(queues: readonly ZoneCheckQueue[], zoneOfNode: readonly number[]): ZoneLossResult {
  const zones = Math.max(1, ...zoneOfNode.map((z) => z + 1));
  const failures: ZoneLossFailure[] = [];
  const classicUnavailable: { zone: number; queues: string[] }[] = [];
  let checked = 0;
  for (const q of queues) if (q.queueType !== 'classic') checked++;
  for (let zone = 0; zone < zones; zone++) {
    const lostClassic: string[] = [];
    for (const q of queues) {
      const inZone = q.replicaNodes.filter((n) => zoneOfNode[n] === zone).length;
      if (q.queueType === 'classic') {
        if (inZone > 0) lostClassic.push(q.name);
        continue;
      }
      const replicas = q.replicaNodes.length;
      const left = replicas - inZone;
      const majority = majorityOf(replicas);
      if (left < majority) failures.push({ zone, vhost: q.vhost, queue: q.name, replicas, replicasLeft: left, majority });
    }
    if (lostClassic.length > 0) classicUnavailable.push({ zone, queues: lostClassic });
  }
  return { zones, queuesChecked: checked, ok: failures.length === 0, failures, classicUnavailable };
}

/** One line per failure, e.g. `zone 2 lost: orders.s01 keeps 1 of 3 replicas, needs 2`. */
export function describeZoneFailures(result: ZoneLossResult): string[] {
  return result.failures.map(
    (f) => `zone ${f.zone + 1} lost: ${f.queue} (vhost ${f.vhost}) keeps ${f.replicasLeft} of ${f.replicas} replicas, needs ${f.majority}`,
  );
}
