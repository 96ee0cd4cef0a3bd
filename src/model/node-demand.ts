/**
 * Per-node demand in one scenario (docs/model.md "Per-node demand"): the instance-independent
 * part of every resource on every node, from the queues it leads and follows and the clients it
 * serves. Built once per layout; the search's inner loop only reads the busiest-node figures.
 */
import type { ModelContext, WorkloadModel } from './context.js';
import { FsyncKind } from './context.js';
import { coresFor } from './cpu.js';
import { diskWritesPerCopy } from './disk.js';
import { walMemoryBytes } from './memory.js';
import { networkDemandBytesPerSec, type NodeTrafficBytes } from './network.js';
import { replicasPerQueue } from './replication.js';
import { coordinationFactor } from './wal.js';

/** What a scenario says about traffic and queue roles, per workload (index w) and node (index n). */
/**
 * Per-workload, per-node counts in one buffer, read as get(w, n). One typed array per workload
 * and count made a 5,000-workload plan allocate hundreds of MB of tiny buffers.
 */
export class PerNodeCounts {
  readonly data: Int32Array;
  constructor(
    readonly nodes: number,
    workloads: number,
  ) {
    this.data = new Int32Array(nodes * workloads);
  }
  get(w: number, n: number): number {
    return this.data[w * this.nodes + n]!;
  }
  /** Adds `by` at (w, n). */
  add(w: number, n: number, by = 1): void {
    this.data[w * this.nodes + n]! += by;
  }
}

export interface ScenarioTraffic {
  nodesUp: number;
  up: Uint8Array;
  /** (w, n): queues led on n. */
  leaders: PerNodeCounts;
  /** (w, n): replicas on n of queues that have a leader (they take traffic). */
  active: PerNodeCounts;
  /** (w, n): replicas on n that exist (they hold the backlog), available or not. */
  stored: PerNodeCounts;
  /** (w, n): follower copies the leaders on n send per message (Σ surviving followers). */
  replicationOut: PerNodeCounts;
  /** [w]: queues with a leader. */
  activeQueues: number[];
  /** [w]: publish rate in this scenario. */
  publishMsgPerSec: number[];
  /** [w]: rate into each queue. */
  perQueueMsgPerSec: number[];
  /** [w]: messages each replica holds as backlog. */
  backlogMessagesPerQueue: number[];
  /** [w]: consumers fall behind (disk writes at the lagging multiplier). */
  lagging: boolean[];
}

export interface NodeDemand {
  node: number;
  up: boolean;
  cpuPublishCores: number;
  cpuLeaderCores: number;
  cpuFollowerCores: number;
  cpuChurnCores: number;
  cpuCores: number;
  diskWriteBytesPerSec: number;
  /** Message copies/s written through the quorum WAL (its fsyncs). */
  quorumCopiesPerSec: number;
  /** The same, each weighted by its coordination factor 1 + σ(N − 1): the load on the WAL's serial time. */
  walLoadCopiesPerSec: number;
  /** Message copies/s of classic persistent messages confirmed after fsync. */
  classicFsyncCopiesPerSec: number;
  backlogBytes: number;
  walDiskBytes: number;
  /** backlogBytes + walDiskBytes (the free-disk limit is added per instance type). */
  diskSpaceBytes: number;
  traffic: NodeTrafficBytes;
  networkBytesPerSec: number;
  memoryBaselineBytes: number;
  memoryQueueBytes: number;
  memoryBacklogBytes: number;
  memoryWalBytes: number;
  /** Memory before client connections (added per candidate: they depend on confirm latency). */
  memoryPlacementBytes: number;
  /** Queue replicas on the node (file descriptors, memory). */
  replicas: number;
  hostsQuorumReplica: boolean;
}

function emptyTraffic(): NodeTrafficBytes {
  return {
    clientPublishIn: 0,
    clientDeliverOut: 0,
    replicationIn: 0,
    replicationOut: 0,
    forwardedPublishIn: 0,
    forwardedPublishOut: 0,
    forwardedDeliverIn: 0,
    forwardedDeliverOut: 0,
  };
}

/** A workload's broker CPU (cores) by stage: each message's work grows by σ per node beyond the first (src/model/wal.ts). */
interface StageCores {
  publish: number;
  leader: number;
  follower: number;
}

