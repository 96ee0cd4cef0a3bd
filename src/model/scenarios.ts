/**
 * HA and burst scenarios (docs/model.md "HA scenarios"):
 * - healthy: every node up, peak rates;
 * - node failure: lose the f nodes that hold the most leaders (ties: lowest index); each queue
 *   whose leader is lost elects a new one among its surviving replicas, the one with the fewest
 *   leaders (balanced); lost replicas are not re-created (quorum membership is not grown
 *   automatically: https://www.rabbitmq.com/docs/quorum-queues); clients reconnect to survivors.
 *   A classic queue on a lost node is not replicated: the model assumes its clients redeclare it
 *   on a survivor (the balanced choice), so its traffic is not lost from the sizing;
 * - zone failure: lose every node of the zone with the most nodes; same rules;
 * - burst: publish at the burst rate; consumers drain at their capacity; the excess is backlog.
 * A quorum or stream queue left with fewer than a majority of its replicas is unavailable, and a
 * cluster left with half its nodes or fewer loses its metadata majority (Khepri, 4.2+; it pauses
 * under pause_minority on 3.x): both are reported and fail the plan.
 *
 * A failure never makes the busiest node look lighter than healthy: where the survivors' figure
 * comes out below the healthy busiest node's (a lost node that was the busiest, a leader that
 * now replicates to fewer followers), the healthy figure is kept (`floored`). The lost node's
 * work does not vanish, and the survivors that take it over must not be sized below it.
 */
import type { ScenarioDescription, ScenarioKind, Shortfall } from './types.js';
import type { ModelContext } from './context.js';
import type { Layout } from './layout.js';
import { nodeDemand, PerNodeCounts, type NodeDemand, type ScenarioTraffic } from './node-demand.js';
import { keepsNodeMajority, majorityOf } from './replication.js';
import { MS_PER_SECOND } from './constants.js';

export const Slot = { healthy: 0, nodeFailure: 1, zoneFailure: 2, burst: 3 } as const;
export const SLOT_COUNT = 4;
export const SLOT_KINDS: readonly ScenarioKind[] = ['healthy', 'nodeFailure', 'zoneFailure', 'burst'];

export interface MajorityLoss {
  workload: number;
  queue: number;
  survivors: number;
  replicas: number;
}

/** Busiest node per resource (instance-independent parts). */
export interface ScenarioMaxima {
  cpuCores: number;
  cpuNode: number;
  /** Quorum copies/s through the busiest WAL, weighted by coordination (src/model/wal.ts). */
  walLoadCopiesPerSec: number;
  walNode: number;
  diskWriteBytesPerSec: number;
  diskWriteNode: number;
  diskSpaceBytes: number;
  diskSpaceNode: number;
  networkBytesPerSec: number;
  networkNode: number;
  memoryPlacementBytes: number;
  memoryNode: number;
  replicas: number;
  replicasNode: number;
  /** The workload whose queues run closest to their ceiling, its per-queue rate and ceiling. */
  queueWorkload: number;
  queueMsgPerSec: number;
  queueCeilingMsgPerSec: number;
  /** Resources held at the healthy figure (see the module comment), by name. */
  floored: Set<string>;
}

export interface ScenarioLoad extends ScenarioTraffic {
  slot: number;
  kind: ScenarioKind;
  description: ScenarioDescription;
  lostNodes: number[];
  lostZone: number | null;
  majorityLost: MajorityLoss[];
  /** Half the nodes or more are down: no metadata majority (Khepri, 4.2+), or the survivors pause (pause_minority, 3.x). */
  nodeMajorityLost: boolean;
  nodes: NodeDemand[];
  max: ScenarioMaxima;
}

