/**
 * The numeric evaluation of one candidate (layout × disk option × instance type): every
 * resource's busiest-node demand, capacity and limit in every scenario, the volume, the cost and
 * whether every target holds. Allocation-free so the search can run it hundreds of thousands
 * of times a second; evaluate.ts turns the same numbers into the rich EvaluatedPlan.
 */
import type { DiskOption } from '../catalog/schema.js';
import { BURST_UTILIZATION_LIMIT, BYTES_PER_GIB, BYTES_PER_MB, LATENCY_UTILIZATION_LIMIT } from './constants.js';
import { publisherConnectionsFor, fsyncBatchCapMsgPerSec, windowCapMsgPerSec } from './confirms.js';
import type { InstanceModel, ModelContext } from './context.js';
import { diskIopsDemand } from './disk.js';
import { givenVolume, newVolume, provisionVolume, type Volume } from './disk-provisioning.js';
import { connectionsOnBusiestNode, fileDescriptorsOnNode } from './file-descriptors.js';
import { clientNetworkMs, confirmFixedMs, consumerTimeP99Ms, cpuWaitP99Ms, deliveryFixedMs, queueWaitP99Ms } from './latency.js';
import type { Layout } from './layout.js';
import { buildScenarios, SLOT_COUNT, Slot, type ScenarioSet } from './scenarios.js';
import type { Resource, ResourceUnit } from './types.js';
import type { MeanNodeDemand } from './node-demand.js';
import { walCapacityCopiesPerSec, walWaitP99Ms } from './wal.js';
import { FsyncKind } from './context.js';
import type { ScenarioMaxima } from './scenarios.js';

export const Res = {
  cpu: 0,
  quorumWal: 1,
  queueCeiling: 2,
  diskBandwidth: 3,
  diskIops: 4,
  diskCapacity: 5,
  network: 6,
  memory: 7,
  fileDescriptors: 8,
  latency: 9,
} as const;
export const RESOURCE_COUNT = 10;
export const RESOURCE_NAMES: readonly Resource[] = [
  'cpu',
  'quorumWal',
  'queueCeiling',
  'diskBandwidth',
  'diskIops',
  'diskCapacity',
  'network',
  'memory',
  'fileDescriptors',
  'latency',
];
export const RESOURCE_UNITS: readonly ResourceUnit[] = [
  'cores',
  'msgPerSec',
  'msgPerSec',
  'bytesPerSec',
  'iops',
  'bytes',
  'bytesPerSec',
  'bytes',
  'count',
  'ms',
];

/** Utilisations this close above a limit still pass (float noise from ⌈⌉ and division). */
const LIMIT_TOLERANCE = 1e-9;
/** Budgets are compared to the cent. */
const BUDGET_TOLERANCE_USD = 0.005;

/** A layout with its scenarios and the latency parts that depend on it alone. */
export interface PreparedLayout {
  layout: Layout;
  scenarios: ScenarioSet;
  /** [w] p99 wait at the queue process at peak (ms). */
  queueWaitMs: Float64Array;
  /** [w] consumer processing + wait p99 at peak (ms). */
  consumerMs: Float64Array;
}

export function prepareLayout(ctx: ModelContext, layout: Layout): PreparedLayout {
  const W = ctx.workloads.length;
  const queueWaitMs = new Float64Array(W);
  const consumerMs = new Float64Array(W);
  for (const w of ctx.workloads) {
    const perQueue = w.peakMsgPerSec / layout.shards[w.index]!;
    // Kingman: burstier arrivals or service scale the M/M/1 wait (a bench profile measures the factor).
    queueWaitMs[w.index] = queueWaitP99Ms(perQueue, w.queueCeilingMsgPerSec) * w.queueWaitVariability;
    consumerMs[w.index] = consumerTimeP99Ms(w.peakMsgPerSec / layout.consumersPerGroup[w.index]!, w.processingTimeMs);
  }
  return { layout, scenarios: buildScenarios(ctx, layout), queueWaitMs, consumerMs };
}

