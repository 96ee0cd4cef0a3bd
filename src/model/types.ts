/**
 * The model's vocabulary: what the planner evaluates and what it reports. Renderers (table,
 * JSON, Markdown) read only these types. Everything here is plain data: no classes, no I/O.
 */
import type { InstanceType, DiskOption } from '../catalog/schema.js';
import type { QueueType, WorkloadFile } from '../schema/workload.js';
import type { Profile } from '../schema/profile.js';

export type { QueueType };

/** Every constraint the model checks. One of them binds each plan. */
export type Resource =
  'cpu' | 'quorumWal' | 'queueCeiling' | 'diskBandwidth' | 'diskIops' | 'diskCapacity' | 'network' | 'memory' | 'fileDescriptors' | 'latency' | 'budget';

export type ResourceUnit = 'cores' | 'msgPerSec' | 'bytesPerSec' | 'iops' | 'bytes' | 'count' | 'ms' | 'usdPerMonth';

/** One resource on the busiest node in one scenario. */
export interface ResourceUsage {
  resource: Resource;
  /** Demand at peak on the busiest node (for queueCeiling: the busiest queue; for latency: the worst workload's p99). */
  demand: number;
  /** What that node (or queue) can do at 100%. */
  capacity: number;
  unit: ResourceUnit;
  /** demand ÷ capacity. */
  utilization: number;
  /** The highest utilisation allowed in this scenario (target, or after-failure ceiling). */
  limit: number;
  ok: boolean;
  /** Which workload or node this figure belongs to when it is not cluster-wide (e.g. "orders"). */
  subject?: string;
}

export type ScenarioKind = 'healthy' | 'nodeFailure' | 'zoneFailure' | 'burst';

/** The resources the model computes node by node (the others are per queue, per workload or per cluster). */
export type NodeResource = 'cpu' | 'memory' | 'network' | 'diskBandwidth' | 'diskIops' | 'diskCapacity' | 'fileDescriptors';

/** One resource on one node in one scenario. The scenario's limit is its ResourceUsage's `limit`. */
export interface NodeResourceUsage {
  resource: NodeResource;
  /** Demand on this node (same unit as the scenario's ResourceUsage for the resource). */
  demand: number;
  /** What the node can do at 100% (every node is the same instance type and volume). */
  capacity: number;
  /** demand ÷ capacity. */
  utilization: number;
  /**
   * After a failure only: the node's own figure came out lower than what the model sizes for, so
   * it is held at its healthy figure, or (on the busiest survivor) at the scenario's busiest-node
   * figure when that came from a lost node (docs/model.md "A failure never lowers a figure").
   */
  floored?: boolean;
}

/** One node in one scenario. */
export interface NodeUsage {
  /** Node index (0-based), as in `subject` ("node 1") and WorkloadLayout.leadersPerNode. */
  node: number;
  /** False for a node lost in this scenario: it has no figures. */
  up: boolean;
  /** One entry per NodeResource, in the order cpu, memory, network, diskBandwidth, diskIops, diskCapacity, fileDescriptors; empty when down. */
  resources: NodeResourceUsage[];
}

/** What a scenario is, as data (render/findings.ts words it: "1 node lost (node 2; 3 → 2 up), its leaders moved to survivors"). */
export type ScenarioDescription =
  | { kind: 'healthy'; nodes: number }
  | { kind: 'nodeFailure'; nodes: number; lost: number[] }
  | { kind: 'zoneFailure'; nodes: number; zone: number; lost: number[] }
  | { kind: 'burst'; bursts: { workload: string; burstMsgPerSec: number; burstSeconds: number; peakMsgPerSec: number }[] };

export interface ScenarioResult {
  kind: ScenarioKind;
  /** What the scenario is (render/findings.ts scenarioText words it). */
  description: ScenarioDescription;
  nodesUp: number;
  resources: ResourceUsage[];
  /**
   * End-to-end p99 latency per workload in this scenario (ms). Empty for the burst scenario
   * (a burst delays messages by design; latency is not a target then). Infinity when a queue,
   * a node's CPU or the consumers are saturated (no steady state).
   */
  latencyP99MsByWorkload: Record<string, number>;
  /** Nodes lost in this scenario (0-based; empty when none). */
  lostNodes?: number[];
  /**
   * Every node's figures for the per-node resources (set by the rich evaluation, not by the
   * search). For each resource the maximum over the nodes is this scenario's busiest-node figure
   * in `resources`.
   */
  perNode?: NodeUsage[];
}

