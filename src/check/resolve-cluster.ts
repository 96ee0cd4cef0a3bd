/**
 * The cluster `check` evaluates, from a cluster description (src/schema/cluster.ts), flags, or
 * both (a flag overrides the description's value). The model evaluates identical nodes, one
 * replication factor for every replicated workload and its own balanced placement, so a
 * description that says otherwise is either bad input (mixed instance types) or a warning
 * (unbalanced leaders), never silently averaged away.
 *
 * An instance type is needed because the description cannot say what the management API does
 * not show: network and disk bandwidth, and the price. Cores and memory alone do not make an
 * instance type; with --network-gbps, --instance-disk-mb-per-sec, --instance-disk-iops and
 * --price-per-hour-usd given as well they do, and the check says the machine is described by hand.
 */
import type { Catalog, DiskOption, InstanceType, Provider } from '../catalog/schema.js';
import { InputError } from '../errors.js';
import type { DiskSpec } from '../model/cluster.js';
import { BYTES_PER_GIB, DEFAULT_QUORUM_GROUP_SIZE } from '../model/constants.js';
import type { ClusterDescription, ClusterNode } from '../schema/cluster.js';
import type { WorkloadFile } from '../schema/workload.js';
import { bytes, int } from '../format/numbers.js';
import type { BrokerOverrides, ClusterFlagValues, MachineFlagValues, ResolvedCluster } from './types.js';

/** Relative difference below which an observed figure "agrees" with the configured one (rounding in mem_limit). */
const AGREEMENT_TOLERANCE = 0.02;
/** Names listed in a "catalog has e.g." hint. */
const MAX_HINTS = 6;
/** The `source` of an instance type described by flags: no page, the user's own figures. */
export const SYNTHETIC_SOURCE =
  'given on the command line (--vcpus, --memory-gib, --network-gbps, --instance-disk-mb-per-sec, --instance-disk-iops, --price-per-hour-usd)';
/** Its `sourceDate`: there is no dated copy of a page. */
const SYNTHETIC_SOURCE_DATE = 'n/a';

export interface ResolveInput {
  workload: WorkloadFile;
  workloadFile: string;
  catalog: Catalog;
  /** Disk options the workload file allows (cluster.constraints), for a cluster that names no disk. */
  allowedDiskOptions: DiskOption[];
  description: ClusterDescription | null;
  descriptionFile: string | null;
  flags: ClusterFlagValues;
}

const MACHINE_FLAGS: Record<keyof MachineFlagValues, string> = {
  vcpus: '--vcpus',
  memoryGiB: '--memory-gib',
  networkGbps: '--network-gbps',
  diskMBps: '--instance-disk-mb-per-sec',
  diskIops: '--instance-disk-iops',
  pricePerHourUsd: '--price-per-hour-usd',
};

