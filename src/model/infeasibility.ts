/**
 * Why a plan cannot be met, and what would fix it: reasons that follow from the workload file
 * alone (checked before the search) and suggestions read off the closest candidate's misses.
 */
import type { DiskOption, InstanceType } from '../catalog/schema.js';
import { MAX_MESSAGE_SIZE_CEILING_BYTES } from './constants.js';
import type { ModelContext } from './context.js';
import { checkMaxMessageSize } from './forecast.js';
import { latencyHints } from './latency-hints.js';
import { clientNetworkMs, deliveryFixedMs } from './latency.js';
import { minNodesFor, minReplicationFactor } from './replication.js';
import type { EvaluatedPlan, FileProblem, FloorFix, LatencyFloorTerm, Resource, Suggestion } from './types.js';

export interface Infeasibility {
  reasons: FileProblem[];
  suggestions: Suggestion[];
}

type FloorTerm = LatencyFloorTerm;

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
function floorHint(ctx: ModelContext, w: ModelContext['workloads'][number], floor: { floorMs: number; terms: FloorTerm[] }): Suggestion {
  const target = w.latencyTargetMs!;
  const rtt = ctx.interNodeRttMs;
  const termMs = (name: FloorTerm['name']) => floor.terms.find((t) => t.name === name)?.ms ?? 0;
  const largest = floor.terms.reduce((a, b) => (b.ms > a.ms ? b : a));
  const excess = floor.floorMs - target;
  const fixes: FloorFix[] = [];
  const fsyncMs = termMs('fsync');
  if (fsyncMs > excess) fixes.push({ kind: 'fasterDisk', underMs: fsyncMs - excess, fastestMs: fsyncMs });
  const classicFloor = termMs('client round trip') + termMs('consumer processing');
  if (w.queueType !== 'classic' && classicFloor < target) fixes.push({ kind: 'classicQueues', floorMs: classicFloor });
  // Both round trips scale with the inter-node RTT (clients are as far from the nodes as the nodes from each other).
  const rttScaled = termMs('client round trip') + termMs('replication round trip');
  if (rttScaled > excess && rtt > 0) fixes.push({ kind: 'closerNodes', underMs: rtt * (1 - excess / rttScaled), nowMs: rtt });
  fixes.push({ kind: 'raiseTarget', aboveMs: floor.floorMs });
  return { kind: 'latencyFloor', workload: w.name, largest, fixes };
}

/** Problems no candidate can fix. */
export function requestInfeasibility(ctx: ModelContext, instances: readonly InstanceType[], disks: readonly DiskOption[]): Infeasibility {
  const reasons: FileProblem[] = [];
  const suggestions: Suggestion[] = [];
  const c = ctx.file.cluster.constraints;

  for (const w of ctx.workloads) {
    if (checkMaxMessageSize(w.forecast.sizes.maxBytes) === 'aboveCeiling') {
      reasons.push({ kind: 'messageAboveCeiling', workload: w.name, maxBytes: w.forecast.sizes.maxBytes, ceilingBytes: MAX_MESSAGE_SIZE_CEILING_BYTES });
      suggestions.push({ kind: 'storeLargePayloadsElsewhere', workload: w.name });
    }
  }
  if (instances.length === 0) {
    reasons.push({ kind: 'noInstanceType', productionMinimums: c.productionMinimums });
    suggestions.push({ kind: 'widenConstraints' });
  } else {
    const providers = new Set(instances.map((t) => t.provider));
    if (!disks.some((d) => providers.has(d.provider))) {
      reasons.push({ kind: 'noDiskOption', providers: [...providers] });
      suggestions.push({ kind: 'allowSsdDisk' });
    }
  }
  const need = minNodesFor(ctx.nodeFailuresToTolerate, ctx.surviveZoneLoss);
  if (need > c.maxNodes) {
    reasons.push({ kind: 'tooFewNodesAllowed', failures: ctx.nodeFailuresToTolerate, zoneLoss: ctx.surviveZoneLoss, needNodes: need, maxNodes: c.maxNodes });
    suggestions.push({ kind: 'raiseMaxNodes', needNodes: need });
  }

  const fastest = disks.reduce((m, d) => Math.min(m, d.writeLatencyMs), Infinity);
  if (Number.isFinite(fastest)) {
    for (const w of ctx.workloads) {
      if (w.latencyTargetMs === null) continue;
      const floor = latencyFloorMs(ctx, w, fastest);
      if (w.latencyTargetMs < floor.floorMs) {
        reasons.push({
          kind: 'latencyBelowFloor',
          workload: w.name,
          targetMs: w.latencyTargetMs,
          floorMs: floor.floorMs,
          quorum: w.queueType === 'quorum',
          terms: floor.terms,
        });
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
      const atPeak = perQueue > cap * (1 + 1e-9);
      reasons.push({
        kind: 'fixedQueuesOverCeiling',
        workload: w.name,
        queues: w.queuesSpec,
        during: atPeak ? 'peak' : 'burst',
        perQueueMsgPerSec: atPeak ? perQueue : burstPerQueue,
        ceilingMsgPerSec: w.queueCeilingMsgPerSec,
        targetUtilization: ctx.targetUtilization,
      });
      suggestions.push({ kind: 'autoQueues', workload: w.name, minimalShards: w.minimalShards });
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
): Suggestion[] {
  const out: Suggestion[] = [];
  const c = ctx.file.cluster.constraints;
  if (cheapestMeetingTargetsUsd !== null && ctx.monthlyBudgetUsd !== null) {
    out.push({ kind: 'raiseBudget', cheapestUsdPerMonth: cheapestMeetingTargetsUsd });
    return out;
  }
  const missed = missedResources(closest);
  const scalable = [...missed].filter((r) => SCALABLE.has(r));
  const biggestMisses = largestAtMaxNodes ? [...missedResources(largestAtMaxNodes)].filter((r) => SCALABLE.has(r)) : [];
  if (largestAtMaxNodes && biggestMisses.length > 0) {
    // A node's one quorum WAL does not grow with its vCPUs: only more nodes (or a faster disk) relieve it.
    out.push({
      kind: 'moreThanMaxNodes',
      maxNodes: c.maxNodes,
      largestType: largestAtMaxNodes.instanceType.name,
      walOnly: biggestMisses.every((r) => r === 'quorumWal'),
    });
  } else if (scalable.length > 0) {
    out.push({ kind: 'biggerTypes', resources: scalable });
  }
  if (missed.has('diskCapacity')) out.push({ kind: 'backlogTooLarge' });
  if (missed.has('queueCeiling')) out.push({ kind: 'autoQueuesForCeiling' });
  if (missed.has('quorumWal')) out.push({ kind: 'spreadQuorumWal' });
  if (missed.has('latency')) out.push(...latencyHints(ctx, closest.latencyMisses));
  if (closest.shortfalls.some((s) => s.kind === 'quorumMajorityLost')) out.push({ kind: 'oddReplicationFactor' });
  if (out.length === 0) out.push({ kind: 'relaxTargets' });
  return out;
}