/** How one workload's queues are laid out on the cluster. */
export interface WorkloadLayout {
  workload: string;
  vhost: string;
  queueType: QueueType;
  fanOut: number;
  /** Queues (shards) in each fan-out group. */
  queuesPerGroup: number;
  totalQueues: number;
  /** Replicas per queue: quorum/stream replication factor; 1 for classic. */
  replicationFactor: number;
  /** Names of the queues, in declaration order (shards of each group). */
  queueNames: string[];
  /** Index = node number (0-based): queue leaders placed there. */
  leadersPerNode: number[];
  /** Index = node number: queue replicas (leaders included) placed there. */
  replicasPerNode: number[];
  peakPublishMsgPerSec: number;
  perQueueMsgPerSec: number;
  perQueueCeilingMsgPerSec: number;
  /** Consumers over all fan-out groups. */
  consumers: number;
  /** Consumers in each fan-out group (the workload file's consumers.count). */
  consumersPerGroup?: number;
  publisherConnections: number;
  consumerConnections: number;
  /** The confirm window per publishing channel the plan assumes (given, or recommended when "auto"). */
  inFlightPerChannel: number | null;
  /** Modelled publish → confirm p99 on the healthy cluster (ms), the latency the window is sized for. */
  confirmLatencyMs?: number;
  /** Healthy p99 publish → delivery (ms). */
  latencyP99Ms: number;
  latencyTargetMs: number | null;
}

export interface DiskChoice {
  option: DiskOption;
  sizeGiB: number;
  /** IOPS the volume delivers: included (baseline + per-GiB) plus any bought. */
  provisionedIops: number;
  /** MB/s (10^6 B/s) the volume delivers: included plus any bought. */
  provisionedThroughputMBps: number;
  monthlyCostUsdPerNode: number;
  /**
   * The volume's figures the planner sized to fit the need (space, and IOPS or bandwidth where
   * the volume, not the instance, is the limit): they sit near their limit by construction, count
   * for feasibility, but never for the binding constraint. Empty for a given volume (check).
   */
  sizedToFit: ('diskCapacity' | 'diskIops' | 'diskBandwidth')[];
}

export interface Cost {
  instancesUsdPerMonth: number;
  disksUsdPerMonth: number;
  totalUsdPerMonth: number;
}

/** The constraint that decided the plan's size: the highest utilisation relative to its limit. */
export interface BindingConstraint {
  resource: Resource;
  scenario: ScenarioKind;
  utilization: number;
  limit: number;
  subject?: string;
  /** The scenario as its phrase needs it ("after 1 node lost"). */
  scenarioRef: ScenarioRef;
  /** The scenario the arithmetic is for (null for the budget, which has none). */
  scenarioDescription: ScenarioDescription | null;
  /** The tightest constraint of a plan, or the one an infeasible plan misses by the most. */
  verdict: 'tightest' | 'missesMost';
  /** A p99 with no steady state: the parts of its path that saturate (null otherwise). */
  unboundedBecause: SaturationCause[] | null;
  /** Budget binding: what the cheapest plan that meets every target costs and the budget (null otherwise). */
  budget: { totalUsdPerMonth: number; budgetUsdPerMonth: number } | null;
  /** The plan fails although every resource is within its limit: what decides (a lost majority, an impossible layout). */
  decidedBy: Shortfall | null;
  /** The arithmetic behind it, as the figures the model computed (--explain; render/explain-words.ts words it). */
  derivation: Derivation;
}

/** A figure against its capacity and limit: "2.24 cores / 3.60 cores = 62% > 60%". */
export interface Verdict {
  demand: number;
  capacity: number;
  utilization: number;
  limit: number;
}

/** A per-message cost that grows with the node count: × (1 + σ × (N − 1)); null when it does not. */
export interface Coordination {
  sigma: number;
  extraNodes: number;
}

/** After a failure the busiest survivor computed lower: the healthy busiest node's figure (this node) is kept. */
export interface FlooredAt {
  node: number;
}

export type CpuTerm =
  | { kind: 'publish'; workload: string; msgPerSec: number; micros: number; nodesUp: number; coordination: Coordination | null }
  | { kind: 'leaders' | 'followers'; workload: string; count: number; perQueueMsgPerSec: number; micros: number; coordination: Coordination | null }
  | { kind: 'churn'; connectionsPerSec: number; micros: number; nodesUp: number };

