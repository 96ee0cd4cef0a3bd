/**
 * Per-workload (tenant) attribution of a shared cluster (docs/model.md "Who drives the cost"):
 * each workload's part of the busiest node's demand for every resource that workloads share, in
 * the scenario that binds, and its share of the monthly cost.
 *
 * Allocation rule: the cost follows the binding resource — a workload pays the fraction of the
 * cluster that its part of the binding resource's workload-caused demand is — of a node's quorum
 * WAL, only quorum workloads cause any — (the node's fixed
 * parts, baseline memory and the quorum WAL, are shared in the same proportions). When what binds
 * is not a resource the workloads share (a latency target, a per-queue ceiling, file
 * descriptors), the cost follows CPU. Shares of each resource add up to the whole, and cost
 * shares to the monthly cost (tested).
 */
import type { ModelContext } from './context.js';
import { diskIopsDemand } from './disk.js';
import type { CandidateParts } from './evaluate.js';
import type { CandidateNumbers } from './kernel.js';
import { nodeDemand, type NodeDemand } from './node-demand.js';
import { SLOT_KINDS, Slot, type ScenarioLoad } from './scenarios.js';
import { SHARED_RESOURCES, type Resource, type ResourceSplit, type ScenarioKind, type SharedResource, type WorkloadAttribution } from './types.js';

/** Each workload's part of one node's demand in one scenario, by resource. */
function workloadParts(
  ctx: ModelContext,
  p: CandidateParts,
  n: CandidateNumbers,
  s: ScenarioLoad,
  resource: SharedResource,
  demandsOn: (node: number) => NodeDemand[],
): ResourceSplit {
  const m = s.max;
  const node = {
    cpu: m.cpuNode,
    quorumWal: m.walNode,
    memory: m.memoryNode,
    network: m.networkNode,
    diskBandwidth: m.diskWriteNode,
    diskIops: p.disk.iopsNode[s.slot]!,
    diskCapacity: m.diskSpaceNode,
  }[resource];
  const whole = s.nodes[node]!;
  const ioSize = ctx.node.diskIoSizeBytes.value;
  // Client connections spread evenly over the nodes up (as the kernel counts their memory).
  const connectionMemory = (i: number) =>
    ((n.publisherConnections[i]! + p.prepared.layout.consumerConnections[i]!) / s.nodesUp) * ctx.workloads[i]!.connectionMemoryBytes;
  const parts = demandsOn(node).map((d, i) => {
    switch (resource) {
      case 'cpu':
        return d.cpuCores;
      case 'quorumWal':
        return d.walLoadCopiesPerSec;
      case 'memory':
        return d.memoryQueueBytes + d.memoryBacklogBytes + connectionMemory(i);
      case 'network':
        return d.networkBytesPerSec;
      case 'diskBandwidth':
        return d.diskWriteBytesPerSec;
      case 'diskIops':
        return diskIopsDemand(d.diskWriteBytesPerSec, ioSize, d.quorumCopiesPerSec, d.classicFsyncCopiesPerSec, p.disk.fsyncMs);
      case 'diskCapacity':
        return d.backlogBytes;
    }
  });
  const totalDemand = {
    cpu: whole.cpuCores,
    quorumWal: whole.walLoadCopiesPerSec,
    memory: whole.memoryPlacementBytes + ctx.workloads.reduce((a, w) => a + connectionMemory(w.index), 0),
    network: whole.networkBytesPerSec,
    diskBandwidth: whole.diskWriteBytesPerSec,
    diskIops: p.disk.iops[s.slot]!,
    diskCapacity: whole.diskSpaceBytes + p.instance.freeDiskLimitBytes,
  }[resource];
  const sum = parts.reduce((a, v) => a + v, 0);
  return { resource, node, totalDemand, sharedDemand: Math.max(0, totalDemand - sum), parts };
}

function isShared(resource: Resource): resource is SharedResource {
  return (SHARED_RESOURCES as readonly Resource[]).includes(resource);
}

/** The attribution of a candidate whose binding constraint is `binding` (resource, scenario). */
export function attributeWorkloads(
  parts: CandidateParts,
  n: CandidateNumbers,
  binding: { resource: Resource; scenario: ScenarioKind },
): Omit<WorkloadAttribution, 'without' | 'withoutSkippedAbove'> {
  const { ctx, prepared } = parts;
  const s = prepared.scenarios.slots[SLOT_KINDS.indexOf(binding.scenario)] ?? prepared.scenarios.slots[Slot.healthy]!;
  // Each workload's demand on a node, once per node however many resources have it as their busiest.
  const byNode = new Map<number, NodeDemand[]>();
  const demandsOn = (node: number): NodeDemand[] => {
    let demands = byNode.get(node);
    if (!demands) byNode.set(node, (demands = ctx.workloads.map((w) => nodeDemand(ctx, s, node, w.index))));
    return demands;
  };
  const resources = SHARED_RESOURCES.map((r) => workloadParts(ctx, parts, n, s, r, demandsOn));
  const costFollows = isShared(binding.resource) ? binding.resource : 'cpu';
  const split = resources.find((r) => r.resource === costFollows)!;
  const sum = split.parts.reduce((a, v) => a + v, 0);
  // Nothing of the resource is caused by any workload (an idle file): the cost is split evenly.
  const costShares = split.parts.map((v) => (sum > 0 ? v / sum : 1 / split.parts.length));
  return { scenario: s.kind, bindingResource: binding.resource, costFollows, resources, costShares };
}
