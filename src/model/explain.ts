/**
 * --explain: the arithmetic behind one resource figure, line by line, with the numbers the
 * model used and the formula (docs/model.md names each formula).
 */
import type { InstanceModel, ModelContext } from './context.js';
import { usableCpuFraction } from './cpu.js';
import { fsyncsPerSec } from './disk.js';
import { DESCRIPTORS_PER_CONNECTION } from './file-descriptors.js';
import { binaryBytes, dollars, fixed, mbps, ms, sig, wholePct } from '../format/numbers.js';
import { walWaitP99Ms } from './wal.js';
import { Res, RESOURCE_COUNT, RESOURCE_NAMES, utilizationAt, walUtilization, type CandidateNumbers, type PreparedDisk, type PreparedLayout } from './kernel.js';
import { cpuServers, cpuWaitP99Ms } from './latency.js';
import { Slot, type ScenarioLoad } from './scenarios.js';
import type { NodeDemand } from './node-demand.js';

interface Ctx {
  ctx: ModelContext;
  p: PreparedLayout;
  d: PreparedDisk;
  inst: InstanceModel;
  n: CandidateNumbers;
}

function sum(terms: string[]): string {
  return terms.length === 0 ? '0' : terms.join(' + ');
}

function verdictLine(n: CandidateNumbers, k: number, unitLabel: (v: number) => string): string {
  const util = utilizationAt(n, k);
  const limit = n.limit[k]!;
  return `${unitLabel(n.demand[k]!)} / ${unitLabel(n.capacity[k]!)} = ${wholePct(util)} ${util <= limit + 1e-9 ? '≤' : '>'} ${wholePct(limit)}`;
}

/** The scenario and node whose figures produced entry k (the healthy one when floored). */
function source(c: Ctx, slot: number, resource: string, node: number): { s: ScenarioLoad; node: NodeDemand; floorNote: string | null } {
  const s = c.p.scenarios.slots[slot]!;
  if (s.max.floored.has(resource)) {
    const h = c.p.scenarios.slots[Slot.healthy]!;
    return {
      s: h,
      node: h.nodes[node]!,
      floorNote: `after the failure the busiest survivor computes lower; the healthy busiest node's figure (node ${node}) is kept: a failure never lowers the sizing figure`,
    };
  }
  return { s, node: s.nodes[node]!, floorNote: null };
}

function cpuLines(c: Ctx, slot: number, k: number): string[] {
  const { s, node, floorNote } = source(c, slot, 'cpu', c.n.subject[k]!);
  const nUp = s.nodesUp;
  const terms: string[] = [];
  for (const w of c.ctx.workloads) {
    const i = w.index;
    const rate = s.publishMsgPerSec[i]!;
    const r = s.perQueueMsgPerSec[i]!;
    const g = coordinationText(w.coordinationPerExtraNode, s.up.length);
    terms.push(`publish ${w.name} ${fixed(rate)} msg/s × ${sig(w.publishCpuMicros)} µs / ${nUp} nodes${g}`);
    const L = s.leaders.get(i, node.node);
    if (L > 0) terms.push(`leaders ${L} × ${fixed(r)} msg/s × ${sig(w.leaderCpuMicros)} µs${g}`);
    const F = s.active.get(i, node.node) - L;
    if (F > 0 && w.followerCpuMicros > 0) terms.push(`followers ${F} × ${fixed(r)} msg/s × ${sig(w.followerCpuMicros)} µs${g}`);
    if (w.churnPerSec > 0) terms.push(`churn ${fixed(w.churnPerSec)} conn/s × ${sig(c.ctx.node.connectionOpenCpuMicros.value)} µs / ${nUp} nodes`);
  }
  const vcpus = c.inst.type.vcpus;
  const lines = [
    `CPU on node ${node.node} = ${sum(terms)} = ${sig(node.cpuCores)} cores`,
    `capacity = ${vcpus} vCPU × ${usableCpuFraction(vcpus, c.ctx.node.cpuEfficiency).toFixed(2)} usable = ${sig(c.n.capacity[k]!)} cores`,
    verdictLine(c.n, k, (v) => `${sig(v)} cores`),
  ];
  if (floorNote) lines.splice(1, 0, floorNote);
  return lines;
}