/** The arithmetic behind one binding figure, with every number the model used (docs/model.md names each formula). */
export type Derivation =
  | {
      kind: 'cpu';
      node: number;
      terms: CpuTerm[];
      cores: number;
      vcpus: number;
      usableFraction: number;
      capacityCores: number;
      floored: FlooredAt | null;
      verdict: Verdict;
    }
  | {
      kind: 'quorumWal';
      node: number;
      terms: { workload: string; replicas: number; perQueueMsgPerSec: number; coordination: Coordination | null }[];
      copiesPerSec: number;
      microsPerCopy: number;
      disk: string;
      fsyncMs: number;
      microsPerCopyPerFsyncMs: number;
      capacityCopiesPerSec: number;
      floored: FlooredAt | null;
      verdict: Verdict;
    }
  | {
      kind: 'queueCeiling';
      workload: string;
      publishMsgPerSec: number;
      queuesPerGroup: number;
      perQueueMsgPerSec: number;
      serviceMicros: number;
      sizeBytes: number;
      nanosPerByte: number;
      ceilingMsgPerSec: number;
      verdict: Verdict;
    }
  | {
      kind: 'diskBandwidth';
      node: number;
      terms: { workload: string; replicas: number; perQueueMsgPerSec: number; sizeBytes: number; writesPerMessage: number }[];
      writeBytesPerSec: number;
      instanceBytesPerSec: number;
      disk: string;
      volumeMBps: number;
      capacityBytesPerSec: number;
      floored: FlooredAt | null;
      verdict: Verdict;
    }
  | {
      kind: 'diskIops';
      node: number;
      writeBytesPerSec: number;
      ioSizeBytes: number;
      fsyncMs: number;
      /** Quorum WAL and classic message-store copies per second (0: none), each fsynced at most 1000 / fsync ms a second. */
      walCopiesPerSec: number;
      walFsyncsPerSec: number;
      messageStoreCopiesPerSec: number;
      messageStoreFsyncsPerSec: number;
      iops: number;
      instanceIops: number;
      disk: string;
      volumeIops: number;
      capacityIops: number;
      floored: FlooredAt | null;
      verdict: Verdict;
    }
  | {
      kind: 'diskCapacity';
      node: number;
      backlogs: { workload: string; replicas: number; messagesPerQueue: number; sizeBytes: number }[];
      walBytes: number;
      freeDiskLimitBytes: number;
      /** The free-disk limit is the memory high watermark's (memory GiB × watermark), or a set figure (null). */
      freeDiskFromWatermark: { memoryGiB: number; watermark: number } | null;
      bytes: number;
      disk: string;
      volumeGiB: number;
      capacityBytes: number;
      floored: FlooredAt | null;
      verdict: Verdict;
    }
  | {
      kind: 'network';
      node: number;
      ingress: { clientPublish: number; replication: number; forwardedPublish: number; forwardedDeliver: number };
      egress: { clientDeliver: number; replication: number; forwardedPublish: number; forwardedDeliver: number };
      overheadFactor: number;
      bytesPerSec: number;
      gbps: number;
      capacityBytesPerSec: number;
      floored: FlooredAt | null;
      verdict: Verdict;
    }
  | {
      kind: 'memory';
      node: number;
      baselineBytes: number;
      queues: { workload: string; replicas: number; bytesPerQueue: number; backlog: { messagesPerQueue: number; bytesPerMessage: number } | null }[];
      /** The quorum WAL's memory: its maximum × how many of them this node holds the equivalent of (null: none). */
      wal: { maxBytes: number; multiple: number } | null;
      connections: number;
      connectionBytes: number;
      nodesUp: number;
      bytes: number;
      memoryGiB: number;
      watermark: number;
      capacityBytes: number;
      floored: FlooredAt | null;
      verdict: Verdict;
    }
  | {
      kind: 'fileDescriptors';
      node: number;
      perConnection: number;
      connections: number;
      nodesUp: number;
      queueReplicas: number;
      descriptors: number;
      limit: number;
      verdict: Verdict;
    }
  | {
      kind: 'latency';
      workload: string;
      queueType: 'classic' | 'quorum' | 'stream';
      rttMs: number;
      fsyncMs: number | null;
      wal: { utilization: number; waitMs: number } | null;
      replicationRttMs: number | null;
      measuredTailMs: number | null;
      queueWaitMs: number;
      queueWaitVariability: number;
      cpu: { utilization: number; waitMs: number; servers: number };
      consumerMs: number | null;
      p99Ms: number;
      targetMs: number;
      verdict: Verdict;
    }
  | {
      kind: 'budget';
      nodes: number;
      instanceType: string;
      pricePerHourUsd: number;
      hoursPerMonth: number;
      instancesUsd: number;
      disk: string;
      volumeGiB: number;
      volumeIops: number;
      volumeMBps: number;
      volumeUsd: number;
      disksUsd: number;
      totalUsd: number;
      withinBudget: boolean;
      budgetUsd: number | null;
    };