/** Leaders, replicas and availability of every queue after losing the nodes marked in `lost`. */
function failover(ctx: ModelContext, layout: Layout, lost: Uint8Array) {
  const N = layout.nodes;
  const W = ctx.workloads.length;
  const leaders = new PerNodeCounts(N, W);
  const active = new PerNodeCounts(N, W);
  const stored = new PerNodeCounts(N, W);
  const replicationOut = new PerNodeCounts(N, W);
  const activeQueues: number[] = [];
  const majorityLost: MajorityLoss[] = [];
  // Running leader count per node over all workloads: the balanced choice for moved leaders.
  const leaderLoad = new Int32Array(N);
  for (const p of layout.placements) {
    for (let q = 0; q < p.queues; q++) {
      const l = p.nodes[q * p.replicas]!;
      if (!lost[l]) leaderLoad[l]!++;
    }
  }
  for (const w of ctx.workloads) {
    const p = layout.placements[w.index]!;
    const wi = w.index;
    let available = 0;
    for (let q = 0; q < p.queues; q++) {
      const base = q * p.replicas;
      let survivors = 0;
      for (let k = 0; k < p.replicas; k++) if (!lost[p.nodes[base + k]!]) survivors++;
      for (let k = 0; k < p.replicas; k++) {
        const n = p.nodes[base + k]!;
        if (!lost[n]) stored.add(wi, n);
      }
      let leader = p.nodes[base]!;
      if (w.replicated && survivors < majorityOf(p.replicas)) {
        majorityLost.push({ workload: w.index, queue: q, survivors, replicas: p.replicas });
        continue;
      }
      if (lost[leader]) {
        if (survivors > 0) {
          // Raft elects among surviving members; balanced: the one leading fewest queues.
          let best = -1;
          for (let k = 1; k < p.replicas; k++) {
            const n = p.nodes[base + k]!;
            if (!lost[n] && (best < 0 || leaderLoad[n]! < leaderLoad[best]!)) best = n;
          }
          leader = best;
        } else {
          // Unreplicated queue on a lost node: redeclared on the survivor leading fewest queues.
          let best = -1;
          for (let n = 0; n < N; n++) if (!lost[n] && (best < 0 || leaderLoad[n]! < leaderLoad[best]!)) best = n;
          leader = best;
          stored.add(wi, leader);
          active.add(wi, leader);
        }
        leaderLoad[leader]!++;
      }
      available++;
      leaders.add(wi, leader);
      for (let k = 0; k < p.replicas; k++) {
        const n = p.nodes[base + k]!;
        if (!lost[n]) {
          active.add(wi, n);
          if (n !== leader) replicationOut.add(wi, leader);
        }
      }
    }
    activeQueues.push(available);
  }
  return { leaders, active, stored, replicationOut, activeQueues, majorityLost };
}

/**
 * The busiest-node figures a scenario keeps: the maximum's field, the node's field, the resource it
 * sizes, and the NodeDemand field it is the maximum of.
 */
const BUSIEST: readonly [keyof ScenarioMaxima, keyof ScenarioMaxima, string, keyof NodeDemand][] = [
  ['cpuCores', 'cpuNode', 'cpu', 'cpuCores'],
  ['walLoadCopiesPerSec', 'walNode', 'quorumWal', 'walLoadCopiesPerSec'],
  ['diskWriteBytesPerSec', 'diskWriteNode', 'diskBandwidth', 'diskWriteBytesPerSec'],
  ['diskSpaceBytes', 'diskSpaceNode', 'diskCapacity', 'diskSpaceBytes'],
  ['networkBytesPerSec', 'networkNode', 'network', 'networkBytesPerSec'],
  ['memoryPlacementBytes', 'memoryNode', 'memory', 'memoryPlacementBytes'],
  ['replicas', 'replicasNode', 'fileDescriptors', 'replicas'],
];

function maxima(ctx: ModelContext, nodes: NodeDemand[], traffic: ScenarioTraffic): ScenarioMaxima {
  const m: ScenarioMaxima = {
    cpuCores: 0,
    cpuNode: 0,
    walLoadCopiesPerSec: 0,
    walNode: 0,
    diskWriteBytesPerSec: 0,
    diskWriteNode: 0,
    diskSpaceBytes: 0,
    diskSpaceNode: 0,
    networkBytesPerSec: 0,
    networkNode: 0,
    memoryPlacementBytes: 0,
    memoryNode: 0,
    replicas: 0,
    replicasNode: 0,
    queueWorkload: 0,
    queueMsgPerSec: 0,
    queueCeilingMsgPerSec: Infinity,
    floored: new Set(),
  };
  const rec = m as unknown as Record<string, number>;
  let first = true;
  for (const d of nodes) {
    if (!d.up) continue;
    const demand = d as unknown as Record<string, number>;
    for (const [value, node, , field] of BUSIEST) {
      if (first || demand[field]! > rec[value]!) {
        rec[value] = demand[field]!;
        rec[node] = d.node;
      }
    }
    first = false;
  }
  let worst = -1;
  for (const w of ctx.workloads) {
    const u = traffic.perQueueMsgPerSec[w.index]! / w.queueCeilingMsgPerSec;
    if (u > worst) {
      worst = u;
      m.queueWorkload = w.index;
      m.queueMsgPerSec = traffic.perQueueMsgPerSec[w.index]!;
      m.queueCeilingMsgPerSec = w.queueCeilingMsgPerSec;
    }
  }
  return m;
}

