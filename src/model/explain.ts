/**
 * --explain: the arithmetic behind one resource figure, as data — every number the model used and
 * how they combine (docs/model.md names each formula); render/explain-words.ts words it.
 */
import type { InstanceModel, ModelContext } from './context.js';
import { usableCpuFraction } from './cpu.js';
import { fsyncsPerSec } from './disk.js';
import { DESCRIPTORS_PER_CONNECTION } from './file-descriptors.js';
import { walWaitP99Ms } from './wal.js';
import { Res, RESOURCE_COUNT, RESOURCE_NAMES, utilizationAt, walUtilization, type CandidateNumbers, type PreparedDisk, type PreparedLayout } from './kernel.js';
import { cpuServers, cpuWaitP99Ms } from './latency.js';
import { Slot, type ScenarioLoad } from './scenarios.js';
import type { NodeDemand } from './node-demand.js';
import type { Coordination, CpuTerm, Derivation, FlooredAt, Verdict } from './types.js';

interface Ctx {
  ctx: ModelContext;
  p: PreparedLayout;
  d: PreparedDisk;
  inst: InstanceModel;
  n: CandidateNumbers;
}

function verdict(n: CandidateNumbers, k: number): Verdict {
  return { demand: n.demand[k]!, capacity: n.capacity[k]!, utilization: utilizationAt(n, k), limit: n.limit[k]! };
}

/** The scenario and node whose figures produced entry k (the healthy one when floored). */
function source(c: Ctx, slot: number, resource: string, node: number): { s: ScenarioLoad; node: NodeDemand; floored: FlooredAt | null } {
  const s = c.p.scenarios.slots[slot]!;
  if (s.max.floored.has(resource)) {
    const h = c.p.scenarios.slots[Slot.healthy]!;
    return { s: h, node: h.nodes[node]!, floored: { node } };
  }
  return { s, node: s.nodes[node]!, floored: null };
}

/** The coordination factor's parts when the queue type has one and the cluster more than one node. */
function coordination(sigma: number, clusterNodes: number): Coordination | null {
  return sigma > 0 && clusterNodes > 1 ? { sigma, extraNodes: clusterNodes - 1 } : null;
}

function cpu(c: Ctx, slot: number, k: number): Derivation {
  const { s, node, floored } = source(c, slot, 'cpu', c.n.subject[k]!);
  const nodesUp = s.nodesUp;
  const terms: CpuTerm[] = [];
  for (const w of c.ctx.workloads) {
    const i = w.index;
    const perQueueMsgPerSec = s.perQueueMsgPerSec[i]!;
    const g = coordination(w.coordinationPerExtraNode, s.up.length);
    terms.push({ kind: 'publish', workload: w.name, msgPerSec: s.publishMsgPerSec[i]!, micros: w.publishCpuMicros, nodesUp, coordination: g });
    const L = s.leaders.get(i, node.node);
    if (L > 0) terms.push({ kind: 'leaders', workload: w.name, count: L, perQueueMsgPerSec, micros: w.leaderCpuMicros, coordination: g });
    const F = s.active.get(i, node.node) - L;
    if (F > 0 && w.followerCpuMicros > 0)
      terms.push({ kind: 'followers', workload: w.name, count: F, perQueueMsgPerSec, micros: w.followerCpuMicros, coordination: g });
    if (w.churnPerSec > 0) terms.push({ kind: 'churn', connectionsPerSec: w.churnPerSec, micros: c.ctx.node.connectionOpenCpuMicros.value, nodesUp });
  }
  const vcpus = c.inst.type.vcpus;
  return {
    kind: 'cpu',
    node: node.node,
    terms,
    cores: node.cpuCores,
    vcpus,
    usableFraction: usableCpuFraction(vcpus, c.ctx.node.cpuEfficiency),
    capacityCores: c.n.capacity[k]!,
    floored,
    verdict: verdict(c.n, k),
  };
}