/** A layout paired with a disk option: fsync-dependent figures. */
export interface PreparedDisk {
  option: DiskOption;
  fsyncMs: number;
  /** [slot] busiest-node IOPS demand (the fsync part depends on the disk's latency). */
  iops: Float64Array;
  iopsNode: Int32Array;
  iopsFloored: Uint8Array;
  /** [w] broker fixed cost before delivery / before confirm (ms). */
  deliveryFixedMs: Float64Array;
  confirmFixedMs: Float64Array;
  /** [w] most msg/s one publishing channel carries through the WAL (∞ when not quorum). */
  perChannelFsyncCapMsgPerSec: Float64Array;
  /** Quorum copies/s one node's WAL takes at this disk's fsync latency (∞ without WAL terms). */
  walCapacityCopiesPerSec: number;
}

/**
 * `reuse`: a PreparedDisk of the same context whose arrays are overwritten and returned (the
 * search prepares hundreds of disks of thousands of workloads and needs each only while on it).
 */
export function prepareDisk(ctx: ModelContext, p: PreparedLayout, option: DiskOption, reuse?: PreparedDisk): PreparedDisk {
  const W = ctx.workloads.length;
  const fsyncMs = option.writeLatencyMs;
  const ioSize = ctx.node.diskIoSizeBytes.value;
  const iops = reuse?.iops.fill(0) ?? new Float64Array(SLOT_COUNT);
  const iopsNode = reuse?.iopsNode.fill(0) ?? new Int32Array(SLOT_COUNT);
  const iopsFloored = reuse?.iopsFloored.fill(0) ?? new Uint8Array(SLOT_COUNT);
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const s = p.scenarios.slots[slot];
    if (!s) continue;
    let best = -1;
    for (const d of s.nodes) {
      if (!d.up) continue;
      const v = diskIopsDemand(d.diskWriteBytesPerSec, ioSize, d.quorumCopiesPerSec, d.classicFsyncCopiesPerSec, fsyncMs);
      if (best < 0 || v > iops[slot]!) {
        iops[slot] = v;
        iopsNode[slot] = d.node;
        best = d.node;
      }
    }
  }
  for (const slot of [Slot.nodeFailure, Slot.zoneFailure]) {
    if (p.scenarios.slots[slot] && iops[Slot.healthy]! > iops[slot]!) {
      iops[slot] = iops[Slot.healthy]!;
      iopsNode[slot] = iopsNode[Slot.healthy]!;
      iopsFloored[slot] = 1;
    }
  }
  const deliveryFixed = reuse?.deliveryFixedMs ?? new Float64Array(W);
  const confirmFixed = reuse?.confirmFixedMs ?? new Float64Array(W);
  const perChannelCap = reuse?.perChannelFsyncCapMsgPerSec ?? new Float64Array(W);
  for (const w of ctx.workloads) {
    const R = p.layout.replicasPerQueue[w.index]!;
    // The measured tail (a bench profile's p99 − p50 at low load) rides on every delivery p99.
    deliveryFixed[w.index] = deliveryFixedMs(w.queueType, R, fsyncMs, ctx.interNodeRttMs) + w.latencyTailMs;
    confirmFixed[w.index] = confirmFixedMs(w.queueType, w.persistent, R, fsyncMs, ctx.interNodeRttMs);
    perChannelCap[w.index] = w.queueType === 'quorum' ? fsyncBatchCapMsgPerSec(ctx.node.messagesPerFsyncPerChannel.value, fsyncMs) : Infinity;
  }
  return {
    option,
    fsyncMs,
    iops,
    iopsNode,
    iopsFloored,
    deliveryFixedMs: deliveryFixed,
    confirmFixedMs: confirmFixed,
    perChannelFsyncCapMsgPerSec: perChannelCap,
    walCapacityCopiesPerSec: walCapacityCopiesPerSec(ctx.node, fsyncMs),
  };
}

/**
 * One workload's end-to-end p99 in one scenario, term by term (docs/model.md "Latency"): the
 * same figures evaluateNumbers sums into `latencyMs`, for explanations and hints.
 */
