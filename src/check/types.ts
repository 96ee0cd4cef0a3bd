/**
 * What `rmq-plan check` works with: the cluster as given (from a cluster description, flags or
 * both), and what the model says about it. Plain data; the renderers read only these.
 */
import type { DiskOption } from '../catalog/schema.js';
import type { ClusterSpec, DiskSpec } from '../model/cluster.js';
import type { EvaluatedPlan, PlanRequest, PlanWarning, Shortfall } from '../model/types.js';
import type { WorkloadFile } from '../schema/workload.js';

/** Cluster settings given as flags; each overrides the cluster description's value. */
export interface ClusterFlagValues {
  instanceType?: string;
  nodes?: number;
  disk?: string;
  diskSizeGiB?: number;
  diskIops?: number;
  diskThroughputMBps?: number;
  replicationFactor?: number;
  /** --queues orders=4,billing=1 */
  queues?: Record<string, number>;
  /** A machine that is not in the catalog: every figure the model needs, given explicitly. */
  machine?: MachineFlagValues;
}

export interface MachineFlagValues {
  vcpus?: number;
  memoryGiB?: number;
  networkGbps?: number;
  diskMBps?: number;
  diskIops?: number;
  pricePerHourUsd?: number;
}

/** Broker settings the cluster description observed, to use instead of the workload file's. */
export type BrokerOverrides = Partial<WorkloadFile['cluster']['broker']>;

/** The cluster to evaluate, before the disk is settled. */
export interface ResolvedCluster {
  spec: Omit<ClusterSpec, 'disk'>;
  /** One entry when the disk is given; every allowed option of the provider when it is not. */
  diskCandidates: (DiskOption | DiskSpec)[];
  /** The instance type was built from explicit figures (not a catalog entry). */
  syntheticInstance: boolean;
  brokerOverrides: BrokerOverrides;
  /** Where each setting came from and what was assumed, one sentence each. */
  notes: string[];
  /** Things to look at that do not fail the check (e.g. a node was down when inspected). */
  warnings: string[];
  /** Leaders per node as observed (description order), or null when not known. */
  observedLeadersPerNode: number[] | null;
}

export interface RunwayMissView {
  month: number;
  /** The first shortfall that month (the worst; null when only the binding constraint says), and all of them. */
  failure: Shortfall | null;
  failures: Shortfall[];
}

export interface Runway {
  horizonMonths: number;
  /** The last month searched: horizon + the months beyond it (--runway-months). */
  searchedThroughMonth: number;
  /** Some workload grows (monthlyGrowthPercent ≠ 0); without growth every month is the same. */
  growth: boolean;
  /** The first month 0..searchedThroughMonth at which the cluster misses a target, or null. */
  firstMiss: RunwayMissView | null;
}

export interface CheckResult {
  /** pass: every target and the budget hold at the forecast horizon. */
  verdict: 'pass' | 'fail';
  /** The model's shortfalls, worst first (empty when it passes). */
  failures: Shortfall[];
  plan: EvaluatedPlan;
  request: PlanRequest;
  /** The cluster exactly as evaluated (disk settled), for the runway and the report. */
  cluster: ClusterSpec;
  runway: Runway;
  notes: string[];
  warnings: string[];
  /** What the workload file alone warrants saying, as `size` says it (the renderers word them). */
  workloadWarnings: PlanWarning[];
  profileName: string;
  syntheticInstance: boolean;
}
