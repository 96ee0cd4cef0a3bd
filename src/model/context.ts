/**
 * The model context: everything about a request that does not depend on the candidate cluster,
 * computed once (forecast, per-message costs, queue ceilings, cluster settings), so that the
 * search's inner loop only does arithmetic on flat numbers.
 */
import { brokerFeatures, type BrokerFeatures } from './broker-version.js';
import type { DiskOption, InstanceType } from '../catalog/schema.js';
import type { NodeCoefficients, QueueTypeCoefficients } from '../schema/profile.js';
import type { QueueType, Workload, WorkloadFile } from '../schema/workload.js';
import { BYTES_PER_GIB, QUORUM_TTL_EXTRA_BYTES_PER_MESSAGE, SECONDS_PER_MINUTE } from './constants.js';
import { cpuCapacityCores, followerCpuMicrosPerCopy, leaderCpuMicrosPerCopy, publishCpuMicrosPerMessage } from './cpu.js';
import { freeDiskLimitBytes } from './disk.js';
import { forecastWorkload, type WorkloadForecast } from './forecast.js';
import { connectionMemoryBytes, memoryCapacityBytes } from './memory.js';
import { networkCapacityBytesPerSec } from './network.js';
import { queueCeilingMsgPerSec, queueServiceMicrosPerMessage } from './queue-ceiling.js';
import { minimalShardCount } from './shards.js';
import type { PlanRequest } from './types.js';
import { BYTES_PER_MB } from './constants.js';

/** How a workload's messages reach the disk's fsync. */
export const FsyncKind = { none: 0, quorumWal: 1, classicStore: 2 } as const;
export type FsyncKind = (typeof FsyncKind)[keyof typeof FsyncKind];

/** One workload, reduced to the numbers the model needs. */
export interface WorkloadModel {
  index: number;
  name: string;
  vhost: string;
  queueType: QueueType;
  /** Quorum or stream: replicated at the cluster's replication factor. */
  replicated: boolean;
  fanOut: number;
  persistent: boolean;
  forecast: WorkloadForecast;
  peakMsgPerSec: number;
  burstMsgPerSec: number | null;
  burstSeconds: number;
  /** Message size used for bandwidth and CPU (p95), bytes. */
  sizeBytes: number;
  coeff: QueueTypeCoefficients;
  publishCpuMicros: number;
  leaderCpuMicros: number;
  followerCpuMicros: number;
  /** CPU cost of one message through the node (publish + leader), the service time for the CPU wait. */
  messageCpuMicros: number;
  /** σ of the queue type (coordinationPerExtraNode; 0 when the profile has none). */
  coordinationPerExtraNode: number;
  queueServiceMicros: number;
  queueCeilingMsgPerSec: number;
  writesToDisk: boolean;
  fsyncKind: FsyncKind;
  memoryPerQueuedMessageBytes: number;
  memoryPerQueueBytes: number;
  outageSeconds: number;
  minimalShards: number;
  queuesSpec: number | 'auto';
  consumersSpec: number | 'auto';
  processingTimeMs: number;
  /** The profile's measured p99 − p50 spread at low load (ms), added to every p99; 0 when the profile has none. */
  latencyTailMs: number;
  /** The profile's Kingman variability factor for the queue wait (×); 1 (M/M/1) when the profile has none. */
  queueWaitVariability: number;
  consumerConnectionsSpec: number | 'auto';
  publisherConnectionsSpec: number | 'auto';
  channelsPerConnection: number;
  churnPerSec: number;
  confirms: boolean;
  inFlightSpec: number | 'auto';
  connectionMemoryBytes: number;
  latencyTargetMs: number | null;
  source: Workload;
}

/** One allowed instance type, with its capacities precomputed. */
export interface InstanceModel {
  type: InstanceType;
  cpuCapacityCores: number;
  memoryCapacityBytes: number;
  networkCapacityBytesPerSec: number;
  diskBandwidthBytesPerSec: number;
  diskIops: number;
  freeDiskLimitBytes: number;
  monthlyUsdPerNode: number;
}

export interface ModelContext {
  request: PlanRequest;
  file: WorkloadFile;
  node: NodeCoefficients;
  horizonMonths: number;
  trafficScale: number;
  nodeFailuresToTolerate: number;
  zones: number;
  surviveZoneLoss: boolean;
  targetUtilization: number;
  maxUtilizationAfterFailure: number;
  monthlyBudgetUsd: number | null;
  memoryHighWatermark: number;
  fileDescriptorLimit: number;
  interNodeRttMs: number;
  hoursPerMonth: number;
  workloads: WorkloadModel[];
  hasReplicated: boolean;
  hasLatencyTargets: boolean;
  /** What the cluster's RabbitMQ release line changes (cluster.broker.rabbitmqVersion). */
  broker: BrokerFeatures;
}

