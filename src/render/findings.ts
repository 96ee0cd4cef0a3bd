/**
 * The words of what the model finds as data: the targets a plan misses (Shortfall), what the
 * workload file rules out (FileProblem), why a resource binds (BindingConstraint) and what would
 * make a plan feasible (Suggestion). One line each; every renderer (table, Markdown, JSON, HTML,
 * check) prints these, so a finding reads the same everywhere.
 */
import { binaryBytes, dollars, fixed, ms, plural, wholePct } from '../format/numbers.js';
import { derivationLines } from './explain-words.js';
import { figure, RESOURCE_LABELS, scenarioPhrase } from './sentence-labels.js';
import type {
  BindingConstraint,
  FloorFix,
  LatencyFix,
  LatencyTerm,
  ResourceUsage,
  SaturationCause,
  ScenarioDescription,
  ScenarioKind,
  ScenarioRef,
  Shortfall,
  Suggestion,
} from '../model/types.js';

const phraseOf = (s: ScenarioRef): string => scenarioPhrase(s.kind, s.lostNodes, s.lostZone);

/** Why a p99 has no steady state, in words. */
export function saturationText(causes: readonly SaturationCause[]): string {
  if (causes.length === 0) return 'a part of its path is saturated';
  return causes
    .map((c) => {
      switch (c.kind) {
        case 'walSaturated':
          return `the busiest node's quorum WAL is saturated at ${wholePct(c.utilization)} of capacity`;
        case 'cpuSaturated':
          return `the busiest node's CPU is saturated at ${wholePct(c.utilization)} of capacity`;
        case 'queuePastCeiling':
          return 'its busiest queue is past the one-queue ceiling';
        case 'consumersBusy':
          return 'its consumers are busy more than all the time';
      }
    })
    .join('; ');
}

/** A resource over its limit: resource, scenario, subject and figures. */
function overLimitText(u: ResourceUsage, scenario: ScenarioRef, unboundedBecause: readonly SaturationCause[] | null): string {
  const phrase = phraseOf(scenario);
  const label = RESOURCE_LABELS[u.resource];
  if (u.resource === 'budget') return `${label}: ${figure(u.demand, u.unit)} > ${figure(u.capacity, u.unit)}`;
  if (u.resource === 'latency' && unboundedBecause !== null) {
    return `${label} ${phrase}: ${u.subject} has no steady state (${saturationText(unboundedBecause)}), target ${figure(u.capacity, u.unit)}`;
  }
  if (u.resource === 'latency') return `${label} ${phrase}: ${u.subject} ${figure(u.demand, u.unit)} > target ${figure(u.capacity, u.unit)}`;
  if (u.resource === 'queueCeiling') {
    return `${label} ${phrase}: ${u.subject} ${figure(u.demand, u.unit)} per queue of a ${figure(u.capacity, u.unit)} ceiling = ${wholePct(u.utilization)} > ${wholePct(u.limit)}`;
  }
  return `${label} ${phrase}: ${figure(u.demand, u.unit)} of ${figure(u.capacity, u.unit)} on ${u.subject} = ${wholePct(u.utilization)} > ${wholePct(u.limit)}`;
}

