/**
 * Per-workload (tenant) attribution of a shared cluster (docs/model.md "Who drives the cost"):
 * each workload's part of the busiest node's demand for every resource that workloads share, in
 * the scenario that binds, and its share of the monthly cost.
 *
 * Allocation rule: the cost follows the binding resource — a workload pays the fraction of the
 * cluster that its part of the binding resource's workload-caused demand is (the node's fixed
 * parts, baseline memory and the quorum WAL, are shared in the same proportions). When what binds
 * is not a resource the workloads share (a latency target, a per-queue ceiling, file
 * descriptors), the cost follows CPU. Shares of each resource add up to the whole, and cost
 * shares to the monthly cost (tested).
 */
import type { ModelContext } from './context.js';
import { diskIopsDemand } from './disk.js';
import type { CandidateParts } from './evaluate.js';
import type { CandidateNumbers } from './kernel.js';
import { nodeDemand } from './node-demand.js';
import { SLOT_KINDS, Slot, type ScenarioLoad } from './scenarios.js';
import { SHARED_RESOURCES, type Resource, type ResourceSplit, type ScenarioKind, type SharedResource, type WorkloadAttribution } from './types.js';

/** Each workload's part of one node's demand in one scenario, by resource. */
function workloadParts(ctx: ModelContext, p: CandidateParts, n: CandidateNumbers, s: ScenarioLoad, resource: SharedResource): ResourceSplit {
  const m = s.max;
  const nUp = s.nodesUp;
  const node = { cpu: m.cpuNode, memory: m.memoryNode, network: m.networkNode, diskBandwidth: m.diskWriteNode, diskIops: p.disk.iopsNode[s.slot]!, diskCapacity: m.diskSpaceNode }[resource];
  const whole = s.nodes[node]!;
  const fsyncMs = p.disk.fsyncMs;
  const ioSize = ctx.node.diskIoSizeBytes.value;
  const connectionsOnNode = (i: number) => (n.publisherConnections[i]! + p.prepared.layout.consumerConnections[i]!) / nUp;
  const parts = ctx.workloads.map((w) => {
    const d = nodeDemand(ctx, s, node, w.index);
    switch (resource) {
      case 'cpu':
        return d.cpuCores;
      case 'memory':
        return d.memoryQueueBytes + d.memoryBacklogBytes + connectionsOnNode(w.index) * w.connectionMemoryBytes;
      case 'network':
        return d.networkBytesPerSec;
      case 'diskBandwidth':
        return d.diskWriteBytesPerSec;
      case 'diskIops':
        return diskIopsDemand(d.diskWriteBytesPerSec, ioSize, d.quorumCopiesPerSec, d.classicFsyncCopiesPerSec, fsyncMs);
      case 'diskCapacity':
        return d.backlogBytes;
    }
  });
  const connectionMemory = ctx.workloads.reduce((a, w) => a + connectionsOnNode(w.index) * w.connectionMemoryBytes, 0);
  const totalDemand = {
    cpu: whole.cpuCores,
    memory: whole.memoryPlacementBytes + connectionMemory,
    network: whole.networkBytesPerSec,
    diskBandwidth: whole.diskWriteBytesPerSec,
    diskIops: p.disk.iops[s.slot]!,
    diskCapacity: whole.diskSpaceBytes + p.instance.freeDiskLimitBytes,
  }[resource];
  const sum = parts.reduce((a, v) => a + v, 0);
  return { resource, node, totalDemand, sharedDemand: Math.max(0, totalDemand - sum), parts };
}

const COST_FOLLOWS: Partial<Record<Resource, SharedResource>> = {
  cpu: 'cpu',
  memory: 'memory',
  network: 'network',
  diskBandwidth: 'diskBandwidth',
  diskIops: 'diskIops',
  diskCapacity: 'diskCapacity',
};

/** The attribution of a candidate whose binding constraint is `binding` (resource, scenario). */
export function attributeWorkloads(
  parts: CandidateParts,
  n: CandidateNumbers,
  binding: { resource: Resource; scenario: ScenarioKind },
): Omit<WorkloadAttribution, 'without' | 'withoutSkippedAbove'> {
  const { ctx, prepared } = parts;
  const scenarioSlot = binding.scenario === 'burst' ? Slot.burst : SLOT_KINDS.indexOf(binding.scenario);
  const s = prepared.scenarios.slots[scenarioSlot] ?? prepared.scenarios.slots[Slot.healthy]!;
  const resources = SHARED_RESOURCES.map((r) => workloadParts(ctx, parts, n, s, r));
  const costFollows = COST_FOLLOWS[binding.resource] ?? 'cpu';
  const split = resources.find((r) => r.resource === costFollows)!;
  const sum = split.parts.reduce((a, v) => a + v, 0);
  // Nothing of the resource is caused by any workload (an idle file): the cost is split evenly.
  const costShares = split.parts.map((v) => (sum > 0 ? v / sum : 1 / split.parts.length));
  return { scenario: s.kind, bindingResource: binding.resource, costFollows, resources, costShares };
}
