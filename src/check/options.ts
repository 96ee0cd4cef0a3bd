/**
 * `rmq-plan check` flags: the strings commander hands over, checked here, every problem one
 * line (`--flag: expected <what>, got "<value>"`), all reported at once. Flags that override a
 * workload-file field are checked against that field's schema (shared with `size`).
 */
import {
  FlagProblems,
  parseFieldNumber,
  parseFormat,
  parseWidth,
  parseNumberText,
  parseTrafficScale,
  type OutputFormat,
} from '../io/flag-options.js';
import * as B from '../schema/bounds.js';
import { DEFAULT_RUNWAY_MONTHS_BEYOND_HORIZON } from './evaluate.js';
import type { ClusterFlagValues, MachineFlagValues } from './types.js';

/** Longest runway search beyond the horizon: 10 years is past any planning cycle. */
const MAX_RUNWAY_MONTHS = 120;

export interface CheckFlags {
  cluster?: string;
  instanceType?: string;
  nodes?: string;
  disk?: string;
  diskSizeGib?: string;
  diskIops?: string;
  diskThroughputMbps?: string;
  replicationFactor?: string;
  queues?: string;
  vcpus?: string;
  memoryGib?: string;
  networkGbps?: string;
  instanceDiskMbps?: string;
  instanceDiskIops?: string;
  pricePerHourUsd?: string;
  budget?: string;
  maxUtilization?: string;
  maxUtilizationAfterFailure?: string;
  horizonMonths?: string;
  runwayMonths?: string;
  trafficScale?: string;
  catalog?: string;
  calibration?: string;
  format?: string;
  report?: string;
  width?: string;
}

export interface CheckSettings {
  format: OutputFormat;
  clusterFile: string | undefined;
  cluster: ClusterFlagValues;
  trafficScale: number;
  horizonMonths: number | undefined;
  runwayMonthsBeyondHorizon: number;
  catalogFile: string | undefined;
  calibrationFile: string | undefined;
  constraints: { monthlyBudgetUsd?: number; targetUtilization?: number; maxUtilizationAfterFailure?: number };
  reportFile: string | undefined;
  /** --width, when given (src/render/width.ts). */
  width?: number;
}