export interface LatencyTermsMs {
  /** Publisher → node and node → consumer round trips. */
  clientMs: number;
  /** What the broker must do before delivering: quorum fsync, replication round trip, measured tail. */
  commitMs: number;
  /** Quorum: the WAL's extra wait under load (its batch cycle stretching, src/model/wal.ts); 0 otherwise. */
  walWaitMs: number;
  /** p99 wait at the queue process. */
  queueWaitMs: number;
  /** p99 wait for a scheduler on the busiest node's CPU. */
  cpuWaitMs: number;
  /** The consumer's processing time plus its p99 wait for a free consumer. */
  consumerMs: number;
}

/** Utilisation of the scenario's busiest quorum WAL (0 when none is modelled). */
export function walUtilization(m: ScenarioMaxima, d: PreparedDisk): number {
  return Number.isFinite(d.walCapacityCopiesPerSec) ? m.walLoadCopiesPerSec / d.walCapacityCopiesPerSec : 0;
}

/** The WAL wait a workload sees in a scenario: quorum workloads only. */
function workloadWalWaitMs(ctx: ModelContext, i: number, walWaitMs: number): number {
  return ctx.workloads[i]!.fsyncKind === FsyncKind.quorumWal ? walWaitMs : 0;
}

export function latencyTermsMs(ctx: ModelContext, p: PreparedLayout, d: PreparedDisk, inst: InstanceModel, m: ScenarioMaxima, i: number): LatencyTermsMs {
  const w = ctx.workloads[i]!;
  const cpuCap = inst.cpuCapacityCores;
  return {
    clientMs: clientNetworkMs(ctx.interNodeRttMs),
    commitMs: d.deliveryFixedMs[i]!,
    walWaitMs: workloadWalWaitMs(ctx, i, walWaitP99Ms(d.fsyncMs, walUtilization(m, d))),
    queueWaitMs: p.queueWaitMs[i]!,
    cpuWaitMs: cpuWaitP99Ms(m.cpuCores / cpuCap, w.messageCpuMicros, cpuCap),
    consumerMs: p.consumerMs[i]!,
  };
}

/** An existing volume to check instead of provisioning one. */
export interface GivenVolume {
  sizeGiB: number;
  provisionedIops?: number;
  provisionedThroughputMBps?: number;
}

/** Reusable result buffer of evaluateNumbers. Index [slot · RESOURCE_COUNT + resource]. */
export class CandidateNumbers {
  readonly demand = new Float64Array(SLOT_COUNT * RESOURCE_COUNT);
  readonly capacity = new Float64Array(SLOT_COUNT * RESOURCE_COUNT);
  readonly limit = new Float64Array(SLOT_COUNT * RESOURCE_COUNT);
  readonly present = new Uint8Array(SLOT_COUNT * RESOURCE_COUNT);
  /** Node index for per-node resources, workload index for queueCeiling and latency. */
  readonly subject = new Int32Array(SLOT_COUNT * RESOURCE_COUNT);
  readonly slotPresent = new Uint8Array(SLOT_COUNT);
  /** [slot · W + w] end-to-end p99 (ms); NaN where not assessed (burst). */
  readonly latencyMs: Float64Array;
  readonly confirmLatencyMs: Float64Array;
  readonly publisherConnections: Float64Array;
  totalConnections = 0;
  /** Memory of all client connections in the cluster (B). */
  connectionMemoryBytes = 0;
  readonly volume: Volume = newVolume();
  instancesUsd = 0;
  disksUsd = 0;
  totalUsd = 0;
  /** Every target holds (budget aside). */
  targetsMet = false;
  withinBudget = true;
  /**
   * Highest utilisation ÷ limit over every resource and scenario (budget aside, and a
   * provisioned volume's figures aside where the volume was sized to fit them).
   */
  maxRatio = 0;
  worstSlot = 0;
  worstResource = 0;
  /** A failure leaves a quorum queue or the cluster itself without a majority. */
  majorityLost = false;
  impossible = false;
  /** The volume was sized to fit its space / bandwidth / IOPS (see evaluateNumbers). */
  sizedSpace = false;
  sizedBandwidth = false;
  sizedIops = false;
  /** What the volume must provide: the most space (GiB), IOPS and bandwidth (MB/s) any scenario needs within its limit. */
  needGiB = 0;
  needIops = 0;
  needMBps = 0;