/** " × (1 + σ × (N − 1))" when the queue type has a coordination cost, else "". */
function coordinationText(sigma: number, clusterNodes: number): string {
  return sigma > 0 && clusterNodes > 1 ? ` × (1 + ${sig(sigma)} × ${clusterNodes - 1})` : '';
}

function walLines(c: Ctx, slot: number, k: number): string[] {
  const { s, node, floorNote } = source(c, slot, 'quorumWal', c.n.subject[k]!);
  const terms: string[] = [];
  for (const w of c.ctx.workloads) {
    const A = s.active.get(w.index, node.node);
    if (A > 0 && w.queueType === 'quorum') {
      terms.push(`${w.name} ${A} replicas × ${fixed(s.perQueueMsgPerSec[w.index]!)} msg/s${coordinationText(w.coordinationPerExtraNode, s.up.length)}`);
    }
  }
  const w0 = c.ctx.node.walMicrosPerCopy?.value ?? 0;
  const w1 = c.ctx.node.walMicrosPerCopyPerFsyncMs?.value ?? 0;
  const lines = [
    `quorum copies through the WAL of node ${node.node} = ${sum(terms)} = ${fixed(node.walLoadCopiesPerSec)} copies/s`,
    `capacity = 10^6 / (${sig(w0)} µs + ${c.d.option.name} fsync ${sig(c.d.fsyncMs)} ms × ${sig(w1)} µs/ms) = ${fixed(c.n.capacity[k]!)} copies/s (one WAL process per node)`,
    verdictLine(c.n, k, (v) => `${fixed(v)} copies/s`),
  ];
  if (floorNote) lines.splice(1, 0, floorNote);
  return lines;
}

function queueLines(c: Ctx, slot: number, k: number): string[] {
  const w = c.ctx.workloads[c.n.subject[k]!]!;
  const s = c.p.scenarios.slots[slot]!;
  const S = c.p.layout.shards[w.index]!;
  const coeff = w.coeff;
  return [
    `per-queue rate of ${w.name} = ${fixed(s.publishMsgPerSec[w.index]!)} msg/s ÷ ${S} queue${S === 1 ? '' : 's'} per group = ${fixed(c.n.demand[k]!)} msg/s`,
    `ceiling = 10^6 / (${sig(coeff.queueServiceMicros.value)} µs + ${fixed(w.sizeBytes)} B × ${sig(coeff.queueServiceNanosPerByte.value)} ns/B / 1000) = ${fixed(c.n.capacity[k]!)} msg/s (one queue is one Erlang process)`,
    verdictLine(c.n, k, (v) => `${fixed(v)} msg/s`),
  ];
}

function diskBandwidthLines(c: Ctx, slot: number, k: number): string[] {
  const { s, node, floorNote } = source(c, slot, 'diskBandwidth', c.n.subject[k]!);
  const terms: string[] = [];
  for (const w of c.ctx.workloads) {
    const A = s.active.get(w.index, node.node);
    const writes = w.writesToDisk ? (s.lagging[w.index] ? w.coeff.diskWritesPerMessageLagging.value : w.coeff.diskWritesPerMessageKeepingUp.value) : 0;
    if (A > 0 && writes > 0) {
      terms.push(`${w.name} ${A} replicas × ${fixed(s.perQueueMsgPerSec[w.index]!)} msg/s × ${fixed(w.sizeBytes)} B × ${sig(writes)} writes`);
    }
  }
  const lines = [
    `disk writes on node ${node.node} = ${sum(terms)} = ${mbps(node.diskWriteBytesPerSec)}`,
    `capacity = min(instance ${mbps(c.inst.diskBandwidthBytesPerSec)}, ${c.d.option.name} volume ${sig(c.n.volume.throughputMBps)} MB/s) = ${mbps(c.n.capacity[k]!)}`,
    verdictLine(c.n, k, mbps),
  ];
  if (floorNote) lines.splice(1, 0, floorNote);
  return lines;
}