/**
 * The one CPU formula of nodeDemand and healthyMeanDemand: cores for the messages published,
 * the copies led and the copies followed per second, at the cluster's coordination factor.
 */
function workloadCores(w: WorkloadModel, publishedPerSec: number, ledPerSec: number, followedPerSec: number, coordination: number): StageCores {
  return {
    publish: coresFor(publishedPerSec, w.publishCpuMicros) * coordination,
    leader: coresFor(ledPerSec, w.leaderCpuMicros) * coordination,
    follower: coresFor(followedPerSec, w.followerCpuMicros) * coordination,
  };
}

/**
 * Node n's demand in one scenario. `only`: the one workload whose part is wanted (attribution);
 * the node's fixed parts (baseline memory, the quorum WAL) are then as if it ran alone.
 */
export function nodeDemand(ctx: ModelContext, s: ScenarioTraffic, n: number, only?: number): NodeDemand {
  const d: NodeDemand = {
    node: n,
    up: s.up[n] === 1,
    cpuPublishCores: 0,
    cpuLeaderCores: 0,
    cpuFollowerCores: 0,
    cpuChurnCores: 0,
    cpuCores: 0,
    diskWriteBytesPerSec: 0,
    quorumCopiesPerSec: 0,
    walLoadCopiesPerSec: 0,
    classicFsyncCopiesPerSec: 0,
    backlogBytes: 0,
    walDiskBytes: 0,
    diskSpaceBytes: 0,
    traffic: emptyTraffic(),
    networkBytesPerSec: 0,
    memoryBaselineBytes: 0,
    memoryQueueBytes: 0,
    memoryBacklogBytes: 0,
    memoryWalBytes: 0,
    memoryPlacementBytes: 0,
    replicas: 0,
    hostsQuorumReplica: false,
  };
  if (!d.up) return d;
  const nUp = s.nodesUp;
  // Coordination grows with the cluster's size, not with the nodes still up: a lost node is still a member.
  const clusterNodes = s.up.length;
  const t = d.traffic;
  for (const w of only === undefined ? ctx.workloads : [ctx.workloads[only]!]) {
    const i = w.index;
    const rate = s.publishMsgPerSec[i]!;
    const r = s.perQueueMsgPerSec[i]!;
    const size = w.sizeBytes;
    const leaders = s.leaders.get(i, n);
    const active = s.active.get(i, n);
    const stored = s.stored.get(i, n);
    const followers = active - leaders;
    // Copies/s the workload's available queues take in (= rate × fanOut when all are up).
    const activeCopies = s.activeQueues[i]! * r;

    const coordination = coordinationFactor(w.coordinationPerExtraNode, clusterNodes);
    // Every node's clients publish an even share; the node leads and follows its own queues.
    const cores = workloadCores(w, rate, leaders * r, followers * r, coordination);
    d.cpuPublishCores += cores.publish / nUp;
    d.cpuLeaderCores += cores.leader;
    d.cpuFollowerCores += cores.follower;
    d.cpuChurnCores += coresFor(w.churnPerSec, ctx.node.connectionOpenCpuMicros.value) / nUp;

    const writes = diskWritesPerCopy(w.coeff, s.lagging[i]!, w.writesToDisk);
    d.diskWriteBytesPerSec += active * r * size * writes;
    if (w.fsyncKind === FsyncKind.quorumWal) {
      d.quorumCopiesPerSec += active * r;
      d.walLoadCopiesPerSec += active * r * coordination;
    } else if (w.fsyncKind === FsyncKind.classicStore) {
      d.classicFsyncCopiesPerSec += active * r;
    }
    if (w.queueType === 'quorum' && stored > 0) d.hostsQuorumReplica = true;

    const backlog = s.backlogMessagesPerQueue[i]!;
    d.backlogBytes += stored * backlog * size;
    d.memoryQueueBytes += stored * w.memoryPerQueueBytes;
    d.memoryBacklogBytes += stored * backlog * w.memoryPerQueuedMessageBytes;
    d.replicas += stored;

    const localCopies = (leaders * r) / nUp; // publishes from this node's clients to queues led here
    t.clientPublishIn += (rate * size) / nUp;
    t.clientDeliverOut += (activeCopies * size) / nUp;
    t.replicationIn += followers * r * size;
    t.replicationOut += s.replicationOut.get(i, n) * r * size;
    t.forwardedPublishIn += (leaders * r * size * (nUp - 1)) / nUp;
    t.forwardedPublishOut += (activeCopies / nUp - localCopies) * size;
    t.forwardedDeliverOut += (leaders * r * size * (nUp - 1)) / nUp;
    t.forwardedDeliverIn += (activeCopies / nUp - localCopies) * size;
  }
  d.cpuCores = d.cpuPublishCores + d.cpuLeaderCores + d.cpuFollowerCores + d.cpuChurnCores;
  d.walDiskBytes = d.hostsQuorumReplica ? ctx.node.quorumWalMaxBytes.value : 0;
  d.diskSpaceBytes = d.backlogBytes + d.walDiskBytes;
  d.networkBytesPerSec = networkDemandBytesPerSec(t, ctx.node.networkOverheadFactor.value);
  d.memoryBaselineBytes = ctx.node.baselineMemoryBytes.value;
  d.memoryWalBytes = walMemoryBytes(ctx.node, d.hostsQuorumReplica, d.quorumCopiesPerSec);
  d.memoryPlacementBytes = d.memoryBaselineBytes + d.memoryQueueBytes + d.memoryBacklogBytes + d.memoryWalBytes;
  return d;
}