  constructor(readonly workloadCount: number) {
    this.latencyMs = new Float64Array(SLOT_COUNT * workloadCount);
    this.confirmLatencyMs = new Float64Array(workloadCount);
    this.publisherConnections = new Float64Array(workloadCount);
  }
}

function set(out: CandidateNumbers, slot: number, res: number, demand: number, capacity: number, limit: number, subject: number): void {
  const k = slot * RESOURCE_COUNT + res;
  out.demand[k] = demand;
  out.capacity[k] = capacity;
  out.limit[k] = limit;
  out.present[k] = 1;
  out.subject[k] = subject;
}

/** The utilisation limit of a scenario slot. */
export function slotLimit(ctx: ModelContext, slot: number): number {
  if (slot === Slot.healthy) return ctx.targetUtilization;
  if (slot === Slot.burst) return BURST_UTILIZATION_LIMIT;
  return ctx.maxUtilizationAfterFailure;
}

/**
 * The candidate misses a target on what the instance type alone decides — the busiest node's CPU,
 * network or memory over its limit in some scenario — whatever the disk, the connections or the
 * latency: the same comparisons evaluateNumbers makes (memory without the connections' share,
 * which only adds). A search that wants no near misses (the attribution's plans without a
 * workload) skips such candidates without evaluating them.
 */
export function failsOnInstanceAlone(ctx: ModelContext, p: PreparedLayout, inst: InstanceModel): boolean {
  const slots = p.scenarios.slots;
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const s = slots[slot];
    if (!s) continue;
    const lim = slotLimit(ctx, slot);
    const m = s.max;
    if (overLimit(m.cpuCores, inst.cpuCapacityCores, lim)) return true;
    if (overLimit(m.networkBytesPerSec, inst.networkCapacityBytesPerSec, lim)) return true;
    if (overLimit(m.memoryPlacementBytes, inst.memoryCapacityBytes, lim)) return true;
  }
  return false;
}

/**
 * The highest utilisation ÷ healthy limit that the healthy cluster's mean demand alone implies
 * (healthyMeanDemand, a lower bound on the busiest node's): CPU and network on the instance type,
 * the quorum WAL on the fastest disk searched (`bestWalCapacityCopiesPerSec`; ∞: not counted). A
 * lower bound on the candidate's maxRatio, known before the layout's scenarios are built, which is
 * most of a small search's time.
 */
export function meanDemandRatio(ctx: ModelContext, mean: MeanNodeDemand, inst: InstanceModel, bestWalCapacityCopiesPerSec: number): number {
  let util = Math.max(utilization(mean.cpuCores, inst.cpuCapacityCores), utilization(mean.networkBytesPerSec, inst.networkCapacityBytesPerSec));
  if (Number.isFinite(bestWalCapacityCopiesPerSec)) util = Math.max(util, utilization(mean.walLoadCopiesPerSec, bestWalCapacityCopiesPerSec));
  return util / slotLimit(ctx, Slot.healthy);
}

/**
 * The lowest latency ratio (p99 ÷ target) any instance type can reach on this layout and disk:
 * every term evaluateNumbers adds but the two that grow with load on the instance (the WAL's and
 * the CPU's waits, both ≥ 0), for the workload it puts furthest from its target; 0 without
 * latency targets. A lower bound on the candidate's maxRatio.
 */
export function latencyFloorRatio(ctx: ModelContext, p: PreparedLayout, d: PreparedDisk): number {
  const clientMs = clientNetworkMs(ctx.interNodeRttMs);
  let worst = 0;
  for (const w of ctx.workloads) {
    if (w.latencyTargetMs === null) continue;
    worst = Math.max(worst, loadFreeLatencyMs(clientMs, p, d, w.index) / w.latencyTargetMs);
  }
  return worst / LATENCY_UTILIZATION_LIMIT;
}

/**
 * Workload i's p99 terms that do not grow with the instance's load (ms): client round trips, the
 * commit before delivery, the queue's wait and the consumer's time. evaluateNumbers adds the WAL's
 * and the CPU's waits; latencyFloorRatio takes this alone as the floor.
 */
function loadFreeLatencyMs(clientMs: number, p: PreparedLayout, d: PreparedDisk, i: number): number {
  return clientMs + d.deliveryFixedMs[i]! + p.queueWaitMs[i]! + p.consumerMs[i]!;
}