export function resolveCluster(input: ResolveInput): ResolvedCluster {
  const problems: string[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const { description, flags } = input;
  const where = input.descriptionFile ?? 'cluster';
  const nodes = description?.nodes ?? [];
  const running = nodes.filter((n) => n.running);

  for (const n of nodes.filter((node) => !node.running)) {
    warnings.push(`${n.name} was not running when the cluster was inspected; the check evaluates the cluster with every listed node up`);
  }

  // Node count
  const nodeCount = flags.nodes ?? (description ? nodes.length : undefined);
  if (nodeCount === undefined) problems.push('--nodes: expected the number of nodes (or --cluster <file>), got none');
  if (flags.nodes !== undefined && description && flags.nodes !== nodes.length) {
    notes.push(`nodes: ${flags.nodes} from --nodes (the description lists ${nodes.length})`);
  }

  // Instance type
  const instance = resolveInstance(input, where, problems, notes, warnings);

  // Disk
  const diskCandidates = instance ? resolveDisk(input, instance.provider, where, problems, notes, warnings) : [];

  // Queue layout
  const { replicationFactor, queuesPerWorkload, observedLeadersPerNode } = resolveLayout(input, where, problems, notes);
  const placements =
    nodeCount === undefined
      ? undefined
      : observedPlacements(input, nodeCount, replicationFactor ?? Math.min(DEFAULT_QUORUM_GROUP_SIZE, nodeCount), queuesPerWorkload, notes);

  // Broker figures the description observed
  const brokerOverrides = instance ? resolveBroker(input.workload, instance, running, notes, warnings) : {};

  if (problems.length > 0 || !instance || nodeCount === undefined) throw new InputError(problems);
  return {
    spec: {
      instanceType: instance,
      nodes: nodeCount,
      ...(replicationFactor !== undefined ? { replicationFactor } : {}),
      ...(Object.keys(queuesPerWorkload).length > 0 ? { queuesPerWorkload } : {}),
      ...(placements !== undefined ? { placements } : {}),
    },
    diskCandidates,
    syntheticInstance: instance.source === SYNTHETIC_SOURCE,
    brokerOverrides,
    notes,
    warnings,
    observedLeadersPerNode,
  };
}

function resolveInstance(input: ResolveInput, where: string, problems: string[], notes: string[], warnings: string[]): InstanceType | null {
  const { description, flags, catalog } = input;
  const nodes = description?.nodes ?? [];
  let name = flags.instanceType;
  let nameFrom = '--instance-type';
  if (name === undefined) {
    const named = [...new Set(nodes.map((n) => n.instanceType).filter((t): t is string => t !== undefined))];
    if (named.length > 1) {
      problems.push(`${where}: nodes[].instanceType: expected one instance type for every node (the model evaluates identical nodes), got ${named.join(', ')}`);
      return null;
    }
    if (named.length === 1 && nodes.every((n) => n.instanceType !== undefined)) {
      name = named[0]!;
      nameFrom = `${where}: nodes[].instanceType`;
    } else if (named.length === 1) {
      const missing = nodes.findIndex((n) => n.instanceType === undefined);
      problems.push(`${where}: nodes[${missing}].instanceType: expected ${named[0]!} as on the other nodes (or --instance-type), got none`);
      return null;
    }
  }
  if (name !== undefined) {
    const found = catalog.instanceTypes.filter((t) => t.name.toLowerCase() === name!.toLowerCase());
    if (found.length === 0) {
      const hints = catalog.instanceTypes
        .map((t) => t.name)
        .filter((n) => n.toLowerCase().startsWith(name!.toLowerCase().slice(0, 2)))
        .slice(0, MAX_HINTS);
      problems.push(
        `${nameFrom}: expected an instance type from the catalog, got ${JSON.stringify(name)}${hints.length > 0 ? ` (catalog has e.g. ${hints.join(', ')})` : ''}`,
      );
      return null;
    }
    const type = found[0]!;
    if (found.length > 1) notes.push(`instance type: ${type.name} is offered by ${found.map((t) => t.provider).join(', ')}; using ${type.provider}`);
    crossCheckCores(type, nodes, where, warnings);
    return type;
  }
  return syntheticInstance(input, where, problems, notes);
}

/** The Erlang VM's scheduler count ("processors") normally equals the vCPUs; say when it does not. */
function crossCheckCores(type: InstanceType, nodes: ClusterNode[], where: string, warnings: string[]): void {
  const differing = nodes.findIndex((n) => n.running && n.cores !== type.vcpus);
  if (differing >= 0) {
    warnings.push(
      `${where}: nodes[${differing}].cores: ${nodes[differing]!.cores} observed, but ${type.name} has ${type.vcpus} vCPU: ` +
        `the check uses the instance type's ${type.vcpus} (is the instance type right, or the VM limited to fewer schedulers?)`,
    );
  }
}

function syntheticInstance(input: ResolveInput, where: string, problems: string[], notes: string[]): InstanceType | null {
  const { description, flags } = input;
  const machine = flags.machine ?? {};
  const running = (description?.nodes ?? []).filter((n) => n.running);
  const vcpus = machine.vcpus ?? (running.length > 0 ? Math.min(...running.map((n) => n.cores)) : undefined);
  const memoryBytes =
    machine.memoryGiB !== undefined
      ? machine.memoryGiB * BYTES_PER_GIB
      : running.length > 0 && running.every((n) => n.memoryBytes !== undefined)
        ? Math.min(...running.map((n) => n.memoryBytes!))
        : undefined;
  const missing = (Object.keys(MACHINE_FLAGS) as (keyof MachineFlagValues)[])
    .filter((k) => k !== 'vcpus' && k !== 'memoryGiB' && machine[k] === undefined)
    .map((k) => MACHINE_FLAGS[k]);
  if (vcpus === undefined) missing.unshift(MACHINE_FLAGS.vcpus);
  if (memoryBytes === undefined) missing.splice(vcpus === undefined ? 1 : 0, 0, MACHINE_FLAGS.memoryGiB);
  const diskName = flags.disk ?? description?.nodes.find((n) => n.disk.type !== undefined)?.disk.type;
  const diskOption = diskName ? input.catalog.diskOptions.find((d) => d.name.toLowerCase() === diskName.toLowerCase()) : undefined;
  if (missing.length > 0 || !diskOption) {
    const givenCores = vcpus !== undefined ? ` (the description gives cores${memoryBytes !== undefined ? ' and memory' : ''})` : '';
    const what = description ? `${where}: nodes[].instanceType` : '--instance-type';
    const needs = [...missing, ...(diskOption ? [] : ['--disk'])];
    problems.push(
      `${what}: expected a catalog instance type (--instance-type, e.g. m6i.xlarge), got none${givenCores}; ` +
        `cores and memory do not tell network and disk bandwidth or the price: give --instance-type, or describe the machine with ${needs.join(', ')}`,
    );
    return null;
  }
  const memoryGiB = memoryBytes! / BYTES_PER_GIB;
  notes.push(
    `instance type: not from the catalog: ${vcpus} vCPU, ${round(memoryGiB)} GiB, ${machine.networkGbps} Gbit/s network, ` +
      `${machine.diskMBps} MB/s and ${machine.diskIops} IOPS to disks, $${machine.pricePerHourUsd}/h, as given`,
  );
  return {
    provider: diskOption.provider as Provider,
    name: `custom-${vcpus}vcpu-${round(memoryGiB)}gib`,
    family: 'custom',
    category: 'general',
    vcpus: vcpus!,
    memoryGiB,
    networkGbps: machine.networkGbps!,
    diskMaxThroughputMBps: machine.diskMBps!,
    diskMaxIops: machine.diskIops!,
    pricePerHourUsd: machine.pricePerHourUsd!,
    region: 'as given',
    source: SYNTHETIC_SOURCE,
    sourceDate: SYNTHETIC_SOURCE_DATE,
    verified: 'unverified',
  };
}

function resolveDisk(
  input: ResolveInput,
  provider: Provider,
  where: string,
  problems: string[],
  notes: string[],
  warnings: string[],
): (DiskOption | DiskSpec)[] {
  const { description, flags, catalog } = input;
  const nodes = description?.nodes ?? [];
  let name = flags.disk;
  let nameFrom = '--disk';
  if (name === undefined) {
    const types = [...new Set(nodes.map((n) => n.disk.type).filter((t): t is string => t !== undefined))];
    if (types.length > 1) {
      problems.push(`${where}: nodes[].disk.type: expected one disk type for every node (the model evaluates identical nodes), got ${types.join(', ')}`);
      return [];
    }
    if (types.length === 1) {
      name = types[0]!;
      nameFrom = `${where}: nodes[].disk.type`;
    }
  }
  const sizes = nodes.map((n) => n.disk.sizeGiB).filter((s): s is number => s !== undefined);
  let sizeGiB = flags.diskSizeGiB;
  if (sizeGiB === undefined && sizes.length > 0) {
    sizeGiB = Math.min(...sizes);
    if (new Set(sizes).size > 1 || sizes.length < nodes.length) {
      warnings.push(
        `${where}: nodes[].disk.sizeGiB: volumes differ or are missing on some nodes (${sizes.join(', ')} GiB); the check uses the smallest, ${sizeGiB} GiB, for every node`,
      );
    }
  }
  if (name === undefined) {
    const options = input.allowedDiskOptions.filter((d) => d.provider === provider);
    const candidates = options.length > 0 ? options : catalog.diskOptions.filter((d) => d.provider === provider && d.media === 'ssd');
    if (sizeGiB !== undefined) {
      problems.push(
        `${flags.diskSizeGiB !== undefined ? '--disk-size-gib' : `${where}: nodes[].disk.sizeGiB`}: expected a disk type with it (--disk, e.g. ${candidates[0]?.name ?? 'gp3'}), got a size alone`,
      );
      return [];
    }
    notes.push(
      `disk: not given; the cheapest ${provider} option the workload file allows (${candidates.map((d) => d.name).join(', ')}) that meets the targets, sized to fit`,
    );
    return candidates;
  }
  const option = catalog.diskOptions.find((d) => d.provider === provider && d.name.toLowerCase() === name!.toLowerCase());
  if (!option) {
    const offered = catalog.diskOptions.filter((d) => d.provider === provider).map((d) => d.name);
    problems.push(`${nameFrom}: expected a ${provider} disk option from the catalog (${offered.join(', ')}), got ${JSON.stringify(name)}`);
    return [];
  }
  if (sizeGiB === undefined) {
    notes.push(
      `disk: ${option.name} size not given; the volume is sized to fit, so disk space is checked against what the cluster would need, not against a real volume`,
    );
    return [option];
  }
  const spec: DiskSpec = {
    option,
    sizeGiB,
    ...(flags.diskIops !== undefined ? { provisionedIops: flags.diskIops } : {}),
    ...(flags.diskThroughputMBps !== undefined ? { provisionedThroughputMBps: flags.diskThroughputMBps } : {}),
  };
  return [spec];
}

interface LayoutResolution {
  replicationFactor: number | undefined;
  queuesPerWorkload: Record<string, number>;
  observedLeadersPerNode: number[] | null;
}

function resolveLayout(input: ResolveInput, where: string, problems: string[], notes: string[]): LayoutResolution {
  const { description, flags, workload } = input;
  const byName = new Map(workload.workloads.map((w) => [w.name, w]));
  const queuesPerWorkload: Record<string, number> = {};
  const factors = new Map<number, string[]>();
  (description?.workloads ?? []).forEach((layout, i) => {
    const w = byName.get(layout.name);
    if (!w) {
      problems.push(
        `${where}: workloads[${i}].name: expected a workload of ${input.workloadFile} (${[...byName.keys()].join(', ')}), got ${JSON.stringify(layout.name)}`,
      );
      return;
    }
    if (layout.queueType !== w.queueType) {
      problems.push(`${where}: workloads[${i}].queueType: expected ${w.queueType} (as workload ${w.name} in ${input.workloadFile}), got ${layout.queueType}`);
    }
    if (layout.fanOut !== w.fanOut) {
      problems.push(`${where}: workloads[${i}].fanOut: expected ${w.fanOut} (as workload ${w.name} in ${input.workloadFile}), got ${layout.fanOut}`);
    }
    queuesPerWorkload[layout.name] = layout.queuesPerGroup;
    if (layout.queueType !== 'classic') factors.set(layout.replicationFactor, [...(factors.get(layout.replicationFactor) ?? []), layout.name]);
  });
  for (const [name, count] of Object.entries(flags.queues ?? {})) {
    if (!byName.has(name)) {
      problems.push(`--queues: expected workload names of ${input.workloadFile} (${[...byName.keys()].join(', ')}), got ${JSON.stringify(name)}`);
      continue;
    }
    queuesPerWorkload[name] = count;
  }
  const described = new Set([...(description?.workloads ?? []).map((l) => l.name), ...Object.keys(flags.queues ?? {})]);
  const undescribed = workload.workloads
    .filter((w) => !described.has(w.name))
    .map((w) => `${w.name} (${w.queues === 'auto' ? 'auto: the fewest shards' : w.queues})`);
  if (undescribed.length > 0 && (description || flags.queues)) notes.push(`queues: as the workload file says for ${undescribed.join(', ')}`);

  let replicationFactor = flags.replicationFactor;
  if (replicationFactor === undefined && factors.size > 1) {
    const seen = [...factors.entries()].map(([rf, names]) => `${rf} (${names.join(', ')})`).join(', ');
    problems.push(
      `${where}: workloads[].replicationFactor: expected one replication factor for every quorum and stream workload (the model applies one), got ${seen}; pass --replication-factor to choose`,
    );
  } else if (replicationFactor === undefined && factors.size === 1) {
    replicationFactor = [...factors.keys()][0]!;
  }
  if (replicationFactor === undefined) notes.push("replication factor: not given; RabbitMQ's default quorum group size 3, capped at the node count");
  return { replicationFactor, queuesPerWorkload, observedLeadersPerNode: observedLeaders(description) };
}

/**
 * Each described workload's queues where they really are (node indices in description order,
 * leader first), so the busiest node carries what it carries in the cluster. A workload whose
 * description does not match what is checked (another node count, queue count or replication
 * factor, an unknown leader) keeps the model's balanced placement, and a note says why.
 */
function observedPlacements(
  input: ResolveInput,
  nodeCount: number,
  replicationFactor: number,
  queuesPerWorkload: Record<string, number>,
  notes: string[],
): Record<string, number[][]> | undefined {
  const { description, workload } = input;
  if (!description || description.workloads.length === 0) return undefined;
  if (nodeCount !== description.nodes.length) {
    notes.push(`placement: the model's balanced placement (${nodeCount} nodes checked, the description places queues on ${description.nodes.length})`);
    return undefined;
  }
  const index = new Map(description.nodes.map((n, i) => [n.name, i]));
  const byName = new Map(workload.workloads.map((w) => [w.name, w]));
  const placements: Record<string, number[][]> = {};
  const applied: string[] = [];
  for (const layout of description.workloads) {
    const w = byName.get(layout.name);
    if (!w) continue; // already a problem (resolveLayout)
    const replicas = w.queueType === 'classic' ? 1 : replicationFactor;
    const expectedQueues = w.fanOut * (queuesPerWorkload[w.name] ?? layout.queuesPerGroup);
    const queues: number[][] = [];
    let why: string | null = layout.queues.length === expectedQueues ? null : `${layout.queues.length} queues described, ${expectedQueues} checked`;
    for (const q of why === null ? layout.queues : []) {
      const leader = q.leader === null ? undefined : index.get(q.leader);
      const members = q.members.map((m) => index.get(m));
      if (leader === undefined || members.some((m) => m === undefined)) {
        why = `${q.name}: leader or a member not among the described nodes`;
        break;
      }
      const followers = (members as number[]).filter((m) => m !== leader);
      if (followers.length + 1 !== replicas || new Set(followers).size !== followers.length) {
        why = `${q.name}: ${followers.length + 1} replicas, ${replicas} checked`;
        break;
      }
      queues.push([leader, ...followers]);
    }
    if (why !== null) {
      notes.push(`placement: the model's balanced placement for ${w.name} (${why})`);
      continue;
    }
    placements[w.name] = queues;
    applied.push(w.name);
  }
  if (applied.length === 0) return undefined;
  notes.push(`placement: leaders and replicas where the description puts them, for ${applied.join(', ')}`);
  return placements;
}

function observedLeaders(description: ClusterDescription | null): number[] | null {
  if (!description || description.workloads.length === 0) return null;
  const index = new Map(description.nodes.map((n, i) => [n.name, i]));
  const counts = description.nodes.map(() => 0);
  let known = false;
  for (const layout of description.workloads) {
    for (const q of layout.queues) {
      const i = q.leader === null ? undefined : index.get(q.leader);
      if (i !== undefined) {
        counts[i]!++;
        known = true;
      }
    }
  }
  return known ? counts : null;
}

/**
 * What the nodes reported replaces the workload file's broker settings: the memory high
 * watermark (mem_limit is the real memory capacity), the file-descriptor limit and the free-disk
 * limit. Only running nodes count: inspect writes placeholders for a node that was down.
 */
function resolveBroker(file: WorkloadFile, type: InstanceType, running: ClusterNode[], notes: string[], warnings: string[]): BrokerOverrides {
  const broker = file.cluster.broker;
  const out: BrokerOverrides = {};
  if (running.length === 0) return out;
  const memLimit = Math.min(...running.map((n) => n.memoryLimitBytes));
  const watermark = memLimit / (type.memoryGiB * BYTES_PER_GIB);
  if (watermark > 0 && watermark < 1) {
    if (!agrees(watermark, broker.memoryHighWatermark)) {
      out.memoryHighWatermark = watermark;
      notes.push(
        `memory: capacity ${bytes(memLimit)} per node, the smallest mem_limit observed (watermark ${round(watermark)} of ${round(type.memoryGiB)} GiB; the workload file says ${broker.memoryHighWatermark})`,
      );
    }
  } else {
    warnings.push(
      `memory: the observed mem_limit (${bytes(memLimit)}) is not below ${type.name}'s ${round(type.memoryGiB)} GiB RAM; the check uses the workload file's watermark ${broker.memoryHighWatermark}`,
    );
  }
  const fdLimit = Math.min(...running.map((n) => n.fileDescriptors.limit));
  if (fdLimit !== broker.fileDescriptorLimit) {
    out.fileDescriptorLimit = fdLimit;
    notes.push(`file descriptors: ${int(fdLimit)} per node, the smallest fd_total observed (the workload file says ${int(broker.fileDescriptorLimit)})`);
  }
  const freeLimits = running.map((n) => n.disk.freeLimitBytes).filter((b): b is number => b !== undefined && b > 0);
  if (freeLimits.length > 0) {
    out.diskFreeLimit = Math.max(...freeLimits);
    notes.push(
      `free-disk limit: ${bytes(out.diskFreeLimit)}, the largest disk_free_limit observed (instead of the workload file's ${broker.diskFreeLimit === 'watermark' ? 'memory high watermark' : bytes(broker.diskFreeLimit)})`,
    );
  }
  return out;
}

function agrees(a: number, b: number): boolean {
  return Math.abs(a - b) <= AGREEMENT_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Three significant digits for notes. */
function round(value: number): number {
  return Number(value.toPrecision(3));
}