export function buildWorkloadModel(w: Workload, index: number, request: PlanRequest, horizonMonths: number, targetUtilization: number): WorkloadModel {
  const coeff = request.profile.queueTypes[w.queueType];
  const forecast = forecastWorkload(w, horizonMonths, request.trafficScale);
  const size = forecast.sizes.sizingBytes;
  // Persistence adds work at a classic queue (its store); quorum queues and streams always persist.
  const classicPersistent = w.queueType === 'classic' && w.persistent;
  const publishCpuMicros = publishCpuMicrosPerMessage(coeff, size, w.publisherConfirms.enabled);
  // How the consumers ack: the profile's figures carry one ack per delivery (acks.ts).
  const acks = { ackMode: w.consumers.ackMode, ackEvery: w.consumers.ackEvery };
  const leaderCpuMicros = leaderCpuMicrosPerCopy(coeff, size, classicPersistent, acks);
  const ceiling = queueCeilingMsgPerSec(coeff, size, classicPersistent, acks);
  const writesToDisk = w.queueType !== 'classic' || w.persistent;
  const fsyncKind: FsyncKind =
    w.queueType === 'quorum'
      ? FsyncKind.quorumWal
      : w.queueType === 'classic' && w.persistent && w.publisherConfirms.enabled
        ? FsyncKind.classicStore
        : FsyncKind.none;
  const ttlExtra = w.queueType === 'quorum' && w.messageTtl ? QUORUM_TTL_EXTRA_BYTES_PER_MESSAGE : 0;
  return {
    index,
    name: w.name,
    vhost: w.vhost,
    queueType: w.queueType,
    replicated: w.queueType !== 'classic',
    fanOut: w.fanOut,
    persistent: w.persistent,
    forecast,
    peakMsgPerSec: forecast.peakMsgPerSec,
    burstMsgPerSec: forecast.burstMsgPerSec,
    burstSeconds: forecast.burstDurationSeconds,
    sizeBytes: size,
    coeff,
    publishCpuMicros,
    leaderCpuMicros,
    followerCpuMicros: w.queueType === 'classic' ? 0 : followerCpuMicrosPerCopy(coeff, size),
    messageCpuMicros: publishCpuMicros + leaderCpuMicros,
    coordinationPerExtraNode: coeff.coordinationPerExtraNode?.value ?? 0,
    queueServiceMicros: queueServiceMicrosPerMessage(coeff, size, classicPersistent, acks),
    queueCeilingMsgPerSec: ceiling,
    writesToDisk,
    fsyncKind,
    memoryPerQueuedMessageBytes: coeff.memoryBytesPerQueuedMessage.value + ttlExtra,
    memoryPerQueueBytes: coeff.memoryBytesPerQueue.value,
    outageSeconds: w.backlog.consumerOutageMinutes * SECONDS_PER_MINUTE,
    minimalShards: minimalShardCount(forecast.peakMsgPerSec, forecast.burstMsgPerSec, ceiling, targetUtilization),
    queuesSpec: w.queues,
    consumersSpec: w.consumers.count,
    processingTimeMs: w.consumers.processingTimeMs,
    latencyTailMs: coeff.latencyTailP99Ms?.value ?? 0,
    queueWaitVariability: coeff.queueWaitVariability?.value ?? 1,
    consumerConnectionsSpec: w.connections.consumerConnections,
    publisherConnectionsSpec: w.connections.publisherConnections,
    channelsPerConnection: w.connections.channelsPerConnection,
    churnPerSec: w.connections.churnPerSec,
    confirms: w.publisherConfirms.enabled,
    inFlightSpec: w.publisherConfirms.inFlightPerChannel,
    connectionMemoryBytes: connectionMemoryBytes(request.profile.node, w.connections.channelsPerConnection),
    latencyTargetMs: w.latencyP99TargetMs ?? null,
    source: w,
  };
}

/** The context for a request; `horizonMonths` overrides the request's (growth runway). */
export function buildContext(request: PlanRequest, horizonMonths?: number): ModelContext {
  const file = request.workload;
  const cluster = file.cluster;
  const horizon = horizonMonths ?? request.horizonMonths ?? cluster.forecast.horizonMonths;
  const target = cluster.constraints.targetUtilization;
  const workloads = file.workloads.map((w, i) => buildWorkloadModel(w, i, request, horizon, target));
  return {
    request,
    file,
    node: request.profile.node,
    horizonMonths: horizon,
    trafficScale: request.trafficScale,
    nodeFailuresToTolerate: cluster.ha.nodeFailuresToTolerate,
    zones: cluster.ha.zones,
    surviveZoneLoss: cluster.ha.surviveZoneLoss,
    targetUtilization: target,
    maxUtilizationAfterFailure: cluster.constraints.maxUtilizationAfterFailure,
    monthlyBudgetUsd: cluster.constraints.monthlyBudgetUsd ?? null,
    memoryHighWatermark: cluster.broker.memoryHighWatermark,
    fileDescriptorLimit: cluster.broker.fileDescriptorLimit,
    interNodeRttMs: cluster.broker.interNodeRttMs,
    hoursPerMonth: request.hoursPerMonth,
    workloads,
    hasReplicated: workloads.some((w) => w.replicated),
    hasLatencyTargets: workloads.some((w) => w.latencyTargetMs !== null),
    broker: brokerFeatures(cluster.broker.rabbitmqVersion),
  };
}

export function buildInstanceModel(ctx: ModelContext, type: InstanceType): InstanceModel {
  const cluster = ctx.file.cluster;
  return {
    type,
    cpuCapacityCores: cpuCapacityCores(type.vcpus, ctx.node.cpuEfficiency),
    memoryCapacityBytes: memoryCapacityBytes(type.memoryGiB, ctx.memoryHighWatermark),
    networkCapacityBytesPerSec: networkCapacityBytesPerSec(type.networkGbps),
    diskBandwidthBytesPerSec: type.diskMaxThroughputMBps * BYTES_PER_MB,
    diskIops: type.diskMaxIops,
    freeDiskLimitBytes: freeDiskLimitBytes(cluster.broker.diskFreeLimit, type.memoryGiB, ctx.memoryHighWatermark),
    monthlyUsdPerNode: type.pricePerHourUsd * ctx.hoursPerMonth,
  };
}

/** Disk space of a volume in bytes. */
export function gibToBytes(gib: number): number {
  return gib * BYTES_PER_GIB;
}

export type { DiskOption };
