/**
 * Disk provisioning: the cheapest volume of a disk option that gives a node the space, IOPS and
 * throughput it needs. A volume's IOPS are baseline + per-GiB × size (capped at the option's
 * maximum), plus IOPS bought at pricePerProvisionedIopsMonthUsd where the option sells them
 * (gp3 and io2 do, gp2 and pd-ssd scale with size only); throughput likewise
 * (src/catalog/schema.ts documents each field). Growing the volume and buying IOPS are both
 * tried, and the cheaper wins.
 */
import type { DiskOption } from '../catalog/schema.js';
import { ceilCount } from './shards.js';

export interface Volume {
  sizeGiB: number;
  /** IOPS the volume delivers (included + size-scaled + bought). */
  iops: number;
  /** MB/s the volume delivers (included + size-scaled + bought). */
  throughputMBps: number;
  monthlyUsd: number;
  /** The volume meets every need. */
  fits: boolean;
}

export function newVolume(): Volume {
  return { sizeGiB: 0, iops: 0, throughputMBps: 0, monthlyUsd: 0, fits: false };
}

/** IOPS a volume of this size gets without buying any. */
export function includedIops(option: DiskOption, sizeGiB: number): number {
  return Math.min(option.maxIops, option.baselineIops + option.iopsPerGiB * sizeGiB);
}

/** MB/s a volume of this size gets without buying any. */
export function includedThroughputMBps(option: DiskOption, sizeGiB: number): number {
  return Math.min(option.maxThroughputMBps, option.baselineThroughputMBps + option.throughputMBpsPerGiB * sizeGiB);
}

/** Monthly price of a volume with this size, IOPS and throughput (only what exceeds the included amounts is bought). */
export function volumeMonthlyUsd(option: DiskOption, sizeGiB: number, iops: number, throughputMBps: number): number {
  const boughtIops = Math.max(0, iops - includedIops(option, sizeGiB));
  const boughtMBps = Math.max(0, throughputMBps - includedThroughputMBps(option, sizeGiB));
  return sizeGiB * option.pricePerGiBMonthUsd + boughtIops * option.pricePerProvisionedIopsMonthUsd + boughtMBps * option.pricePerProvisionedMBpsMonthUsd;
}

function clampSize(option: DiskOption, sizeGiB: number, floor: number): number {
  return Math.min(option.maxSizeGiB, Math.max(floor, sizeGiB));
}

const candidateSizes = new Float64Array(4);

/**
 * Cheapest volume of `option` with ≥ needGiB, ≥ needIops and ≥ needMBps, written into `out`
 * (no allocation: the planner calls this in its inner loop). When nothing fits (the option's
 * maxima are too small), `out` is the most capable volume tried and `fits` is false.
 */
export function provisionVolume(option: DiskOption, needGiB: number, needIops: number, needMBps: number, out: Volume): Volume {
  const base = clampSize(option, ceilCount(needGiB), Math.ceil(option.minSizeGiB));
  const wantIops = Math.min(Math.ceil(needIops - 1e-9), option.maxIops);
  const wantMBps = Math.min(Math.ceil(needMBps - 1e-9), option.maxThroughputMBps);
  const forIops = option.iopsPerGiB > 0 ? ceilCount((wantIops - option.baselineIops) / option.iopsPerGiB) : base;
  const forMBps = option.throughputMBpsPerGiB > 0 ? ceilCount((wantMBps - option.baselineThroughputMBps) / option.throughputMBpsPerGiB) : base;
  candidateSizes[0] = base;
  candidateSizes[1] = clampSize(option, forIops, base);
  candidateSizes[2] = clampSize(option, forMBps, base);
  candidateSizes[3] = clampSize(option, Math.max(forIops, forMBps), base);

  let bestCost = Infinity;
  let found = false;
  for (let c = 0; c < 4; c++) {
    const size = candidateSizes[c]!;
    const natIops = includedIops(option, size);
    const natMBps = includedThroughputMBps(option, size);
    const iops = natIops >= wantIops || option.pricePerProvisionedIopsMonthUsd <= 0 ? natIops : wantIops;
    const mbpsValue = natMBps >= wantMBps || option.pricePerProvisionedMBpsMonthUsd <= 0 ? natMBps : wantMBps;
    const fits = size >= needGiB - 1e-9 && iops >= needIops - 1e-9 && mbpsValue >= needMBps - 1e-9;
    const cost = volumeMonthlyUsd(option, size, iops, mbpsValue);
    // Fitting volumes by price; until one fits, keep the most capable (the largest candidate comes last).
    if (fits ? !found || cost < bestCost : !found) {
      out.sizeGiB = size;
      out.iops = iops;
      out.throughputMBps = mbpsValue;
      out.monthlyUsd = cost;
      out.fits = fits;
      if (fits) {
        found = true;
        bestCost = cost;
      }
    }
  }
  return out;
}

/**
 * A given volume (for checking an existing cluster): IOPS and throughput default to what the
 * size includes, and are capped at the option's maxima.
 */
export function givenVolume(
  option: DiskOption,
  sizeGiB: number,
  iops: number | undefined,
  throughputMBps: number | undefined,
  needGiB: number,
  needIops: number,
  needMBps: number,
  out: Volume,
): Volume {
  out.sizeGiB = sizeGiB;
  out.iops = Math.min(option.maxIops, Math.max(iops ?? 0, includedIops(option, sizeGiB)));
  out.throughputMBps = Math.min(option.maxThroughputMBps, Math.max(throughputMBps ?? 0, includedThroughputMBps(option, sizeGiB)));
  out.monthlyUsd = volumeMonthlyUsd(option, sizeGiB, out.iops, out.throughputMBps);
  out.fits = sizeGiB >= needGiB - 1e-9 && out.iops >= needIops - 1e-9 && out.throughputMBps >= needMBps - 1e-9;
  return out;
}