function diskIopsLines(c: Ctx, slot: number, k: number): string[] {
  const floored = c.d.iopsFloored[slot] === 1;
  const s = floored ? c.p.scenarios.slots[Slot.healthy]! : c.p.scenarios.slots[slot]!;
  const node = s.nodes[c.n.subject[k]!]!;
  const io = c.ctx.node.diskIoSizeBytes.value;
  const L = c.d.fsyncMs;
  const terms = [`writes ${mbps(node.diskWriteBytesPerSec)} ÷ ${binaryBytes(io)} = ${fixed(node.diskWriteBytesPerSec / io)}`];
  if (node.quorumCopiesPerSec > 0) {
    terms.push(`WAL fsyncs min(${fixed(node.quorumCopiesPerSec)} copies/s, 1000 / ${sig(L)} ms) = ${fixed(fsyncsPerSec(node.quorumCopiesPerSec, L))}`);
  }
  if (node.classicFsyncCopiesPerSec > 0) {
    terms.push(
      `message-store fsyncs min(${fixed(node.classicFsyncCopiesPerSec)} copies/s, 1000 / ${sig(L)} ms) = ${fixed(fsyncsPerSec(node.classicFsyncCopiesPerSec, L))}`,
    );
  }
  const lines = [
    `IOPS on node ${node.node} = ${sum(terms)} = ${fixed(c.n.demand[k]!)}`,
    `capacity = min(instance ${fixed(c.inst.diskIops)}, ${c.d.option.name} volume ${fixed(c.n.volume.iops)}) = ${fixed(c.n.capacity[k]!)} IOPS`,
    verdictLine(c.n, k, (v) => fixed(v)),
  ];
  if (floored) lines.splice(1, 0, `the healthy busiest node's figure (node ${node.node}) is kept: a failure never lowers the sizing figure`);
  return lines;
}

function diskCapacityLines(c: Ctx, slot: number, k: number): string[] {
  const { s, node, floorNote } = source(c, slot, 'diskCapacity', c.n.subject[k]!);
  const terms: string[] = [];
  for (const w of c.ctx.workloads) {
    const stored = s.stored.get(w.index, node.node);
    const backlog = s.backlogMessagesPerQueue[w.index]!;
    if (stored > 0 && backlog > 0) {
      terms.push(`backlog ${w.name} ${stored} replicas × ${fixed(backlog)} msgs × ${fixed(w.sizeBytes)} B`);
    }
  }
  if (node.walDiskBytes > 0) terms.push(`quorum WAL ${binaryBytes(node.walDiskBytes)}`);
  const setting = c.ctx.file.cluster.broker.diskFreeLimit;
  terms.push(
    setting === 'watermark'
      ? `free-disk limit ${binaryBytes(c.inst.freeDiskLimitBytes)} (${sig(c.inst.type.memoryGiB)} GiB × ${c.ctx.memoryHighWatermark} watermark)`
      : `free-disk limit ${binaryBytes(c.inst.freeDiskLimitBytes)}`,
  );
  const lines = [
    `disk space on node ${node.node} = ${sum(terms)} = ${binaryBytes(c.n.demand[k]!)}`,
    `capacity = ${c.d.option.name} volume ${fixed(c.n.volume.sizeGiB)} GiB = ${binaryBytes(c.n.capacity[k]!)}`,
    verdictLine(c.n, k, binaryBytes),
  ];
  if (floorNote) lines.splice(1, 0, floorNote);
  return lines;
}