export function shortfallText(s: Shortfall): string {
  switch (s.kind) {
    case 'messageAboveCeiling':
      return `${s.workload}: the largest message (${binaryBytes(s.maxBytes)}) exceeds max_message_size's ceiling of ${binaryBytes(s.ceilingBytes)}`;
    case 'noInstanceType':
      return `no instance type in the catalog passes cluster.constraints${s.productionMinimums ? ' (productionMinimums keeps only types with ≥ 4 vCPU and ≥ 4 GiB)' : ''}`;
    case 'noDiskOption':
      return `no allowed disk option for ${s.providers.join(', ')}`;
    case 'tooFewNodesAllowed':
      return (
        `tolerating ${s.failures} node failure${s.failures === 1 ? '' : 's'}${s.zoneLoss ? ' and a zone loss' : ''} needs at least ${s.needNodes} nodes ` +
        `(a majority of nodes, and of every quorum queue's replicas, survives only with 2f+1), but maxNodes is ${s.maxNodes}`
      );
    case 'latencyBelowFloor':
      return `${s.workload}: latency target ${ms(s.targetMs)} is below the ${s.quorum ? 'quorum commit floor' : 'latency floor'} of ${ms(s.floorMs)} (${s.terms.map((t) => `${t.name} ${ms(t.ms)}`).join(' + ')})`;
    case 'fixedQueuesOverCeiling': {
      const during =
        s.during === 'peak'
          ? `${fixed(s.perQueueMsgPerSec)} msg/s per queue at peak, above ${fixed(s.ceilingMsgPerSec)} × ${wholePct(s.targetUtilization)}`
          : `${fixed(s.perQueueMsgPerSec)} msg/s per queue in the burst, above the ${fixed(s.ceilingMsgPerSec)} msg/s ceiling`;
      return `${s.workload}: the per-queue ceiling caps a fixed queues: ${s.queues} at ${during} (one queue is one Erlang process)`;
    }
    case 'noCandidate':
      return 'no candidate cluster could be evaluated';
    case 'nothingLeftUp':
      return `${plural(s.nodes, 'node')} cannot survive losing ${s.failures}: nothing would be left up`;
    case 'zoneHoldsAllNodes':
      return `all ${plural(s.nodes, 'node')} are in zone ${s.zone}: losing it leaves nothing up`;
    case 'clusterMajorityLost':
      return `cluster majority ${phraseOf(s.scenario)}: ${s.nodesUp} of ${s.nodes} nodes up, not a majority: ${
        s.metadataStore === 'khepri'
          ? `RabbitMQ ${s.brokerVersion}'s metadata store (Khepri) refuses every metadata change (declaring queues, bindings, users) until a majority is back`
          : 'under pause_minority the survivors pause'
      }`;
    case 'quorumMajorityLost': {
      const more = s.moreQueues > 0 ? ` (and ${fixed(s.moreQueues)} more queue${s.moreQueues === 1 ? '' : 's'})` : '';
      return `quorum majority ${phraseOf(s.scenario)}: ${s.queue} keeps ${s.survivors} of ${s.replicas} replicas${more}: unavailable`;
    }
    case 'overLimit':
      return overLimitText(s.usage, s.scenario, s.unboundedBecause);
  }
}

/** One sentence: why the binding constraint binds (and, when the plan fails within every limit, what decides). */
export function bindingSummary(b: BindingConstraint): string {
  if (b.budget !== null) {
    return `the cheapest plan that meets every target costs ${dollars(b.budget.totalUsdPerMonth)}/month, over the ${dollars(b.budget.budgetUsdPerMonth)}/month budget`;
  }
  const where = b.resource === 'queueCeiling' ? `the busiest queue (${b.subject})` : b.resource === 'latency' ? b.subject : `the busiest node (${b.subject})`;
  const verb = b.verdict === 'missesMost' ? 'misses by the most' : 'is the tightest constraint';
  const head = `${RESOURCE_LABELS[b.resource]} ${phraseOf(b.scenarioRef)} on ${where} ${verb}`;
  const summary =
    b.unboundedBecause !== null
      ? `${head}: no steady state (${saturationText(b.unboundedBecause)})`
      : `${head}: ${wholePct(b.utilization)} of ${b.resource === 'latency' ? 'its target' : 'capacity'} against a ${wholePct(b.limit)} limit`;
  return b.decidedBy === null ? summary : `${shortfallText(b.decidedBy)}; ${summary}`;
}

const TERM_NAMES: Record<LatencyTerm, string> = {
  clientMs: 'client round trips',
  commitMs: 'commit (fsync and replication)',
  walWaitMs: "quorum WAL's wait under load",
  queueWaitMs: 'queue wait',
  cpuWaitMs: 'CPU wait',
  consumerMs: 'consumer',
};
const SCENARIO_WORDS: Record<ScenarioKind, string> = {
  healthy: 'at peak',
  nodeFailure: 'after a node loss',
  zoneFailure: 'after a zone loss',
  burst: 'in the burst',
};

/** x rounded up to 3 significant digits (a target at or above the p99). */
function roundUp(x: number): string {
  const decimals = Math.max(0, 2 - Math.floor(Math.log10(x)));
  const scale = 10 ** decimals;
  return fixed(Math.ceil(x * scale - 1e-9) / scale, decimals);
}

function floorFixText(f: FloorFix): string {
  switch (f.kind) {
    case 'fasterDisk':
      return `a disk whose write (fsync) latency is under ${ms(f.underMs)} (the fastest allowed: ${ms(f.fastestMs)})`;
    case 'classicQueues':
      return `queueType: classic (no commit wait, not replicated: floor ${ms(f.floorMs)})`;
    case 'closerNodes':
      return `nodes and clients closer together: interNodeRttMs under ${ms(f.underMs)} (now ${ms(f.nowMs)})`;
    case 'raiseTarget':
      return `latencyP99TargetMs above ${ms(f.aboveMs)}`;
  }
}

function latencyFixText(f: LatencyFix): string {
  switch (f.kind) {
    case 'moreConsumers':
      return `consumers.count: ${fixed(f.consumersPerGroup)} per queue group (now ${fixed(f.nowConsumersPerGroup)}, each ${wholePct(f.nowBusy)} busy): the consumer term ${ms(f.termMs)} → ${ms(f.newTermMs)}, no cluster cost`;
    case 'moreQueues':
      return `queues: ${fixed(f.queuesPerGroup)} per group (now ${fixed(f.nowQueuesPerGroup)}): the queue wait ${ms(f.termMs)} → ${ms(f.newTermMs)}, no cluster cost`;
    case 'fasterDisk':
      return `a disk whose write (fsync) latency is at most ${ms(f.atMostMs)} (now ${ms(f.nowMs)}): cluster.constraints.diskTypes`;
    case 'lessBusyWal':
      return `less busy quorum WALs (their wait under load is ${ms(f.waitMs)}): more nodes to spread the quorum copies over, a disk with a lower fsync latency, or a lower targetUtilization`;
    case 'lessBusyCpu':
      return `less busy CPUs (the CPU wait is ${ms(f.waitMs)}): larger instance types or a lower targetUtilization`;
    case 'raiseTarget':
      return `latencyP99TargetMs: ${roundUp(f.p99Ms)} or more`;
  }
}

export function suggestionText(s: Suggestion): string {
  switch (s.kind) {
    case 'storeLargePayloadsElsewhere':
      return `${s.workload}: store large payloads elsewhere (e.g. object storage) and publish references`;
    case 'widenConstraints':
      return 'widen cluster.constraints (providers, instanceTypes, instanceFamilies, categories)';
    case 'allowSsdDisk':
      return 'allow an SSD disk type of that provider in cluster.constraints.diskTypes';
    case 'raiseMaxNodes':
      return `raise maxNodes to ≥ ${s.needNodes} or lower nodeFailuresToTolerate`;
    case 'latencyFloor':
      return `${s.workload}: the floor's largest term is the ${s.largest.name} (${ms(s.largest.ms)}). Any one of: ${s.fixes.map(floorFixText).join('; ')}`;
    case 'autoQueues':
      return `${s.workload}: use queues: auto (needs ≥ ${s.minimalShards} queues per group)`;
    case 'raiseBudget':
      return `raise monthlyBudgetUsd to at least ${dollars(s.cheapestUsdPerMonth)} (the cheapest plan that meets every target), or relax the targets`;
    case 'moreThanMaxNodes':
      return `needs more than maxNodes=${s.maxNodes} nodes of the largest allowed type (${s.largestType}): ${s.walOnly ? 'raise maxNodes' : 'allow bigger instance types or raise maxNodes'}`;
    case 'biggerTypes':
      return `allow bigger or more instance types (${s.resources.join(', ')} cannot be met by the allowed ones)`;
    case 'backlogTooLarge':
      return 'the backlog does not fit the largest volume: shorten backlog.consumerOutageMinutes or spread it over more nodes';
    case 'autoQueuesForCeiling':
      return 'use queues: auto so the planner can add shards';
    case 'spreadQuorumWal':
      return 'each node has one quorum WAL: spread the quorum copies over more nodes, or allow a disk with a lower fsync latency (more vCPUs per node do not help)';
    case 'latencyMiss': {
      const { miss, largestTerm: term } = s;
      const consumerDetail =
        term === 'consumerMs' && miss.processingTimeMs > 0 ? `: ${ms(miss.processingTimeMs)} processing + waiting for a free consumer` : '';
      return (
        `${miss.workload}: p99 ${ms(miss.p99Ms)} ${SCENARIO_WORDS[miss.scenario]} > target ${ms(miss.targetMs)}; its largest term is the ${TERM_NAMES[term]} (${ms(miss.terms[term])}${consumerDetail}). ` +
        `Any one of, cheapest first: ${s.fixes.map(latencyFixText).join('; ')}`
      );
    }
    case 'moreLatencyMisses':
      return `… and ${fixed(s.count)} more workload${s.count === 1 ? '' : 's'} miss their latency target (JSON: plan.latencyMisses)`;
    case 'oddReplicationFactor':
      return 'use an odd replication factor ≥ 2f+1 spread over ≥ 3 zones';
    case 'relaxTargets':
      return 'relax targetUtilization / maxUtilizationAfterFailure or allow more instance types';
  }
}

