/** Builders for model tests: a validated workload file and a PlanRequest on the test catalog and profile. */
import { WorkloadFileSchema, type WorkloadFile, type WorkloadFileInput } from '../../src/schema/workload.js';
import type { PlanRequest } from '../../src/model/types.js';
import { HOURS_PER_MONTH, testDiskOptions, testInstanceTypes } from '../support/test-catalog.js';
import { testProfile } from '../support/test-profile.js';

type WorkloadInput = WorkloadFileInput['workloads'][number];
type ClusterInput = NonNullable<WorkloadFileInput['cluster']>;

/** One workload with sensible test defaults: 1,000 msg/s peak of 1,000 B, no growth. */
export function workload(over: Partial<WorkloadInput> = {}): WorkloadInput {
  return {
    name: 'orders',
    publishRate: { averageMsgPerSec: 500, peakMsgPerSec: 1000 },
    messageSize: 1000,
    ...over,
  } as WorkloadInput;
}

export function workloadFile(workloads: WorkloadInput[], cluster: ClusterInput = {}): WorkloadFile {
  return WorkloadFileSchema.parse({ version: 1, cluster, workloads });
}

export function request(file: WorkloadFile, over: Partial<PlanRequest> = {}): PlanRequest {
  return {
    workload: file,
    instanceTypes: testInstanceTypes,
    diskOptions: testDiskOptions,
    hoursPerMonth: HOURS_PER_MONTH,
    profile: testProfile,
    trafficScale: 1,
    ...over,
  };
}
