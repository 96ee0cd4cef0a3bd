/**
 * The slice of the hardware catalog a workload file allows: its providers, instance types,
 * families, categories and disk types. A name that is not in the catalog is a typo until
 * proven otherwise, so it is bad input (with a "did you mean"), not an empty search.
 */
import { filterDiskOptions, filterInstanceTypes } from '../../catalog/load.js';
import type { Catalog, DiskOption, InstanceType, Provider } from '../../catalog/schema.js';
import { InputError } from '../../errors.js';
import type { WorkloadFile } from '../../schema/workload.js';

export interface HardwareSlice {
  instanceTypes: InstanceType[];
  diskOptions: DiskOption[];
}

/** Disk media searched when the file names no disk types: the schema's documented default. */
const DEFAULT_DISK_MEDIA: DiskOption['media'][] = ['ssd'];
/** Names listed in an "expected one of" hint before "…". */
const MAX_LISTED_NAMES = 8;

export function selectHardware(catalog: Catalog, workload: WorkloadFile, where: string): HardwareSlice {
  const c = workload.cluster.constraints;
  const problems: string[] = [];
  checkKnown(
    problems,
    where,
    'instanceTypes',
    c.instanceTypes,
    catalog.instanceTypes.map((it) => it.name),
  );
  checkKnown(
    problems,
    where,
    'instanceFamilies',
    c.instanceFamilies,
    catalog.instanceTypes.map((it) => it.family),
  );
  checkKnown(
    problems,
    where,
    'diskTypes',
    c.diskTypes,
    catalog.diskOptions.map((d) => d.name),
  );
  if (problems.length > 0) throw new InputError(problems);

  const providers = c.providers as Provider[] | undefined;
  const instanceTypes = filterInstanceTypes(catalog, {
    ...(providers ? { providers } : {}),
    ...(c.instanceTypes ? { names: c.instanceTypes } : {}),
    ...(c.instanceFamilies ? { families: c.instanceFamilies } : {}),
    ...(c.categories ? { categories: c.categories } : {}),
  });
  const diskOptions = filterDiskOptions(catalog, {
    ...(providers ? { providers } : {}),
    ...(c.diskTypes ? { names: c.diskTypes } : { media: DEFAULT_DISK_MEDIA }),
  });
  if (instanceTypes.length === 0) {
    problems.push(
      `${where}: cluster.constraints: expected constraints that allow at least one catalog instance type, got ${describeConstraints(workload)}, which match none`,
    );
  }
  const usable = new Set(instanceTypes.map((it) => it.provider));
  if (instanceTypes.length > 0 && !diskOptions.some((d) => usable.has(d.provider))) {
    problems.push(
      `${where}: cluster.constraints.diskTypes: expected a disk type offered by ${[...usable].join(', ')}, got ${JSON.stringify(c.diskTypes ?? [])}`,
    );
  }
  if (problems.length > 0) throw new InputError(problems);
  return { instanceTypes, diskOptions };
}

function checkKnown(problems: string[], where: string, field: string, given: readonly string[] | undefined, known: readonly string[]): void {
  if (!given) return;
  const names = [...new Set(known)];
  const lower = new Set(names.map((n) => n.toLowerCase()));
  given.forEach((name, index) => {
    if (lower.has(name.toLowerCase())) return;
    const close = names.filter((n) => n.toLowerCase().startsWith(name.toLowerCase().slice(0, 2))).slice(0, MAX_LISTED_NAMES);
    const hint = close.length > 0 ? ` (catalog has e.g. ${close.join(', ')})` : '';
    problems.push(`${where}: cluster.constraints.${field}[${index}]: expected a name from the catalog, got ${JSON.stringify(name)}${hint}`);
  });
}

function describeConstraints(workload: WorkloadFile): string {
  const c = workload.cluster.constraints;
  const parts: string[] = [];
  if (c.providers) parts.push(`providers ${c.providers.join(', ')}`);
  if (c.instanceTypes) parts.push(`instanceTypes ${c.instanceTypes.join(', ')}`);
  if (c.instanceFamilies) parts.push(`instanceFamilies ${c.instanceFamilies.join(', ')}`);
  if (c.categories) parts.push(`categories ${c.categories.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'no filters';
}
