/**
 * Why a plan cannot be met, and what would fix it: reasons that follow from the workload file
 * alone (checked before the search) and suggestions read off the closest candidate's misses.
 */
import type { DiskOption, InstanceType } from '../catalog/schema.js';
import { MAX_MESSAGE_SIZE_CEILING_BYTES } from './constants.js';
import type { ModelContext } from './context.js';
import { checkMaxMessageSize } from './forecast.js';
import { bytes, ms, num, pct, usd } from './format.js';
import { latencyHints } from './latency-hints.js';
import { clientNetworkMs, deliveryFixedMs } from './latency.js';
import { minNodesFor, minReplicationFactor } from './replication.js';
import type { EvaluatedPlan, Resource } from './types.js';

export interface Infeasibility {
  reasons: string[];
  suggestions: string[];
}

/** One term of a latency floor. */
interface FloorTerm {
  name: 'client round trip' | 'fsync' | 'replication round trip' | 'consumer processing';
  ms: number;
}

/**
 * Quorum commit floor (ms) of a workload on the fastest allowed disk: what no cluster size can
 * beat, with its terms (they add up to it: the client hops, deliveryFixedMs's fsync and
 * replication round trip, the consumer's processing).
 */
export function latencyFloorMs(ctx: ModelContext, w: ModelContext['workloads'][number], fsyncMs: number): { floorMs: number; terms: FloorTerm[] } {
  const rtt = ctx.interNodeRttMs;
  const R = w.replicated ? minReplicationFactor(ctx.nodeFailuresToTolerate, ctx.surviveZoneLoss) : 1;
  const terms: FloorTerm[] = [{ name: 'client round trip', ms: clientNetworkMs(rtt) }];
  if (w.queueType === 'quorum') terms.push({ name: 'fsync', ms: fsyncMs });
  if (w.queueType !== 'classic' && R > 1) terms.push({ name: 'replication round trip', ms: rtt });
  if (w.processingTimeMs > 0) terms.push({ name: 'consumer processing', ms: w.processingTimeMs });
  return { floorMs: clientNetworkMs(rtt) + deliveryFixedMs(w.queueType, R, fsyncMs, rtt) + w.processingTimeMs, terms };
}

/**
 * What brings a latency target below its floor within reach: the floor's largest term named,
 * then each change that alone lowers the floor under the target — a faster disk, classic queues
 * (no commit wait, not replicated), nodes closer together — and raising the target last.
 */
function floorHint(ctx: ModelContext, w: ModelContext['workloads'][number], floor: { floorMs: number; terms: FloorTerm[] }): string {
  const target = w.latencyTargetMs!;
  const rtt = ctx.interNodeRttMs;
  const termMs = (name: FloorTerm['name']) => floor.terms.find((t) => t.name === name)?.ms ?? 0;
  const largest = floor.terms.reduce((a, b) => (b.ms > a.ms ? b : a));
  const excess = floor.floorMs - target;
  const fixes: string[] = [];
  const fsyncMs = termMs('fsync');
  if (fsyncMs > excess) fixes.push(`a disk whose write (fsync) latency is under ${ms(fsyncMs - excess)} (the fastest allowed: ${ms(fsyncMs)})`);
  const classicFloor = termMs('client round trip') + termMs('consumer processing');
  if (w.queueType !== 'classic' && classicFloor < target) fixes.push(`queueType: classic (no commit wait, not replicated: floor ${ms(classicFloor)})`);
  // Both round trips scale with the inter-node RTT (clients are as far from the nodes as the nodes from each other).
  const rttScaled = termMs('client round trip') + termMs('replication round trip');
  if (rttScaled > excess && rtt > 0)
    fixes.push(`nodes and clients closer together: interNodeRttMs under ${ms(rtt * (1 - excess / rttScaled))} (now ${ms(rtt)})`);
  fixes.push(`latencyP99TargetMs above ${ms(floor.floorMs)}`);
  return `${w.name}: the floor's largest term is the ${largest.name} (${ms(largest.ms)}). Any one of: ${fixes.join('; ')}`;
}

