/**
 * The instance types and disk options a workload file allows (cluster.constraints). The CLI
 * already passes a filtered catalog slice; applying the same filters here keeps the model
 * correct for any caller, and adds the one the catalog slice does not: productionMinimums
 * (≥ 4 vCPU and ≥ 4 GiB per node: https://www.rabbitmq.com/docs/production-checklist).
 */
import type { DiskOption, InstanceType } from '../catalog/schema.js';
import type { WorkloadFile } from '../schema/workload.js';
import { PRODUCTION_MIN_MEMORY_GIB, PRODUCTION_MIN_VCPUS } from './constants.js';

/** Disk media searched when the file names no disk types (schema: "Default: all SSD options"). */
const DEFAULT_DISK_MEDIA: DiskOption['media'] = 'ssd';

function lowerSet(values: readonly string[] | undefined): Set<string> | null {
  return values ? new Set(values.map((v) => v.toLowerCase())) : null;
}

export function meetsProductionMinimums(type: InstanceType): boolean {
  return type.vcpus >= PRODUCTION_MIN_VCPUS && type.memoryGiB >= PRODUCTION_MIN_MEMORY_GIB;
}

export function allowedInstanceTypes(file: WorkloadFile, types: readonly InstanceType[]): InstanceType[] {
  const c = file.cluster.constraints;
  const names = lowerSet(c.instanceTypes);
  const families = lowerSet(c.instanceFamilies);
  return types.filter(
    (t) =>
      (!c.providers || c.providers.includes(t.provider)) &&
      (!names || names.has(t.name.toLowerCase())) &&
      (!families || families.has(t.family.toLowerCase())) &&
      (!c.categories || c.categories.includes(t.category)) &&
      (!c.productionMinimums || meetsProductionMinimums(t)),
  );
}

export function allowedDiskOptions(file: WorkloadFile, disks: readonly DiskOption[]): DiskOption[] {
  const c = file.cluster.constraints;
  const names = lowerSet(c.diskTypes);
  return disks.filter((d) => (!c.providers || c.providers.includes(d.provider)) && (names ? names.has(d.name.toLowerCase()) : d.media === DEFAULT_DISK_MEDIA));
}