/** Keep every busiest-node figure of a failure scenario at least at the healthy one. */
function floorAtHealthy(m: ScenarioMaxima, h: ScenarioMaxima): void {
  const rec = m as unknown as Record<string, number>;
  const hr = h as unknown as Record<string, number>;
  for (const [value, node, resource] of BUSIEST) {
    if (hr[value]! > rec[value]!) {
      rec[value] = hr[value]!;
      rec[node] = hr[node]!;
      m.floored.add(resource);
    }
  }
}

interface RateSet {
  publishMsgPerSec: number[];
  perQueueMsgPerSec: number[];
  backlogMessagesPerQueue: number[];
  lagging: boolean[];
}

/** Peak rates; each replica holds the consumer-outage backlog (consumerOutageMinutes at peak). */
function peakRates(ctx: ModelContext, layout: Layout): RateSet {
  const out: RateSet = { publishMsgPerSec: [], perQueueMsgPerSec: [], backlogMessagesPerQueue: [], lagging: [] };
  for (const w of ctx.workloads) {
    const r = w.peakMsgPerSec / layout.shards[w.index]!;
    out.publishMsgPerSec.push(w.peakMsgPerSec);
    out.perQueueMsgPerSec.push(r);
    out.backlogMessagesPerQueue.push(r * w.outageSeconds);
    out.lagging.push(w.outageSeconds > 0);
  }
  return out;
}

/** Consumers drain at their capacity per group: consumers × 1000 / processingTimeMs (unbounded at 0 ms). */
export function drainMsgPerSec(consumersInGroup: number, processingTimeMs: number): number {
  return processingTimeMs > 0 ? (consumersInGroup * MS_PER_SECOND) / processingTimeMs : Infinity;
}

/** Burst rates where declared (peak elsewhere); the excess over what consumers drain is backlog. */
function burstRates(ctx: ModelContext, layout: Layout): RateSet {
  const out: RateSet = { publishMsgPerSec: [], perQueueMsgPerSec: [], backlogMessagesPerQueue: [], lagging: [] };
  for (const w of ctx.workloads) {
    const S = layout.shards[w.index]!;
    // A burst is "above the sustained peak"; a burst figure below the forecast peak changes nothing.
    const rate = Math.max(w.burstMsgPerSec ?? 0, w.peakMsgPerSec);
    const excess = w.burstMsgPerSec === null ? 0 : Math.max(0, rate - drainMsgPerSec(layout.consumersPerGroup[w.index]!, w.processingTimeMs));
    const backlog = (excess * w.burstSeconds) / S;
    out.publishMsgPerSec.push(rate);
    out.perQueueMsgPerSec.push(rate / S);
    out.backlogMessagesPerQueue.push(backlog);
    out.lagging.push(backlog > 0);
  }
  return out;
}

function scenario(
  ctx: ModelContext,
  layout: Layout,
  slot: number,
  description: ScenarioDescription,
  lostNodes: number[],
  lostZone: number | null,
  rates: RateSet,
): ScenarioLoad {
  const N = layout.nodes;
  const lost = new Uint8Array(N);
  for (const n of lostNodes) lost[n] = 1;
  const up = new Uint8Array(N);
  for (let n = 0; n < N; n++) up[n] = lost[n] ? 0 : 1;
  const f = failover(ctx, layout, lost);
  const traffic: ScenarioTraffic = { nodesUp: N - lostNodes.length, up, ...f, ...rates };
  const nodes: NodeDemand[] = [];
  for (let n = 0; n < N; n++) nodes.push(nodeDemand(ctx, traffic, n));
  return {
    ...traffic,
    slot,
    kind: SLOT_KINDS[slot]!,
    description,
    lostNodes,
    lostZone,
    majorityLost: f.majorityLost,
    nodeMajorityLost: !keepsNodeMajority(N, N - lostNodes.length),
    nodes,
    max: maxima(ctx, nodes, traffic),
  };
}