/** The scenario a figure belongs to, as much as its phrase needs ("at peak", "after zone 1 lost"). */
export interface ScenarioRef {
  kind: ScenarioKind;
  lostNodes: number[];
  lostZone: number | null;
}

/** Why a workload's p99 has no steady state: a part of its path that saturates. */
export type SaturationCause =
  { kind: 'walSaturated'; utilization: number } | { kind: 'cpuSaturated'; utilization: number } | { kind: 'queuePastCeiling' } | { kind: 'consumersBusy' };

/** One term of a latency floor (they add up to it). */
export interface LatencyFloorTerm {
  name: 'client round trip' | 'fsync' | 'replication round trip' | 'consumer processing';
  ms: number;
}

/** What the workload file itself rules out, before any cluster is tried (render/findings.ts words it). */
export type FileProblem =
  | { kind: 'messageAboveCeiling'; workload: string; maxBytes: number; ceilingBytes: number }
  | { kind: 'noInstanceType'; productionMinimums: boolean }
  | { kind: 'noDiskOption'; providers: string[] }
  | { kind: 'tooFewNodesAllowed'; failures: number; zoneLoss: boolean; needNodes: number; maxNodes: number }
  | { kind: 'latencyBelowFloor'; workload: string; targetMs: number; floorMs: number; quorum: boolean; terms: LatencyFloorTerm[] }
  | {
      kind: 'fixedQueuesOverCeiling';
      workload: string;
      queues: number;
      during: 'peak' | 'burst';
      perQueueMsgPerSec: number;
      ceilingMsgPerSec: number;
      targetUtilization: number;
    }
  | { kind: 'noCandidate' };

/** A target a plan misses, as data (render/findings.ts words it). */
export type Shortfall =
  | FileProblem
  | { kind: 'nothingLeftUp'; nodes: number; failures: number }
  | { kind: 'zoneHoldsAllNodes'; nodes: number; zone: number }
  | { kind: 'clusterMajorityLost'; scenario: ScenarioRef; nodesUp: number; nodes: number; metadataStore: 'mnesia' | 'khepri'; brokerVersion: string }
  | { kind: 'quorumMajorityLost'; scenario: ScenarioRef; queue: string; survivors: number; replicas: number; moreQueues: number }
  /** A resource over its limit (the budget included); a p99 with no steady state says why. */
  | { kind: 'overLimit'; scenario: ScenarioRef; usage: ResourceUsage; unboundedBecause: SaturationCause[] | null };

/** A change that brings a latency target above its floor within reach. */
export type FloorFix =
  | { kind: 'fasterDisk'; underMs: number; fastestMs: number }
  | { kind: 'classicQueues'; floorMs: number }
  | { kind: 'closerNodes'; underMs: number; nowMs: number }
  | { kind: 'raiseTarget'; aboveMs: number };

/** The terms of a p99 (LatencyMiss.terms). */
export type LatencyTerm = keyof LatencyMiss['terms'];

/** A change that alone brings a missed p99 to its target, computed with the model's formulas. */
export type LatencyFix =
  | { kind: 'moreConsumers'; consumersPerGroup: number; nowConsumersPerGroup: number; nowBusy: number; termMs: number; newTermMs: number }
  | { kind: 'moreQueues'; queuesPerGroup: number; nowQueuesPerGroup: number; termMs: number; newTermMs: number }
  | { kind: 'fasterDisk'; atMostMs: number; nowMs: number }
  | { kind: 'lessBusyWal'; waitMs: number }
  | { kind: 'lessBusyCpu'; waitMs: number }
  | { kind: 'raiseTarget'; p99Ms: number };

