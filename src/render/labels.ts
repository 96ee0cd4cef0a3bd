/**
 * Words for the model's identifiers, shared by the table and Markdown reports so both say
 * the same thing.
 */
import type { Resource, ScenarioKind } from '../model/types.js';

/** Display order: the resources people ask about first, then the limits that rarely bind. */
export const RESOURCE_ORDER: readonly Resource[] = [
  'cpu',
  'memory',
  'network',
  'diskBandwidth',
  'diskIops',
  'diskCapacity',
  'quorumWal',
  'queueCeiling',
  'fileDescriptors',
  'latency',
  'budget',
];

const RESOURCE_LABELS: Record<Resource, string> = {
  cpu: 'CPU',
  quorumWal: 'Quorum WAL',
  queueCeiling: 'Per-queue rate',
  diskBandwidth: 'Disk writes',
  diskIops: 'Disk IOPS',
  diskCapacity: 'Disk space',
  network: 'Network',
  memory: 'Memory',
  fileDescriptors: 'File descriptors',
  latency: 'Latency p99',
  budget: 'Monthly cost',
};

/** What the figure is measured on, shown where the label alone would mislead. */
const RESOURCE_SCOPE: Partial<Record<Resource, string>> = {
  queueCeiling: 'busiest queue vs one queue process',
  quorumWal: "busiest node's quorum copies vs its one WAL",
  latency: 'worst workload vs its target',
  budget: 'cluster vs budget',
};

export function resourceLabel(resource: Resource): string {
  return RESOURCE_LABELS[resource];
}

export function resourceScope(resource: Resource): string | undefined {
  return RESOURCE_SCOPE[resource];
}

const SCENARIO_LABELS: Record<ScenarioKind, string> = {
  healthy: 'healthy',
  nodeFailure: 'after node loss',
  zoneFailure: 'after zone loss',
  burst: 'during burst',
};

export function scenarioLabel(kind: ScenarioKind): string {
  return SCENARIO_LABELS[kind];
}
