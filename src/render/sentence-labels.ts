/** Words for resources, scenarios and figures in the sentences of findings (shortfalls, the binding constraint). */
import { binaryBytes, dollars, fixed, mbps, ms, sig } from '../format/numbers.js';
import type { Resource, ResourceUnit, ScenarioKind } from '../model/types.js';

export const RESOURCE_LABELS: Record<Resource, string> = {
  cpu: 'CPU',
  quorumWal: 'quorum WAL',
  queueCeiling: 'queue ceiling',
  diskBandwidth: 'disk bandwidth',
  diskIops: 'disk IOPS',
  diskCapacity: 'disk space',
  network: 'network',
  memory: 'memory',
  fileDescriptors: 'file descriptors',
  latency: 'latency p99',
  budget: 'budget',
};

/** "at peak", "after 1 node lost", "after zone 0 lost", "during the burst". */
export function scenarioPhrase(kind: ScenarioKind, lostNodes: readonly number[], lostZone: number | null): string {
  switch (kind) {
    case 'healthy':
      return 'at peak';
    case 'nodeFailure':
      return `after ${lostNodes.length} node${lostNodes.length === 1 ? '' : 's'} lost`;
    case 'zoneFailure':
      return `after zone ${lostZone ?? '?'} lost`;
    case 'burst':
      return 'during the burst';
  }
}

/** A figure in its unit: "1.83 cores", "12.5 MB/s", "3,000 IOPS", "4.00 GiB", "2.90 ms". */
export function figure(value: number, unit: ResourceUnit): string {
  switch (unit) {
    case 'cores':
      return `${sig(value)} cores`;
    case 'msgPerSec':
      return `${fixed(value)} msg/s`;
    case 'bytesPerSec':
      return mbps(value);
    case 'iops':
      return `${fixed(value)} IOPS`;
    case 'bytes':
      return binaryBytes(value);
    case 'count':
      return fixed(value);
    case 'ms':
      return ms(value);
    case 'usdPerMonth':
      return `${dollars(value)}/month`;
  }
}
