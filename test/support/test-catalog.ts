/**
 * TEST-ONLY hardware catalog: a handful of instance types and disks with plausible, round
 * figures (shaped like data/catalog.json, not copied from it), so that model tests do not move
 * when the shipped catalog is updated. Never use it to size anything real.
 */
import type { DiskOption, InstanceType } from '../../src/catalog/schema.js';

const SOURCE = { source: 'https://example.com/test-only', sourceDate: '2000-01-01', verified: 'unverified' as const };

function aws(
  name: string,
  family: string,
  category: InstanceType['category'],
  vcpus: number,
  memoryGiB: number,
  networkGbps: number,
  diskMBps: number,
  diskIops: number,
  price: number,
): InstanceType {
  return {
    provider: 'aws',
    name,
    family,
    category,
    vcpus,
    memoryGiB,
    networkGbps,
    diskMaxThroughputMBps: diskMBps,
    diskMaxIops: diskIops,
    pricePerHourUsd: price,
    region: 'test-1',
    ...SOURCE,
  };
}

export const testInstanceTypes: InstanceType[] = [
  aws('c6i.large', 'c6i', 'compute', 2, 4, 0.78, 80, 3600, 0.085),
  aws('c6i.xlarge', 'c6i', 'compute', 4, 8, 1.5, 150, 6000, 0.17),
  aws('c6i.2xlarge', 'c6i', 'compute', 8, 16, 3, 300, 12000, 0.34),
  aws('c6i.4xlarge', 'c6i', 'compute', 16, 32, 6, 600, 20000, 0.68),
  aws('m6i.xlarge', 'm6i', 'general', 4, 16, 1.5, 150, 6000, 0.192),
  aws('m6i.2xlarge', 'm6i', 'general', 8, 32, 3, 300, 12000, 0.384),
  aws('r6i.xlarge', 'r6i', 'memory', 4, 32, 1.5, 150, 6000, 0.252),
  {
    provider: 'gcp',
    name: 'n2-standard-4',
    family: 'n2-standard',
    category: 'general',
    vcpus: 4,
    memoryGiB: 16,
    networkGbps: 10,
    diskMaxThroughputMBps: 240,
    diskMaxIops: 15000,
    pricePerHourUsd: 0.194,
    region: 'test-1',
    ...SOURCE,
  },
];

function disk(d: Omit<DiskOption, 'source' | 'sourceDate' | 'verified' | 'writeLatencySource'>): DiskOption {
  return { ...d, writeLatencySource: 'assumption: test-only', ...SOURCE };
}

/** gp3-like: 3,000 IOPS and 125 MB/s included, more bought; 1 ms fsync. */
export const gp3 = disk({
  provider: 'aws',
  name: 'gp3',
  media: 'ssd',
  minSizeGiB: 1,
  maxSizeGiB: 16384,
  pricePerGiBMonthUsd: 0.08,
  baselineIops: 3000,
  iopsPerGiB: 0,
  maxIops: 16000,
  pricePerProvisionedIopsMonthUsd: 0.005,
  baselineThroughputMBps: 125,
  throughputMBpsPerGiB: 0,
  maxThroughputMBps: 1000,
  pricePerProvisionedMBpsMonthUsd: 0.04,
  writeLatencyMs: 1,
});
/** io2-like: every IOPS bought; 0.5 ms fsync. */
export const io2 = disk({
  provider: 'aws',
  name: 'io2',
  media: 'ssd',
  minSizeGiB: 4,
  maxSizeGiB: 16384,
  pricePerGiBMonthUsd: 0.125,
  baselineIops: 0,
  iopsPerGiB: 0,
  maxIops: 64000,
  pricePerProvisionedIopsMonthUsd: 0.065,
  baselineThroughputMBps: 500,
  throughputMBpsPerGiB: 0,
  maxThroughputMBps: 1000,
  pricePerProvisionedMBpsMonthUsd: 0,
  writeLatencyMs: 0.5,
});
/** gp2-like: IOPS and throughput scale with size only. */
export const gp2 = disk({
  provider: 'aws',
  name: 'gp2',
  media: 'ssd',
  minSizeGiB: 1,
  maxSizeGiB: 16384,
  pricePerGiBMonthUsd: 0.1,
  baselineIops: 100,
  iopsPerGiB: 3,
  maxIops: 16000,
  pricePerProvisionedIopsMonthUsd: 0,
  baselineThroughputMBps: 0,
  throughputMBpsPerGiB: 0.75,
  maxThroughputMBps: 250,
  pricePerProvisionedMBpsMonthUsd: 0,
  writeLatencyMs: 1,
});
/** An HDD: excluded unless named. */
export const st1 = disk({
  provider: 'aws',
  name: 'st1',
  media: 'hdd',
  minSizeGiB: 125,
  maxSizeGiB: 16384,
  pricePerGiBMonthUsd: 0.045,
  baselineIops: 500,
  iopsPerGiB: 0,
  maxIops: 500,
  pricePerProvisionedIopsMonthUsd: 0,
  baselineThroughputMBps: 40,
  throughputMBpsPerGiB: 0.04,
  maxThroughputMBps: 500,
  pricePerProvisionedMBpsMonthUsd: 0,
  writeLatencyMs: 10,
});
export const pdSsd = disk({
  provider: 'gcp',
  name: 'pd-ssd',
  media: 'ssd',
  minSizeGiB: 10,
  maxSizeGiB: 65536,
  pricePerGiBMonthUsd: 0.17,
  baselineIops: 6000,
  iopsPerGiB: 30,
  maxIops: 100000,
  pricePerProvisionedIopsMonthUsd: 0,
  baselineThroughputMBps: 250,
  throughputMBpsPerGiB: 0.5,
  maxThroughputMBps: 1200,
  pricePerProvisionedMBpsMonthUsd: 0,
  writeLatencyMs: 1,
});

export const testDiskOptions: DiskOption[] = [gp3, io2, gp2, st1, pdSsd];
export const HOURS_PER_MONTH = 730;

export function instance(name: string): InstanceType {
  const t = testInstanceTypes.find((x) => x.name === name);
  if (!t) throw new Error(`test catalog has no ${name}`);
  return t;
}