/** The healthy cluster's mean demand per node at peak: lower bounds on its busiest node's. */
export interface MeanNodeDemand {
  cpuCores: number;
  walLoadCopiesPerSec: number;
  /** max(Σ ingress, Σ egress) ÷ nodes × overhead: at most the mean of the nodes' max(ingress, egress) × overhead. */
  networkBytesPerSec: number;
}

/**
 * The mean over the nodes of nodeDemand's CPU, quorum WAL load and network, healthy at peak,
 * from the cluster's totals alone: before any layout of this node count and replication factor is
 * built. Healthy, every queue's every replica is up, so the nodes lead rate × fan-out copies/s
 * between them and follow (replicas − 1) times that; shards cancel out (rate per queue × queues =
 * rate × fan-out). The busiest node takes at least the mean. A test holds the CPU and WAL load
 * equal to the mean of nodeDemand over a built layout's nodes, and the network at most that.
 */
export function healthyMeanDemand(ctx: ModelContext, nodes: number, replicationFactor: number): MeanNodeDemand {
  let cpuCores = 0;
  let walLoadCopiesPerSec = 0;
  const t = emptyTraffic();
  // Of what each node's clients publish or consume, the share for queues led elsewhere crosses the cluster.
  const forwardedShare = (nodes - 1) / nodes;
  for (const w of ctx.workloads) {
    const rate = w.peakMsgPerSec;
    const size = w.sizeBytes;
    const replicas = Math.min(replicasPerQueue(w.queueType, replicationFactor), nodes);
    const coordination = coordinationFactor(w.coordinationPerExtraNode, nodes);
    const copiesPerSec = rate * w.fanOut;
    const followedPerSec = copiesPerSec * (replicas - 1);
    const cores = workloadCores(w, rate, copiesPerSec, followedPerSec, coordination);
    cpuCores += cores.publish + cores.leader + cores.follower + coresFor(w.churnPerSec, ctx.node.connectionOpenCpuMicros.value);
    if (w.fsyncKind === FsyncKind.quorumWal) walLoadCopiesPerSec += copiesPerSec * replicas * coordination;
    t.clientPublishIn += rate * size;
    t.clientDeliverOut += copiesPerSec * size;
    t.replicationIn += followedPerSec * size;
    t.replicationOut += followedPerSec * size;
    t.forwardedPublishIn += copiesPerSec * size * forwardedShare;
    t.forwardedPublishOut += copiesPerSec * size * forwardedShare;
    t.forwardedDeliverIn += copiesPerSec * size * forwardedShare;
    t.forwardedDeliverOut += copiesPerSec * size * forwardedShare;
  }
  return {
    cpuCores: cpuCores / nodes,
    walLoadCopiesPerSec: walLoadCopiesPerSec / nodes,
    networkBytesPerSec: networkDemandBytesPerSec(t, ctx.node.networkOverheadFactor.value) / nodes,
  };
}