function wal(c: Ctx, slot: number, k: number): Derivation {
  const { s, node, floored } = source(c, slot, 'quorumWal', c.n.subject[k]!);
  const terms = c.ctx.workloads
    .filter((w) => w.queueType === 'quorum' && s.active.get(w.index, node.node) > 0)
    .map((w) => ({
      workload: w.name,
      replicas: s.active.get(w.index, node.node),
      perQueueMsgPerSec: s.perQueueMsgPerSec[w.index]!,
      coordination: coordination(w.coordinationPerExtraNode, s.up.length),
    }));
  return {
    kind: 'quorumWal',
    node: node.node,
    terms,
    copiesPerSec: node.walLoadCopiesPerSec,
    microsPerCopy: c.ctx.node.walMicrosPerCopy?.value ?? 0,
    disk: c.d.option.name,
    fsyncMs: c.d.fsyncMs,
    microsPerCopyPerFsyncMs: c.ctx.node.walMicrosPerCopyPerFsyncMs?.value ?? 0,
    capacityCopiesPerSec: c.n.capacity[k]!,
    floored,
    verdict: verdict(c.n, k),
  };
}

function queue(c: Ctx, slot: number, k: number): Derivation {
  const w = c.ctx.workloads[c.n.subject[k]!]!;
  const s = c.p.scenarios.slots[slot]!;
  return {
    kind: 'queueCeiling',
    workload: w.name,
    publishMsgPerSec: s.publishMsgPerSec[w.index]!,
    queuesPerGroup: c.p.layout.shards[w.index]!,
    perQueueMsgPerSec: c.n.demand[k]!,
    serviceMicros: w.coeff.queueServiceMicros.value,
    sizeBytes: w.sizeBytes,
    nanosPerByte: w.coeff.queueServiceNanosPerByte.value,
    ceilingMsgPerSec: c.n.capacity[k]!,
    verdict: verdict(c.n, k),
  };
}

function diskBandwidth(c: Ctx, slot: number, k: number): Derivation {
  const { s, node, floored } = source(c, slot, 'diskBandwidth', c.n.subject[k]!);
  const terms: Extract<Derivation, { kind: 'diskBandwidth' }>['terms'] = [];
  for (const w of c.ctx.workloads) {
    const A = s.active.get(w.index, node.node);
    const writes = w.writesToDisk ? (s.lagging[w.index] ? w.coeff.diskWritesPerMessageLagging.value : w.coeff.diskWritesPerMessageKeepingUp.value) : 0;
    if (A > 0 && writes > 0)
      terms.push({ workload: w.name, replicas: A, perQueueMsgPerSec: s.perQueueMsgPerSec[w.index]!, sizeBytes: w.sizeBytes, writesPerMessage: writes });
  }
  return {
    kind: 'diskBandwidth',
    node: node.node,
    terms,
    writeBytesPerSec: node.diskWriteBytesPerSec,
    instanceBytesPerSec: c.inst.diskBandwidthBytesPerSec,
    disk: c.d.option.name,
    volumeMBps: c.n.volume.throughputMBps,
    capacityBytesPerSec: c.n.capacity[k]!,
    floored,
    verdict: verdict(c.n, k),
  };
}

function diskIops(c: Ctx, slot: number, k: number): Derivation {
  const floored = c.d.iopsFloored[slot] === 1;
  const s = floored ? c.p.scenarios.slots[Slot.healthy]! : c.p.scenarios.slots[slot]!;
  const node = s.nodes[c.n.subject[k]!]!;
  const fsyncMs = c.d.fsyncMs;
  return {
    kind: 'diskIops',
    node: node.node,
    writeBytesPerSec: node.diskWriteBytesPerSec,
    ioSizeBytes: c.ctx.node.diskIoSizeBytes.value,
    fsyncMs,
    walCopiesPerSec: node.quorumCopiesPerSec,
    walFsyncsPerSec: node.quorumCopiesPerSec > 0 ? fsyncsPerSec(node.quorumCopiesPerSec, fsyncMs) : 0,
    messageStoreCopiesPerSec: node.classicFsyncCopiesPerSec,
    messageStoreFsyncsPerSec: node.classicFsyncCopiesPerSec > 0 ? fsyncsPerSec(node.classicFsyncCopiesPerSec, fsyncMs) : 0,
    iops: c.n.demand[k]!,
    instanceIops: c.inst.diskIops,
    disk: c.d.option.name,
    volumeIops: c.n.volume.iops,
    capacityIops: c.n.capacity[k]!,
    floored: floored ? { node: node.node } : null,
    verdict: verdict(c.n, k),
  };
}

