/**
 * Every node's figures in one scenario, for the rich plan only (the search reads the busiest-node
 * figures of kernel.ts and never calls this): CPU, memory, network, disk bandwidth, IOPS and space
 * and file descriptors, from the per-node demand scenarios.ts already holds.
 *
 * After a failure the model keeps every busiest-node figure at least at the healthy one
 * (scenarios.ts floorAtHealthy, kernel.ts prepareDisk). Node by node the same rule reads: a
 * survivor is held at least at its own healthy figure, and when the busiest-node figure is the
 * healthy one of a node that is now lost, the busiest survivor carries it (its work moved to the
 * survivors). So for each resource the maximum over the nodes is exactly the scenario's
 * busiest-node figure. The floor applies to the part of the figure that depends on placement;
 * the part that depends on the nodes up (connection memory, connection descriptors) is added
 * after, as kernel.ts does.
 */
import type { InstanceModel, ModelContext } from './context.js';
import { diskIopsDemand } from './disk.js';
import { connectionsOnBusiestNode, fileDescriptorsOnNode } from './file-descriptors.js';
import { Res, RESOURCE_COUNT, type CandidateNumbers, type PreparedDisk, type PreparedLayout } from './kernel.js';
import type { NodeDemand } from './node-demand.js';
import { Slot, type ScenarioLoad } from './scenarios.js';
import type { NodeResource, NodeResourceUsage, NodeUsage } from './types.js';

/** The per-node resources, in display order. */
export const NODE_RESOURCES: readonly NodeResource[] = ['cpu', 'memory', 'network', 'diskBandwidth', 'diskIops', 'diskCapacity', 'fileDescriptors'];

/** How one resource's node figure is made: the placement part (floored), the busiest node's, and the rest added per scenario. */
interface NodeResourceRule {
  resource: NodeResource;
  res: number;
  base: (d: NodeDemand, fsyncMs: number, ctx: ModelContext) => number;
  busiest: (s: ScenarioLoad, d: PreparedDisk) => number;
  total: (base: number, s: ScenarioLoad, n: CandidateNumbers, inst: InstanceModel) => number;
}

const same = (base: number) => base;

const RULES: readonly NodeResourceRule[] = [
  { resource: 'cpu', res: Res.cpu, base: (d) => d.cpuCores, busiest: (s) => s.max.cpuCores, total: same },
  {
    resource: 'memory',
    res: Res.memory,
    base: (d) => d.memoryPlacementBytes,
    busiest: (s) => s.max.memoryPlacementBytes,
    total: (base, s, n) => base + n.connectionMemoryBytes / s.nodesUp,
  },
  { resource: 'network', res: Res.network, base: (d) => d.networkBytesPerSec, busiest: (s) => s.max.networkBytesPerSec, total: same },
  { resource: 'diskBandwidth', res: Res.diskBandwidth, base: (d) => d.diskWriteBytesPerSec, busiest: (s) => s.max.diskWriteBytesPerSec, total: same },
  {
    resource: 'diskIops',
    res: Res.diskIops,
    base: (d, fsyncMs, ctx) =>
      diskIopsDemand(d.diskWriteBytesPerSec, ctx.node.diskIoSizeBytes.value, d.quorumCopiesPerSec, d.classicFsyncCopiesPerSec, fsyncMs),
    busiest: (s, d) => d.iops[s.slot]!,
    total: same,
  },
  {
    resource: 'diskCapacity',
    res: Res.diskCapacity,
    base: (d) => d.diskSpaceBytes,
    busiest: (s) => s.max.diskSpaceBytes,
    total: (base, _s, _n, inst) => base + inst.freeDiskLimitBytes,
  },
  {
    resource: 'fileDescriptors',
    res: Res.fileDescriptors,
    base: (d) => d.replicas,
    busiest: (s) => s.max.replicas,
    total: (base, s, n) => fileDescriptorsOnNode(connectionsOnBusiestNode(n.totalConnections, s.nodesUp), base),
  },
];

function isFailure(slot: number): boolean {
  return slot === Slot.nodeFailure || slot === Slot.zoneFailure;
}

/** Every node's figures in scenario `s`, with the capacities of `n` (the candidate's evaluation). */
export function nodeUsages(ctx: ModelContext, p: PreparedLayout, d: PreparedDisk, inst: InstanceModel, n: CandidateNumbers, s: ScenarioLoad): NodeUsage[] {
  const healthy = p.scenarios.slots[Slot.healthy]!;
  const floor = isFailure(s.slot);
  const out: NodeUsage[] = s.nodes.map((node) => ({ node: node.node, up: node.up, resources: [] }));
  for (const rule of RULES) {
    const k = s.slot * RESOURCE_COUNT + rule.res;
    if (!n.present[k]) continue;
    const values: number[] = [];
    const floored: boolean[] = [];
    let top = -1;
    for (const node of s.nodes) {
      const i = node.node;
      if (!node.up) continue;
      let v = rule.base(node, d.fsyncMs, ctx);
      let held = false;
      if (floor) {
        const before = rule.base(healthy.nodes[i]!, d.fsyncMs, ctx);
        if (before > v) {
          v = before;
          held = true;
        }
      }
      values[i] = v;
      floored[i] = held;
      if (top < 0 || v > values[top]!) top = i;
    }
    if (top < 0) continue;
    // The busiest-node figure is the healthy one of a lost node: the busiest survivor carries it.
    const busiest = rule.busiest(s, d);
    if (floor && values[top]! < busiest) {
      values[top] = busiest;
      floored[top] = true;
    }
    const capacity = n.capacity[k]!;
    for (const u of out) {
      if (!u.up) continue;
      const demand = rule.total(values[u.node]!, s, n, inst);
      const usage: NodeResourceUsage = {
        resource: rule.resource,
        demand,
        capacity,
        utilization: capacity > 0 ? demand / capacity : demand > 0 ? Infinity : 0,
      };
      if (floored[u.node]) usage.floored = true;
      u.resources.push(usage);
    }
  }
  return out;
}
