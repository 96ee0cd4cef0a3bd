/**
 * What a change of calibration profile means for capacity, computed with the real model
 * (src/model's public API, evaluateCluster): per queue type, the per-queue ceiling at a message
 * size, and the highest peak rate a given cluster carries while meeting the default targets.
 * Pure: the catalog's instance type and disk option are passed in.
 */
import type { DiskOption, InstanceType } from '../catalog/schema.js';
import { evaluateCluster, type EvaluatedPlan, type PlanRequest } from '../model/index.js';
import type { Profile } from '../schema/profile.js';
import { WorkloadFileSchema, type QueueType, type WorkloadFile, type WorkloadFileInput } from '../schema/workload.js';
import { changePercent } from './compare.js';

export interface CapacitySetup {
  instanceType: InstanceType;
  disk: DiskOption;
  nodes: number;
  sizeBytes: number;
  hoursPerMonth: number;
}

export interface ClusterCapacity {
  /** Highest peak publish rate that meets every target (msg/s). */
  maxMsgPerSec: number;
  /** What binds at that rate, e.g. "cpu (healthy)". */
  binding: string;
}

export interface CapacityChange {
  queueType: QueueType;
  sizeBytes: number;
  ceilingOldMsgPerSec: number;
  ceilingNewMsgPerSec: number;
  ceilingChangePercent: number | null;
  cluster: {
    instanceType: string;
    vcpus: number;
    nodes: number;
    disk: string;
    nodeFailuresToTolerate: number;
    /** The workload file's default limits the capacity respects (healthy, after failures). */
    targetUtilization: number;
    maxUtilizationAfterFailure: number;
  };
  old: ClusterCapacity;
  new: ClusterCapacity;
  clusterChangePercent: number | null;
}

/** Bisection stops when the bracket is within 0.2 %: far below the profiles' own uncertainty. */
const RATE_RESOLUTION = 0.002;
/** First upper guess and the rate beyond which the search gives up doubling (no cluster carries 10⁹ msg/s). */
const FIRST_GUESS_MSG_PER_SEC = 1000;
const MAX_SEARCH_MSG_PER_SEC = 1e9;
/** The lightest load evaluated (msg/s), to read the per-queue ceiling and check the empty cluster fits. */
const PROBE_MSG_PER_SEC = 1;
const WORKLOAD_NAME = 'capacity';

/** One node failure tolerated when there are enough nodes for a quorum (2f+1), as the workload file's default. */
function failuresFor(nodes: number): number {
  return nodes >= 3 ? 1 : 0;
}

/** The one-workload file the capacity lines evaluate, parsed once per queue type and setup (not per bisection step). */
function workloadFile(setup: CapacitySetup, queueType: QueueType): WorkloadFile {
  const input: WorkloadFileInput = {
    version: 1,
    cluster: {
      ha: { nodeFailuresToTolerate: failuresFor(setup.nodes) },
      constraints: { productionMinimums: false, maxNodes: Math.max(9, setup.nodes) },
      forecast: { horizonMonths: 0 },
    },
    workloads: [
      {
        name: WORKLOAD_NAME,
        publishRate: { averageMsgPerSec: PROBE_MSG_PER_SEC, peakMsgPerSec: PROBE_MSG_PER_SEC },
        messageSize: setup.sizeBytes,
        queueType,
      },
    ],
  };
  return WorkloadFileSchema.parse(input);
}

/** The same file at another steady rate: only the rates change (average = peak), so it needs no second parse. */
function atRate(file: WorkloadFile, rate: number): WorkloadFile {
  const [w] = file.workloads;
  return { ...file, workloads: [{ ...w!, publishRate: { ...w!.publishRate, averageMsgPerSec: rate, peakMsgPerSec: rate } }] };
}

function request(profile: Profile, setup: CapacitySetup, file: WorkloadFile, rate: number): PlanRequest {
  return {
    workload: atRate(file, rate),
    instanceTypes: [setup.instanceType],
    diskOptions: [setup.disk],
    hoursPerMonth: setup.hoursPerMonth,
    profile,
    trafficScale: 1,
  };
}

function evaluate(profile: Profile, setup: CapacitySetup, queueType: QueueType, file: WorkloadFile, rate: number): EvaluatedPlan {
  return evaluateCluster(request(profile, setup, file, rate), {
    instanceType: setup.instanceType,
    nodes: setup.nodes,
    disk: setup.disk,
    replicationFactor: queueType === 'classic' ? 1 : Math.min(3, setup.nodes),
  });
}

function bindingText(plan: EvaluatedPlan): string {
  return `${plan.binding.resource} (${plan.binding.scenario})`;
}

/** The highest peak rate the cluster carries within every target, by bisection on evaluateCluster. */
export function clusterCapacity(profile: Profile, setup: CapacitySetup, queueType: QueueType): ClusterCapacity {
  const file = workloadFile(setup, queueType);
  const probe = evaluate(profile, setup, queueType, file, PROBE_MSG_PER_SEC);
  if (!probe.feasible) return { maxMsgPerSec: 0, binding: bindingText(probe) };
  let lo = PROBE_MSG_PER_SEC;
  let loPlan = probe;
  let hi = FIRST_GUESS_MSG_PER_SEC;
  for (;;) {
    const plan = evaluate(profile, setup, queueType, file, hi);
    if (!plan.feasible) break;
    lo = hi;
    loPlan = plan;
    if (hi >= MAX_SEARCH_MSG_PER_SEC) return { maxMsgPerSec: lo, binding: bindingText(loPlan) };
    hi *= 2;
  }
  while ((hi - lo) / lo > RATE_RESOLUTION) {
    const mid = (lo + hi) / 2;
    const plan = evaluate(profile, setup, queueType, file, mid);
    if (plan.feasible) {
      lo = mid;
      loPlan = plan;
    } else {
      hi = mid;
    }
  }
  return { maxMsgPerSec: lo, binding: bindingText(loPlan) };
}

/** Per-queue ceiling (msg/s) at the setup's message size, as the model's layout reports it. */
export function queueCeiling(profile: Profile, setup: CapacitySetup, queueType: QueueType): number {
  const plan = evaluate(profile, setup, queueType, workloadFile(setup, queueType), PROBE_MSG_PER_SEC);
  return plan.layout[0]!.perQueueCeilingMsgPerSec;
}

export function capacityChanges(oldProfile: Profile, newProfile: Profile, setup: CapacitySetup, queueTypes: readonly QueueType[]): CapacityChange[] {
  const limits = workloadFile(setup, 'quorum').cluster.constraints;
  return queueTypes.map((queueType) => {
    const ceilingOld = queueCeiling(oldProfile, setup, queueType);
    const ceilingNew = queueCeiling(newProfile, setup, queueType);
    const before = clusterCapacity(oldProfile, setup, queueType);
    const after = clusterCapacity(newProfile, setup, queueType);
    return {
      queueType,
      sizeBytes: setup.sizeBytes,
      ceilingOldMsgPerSec: ceilingOld,
      ceilingNewMsgPerSec: ceilingNew,
      ceilingChangePercent: changePercent(ceilingOld, ceilingNew),
      cluster: {
        instanceType: setup.instanceType.name,
        vcpus: setup.instanceType.vcpus,
        nodes: setup.nodes,
        disk: setup.disk.name,
        nodeFailuresToTolerate: failuresFor(setup.nodes),
        targetUtilization: limits.targetUtilization,
        maxUtilizationAfterFailure: limits.maxUtilizationAfterFailure,
      },
      old: before,
      new: after,
      clusterChangePercent: changePercent(before.maxMsgPerSec, after.maxMsgPerSec),
    };
  });
}