function diskCapacity(c: Ctx, slot: number, k: number): Derivation {
  const { s, node, floored } = source(c, slot, 'diskCapacity', c.n.subject[k]!);
  const backlogs: Extract<Derivation, { kind: 'diskCapacity' }>['backlogs'] = [];
  for (const w of c.ctx.workloads) {
    const stored = s.stored.get(w.index, node.node);
    const backlog = s.backlogMessagesPerQueue[w.index]!;
    if (stored > 0 && backlog > 0) backlogs.push({ workload: w.name, replicas: stored, messagesPerQueue: backlog, sizeBytes: w.sizeBytes });
  }
  return {
    kind: 'diskCapacity',
    node: node.node,
    backlogs,
    walBytes: node.walDiskBytes,
    freeDiskLimitBytes: c.inst.freeDiskLimitBytes,
    freeDiskFromWatermark:
      c.ctx.file.cluster.broker.diskFreeLimit === 'watermark' ? { memoryGiB: c.inst.type.memoryGiB, watermark: c.ctx.memoryHighWatermark } : null,
    bytes: c.n.demand[k]!,
    disk: c.d.option.name,
    volumeGiB: c.n.volume.sizeGiB,
    capacityBytes: c.n.capacity[k]!,
    floored,
    verdict: verdict(c.n, k),
  };
}

function network(c: Ctx, slot: number, k: number): Derivation {
  const { node, floored } = source(c, slot, 'network', c.n.subject[k]!);
  const t = node.traffic;
  return {
    kind: 'network',
    node: node.node,
    ingress: { clientPublish: t.clientPublishIn, replication: t.replicationIn, forwardedPublish: t.forwardedPublishIn, forwardedDeliver: t.forwardedDeliverIn },
    egress: {
      clientDeliver: t.clientDeliverOut,
      replication: t.replicationOut,
      forwardedPublish: t.forwardedPublishOut,
      forwardedDeliver: t.forwardedDeliverOut,
    },
    overheadFactor: c.ctx.node.networkOverheadFactor.value,
    bytesPerSec: node.networkBytesPerSec,
    gbps: c.inst.type.networkGbps,
    capacityBytesPerSec: c.n.capacity[k]!,
    floored,
    verdict: verdict(c.n, k),
  };
}

function memory(c: Ctx, slot: number, k: number): Derivation {
  const { s, node, floored } = source(c, slot, 'memory', c.n.subject[k]!);
  const queues: Extract<Derivation, { kind: 'memory' }>['queues'] = [];
  for (const w of c.ctx.workloads) {
    const stored = s.stored.get(w.index, node.node);
    if (stored === 0) continue;
    const backlog = s.backlogMessagesPerQueue[w.index]!;
    queues.push({
      workload: w.name,
      replicas: stored,
      bytesPerQueue: w.memoryPerQueueBytes,
      backlog: backlog > 0 && w.memoryPerQueuedMessageBytes > 0 ? { messagesPerQueue: backlog, bytesPerMessage: w.memoryPerQueuedMessageBytes } : null,
    });
  }
  const walMax = c.ctx.node.quorumWalMaxBytes.value;
  return {
    kind: 'memory',
    node: node.node,
    baselineBytes: node.memoryBaselineBytes,
    queues,
    wal: node.memoryWalBytes > 0 ? { maxBytes: walMax, multiple: node.memoryWalBytes / walMax } : null,
    connections: c.n.totalConnections,
    connectionBytes: c.n.connectionMemoryBytes,
    nodesUp: c.p.scenarios.slots[slot]!.nodesUp,
    bytes: c.n.demand[k]!,
    memoryGiB: c.inst.type.memoryGiB,
    watermark: c.ctx.memoryHighWatermark,
    capacityBytes: c.n.capacity[k]!,
    floored,
    verdict: verdict(c.n, k),
  };
}