/** The candidate misses a target on the mean demand alone (meanDemandRatio over 1). */
export function failsOnMeanDemand(ctx: ModelContext, mean: MeanNodeDemand, inst: InstanceModel, bestWalCapacityCopiesPerSec: number): boolean {
  return !(meanDemandRatio(ctx, mean, inst, bestWalCapacityCopiesPerSec) <= 1 + LIMIT_TOLERANCE);
}

/** Demand over capacity beyond the limit, as the verdict of evaluateNumbers judges it. */
function overLimit(demand: number, capacity: number, limit: number): boolean {
  return !(utilization(demand, capacity) / limit <= 1 + LIMIT_TOLERANCE);
}

/** Demand ÷ capacity (∞ for demand against no capacity), as evaluateNumbers computes it. */
function utilization(demand: number, capacity: number): number {
  return capacity > 0 ? demand / capacity : demand > 0 ? Infinity : 0;
}

/** Evaluate one candidate into `out`. `given`: check this volume instead of provisioning the cheapest. */
export function evaluateNumbers(ctx: ModelContext, p: PreparedLayout, d: PreparedDisk, inst: InstanceModel, out: CandidateNumbers, given?: GivenVolume): void {
  out.present.fill(0);
  out.latencyMs.fill(NaN);
  // Four steps of one job each: small functions are each optimised in a few milliseconds, where one
  // large one kept V8's optimising compiler busy past the end of a short run, and Node waits for it at exit.
  sizeClients(ctx, p, d, inst, out);
  setDemands(ctx, p, d, inst, out);
  chooseVolume(ctx, p, d, inst, out, given);
  judge(ctx, p, out);
}

/** Publisher connections and confirm latency, sized on the healthy cluster at peak. */
function sizeClients(ctx: ModelContext, p: PreparedLayout, d: PreparedDisk, inst: InstanceModel, out: CandidateNumbers): void {
  const W = ctx.workloads.length;
  const healthy = p.scenarios.slots[Slot.healthy]!;
  const cpuCap = inst.cpuCapacityCores;
  const clientMs = clientNetworkMs(ctx.interNodeRttMs);
  const healthyCpuUtil = healthy.max.cpuCores / cpuCap;
  const healthyWalWaitMs = walWaitP99Ms(d.fsyncMs, walUtilization(healthy.max, d));
  let totalConns = 0;
  let connMem = 0;
  for (let i = 0; i < W; i++) {
    const w = ctx.workloads[i]!;
    const confirmMs =
      clientMs +
      d.confirmFixedMs[i]! +
      workloadWalWaitMs(ctx, i, healthyWalWaitMs) +
      p.queueWaitMs[i]! +
      cpuWaitP99Ms(healthyCpuUtil, w.messageCpuMicros, cpuCap);
    out.confirmLatencyMs[i] = confirmMs;
    let pubConns: number;
    if (w.publisherConnectionsSpec !== 'auto') {
      pubConns = w.publisherConnectionsSpec;
    } else {
      let perChannel = d.perChannelFsyncCapMsgPerSec[i]!;
      if (w.confirms && w.inFlightSpec !== 'auto') perChannel = Math.min(perChannel, windowCapMsgPerSec(w.inFlightSpec, confirmMs));
      pubConns = publisherConnectionsFor(w.peakMsgPerSec, ctx.node.maxPublishMsgPerSecPerConnection.value, w.channelsPerConnection, perChannel);
    }
    out.publisherConnections[i] = pubConns;
    const conns = pubConns + p.layout.consumerConnections[i]!;
    totalConns += conns;
    connMem += conns * w.connectionMemoryBytes;
  }
  out.totalConnections = totalConns;
  out.connectionMemoryBytes = connMem;
}