/** A scenario in words: "all 3 nodes up, at peak", "1 node lost (node 2; 3 → 2 up), its leaders moved to survivors". */
export function scenarioText(d: ScenarioDescription): string {
  const nodeList = (nodes: readonly number[]) => `${nodes.length === 1 ? 'node' : 'nodes'} ${nodes.join(', ')}`;
  switch (d.kind) {
    case 'healthy':
      return `all ${plural(d.nodes, 'node')} up, at peak`;
    case 'nodeFailure':
      return `${plural(d.lost.length, 'node')} lost (${nodeList(d.lost)}; ${d.nodes} → ${d.nodes - d.lost.length} up), its leaders moved to survivors`;
    case 'zoneFailure':
      return `zone ${d.zone} lost (${nodeList(d.lost)}; ${d.nodes} → ${d.nodes - d.lost.length} up), its leaders moved to survivors`;
    case 'burst':
      return `burst: ${d.bursts.map((b) => `${b.workload} at ${fixed(b.burstMsgPerSec)} msg/s for ${fixed(b.burstSeconds)} s (peak ${fixed(b.peakMsgPerSec)} msg/s)`).join('; ')}`;
  }
}

/** The --explain lines of the binding constraint: the scenario, then the model's arithmetic. */
export function explainedLines(b: BindingConstraint): string[] {
  const arithmetic = derivationLines(b.derivation);
  return b.scenarioDescription === null ? arithmetic : [`scenario: ${scenarioText(b.scenarioDescription)}`, ...arithmetic];
}