function fileDescriptors(c: Ctx, slot: number, k: number): Derivation {
  const s = c.p.scenarios.slots[slot]!;
  return {
    kind: 'fileDescriptors',
    node: c.n.subject[k]!,
    perConnection: DESCRIPTORS_PER_CONNECTION,
    connections: c.n.totalConnections,
    nodesUp: s.nodesUp,
    queueReplicas: s.max.replicas,
    descriptors: c.n.demand[k]!,
    limit: c.n.capacity[k]!,
    verdict: verdict(c.n, k),
  };
}

function latency(c: Ctx, slot: number, k: number): Derivation {
  const w = c.ctx.workloads[c.n.subject[k]!]!;
  const i = w.index;
  const R = c.p.layout.replicasPerQueue[i]!;
  const rtt = c.ctx.interNodeRttMs;
  const s = c.p.scenarios.slots[slot]!;
  const quorum = w.queueType === 'quorum';
  const rho = walUtilization(s.max, c.d);
  const cpuUtilization = s.max.cpuCores / c.inst.cpuCapacityCores;
  return {
    kind: 'latency',
    workload: w.name,
    queueType: w.queueType,
    rttMs: rtt,
    fsyncMs: quorum ? c.d.fsyncMs : null,
    wal: quorum && Number.isFinite(c.d.walCapacityCopiesPerSec) ? { utilization: rho, waitMs: walWaitP99Ms(c.d.fsyncMs, rho) } : null,
    replicationRttMs: w.queueType !== 'classic' && R > 1 ? rtt : null,
    measuredTailMs: w.latencyTailMs > 0 ? w.latencyTailMs : null,
    queueWaitMs: c.p.queueWaitMs[i]!,
    queueWaitVariability: w.queueWaitVariability,
    cpu: {
      utilization: cpuUtilization,
      waitMs: cpuWaitP99Ms(cpuUtilization, w.messageCpuMicros, c.inst.cpuCapacityCores),
      servers: cpuServers(c.inst.cpuCapacityCores),
    },
    consumerMs: w.processingTimeMs > 0 ? c.p.consumerMs[i]! : null,
    p99Ms: c.n.demand[k]!,
    targetMs: c.n.capacity[k]!,
    verdict: verdict(c.n, k),
  };
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
): Derivation {
  const c: Ctx = { ctx, p, d, inst, n };
  const k = slot * RESOURCE_COUNT + res;
  switch (res) {
    case Res.cpu:
      return cpu(c, slot, k);
    case Res.quorumWal:
      return wal(c, slot, k);
    case Res.queueCeiling:
      return queue(c, slot, k);
    case Res.diskBandwidth:
      return diskBandwidth(c, slot, k);
    case Res.diskIops:
      return diskIops(c, slot, k);
    case Res.diskCapacity:
      return diskCapacity(c, slot, k);
    case Res.network:
      return network(c, slot, k);
    case Res.memory:
      return memory(c, slot, k);
    case Res.fileDescriptors:
      return fileDescriptors(c, slot, k);
    case Res.latency:
      return latency(c, slot, k);
    default:
      // Every resource the kernel evaluates is explained above: another one is a bug.
      throw new Error(`no explanation for resource ${RESOURCE_NAMES[res] ?? res}`);
  }
}

/** The arithmetic behind the monthly cost and the budget. */
export function explainBudget(ctx: ModelContext, d: PreparedDisk, inst: InstanceModel, n: CandidateNumbers, nodes: number): Derivation {
  return {
    kind: 'budget',
    nodes,
    instanceType: inst.type.name,
    pricePerHourUsd: inst.type.pricePerHourUsd,
    hoursPerMonth: ctx.hoursPerMonth,
    instancesUsd: n.instancesUsd,
    disk: d.option.name,
    volumeGiB: n.volume.sizeGiB,
    volumeIops: n.volume.iops,
    volumeMBps: n.volume.throughputMBps,
    volumeUsd: n.volume.monthlyUsd,
    disksUsd: n.disksUsd,
    totalUsd: n.totalUsd,
    withinBudget: n.withinBudget,
    budgetUsd: ctx.monthlyBudgetUsd,
  };
}