/** Demands, capacities and limits per scenario, and what the volume must provide; disk capacities come after the volume is chosen. */
function setDemands(ctx: ModelContext, p: PreparedLayout, d: PreparedDisk, inst: InstanceModel, out: CandidateNumbers): void {
  const W = ctx.workloads.length;
  const slots = p.scenarios.slots;
  const cpuCap = inst.cpuCapacityCores;
  const clientMs = clientNetworkMs(ctx.interNodeRttMs);
  const totalConns = out.totalConnections;
  const connMem = out.connectionMemoryBytes;
  let needGiB = 0;
  let needIops = 0;
  let needMBps = 0;
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const s = slots[slot];
    out.slotPresent[slot] = s ? 1 : 0;
    if (!s) continue;
    const lim = slotLimit(ctx, slot);
    const m = s.max;
    const nUp = s.nodesUp;
    set(out, slot, Res.cpu, m.cpuCores, cpuCap, lim, m.cpuNode);
    if (m.walLoadCopiesPerSec > 0 && Number.isFinite(d.walCapacityCopiesPerSec))
      set(out, slot, Res.quorumWal, m.walLoadCopiesPerSec, d.walCapacityCopiesPerSec, lim, m.walNode);
    set(out, slot, Res.queueCeiling, m.queueMsgPerSec, m.queueCeilingMsgPerSec, lim, m.queueWorkload);
    const diskSpace = m.diskSpaceBytes + inst.freeDiskLimitBytes;
    set(out, slot, Res.diskBandwidth, m.diskWriteBytesPerSec, 0, lim, m.diskWriteNode);
    set(out, slot, Res.diskIops, d.iops[slot]!, 0, lim, d.iopsNode[slot]!);
    set(out, slot, Res.diskCapacity, diskSpace, 0, lim, m.diskSpaceNode);
    set(out, slot, Res.network, m.networkBytesPerSec, inst.networkCapacityBytesPerSec, lim, m.networkNode);
    set(out, slot, Res.memory, m.memoryPlacementBytes + connMem / nUp, inst.memoryCapacityBytes, lim, m.memoryNode);
    set(
      out,
      slot,
      Res.fileDescriptors,
      fileDescriptorsOnNode(connectionsOnBusiestNode(totalConns, nUp), m.replicas),
      ctx.fileDescriptorLimit,
      lim,
      m.replicasNode,
    );
    const gib = diskSpace / lim / BYTES_PER_GIB;
    if (gib > needGiB) needGiB = gib;
    const io = d.iops[slot]! / lim;
    if (io > needIops) needIops = io;
    const mb = m.diskWriteBytesPerSec / lim / BYTES_PER_MB;
    if (mb > needMBps) needMBps = mb;

    if (slot === Slot.burst) continue; // latency is not a target during a burst: the backlog delays messages by design
    const cpuUtil = m.cpuCores / cpuCap;
    const walWaitMs = walWaitP99Ms(d.fsyncMs, walUtilization(m, d));
    let worst = -1;
    let worstRatio = -1;
    for (let i = 0; i < W; i++) {
      const w = ctx.workloads[i]!;
      const lat = loadFreeLatencyMs(clientMs, p, d, i) + workloadWalWaitMs(ctx, i, walWaitMs) + cpuWaitP99Ms(cpuUtil, w.messageCpuMicros, cpuCap);
      out.latencyMs[slot * W + i] = lat;
      if (w.latencyTargetMs !== null) {
        const ratio = lat / w.latencyTargetMs;
        if (ratio > worstRatio) {
          worstRatio = ratio;
          worst = i;
        }
      }
    }
    if (worst >= 0) {
      set(out, slot, Res.latency, out.latencyMs[slot * W + worst]!, ctx.workloads[worst]!.latencyTargetMs!, LATENCY_UTILIZATION_LIMIT, worst);
    }
  }

  out.needGiB = needGiB;
  out.needIops = needIops;
  out.needMBps = needMBps;
}

/**
 * The volume: the cheapest that keeps space, IOPS and bandwidth within every scenario's limit
 * (no point buying past what the instance can drive), or the given one; its capacities and the cost.
 */
