/**
 * The hardware catalog: cloud instance types and block-disk options the planner enumerates.
 * Every figure carries the page it was read from, the date of that copy, and whether it was
 * checked against that copy (`verified: "search-corpus"`) or is not verified (`"unverified"`).
 *
 * Units (docs/catalog.md):
 *  - networkGbps / diskMax* are SUSTAINED BASELINE figures; short bursts go in networkBurstGbps
 *    (and, for disks, in `notes`), never in the baseline fields.
 *  - MB/s = 10^6 bytes per second; GiB = 2^30 bytes; Gbps = 10^9 bits per second.
 *  - Prices are USD, on-demand, Linux; monthly disk prices assume `hoursPerMonth` (730).
 */
import * as B from '../schema/bounds.js';
import { z } from '../schema/zod.js';

export const PROVIDERS = ['aws', 'gcp', 'azure'] as const;
export const ProviderSchema = z.enum(PROVIDERS);
export type Provider = z.infer<typeof ProviderSchema>;

export const CATEGORIES = ['general', 'compute', 'memory'] as const;
export const CategorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof CategorySchema>;

export const VerificationSchema = z.enum(['search-corpus', 'unverified']);
export type Verification = z.infer<typeof VerificationSchema>;

/** YYYY-MM-DD, a real calendar date. */
const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'expected a real calendar date as YYYY-MM-DD');

/** Provenance fields shared by instance types and disk options. */
const Source = {
  /** The page the figures were read from. */
  source: z.string().url(),
  /** Date of that copy of the page (YYYY-MM-DD). */
  sourceDate: IsoDate,
  verified: VerificationSchema,
};

export const InstanceTypeSchema = z
  .object({
    provider: ProviderSchema,
    /** e.g. "m5.xlarge", "n2-standard-4", "Standard_D4s_v5". */
    name: z.string().min(1),
    /** e.g. "m5", "n2-standard", "Dsv5". */
    family: z.string().min(1),
    category: CategorySchema,
    vcpus: z.number().int().positive().max(B.MAX_VCPUS),
    memoryGiB: z.number().positive().max(B.MAX_MEMORY_GIB),
    /** Sustained baseline network bandwidth (Gbps). */
    networkGbps: z.number().positive().max(B.MAX_NETWORK_GBPS),
    /** Short-term burst ceiling (Gbps) for instances that have a credit/burst mechanism. */
    networkBurstGbps: z.number().positive().max(B.MAX_NETWORK_GBPS).optional(),
    /** Instance-level block-storage bandwidth, sustained baseline, MB/s (10^6 B/s). */
    diskMaxThroughputMBps: z.number().positive().max(B.MAX_DISK_MBPS),
    /** Instance-level block-storage IOPS, sustained baseline. */
    diskMaxIops: z.number().positive().max(B.MAX_DISK_IOPS),
    /** On-demand, Linux, USD per hour. */
    pricePerHourUsd: z.number().positive().max(B.MAX_PRICE_PER_HOUR_USD),
    /** Region the price applies to, e.g. "us-east-1". */
    region: z.string(),
    ...Source,
    notes: z.string().optional(),
  })
  .strict();

export const DiskOptionSchema = z
  .object({
    provider: ProviderSchema,
    /** "gp3", "io2", "pd-ssd", "premium-ssd-v2", … */
    name: z.string(),
    media: z.enum(['ssd', 'hdd']),
    minSizeGiB: z.number().positive().max(B.MAX_DISK_GIB),
    maxSizeGiB: z.number().positive().max(B.MAX_DISK_GIB),
    pricePerGiBMonthUsd: z.number().nonnegative().max(B.MAX_UNIT_PRICE_USD),
    /** IOPS included with the volume regardless of size. */
    baselineIops: z.number().nonnegative().max(B.MAX_DISK_IOPS),
    /** IOPS that scale with size (gp2 3/GiB, pd-ssd 30/GiB); 0 if none. */
    iopsPerGiB: z.number().nonnegative().max(B.MAX_DISK_IOPS),
    /** Per-volume maximum IOPS. */
    maxIops: z.number().positive().max(B.MAX_DISK_IOPS),
    /** Price of IOPS bought above baseline + size-scaled IOPS; 0 when IOPS cannot be bought. */
    pricePerProvisionedIopsMonthUsd: z.number().nonnegative().max(B.MAX_UNIT_PRICE_USD),
    /** MB/s (10^6 B/s) included with the volume regardless of size. */
    baselineThroughputMBps: z.number().nonnegative().max(B.MAX_DISK_MBPS),
    /** MB/s that scale with size; 0 if none. */
    throughputMBpsPerGiB: z.number().nonnegative().max(B.MAX_DISK_MBPS),
    /** Per-volume maximum MB/s. */
    maxThroughputMBps: z.number().positive().max(B.MAX_DISK_MBPS),
    /** Price per MB/s bought above baseline + size-scaled; 0 when throughput cannot be bought. */
    pricePerProvisionedMBpsMonthUsd: z.number().nonnegative().max(B.MAX_UNIT_PRICE_USD),
    /** Typical small synchronous write (fsync) latency, ms. */
    writeLatencyMs: z.number().positive().max(B.MAX_DISK_LATENCY_MS),
    /** Where the latency figure comes from: URL + quote, or "assumption: …". */
    writeLatencySource: z.string(),
    ...Source,
    notes: z.string().optional(),
  })
  .strict();