function networkLines(c: Ctx, slot: number, k: number): string[] {
  const { node, floorNote } = source(c, slot, 'network', c.n.subject[k]!);
  const t = node.traffic;
  const overhead = c.ctx.node.networkOverheadFactor.value;
  const lines = [
    `ingress on node ${node.node} = client publishes ${mbps(t.clientPublishIn)} + replication in ${mbps(t.replicationIn)} + forwarded publishes ${mbps(t.forwardedPublishIn)} + forwarded deliveries ${mbps(t.forwardedDeliverIn)}`,
    `egress on node ${node.node} = client deliveries ${mbps(t.clientDeliverOut)} + replication out ${mbps(t.replicationOut)} + forwarded publishes ${mbps(t.forwardedPublishOut)} + forwarded deliveries ${mbps(t.forwardedDeliverOut)}`,
    `network = max(ingress, egress) × ${sig(overhead)} framing = ${mbps(node.networkBytesPerSec)}`,
    `capacity = ${sig(c.inst.type.networkGbps)} Gbps baseline = ${mbps(c.n.capacity[k]!)}`,
    verdictLine(c.n, k, mbps),
  ];
  if (floorNote) lines.splice(3, 0, floorNote);
  return lines;
}

function memoryLines(c: Ctx, slot: number, k: number): string[] {
  const { s, node, floorNote } = source(c, slot, 'memory', c.n.subject[k]!);
  const terms = [`baseline ${binaryBytes(node.memoryBaselineBytes)}`];
  for (const w of c.ctx.workloads) {
    const stored = s.stored.get(w.index, node.node);
    if (stored === 0) continue;
    terms.push(`${w.name} ${stored} replicas × ${binaryBytes(w.memoryPerQueueBytes)}`);
    const backlog = s.backlogMessagesPerQueue[w.index]!;
    if (backlog > 0 && w.memoryPerQueuedMessageBytes > 0) {
      terms.push(`${w.name} backlog ${stored} × ${fixed(backlog)} msgs × ${fixed(w.memoryPerQueuedMessageBytes)} B`);
    }
  }
  if (node.memoryWalBytes > 0) {
    terms.push(`quorum WAL ${binaryBytes(c.ctx.node.quorumWalMaxBytes.value)} × ${sig(node.memoryWalBytes / c.ctx.node.quorumWalMaxBytes.value)}`);
  }
  const nUp = c.p.scenarios.slots[slot]!.nodesUp;
  terms.push(`connections ${fixed(c.n.totalConnections)} (${binaryBytes(c.n.connectionMemoryBytes)} in all) / ${nUp} nodes`);
  const lines = [
    `memory on node ${node.node} = ${sum(terms)} = ${binaryBytes(c.n.demand[k]!)}`,
    `capacity = ${sig(c.inst.type.memoryGiB)} GiB × ${c.ctx.memoryHighWatermark} high watermark = ${binaryBytes(c.n.capacity[k]!)}`,
    verdictLine(c.n, k, binaryBytes),
  ];
  if (floorNote) lines.splice(1, 0, floorNote);
  return lines;
}

function fdLines(c: Ctx, slot: number, k: number): string[] {
  const s = c.p.scenarios.slots[slot]!;
  const replicas = c.p.scenarios.slots[slot]!.max.replicas;
  return [
    `file descriptors on node ${c.n.subject[k]!} = ${DESCRIPTORS_PER_CONNECTION} × ⌈${fixed(c.n.totalConnections)} connections / ${s.nodesUp} nodes⌉ + ${fixed(replicas)} queue replicas = ${fixed(c.n.demand[k]!)}`,
    `limit = fileDescriptorLimit ${fixed(c.n.capacity[k]!)}`,
    verdictLine(c.n, k, (v) => fixed(v)),
  ];
}