function chooseVolume(ctx: ModelContext, p: PreparedLayout, d: PreparedDisk, inst: InstanceModel, out: CandidateNumbers, given: GivenVolume | undefined): void {
  const vol = out.volume;
  const { needGiB, needIops, needMBps } = out;
  if (given) {
    givenVolume(d.option, given.sizeGiB, given.provisionedIops, given.provisionedThroughputMBps, needGiB, needIops, needMBps, vol);
  } else {
    provisionVolume(d.option, needGiB, Math.min(needIops, inst.diskIops), Math.min(needMBps, inst.diskBandwidthBytesPerSec / BYTES_PER_MB), vol);
  }
  const bwCap = Math.min(inst.diskBandwidthBytesPerSec, vol.throughputMBps * BYTES_PER_MB);
  const iopsCap = Math.min(inst.diskIops, vol.iops);
  const spaceCap = vol.sizeGiB * BYTES_PER_GIB;
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    if (!out.slotPresent[slot]) continue;
    out.capacity[slot * RESOURCE_COUNT + Res.diskBandwidth] = bwCap;
    out.capacity[slot * RESOURCE_COUNT + Res.diskIops] = iopsCap;
    out.capacity[slot * RESOURCE_COUNT + Res.diskCapacity] = spaceCap;
  }

  const N = p.layout.nodes;
  out.instancesUsd = inst.monthlyUsdPerNode * N;
  out.disksUsd = vol.monthlyUsd * N;
  out.totalUsd = out.instancesUsd + out.disksUsd;
  out.withinBudget = ctx.monthlyBudgetUsd === null || out.totalUsd <= ctx.monthlyBudgetUsd + BUDGET_TOLERANCE_USD;

  // A provisioned volume is sized to fit: its space, and its IOPS and bandwidth where the volume
  // (not the instance) is the limit, sit near the limit by construction and say nothing about
  // the cluster's size. They count for feasibility, but not for the binding constraint or ties.
  const elasticSpace = !given && vol.fits;
  const elasticBw = elasticSpace && vol.throughputMBps * BYTES_PER_MB < inst.diskBandwidthBytesPerSec;
  const elasticIops = elasticSpace && vol.iops < inst.diskIops;
  out.sizedSpace = elasticSpace;
  out.sizedBandwidth = elasticBw;
  out.sizedIops = elasticIops;
}

/** The verdict: the highest utilisation ÷ limit decides. */
function judge(ctx: ModelContext, p: PreparedLayout, out: CandidateNumbers): void {
  const slots = p.scenarios.slots;
  const elasticSpace = out.sizedSpace;
  const elasticBw = out.sizedBandwidth;
  const elasticIops = out.sizedIops;
  let maxRatio = 0;
  let worstSlot = 0;
  let worstRes = 0;
  let allWithinLimits = true;
  for (let k = 0; k < SLOT_COUNT * RESOURCE_COUNT; k++) {
    if (!out.present[k]) continue;
    const cap = out.capacity[k]!;
    const dem = out.demand[k]!;
    const util = cap > 0 ? dem / cap : dem > 0 ? Infinity : 0;
    const ratio = util / out.limit[k]!;
    if (!(ratio <= 1 + LIMIT_TOLERANCE)) allWithinLimits = false;
    const res = k % RESOURCE_COUNT;
    if ((res === Res.diskCapacity && elasticSpace) || (res === Res.diskBandwidth && elasticBw) || (res === Res.diskIops && elasticIops)) {
      continue;
    }
    if (ratio > maxRatio || Number.isNaN(ratio)) {
      maxRatio = Number.isNaN(ratio) ? Infinity : ratio;
      worstSlot = (k / RESOURCE_COUNT) | 0;
      worstRes = res;
    }
  }
  out.majorityLost = false;
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const s = slots[slot];
    if (s && (s.majorityLost.length > 0 || s.nodeMajorityLost)) out.majorityLost = true;
  }
  out.impossible = p.scenarios.impossible !== null;
  out.maxRatio = out.impossible ? Infinity : maxRatio;
  out.worstSlot = worstSlot;
  out.worstResource = worstRes;
  out.targetsMet = !out.impossible && !out.majorityLost && allWithinLimits;
}

/** Utilisation of entry k (demand ÷ capacity; ∞ for demand against no capacity). */
export function utilizationAt(out: CandidateNumbers, k: number): number {
  const cap = out.capacity[k]!;
  const dem = out.demand[k]!;
  return cap > 0 ? dem / cap : dem > 0 ? Infinity : 0;
}

export { LIMIT_TOLERANCE };