/** What would make an infeasible plan feasible, ranked (render/findings.ts words it). */
export type Suggestion =
  | { kind: 'storeLargePayloadsElsewhere'; workload: string }
  | { kind: 'widenConstraints' }
  | { kind: 'allowSsdDisk' }
  | { kind: 'raiseMaxNodes'; needNodes: number }
  | { kind: 'latencyFloor'; workload: string; largest: LatencyFloorTerm; fixes: FloorFix[] }
  | { kind: 'autoQueues'; workload: string; minimalShards: number }
  | { kind: 'raiseBudget'; cheapestUsdPerMonth: number }
  | { kind: 'moreThanMaxNodes'; maxNodes: number; largestType: string; walOnly: boolean }
  | { kind: 'biggerTypes'; resources: Resource[] }
  | { kind: 'backlogTooLarge' }
  | { kind: 'autoQueuesForCeiling' }
  | { kind: 'spreadQuorumWal' }
  | { kind: 'latencyMiss'; miss: LatencyMiss; largestTerm: LatencyTerm; fixes: LatencyFix[] }
  | { kind: 'moreLatencyMisses'; count: number }
  | { kind: 'oddReplicationFactor' }
  | { kind: 'relaxTargets' };

/**
 * A workload whose p99 misses its target, in the scenario where it misses by the most, with
 * the terms that make up its p99 (they add up to p99Ms).
 */
export interface LatencyMiss {
  workload: string;
  scenario: ScenarioKind;
  p99Ms: number;
  targetMs: number;
  terms: { clientMs: number; commitMs: number; walWaitMs: number; queueWaitMs: number; cpuWaitMs: number; consumerMs: number };
  /** What the consumer and queue terms were computed from. */
  peakMsgPerSec: number;
  consumersPerGroup: number;
  processingTimeMs: number;
  queuesPerGroup: number;
  /** The disk's fsync (write) latency in the commit term, when the queue type waits for one (quorum). */
  fsyncMs: number | null;
}

/** A fully evaluated candidate cluster. */
export interface EvaluatedPlan {
  instanceType: InstanceType;
  nodes: number;
  disk: DiskChoice;
  cost: Cost;
  /** Node index → zone index (0-based), nodes spread round-robin over zones. */
  zoneOfNode: number[];
  layout: WorkloadLayout[];
  healthy: ScenarioResult;
  /** Node-loss and zone-loss scenarios the HA requirement asks for (empty when none). */
  failures: ScenarioResult[];
  burst: ScenarioResult | null;
  binding: BindingConstraint;
  feasible: boolean;
  /** Each target this plan misses, worst first (empty when feasible). */
  shortfalls: Shortfall[];
  /** Workloads whose p99 misses its target, worst (p99 ÷ target) first, with the p99's terms. */
  latencyMisses: LatencyMiss[];
  /** Replicas per quorum/stream queue (classic queues have 1; see layout[].replicationFactor). */
  replicationFactor?: number;
  /** How `queues: auto` was resolved: the fewest shards, or rounded up to a multiple of the node count. */
  shardPolicy?: 'minimal' | 'spread';
}

export interface Alternative {
  plan: EvaluatedPlan;
  /** Why it lost to the recommendation (render/why-not.ts words it: "costs $312/month more"). */
  whyNot: WhyNot;
}

/** Why an alternative lost; `overBudgetUsdPerMonth`: the budget it exceeds, if it does. */
export type WhyNot =
  | { kind: 'costsMore'; moreUsdPerMonth: number; overBudgetUsdPerMonth: number | null }
  | { kind: 'sameCostEvenNodes'; overBudgetUsdPerMonth: number | null }
  | { kind: 'sameCostCloserToLimits'; ratio: number; winnerRatio: number; overBudgetUsdPerMonth: number | null }
  /** It misses a target; `near`: the step down from the recommendation it is (null: it is one of the closest plans). */
  | { kind: 'missesTargets'; near: 'oneNodeFewer' | 'nextSmallerType' | null; firstMiss: Shortfall | null };

/**
 * Something the user should know that does not fail the plan, as data (render/warnings.ts words
 * it): from the workload file alone, or about the chosen plan.
 */