const CatalogObjectSchema = z
  .object({
    version: z.literal(1),
    description: z.string(),
    /** Hours in the billing month used to turn hourly prices into monthly ones (730 = 8760/12). */
    hoursPerMonth: z.number().positive().max(B.HOURS_PER_MONTH_MAX),
    instanceTypes: z.array(InstanceTypeSchema).min(1).max(B.MAX_CATALOG_INSTANCE_TYPES),
    diskOptions: z.array(DiskOptionSchema).min(1).max(B.MAX_CATALOG_DISK_OPTIONS),
  })
  .strict();

export const CatalogSchema = CatalogObjectSchema.superRefine((catalog, ctx) => {
  const seenInstances = new Map<string, number>();
  catalog.instanceTypes.forEach((it, i) => {
    const key = `${it.provider}/${it.name}`;
    const first = seenInstances.get(key);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['instanceTypes', i, 'name'],
        message: `expected a unique (provider, name), got "${it.provider}" "${it.name}" again (first at instanceTypes[${first}])`,
      });
    } else {
      seenInstances.set(key, i);
    }
    if (it.networkBurstGbps !== undefined && it.networkBurstGbps < it.networkGbps) {
      ctx.addIssue({
        code: 'custom',
        path: ['instanceTypes', i, 'networkBurstGbps'],
        message: `expected networkBurstGbps ≥ networkGbps (${it.networkGbps}), got ${it.networkBurstGbps}`,
      });
    }
  });

  const seenDisks = new Map<string, number>();
  const diskProviders = new Set<string>();
  catalog.diskOptions.forEach((d, i) => {
    diskProviders.add(d.provider);
    const key = `${d.provider}/${d.name}`;
    const first = seenDisks.get(key);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['diskOptions', i, 'name'],
        message: `expected a unique (provider, name), got "${d.provider}" "${d.name}" again (first at diskOptions[${first}])`,
      });
    } else {
      seenDisks.set(key, i);
    }
    if (d.minSizeGiB > d.maxSizeGiB) {
      ctx.addIssue({
        code: 'custom',
        path: ['diskOptions', i, 'minSizeGiB'],
        message: `expected minSizeGiB ≤ maxSizeGiB (${d.maxSizeGiB}), got ${d.minSizeGiB}`,
      });
    }
    if (d.baselineIops > d.maxIops) {
      ctx.addIssue({
        code: 'custom',
        path: ['diskOptions', i, 'baselineIops'],
        message: `expected baselineIops ≤ maxIops (${d.maxIops}), got ${d.baselineIops}`,
      });
    }
    if (d.baselineThroughputMBps > d.maxThroughputMBps) {
      ctx.addIssue({
        code: 'custom',
        path: ['diskOptions', i, 'baselineThroughputMBps'],
        message: `expected baselineThroughputMBps ≤ maxThroughputMBps (${d.maxThroughputMBps}), got ${d.baselineThroughputMBps}`,
      });
    }
  });

  const instanceProviders = new Set(catalog.instanceTypes.map((it) => it.provider));
  for (const p of instanceProviders) {
    if (!diskProviders.has(p)) {
      const i = catalog.instanceTypes.findIndex((it) => it.provider === p);
      ctx.addIssue({
        code: 'custom',
        path: ['diskOptions'],
        message: `expected at least one disk option for provider "${p}" (instanceTypes[${i}] is a ${p} instance type), got none`,
      });
    }
  }
});

export type Catalog = z.infer<typeof CatalogSchema>;
export type InstanceType = z.infer<typeof InstanceTypeSchema>;
export type DiskOption = z.infer<typeof DiskOptionSchema>;