function latencyLines(c: Ctx, slot: number, k: number): string[] {
  const w = c.ctx.workloads[c.n.subject[k]!]!;
  const i = w.index;
  const R = c.p.layout.replicasPerQueue[i]!;
  const rtt = c.ctx.interNodeRttMs;
  const terms = [`client round trip ${ms(rtt)}`];
  const s = c.p.scenarios.slots[slot]!;
  if (w.queueType === 'quorum') terms.push(`fsync ${ms(c.d.fsyncMs)}`);
  if (w.queueType === 'quorum' && Number.isFinite(c.d.walCapacityCopiesPerSec)) {
    const rho = walUtilization(s.max, c.d);
    terms.push(`WAL cycle at ${wholePct(rho)} ${ms(walWaitP99Ms(c.d.fsyncMs, rho))}`);
  }
  if (w.queueType !== 'classic' && R > 1) terms.push(`replication round trip ${ms(rtt)}`);
  if (w.latencyTailMs > 0) terms.push(`measured tail ${ms(w.latencyTailMs)}`);
  const cpuUtil = s.max.cpuCores / c.inst.cpuCapacityCores;
  terms.push(
    w.queueWaitVariability === 1
      ? `queue wait ${ms(c.p.queueWaitMs[i]!)}`
      : `queue wait ${ms(c.p.queueWaitMs[i]!)} (M/M/1 × measured variability ${w.queueWaitVariability})`,
  );
  terms.push(`CPU wait at ${wholePct(cpuUtil)} ${ms(cpuWaitP99Ms(cpuUtil, w.messageCpuMicros, c.inst.cpuCapacityCores))}`);
  if (w.processingTimeMs > 0) terms.push(`consumer ${ms(c.p.consumerMs[i]!)}`);
  return [
    `p99 of ${w.name} = ${sum(terms)} = ${ms(c.n.demand[k]!)} (WAL cycle: fsync × ρ / (1 − ρ); queue wait M/M/1: ln(100ρ) / (μ(1−ρ)); CPU wait M/M/c over ${cpuServers(c.inst.cpuCapacityCores)} cores: ln(100·C) / (cμ(1−ρ)))`,
    `target ${ms(c.n.capacity[k]!)}`,
    verdictLine(c.n, k, ms),
  ];
}

/** The arithmetic behind entry (slot, resource) of a candidate. */
export function explainResource(
  ctx: ModelContext,
  p: PreparedLayout,
  d: PreparedDisk,
  inst: InstanceModel,
  n: CandidateNumbers,
  slot: number,
  res: number,
): string[] {
  const c: Ctx = { ctx, p, d, inst, n };
  const k = slot * RESOURCE_COUNT + res;
  switch (res) {
    case Res.cpu:
      return cpuLines(c, slot, k);
    case Res.quorumWal:
      return walLines(c, slot, k);
    case Res.queueCeiling:
      return queueLines(c, slot, k);
    case Res.diskBandwidth:
      return diskBandwidthLines(c, slot, k);
    case Res.diskIops:
      return diskIopsLines(c, slot, k);
    case Res.diskCapacity:
      return diskCapacityLines(c, slot, k);
    case Res.network:
      return networkLines(c, slot, k);
    case Res.memory:
      return memoryLines(c, slot, k);
    case Res.fileDescriptors:
      return fdLines(c, slot, k);
    case Res.latency:
      return latencyLines(c, slot, k);
    default:
      // Every resource the kernel evaluates is explained above: another one is a bug.
      throw new Error(`no explanation for resource ${RESOURCE_NAMES[res] ?? res}`);
  }
}

/** The arithmetic behind the monthly cost and the budget. */
export function explainBudget(ctx: ModelContext, d: PreparedDisk, inst: InstanceModel, n: CandidateNumbers, nodes: number): string[] {
  return [
    `instances = ${nodes} × ${inst.type.name} $${inst.type.pricePerHourUsd}/h × ${ctx.hoursPerMonth} h = ${dollars(n.instancesUsd)}`,
    `disks = ${nodes} × ${d.option.name} ${fixed(n.volume.sizeGiB)} GiB, ${fixed(n.volume.iops)} IOPS, ${sig(n.volume.throughputMBps)} MB/s at ${dollars(n.volume.monthlyUsd)} = ${dollars(n.disksUsd)}`,
    `total ${dollars(n.totalUsd)}/month ${n.withinBudget ? '≤' : '>'} budget ${dollars(ctx.monthlyBudgetUsd ?? Infinity)}/month`,
  ];
}