export type PlanWarning =
  | { kind: 'classicNotReplicated'; workload: string }
  | { kind: 'persistentIgnored'; workload: string; queueType: 'quorum' | 'stream' }
  | { kind: 'streamRetentionUnstated'; workload: string }
  | { kind: 'messageAboveMaxSize'; workload: string; maxBytes: number; maxMessageSizeDefaultBytes: number; brokerVersion: string }
  | { kind: 'largeQuorumMessages'; workload: string; maxBytes: number }
  | {
      kind: 'sizeOutsideCalibration';
      workload: string;
      queueType: 'classic' | 'quorum' | 'stream';
      /** The size the model charges per-byte costs on (p95). */
      sizeBytes: number;
      /** The smallest and largest message size the bench-fitted profile measured for this queue type. */
      calibratedMinBytes: number;
      calibratedMaxBytes: number;
      profile: string;
    }
  | { kind: 'consumersCannotDrain'; workload: string; consumersPerGroup: number; processingTimeMs: number; drainMsgPerSec: number; peakMsgPerSec: number }
  | {
      kind: 'evenNodeCount';
      nodes: number;
      metadataStore: 'mnesia' | 'khepri';
      failuresSurvived: number;
      /** Why the planner chose it (null: it did not choose it, e.g. the closest infeasible plan). */
      choice: EvenNodeCountChoice | null;
      /** Failures the cheapest odd plan survives (null without one). */
      cheapestOddFailuresSurvived: number | null;
    }
  | { kind: 'unevenZones'; nodes: number; zones: number }
  | { kind: 'queuesWithoutConsumer'; workload: string; consumersPerGroup: number; queuesPerGroup: number }
  | {
      kind: 'confirmWindowTooSmall';
      workload: string;
      publisherConnections: number;
      channelsPerConnection: number;
      window: number;
      carryMsgPerSec: number;
      confirmLatencyMs: number;
      peakMsgPerSec: number;
    }
  | { kind: 'connectionOverloaded'; workload: string; perConnectionMsgPerSec: number; maxPerConnectionMsgPerSec: number }
  | {
      kind: 'prefetchTooSmall';
      workload: string;
      prefetch: number;
      /** Consumers on each queue (the least served when they do not divide evenly). */
      consumersPerQueue: number;
      /** One prefetch slot's turnaround without processing: client round trip + settlement (ms). */
      turnaroundMs: number;
      processingTimeMs: number;
      /** The queue process's service time per delivery, which every slot's cycle also waits for (ms). */
      queueServiceMs: number;
      /** What each of the first `upTo` deliveries in flight adds travelling alone (ms; 0: all batched). */
      unbatchedExtraMs: number;
      unbatchedUpTo: number;
      /** What those consumers' slots carry per queue (msg/s). */
      carryMsgPerSec: number;
      /** What each queue takes at the peak (msg/s). */
      perQueueMsgPerSec: number;
    }
  | { kind: 'unverifiedCatalogEntry'; entry: 'instanceType' | 'disk'; provider: string; name: string; source: string }
  | { kind: 'searchStopped'; candidatesEvaluated: number; searchBudget: number; stoppedAtNodes: number };

/** The forecast the plan was sized for. */
export interface SizingBasis {
  horizonMonths: number;
  trafficScale: number;
  /** Per workload: peak publish rate at the horizon (msg/s) and message size used for bandwidth (p95, bytes). */
  workloads: { name: string; peakMsgPerSec: number; averageMsgPerSec: number; sizeBytes: number }[];
}

/**
 * Why the plan has the node count it has, when that count is even. Khepri (the metadata store
 * from RabbitMQ 4.2, the only one from 4.3) and quorum queues need a majority of their members up:
 * 2k nodes survive k − 1 failures, exactly as 2k − 1 do, so an even count buys capacity, never
 * failure tolerance. It is chosen only when it is cheaper than every odd count that meets the
 * same targets (the same failures tolerated).
 */
export interface EvenNodeCountChoice {
  nodes: number;
  /** Node failures a majority survives with this count: ⌊(nodes − 1) ÷ 2⌋, the same as nodes − 1. */
  majoritySurvivesFailures: number;
  /** The cheapest plan with an odd node count that meets every target, or null if none does. */
  cheapestOdd: { nodes: number; instanceType: string; monthlyUsd: number } | null;
  /** What the odd plan costs more per month (null without one). */
  oddCostsMoreUsdPerMonth: number | null;
}

/** Resources a workload has a part of on a node. */
export const SHARED_RESOURCES = ['cpu', 'quorumWal', 'memory', 'network', 'diskBandwidth', 'diskIops', 'diskCapacity'] as const;
export type SharedResource = (typeof SHARED_RESOURCES)[number];