/** The f nodes that lead the most queues (ties: lowest index). */
export function nodesToLose(layout: Layout, f: number): number[] {
  const counts = new Array<number>(layout.nodes).fill(0);
  for (const p of layout.placements) for (let q = 0; q < p.queues; q++) counts[p.nodes[q * p.replicas]!]!++;
  const order = counts.map((c, n) => ({ c, n })).sort((a, b) => b.c - a.c || a.n - b.n);
  return order.slice(0, f).map((o) => o.n);
}

/** The zone with the most nodes (ties: lowest index) and its nodes. */
export function zoneToLose(layout: Layout, zones: number): { zone: number; nodes: number[] } {
  let best = 0;
  let bestCount = -1;
  for (let z = 0; z < zones; z++) {
    const c = layout.zoneOfNode.filter((zz) => zz === z).length;
    if (c > bestCount) {
      best = z;
      bestCount = c;
    }
  }
  const nodes: number[] = [];
  layout.zoneOfNode.forEach((z, n) => z === best && nodes.push(n));
  return { zone: best, nodes };
}

export interface ScenarioSet {
  /** Indexed by Slot; null where the scenario does not apply. */
  slots: (ScenarioLoad | null)[];
  /** A required failure leaves no node up: the layout cannot meet the HA requirement. */
  impossible: Shortfall | null;
}

/** The zone a zone failure takes and its nodes, or null when the workload need not survive one. */
function requiredZoneLoss(ctx: ModelContext, layout: Layout): { zone: number; nodes: number[] } | null {
  return ctx.surviveZoneLoss ? zoneToLose(layout, ctx.zones) : null;
}

/**
 * Why the layout cannot meet the HA requirement whatever its hardware (a required failure leaves
 * no node up), or null. `zoneLoss`: the layout's required zone loss, when the caller has it.
 */
export function layoutImpossibility(ctx: ModelContext, layout: Layout, zoneLoss = requiredZoneLoss(ctx, layout)): Shortfall | null {
  const N = layout.nodes;
  const f = ctx.nodeFailuresToTolerate;
  if (f > 0 && f >= N) return { kind: 'nothingLeftUp', nodes: N, failures: f };
  if (zoneLoss !== null && zoneLoss.nodes.length >= N) return { kind: 'zoneHoldsAllNodes', nodes: N, zone: zoneLoss.zone };
  return null;
}

export function buildScenarios(ctx: ModelContext, layout: Layout): ScenarioSet {
  const N = layout.nodes;
  const slots: (ScenarioLoad | null)[] = [null, null, null, null];
  const peak = peakRates(ctx, layout);
  const healthy = scenario(ctx, layout, Slot.healthy, { kind: 'healthy', nodes: N }, [], null, peak);
  slots[Slot.healthy] = healthy;
  const zoneLoss = requiredZoneLoss(ctx, layout);
  const impossible = layoutImpossibility(ctx, layout, zoneLoss);

  const f = ctx.nodeFailuresToTolerate;
  if (f > 0 && f < N) {
    const lost = nodesToLose(layout, f);
    slots[Slot.nodeFailure] = scenario(ctx, layout, Slot.nodeFailure, { kind: 'nodeFailure', nodes: N, lost: [...lost] }, lost, null, peak);
  }
  if (zoneLoss !== null && zoneLoss.nodes.length < N) {
    const { zone, nodes } = zoneLoss;
    slots[Slot.zoneFailure] = scenario(ctx, layout, Slot.zoneFailure, { kind: 'zoneFailure', nodes: N, zone, lost: [...nodes] }, nodes, zone, peak);
  }
  for (const s of [slots[Slot.nodeFailure], slots[Slot.zoneFailure]]) if (s) floorAtHealthy(s.max, healthy.max);

  const bursting = ctx.workloads.filter((w) => w.burstMsgPerSec !== null);
  if (bursting.length > 0) {
    const bursts = bursting.map((w) => ({ workload: w.name, burstMsgPerSec: w.burstMsgPerSec!, burstSeconds: w.burstSeconds, peakMsgPerSec: w.peakMsgPerSec }));
    slots[Slot.burst] = scenario(ctx, layout, Slot.burst, { kind: 'burst', bursts }, [], null, burstRates(ctx, layout));
  }
  return { slots, impossible };
}