/** Problems no candidate can fix. */
export function requestInfeasibility(ctx: ModelContext, instances: readonly InstanceType[], disks: readonly DiskOption[]): Infeasibility {
  const reasons: string[] = [];
  const suggestions: string[] = [];
  const c = ctx.file.cluster.constraints;

  for (const w of ctx.workloads) {
    if (checkMaxMessageSize(w.forecast.sizes.maxBytes) === 'aboveCeiling') {
      reasons.push(
        `${w.name}: the largest message (${bytes(w.forecast.sizes.maxBytes)}) exceeds max_message_size's ceiling of ${bytes(MAX_MESSAGE_SIZE_CEILING_BYTES)}`,
      );
      suggestions.push(`${w.name}: store large payloads elsewhere (e.g. object storage) and publish references`);
    }
  }
  if (instances.length === 0) {
    reasons.push(
      'no instance type in the catalog passes cluster.constraints' +
        (c.productionMinimums ? ' (productionMinimums keeps only types with ≥ 4 vCPU and ≥ 4 GiB)' : ''),
    );
    suggestions.push('widen cluster.constraints (providers, instanceTypes, instanceFamilies, categories)');
  } else {
    const providers = new Set(instances.map((t) => t.provider));
    if (!disks.some((d) => providers.has(d.provider))) {
      reasons.push(`no allowed disk option for ${[...providers].join(', ')}`);
      suggestions.push('allow an SSD disk type of that provider in cluster.constraints.diskTypes');
    }
  }
  const need = minNodesFor(ctx.nodeFailuresToTolerate, ctx.surviveZoneLoss);
  if (need > c.maxNodes) {
    reasons.push(
      `tolerating ${ctx.nodeFailuresToTolerate} node failure${ctx.nodeFailuresToTolerate === 1 ? '' : 's'}${ctx.surviveZoneLoss ? ' and a zone loss' : ''} needs at least ${need} nodes (a majority of nodes, and of every quorum queue's replicas, survives only with 2f+1), but maxNodes is ${c.maxNodes}`,
    );
    suggestions.push(`raise maxNodes to ≥ ${need} or lower nodeFailuresToTolerate`);
  }

  const fastest = disks.reduce((m, d) => Math.min(m, d.writeLatencyMs), Infinity);
  if (Number.isFinite(fastest)) {
    for (const w of ctx.workloads) {
      if (w.latencyTargetMs === null) continue;
      const floor = latencyFloorMs(ctx, w, fastest);
      const { floorMs } = floor;
      const parts = floor.terms.map((t) => `${t.name} ${ms(t.ms)}`);
      if (w.latencyTargetMs < floorMs) {
        const kind = w.queueType === 'quorum' ? 'quorum commit floor' : 'latency floor';
        reasons.push(`${w.name}: latency target ${ms(w.latencyTargetMs)} is below the ${kind} of ${ms(floorMs)} (${parts.join(' + ')})`);
        suggestions.push(floorHint(ctx, w, floor));
      }
    }
  }

  for (const w of ctx.workloads) {
    if (w.queuesSpec === 'auto') continue;
    const perQueue = w.peakMsgPerSec / w.queuesSpec;
    const cap = w.queueCeilingMsgPerSec * ctx.targetUtilization;
    const burstPerQueue = w.burstMsgPerSec !== null ? Math.max(w.burstMsgPerSec, w.peakMsgPerSec) / w.queuesSpec : 0;
    if (perQueue > cap * (1 + 1e-9) || burstPerQueue > w.queueCeilingMsgPerSec * (1 + 1e-9)) {
      const during =
        perQueue > cap * (1 + 1e-9)
          ? `${num(perQueue)} msg/s per queue at peak, above ${num(w.queueCeilingMsgPerSec)} × ${pct(ctx.targetUtilization)}`
          : `${num(burstPerQueue)} msg/s per queue in the burst, above the ${num(w.queueCeilingMsgPerSec)} msg/s ceiling`;
      reasons.push(`${w.name}: the per-queue ceiling caps a fixed queues: ${w.queuesSpec} at ${during} (one queue is one Erlang process)`);
      suggestions.push(`${w.name}: use queues: auto (needs ≥ ${w.minimalShards} queues per group)`);
    }
  }
  return { reasons, suggestions };
}

function missedResources(plan: EvaluatedPlan): Set<Resource> {
  const missed = new Set<Resource>();
  for (const s of [plan.healthy, ...plan.failures, ...(plan.burst ? [plan.burst] : [])]) {
    for (const u of s.resources) if (!u.ok) missed.add(u.resource);
  }
  return missed;
}

/** Resources that more or larger nodes relieve. */
const SCALABLE: ReadonlySet<Resource> = new Set(['cpu', 'quorumWal', 'network', 'diskBandwidth', 'diskIops', 'diskCapacity', 'memory', 'fileDescriptors']);

/** Suggestions from the closest candidate's misses. */
export function planSuggestions(
  ctx: ModelContext,
  closest: EvaluatedPlan,
  largestAtMaxNodes: EvaluatedPlan | null,
  cheapestMeetingTargetsUsd: number | null,
): string[] {
  const out: string[] = [];
  const c = ctx.file.cluster.constraints;
  if (cheapestMeetingTargetsUsd !== null && ctx.monthlyBudgetUsd !== null) {
    out.push(`raise monthlyBudgetUsd to at least ${usd(cheapestMeetingTargetsUsd)} (the cheapest plan that meets every target), or relax the targets`);
    return out;
  }
  const missed = missedResources(closest);
  const scalable = [...missed].filter((r) => SCALABLE.has(r));
  const biggestMisses = largestAtMaxNodes ? [...missedResources(largestAtMaxNodes)].filter((r) => SCALABLE.has(r)) : [];
  if (largestAtMaxNodes && biggestMisses.length > 0) {
    // A node's one quorum WAL does not grow with its vCPUs: only more nodes (or a faster disk) relieve it.
    const walOnly = biggestMisses.every((r) => r === 'quorumWal');
    out.push(
      `needs more than maxNodes=${c.maxNodes} nodes of the largest allowed type (${largestAtMaxNodes.instanceType.name}): ${walOnly ? 'raise maxNodes' : 'allow bigger instance types or raise maxNodes'}`,
    );
  } else if (scalable.length > 0) {
    out.push(`allow bigger or more instance types (${scalable.join(', ')} cannot be met by the allowed ones)`);
  }
  if (missed.has('diskCapacity')) {
    out.push('the backlog does not fit the largest volume: shorten backlog.consumerOutageMinutes or spread it over more nodes');
  }
  if (missed.has('queueCeiling')) out.push('use queues: auto so the planner can add shards');
  if (missed.has('quorumWal')) {
    out.push(
      'each node has one quorum WAL: spread the quorum copies over more nodes, or allow a disk with a lower fsync latency (more vCPUs per node do not help)',
    );
  }
  if (missed.has('latency')) out.push(...latencyHints(ctx, closest.latencyMisses));
  if (closest.shortfalls.some((s) => s.startsWith('quorum majority'))) {
    out.push('use an odd replication factor ≥ 2f+1 spread over ≥ 3 zones');
  }
  if (out.length === 0) out.push('relax targetUtilization / maxUtilizationAfterFailure or allow more instance types');
  return out;
}