export interface ResourceSplit {
  resource: SharedResource;
  /** The resource's busiest node in the scenario (0-based). */
  node: number;
  /** The node's whole demand (the resource's unit: cores, bytes, bytes/s, IOPS). */
  totalDemand: number;
  /** The part no one workload causes (baseline memory, the quorum WAL, the free-disk limit). */
  sharedDemand: number;
  /** Per workload, in the file's order: the part it causes. Σ parts + shared = total. */
  parts: number[];
}

/** What leaving one workload out of the file would plan (planned again without it). */
export interface PlanWithout {
  workload: string;
  feasible: boolean;
  nodes: number;
  instanceType: string;
  totalUsdPerMonth: number;
  /** The plan's cost minus this one's (> 0: the workload costs that much). */
  savesUsdPerMonth: number;
}

export interface WorkloadAttribution {
  scenario: ScenarioKind;
  /** What binds the plan, and the resource the cost follows (the same, or cpu; see above). */
  bindingResource: Resource;
  costFollows: SharedResource;
  resources: ResourceSplit[];
  /** Per workload, in the file's order: its share (0–1) of the monthly cost. Σ = 1. */
  costShares: number[];
  /**
   * The plan without each of the workloads with the largest cost shares (at most
   * MAX_PLANS_WITHOUT, and only for files of at most MAX_WORKLOADS_FOR_PLANS_WITHOUT workloads:
   * each is a whole search), most saving first.
   */
  without: PlanWithout[];
  /** Workloads in the file beyond which `without` is not computed (null: it was). */
  withoutSkippedAbove: number | null;
}

export interface SizeResult {
  feasible: boolean;
  /** Set when the chosen plan has an even node count: why it won over the odd ones. */
  evenNodeCount?: EvenNodeCountChoice;
  /** The cheapest plan that meets every target; when infeasible, the closest one found (or null). */
  plan: EvaluatedPlan | null;
  alternatives: Alternative[];
  basis: SizingBasis;
  /** When infeasible: what cannot be met, and what would make it feasible. */
  infeasibility: { reasons: Shortfall[]; suggestions: Suggestion[] } | null;
  /** Things the user should know that do not fail the plan (e.g. classic queues are not replicated). */
  warnings: PlanWarning[];
  /**
   * candidatesSkipped: candidates that cannot be among the plans shown (never evaluated): their
   * instances alone cost more than every plan shown, or, when the file rules every plan out, their
   * latency floor alone misses by more than the closest plans (kernel.ts latencyFloorRatio); candidatesRuledOut: candidates whose instance type or node count alone misses a target
   * (the busiest node's CPU, network or memory over its limit, or its quorum WAL on every disk: never
   * evaluated, src/model/kernel.ts failsOnInstanceAlone, failsOnMeanDemand).
   */
  search: { candidatesEvaluated: number; candidatesSkipped: number; candidatesRuledOut: number; instanceTypesConsidered: number; stoppedEarly: boolean };
  profileName: string;
  /** Who drives the plan's cost, when the file has two workloads or more and there is a plan. */
  attribution: WorkloadAttribution | null;
}

/** What the planner needs: the validated workload file, the catalog slice, the profile, what-ifs. */
export interface PlanRequest {
  workload: WorkloadFile;
  instanceTypes: InstanceType[];
  diskOptions: DiskOption[];
  hoursPerMonth: number;
  profile: Profile;
  trafficScale: number;
  /** Overrides cluster.forecast.horizonMonths when set. */
  horizonMonths?: number;
  /** Overrides the search budget (MAX_SEARCH_WORK in src/model/planner.ts); tests use a small one. */
  maxSearchWork?: number;
  /** false: no per-workload attribution (the plans the attribution itself makes without a workload). */
  attributeWorkloads?: boolean;
  /** true: evaluate every candidate, none skipped as unshowable (tests compare it with the pruned search). */
  exhaustiveSearch?: boolean;
  /** true: only the winner is wanted (the attribution's plans without a workload): runners-up may be skipped too. */
  winnerOnly?: boolean;
  /**
   * A monthly cost some candidate is known to meet the targets at (the attribution's plans without
   * a workload: the plan with it still fits them): costlier candidates are skipped from the start.
   * When nothing at or under it meets the targets, the search runs again without it.
   */
  knownFeasibleCostUsd?: number;
}