export function parseCheckFlags(flags: CheckFlags): CheckSettings {
  const problems = new FlagProblems();
  const format = parseFormat(flags.format, problems);
  const trafficScale = parseTrafficScale(flags.trafficScale, problems);
  const horizonMonths = parseFieldNumber('--horizon-months', flags.horizonMonths, ['cluster', 'forecast', 'horizonMonths'], problems);
  const budget = parseFieldNumber('--budget', flags.budget, ['cluster', 'constraints', 'monthlyBudgetUsd'], problems);
  const target = parseFieldNumber('--max-utilization', flags.maxUtilization, ['cluster', 'constraints', 'targetUtilization'], problems);
  const afterFailure = parseFieldNumber(
    '--max-utilization-after-failure',
    flags.maxUtilizationAfterFailure,
    ['cluster', 'constraints', 'maxUtilizationAfterFailure'],
    problems,
  );
  const runway = wholeNumber('--runway-months', flags.runwayMonths, 0, MAX_RUNWAY_MONTHS, problems);
  const width = parseWidth(flags.width, problems);

  const machine: MachineFlagValues = {};
  setIf(machine, 'vcpus', wholeNumber('--vcpus', flags.vcpus, 1, B.MAX_VCPUS, problems));
  setIf(machine, 'memoryGiB', positive('--memory-gib', flags.memoryGib, B.MAX_MEMORY_GIB, problems));
  setIf(machine, 'networkGbps', positive('--network-gbps', flags.networkGbps, B.MAX_NETWORK_GBPS, problems));
  setIf(machine, 'diskMBps', positive('--instance-disk-mbps', flags.instanceDiskMbps, B.MAX_DISK_MBPS, problems));
  setIf(machine, 'diskIops', positive('--instance-disk-iops', flags.instanceDiskIops, B.MAX_DISK_IOPS, problems));
  setIf(machine, 'pricePerHourUsd', positive('--price-per-hour-usd', flags.pricePerHourUsd, B.MAX_PRICE_PER_HOUR_USD, problems));

  const cluster: ClusterFlagValues = {};
  setIf(cluster, 'instanceType', nonEmpty('--instance-type', flags.instanceType, problems));
  setIf(cluster, 'nodes', wholeNumber('--nodes', flags.nodes, 1, B.MAX_NODES, problems));
  setIf(cluster, 'disk', nonEmpty('--disk', flags.disk, problems));
  setIf(cluster, 'diskSizeGiB', positive('--disk-size-gib', flags.diskSizeGib, B.MAX_DISK_GIB, problems));
  setIf(cluster, 'diskIops', positive('--disk-iops', flags.diskIops, B.MAX_DISK_IOPS, problems));
  setIf(cluster, 'diskThroughputMBps', positive('--disk-throughput-mbps', flags.diskThroughputMbps, B.MAX_DISK_MBPS, problems));
  setIf(cluster, 'replicationFactor', wholeNumber('--replication-factor', flags.replicationFactor, 1, B.MAX_NODES, problems));
  setIf(cluster, 'queues', parseQueues(flags.queues, problems));
  if (Object.keys(machine).length > 0) cluster.machine = machine;
  if (flags.cluster === undefined && flags.nodes === undefined) {
    problems.problems.push('--cluster: expected a cluster description file (from `rmq-plan inspect`), or --instance-type and --nodes, got neither');
  }
  if (flags.report !== undefined && flags.report.trim() === '') problems.add('--report', 'a file to write the HTML report to', flags.report);
  problems.throwIfAny();
  return {
    ...(width !== undefined ? { width } : {}),
    format,
    clusterFile: flags.cluster,
    cluster,
    trafficScale,
    horizonMonths,
    runwayMonthsBeyondHorizon: runway ?? DEFAULT_RUNWAY_MONTHS_BEYOND_HORIZON,
    catalogFile: flags.catalog,
    calibrationFile: flags.calibration,
    constraints: {
      ...(budget !== undefined ? { monthlyBudgetUsd: budget } : {}),
      ...(target !== undefined ? { targetUtilization: target } : {}),
      ...(afterFailure !== undefined ? { maxUtilizationAfterFailure: afterFailure } : {}),
    },
    reportFile: flags.report,
  };
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function nonEmpty(flag: string, raw: string | undefined, problems: FlagProblems): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '') {
    problems.add(flag, 'a name', raw);
    return undefined;
  }
  return raw.trim();
}

function positive(flag: string, raw: string | undefined, max: number, problems: FlagProblems): number | undefined {
  if (raw === undefined) return undefined;
  const value = parseNumberText(raw);
  if (value === undefined || value <= 0 || value > max) {
    problems.add(flag, `a number > 0 and ≤ ${max.toLocaleString('en-US')}`, raw);
    return undefined;
  }
  return value;
}

function wholeNumber(flag: string, raw: string | undefined, min: number, max: number, problems: FlagProblems): number | undefined {
  if (raw === undefined) return undefined;
  const value = parseNumberText(raw);
  if (value === undefined || !Number.isInteger(value) || value < min || value > max) {
    problems.add(flag, max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`, raw);
    return undefined;
  }
  return value;
}

/** "orders=4,billing=1" → { orders: 4, billing: 1 }. */
export function parseQueues(raw: string | undefined, problems: FlagProblems): Record<string, number> | undefined {
  if (raw === undefined) return undefined;
  const out: Record<string, number> = {};
  const items = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const bad = items.length === 0 || items.some((item) => {
    const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(item);
    const count = match ? parseNumberText(match[2]!) : undefined;
    if (!match || count === undefined || !Number.isInteger(count) || count < 1) return true;
    out[match[1]!] = count;
    return false;
  });
  if (bad) {
    problems.add('--queues', 'workload=queues pairs with whole numbers ≥ 1, comma-separated (e.g. orders=4,billing=1)', raw);
    return undefined;
  }
  return out;
}
