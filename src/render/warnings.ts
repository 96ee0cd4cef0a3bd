/**
 * The words of the model's warnings and of why an alternative lost (the model returns them as
 * data: PlanWarning, WhyNot). One line each, naming the workload; every renderer (table, Markdown,
 * JSON, HTML) prints these.
 */
import { binaryBytes, dollars, exactSize, fixed, int, plural, wholePct } from '../format/numbers.js';
import type { Alternative, PlanWarning, WhyNot } from '../model/types.js';
import { MICROS_PER_MS } from '../model/constants.js';
import { bindingSummary, shortfallText } from './findings.js';

export function warningText(w: PlanWarning): string {
  switch (w.kind) {
    case 'classicNotReplicated':
      return `${w.workload}: classic queues are not replicated: a lost node takes its queues and their messages offline until it returns; the plan assumes clients redeclare them on a surviving node (use quorum queues to keep the data)`;
    case 'persistentIgnored':
      return `${w.workload}: persistent: false is ignored by ${w.queueType} queues: every message is written to disk (sized as persistent)`;
    case 'streamRetentionUnstated':
      return `${w.workload}: streams keep messages until their retention limit (x-max-length-bytes / x-max-age), which the workload file does not state: add the retained bytes to the disk size`;
    case 'messageAboveMaxSize':
      return `${w.workload}: the largest message (${binaryBytes(w.maxBytes)}) exceeds RabbitMQ ${w.brokerVersion}'s ${binaryBytes(w.maxMessageSizeDefaultBytes)} max_message_size default: raise max_message_size in rabbitmq.conf (https://www.rabbitmq.com/docs/limits)`;
    case 'largeQuorumMessages':
      return `${w.workload}: messages of ${binaryBytes(w.maxBytes)} give quorum queues a large disk footprint and slow compaction (https://www.rabbitmq.com/docs/quorum-queues, "Disk Space")`;
    case 'sizeOutsideCalibration':
      return `${w.workload}: its ${w.queueType} messages (${exactSize(w.sizeBytes)} at p95) are outside the ${exactSize(w.calibratedMinBytes)}–${exactSize(w.calibratedMaxBytes)} the profile "${w.profile}" was benched at: their per-byte costs are extrapolated (bench at the sizes you plan for; docs/validate.md shows 16 KiB predicted from 1 and 4 KiB up to 69 % off)`;
    case 'consumersCannotDrain':
      return `${w.workload}: ${plural(w.consumersPerGroup, 'consumer')} per group at ${fixed(w.processingTimeMs, 1)} ms each drain at most ${fixed(w.drainMsgPerSec)} msg/s, below the ${fixed(w.peakMsgPerSec)} msg/s peak: the queues grow without bound (raise consumers.count)`;
    case 'evenNodeCount': {
      const store = w.metadataStore === 'khepri' ? 'Khepri (the metadata store) and quorum queues' : 'quorum queues (and Khepri, the metadata store from 4.2)';
      const majority = `${store} need a majority up: ${w.nodes} nodes survive ${plural(w.failuresSurvived, 'failure')}, like ${w.nodes - 1}`;
      let why: string;
      if (w.choice === null) why = 'an odd count is preferred';
      else if (w.choice.cheapestOdd === null) why = 'chosen because no odd node count meets every target within the allowed node range';
      else {
        const o = w.choice.cheapestOdd;
        why = `chosen because the cheapest odd plan that meets every target, ${o.nodes} × ${o.instanceType} (surviving ${plural(w.cheapestOddFailuresSurvived!, 'failure')}), costs ${dollars(w.choice.oddCostsMoreUsdPerMonth!)}/month more`;
      }
      return `${w.nodes} nodes (even): ${majority}; ${why} (https://www.rabbitmq.com/docs/clustering, "odd number of nodes")`;
    }
    case 'unevenZones':
      return `${w.nodes} nodes over ${w.zones} zones: zones hold unequal node counts, so losing the largest zone costs more capacity`;
    case 'queuesWithoutConsumer':
      return `${w.workload}: ${plural(w.consumersPerGroup, 'consumer')} per group for ${w.queuesPerGroup} queues per group: ${w.queuesPerGroup - w.consumersPerGroup} queues get no consumer and only grow (raise consumers.count to ≥ ${w.queuesPerGroup})`;
    case 'confirmWindowTooSmall':
      return `${w.workload}: ${plural(w.publisherConnections, 'publisher connection')} × ${w.channelsPerConnection} channel × window ${w.window} carry at most ${fixed(w.carryMsgPerSec)} msg/s at a ${fixed(w.confirmLatencyMs, 2)} ms confirm latency, below the ${fixed(w.peakMsgPerSec)} msg/s peak: raise inFlightPerChannel or the connection count`;
    case 'prefetchTooSmall':
      return `${w.workload}: with prefetch ${w.prefetch}, ${plural(w.consumersPerQueue, 'consumer')} per queue carry at most ${fixed(w.carryMsgPerSec)} msg/s (${w.consumersPerQueue * w.prefetch} deliveries in flight, each cycling through a ${fixed(w.turnaroundMs, 2)} ms slot turnaround + ${fixed(w.processingTimeMs, 1)} ms of processing + ${fixed(w.queueServiceMs * MICROS_PER_MS)} µs in the queue process${unbatchedWords(w.unbatchedExtraMs, w.unbatchedUpTo, w.consumersPerQueue * w.prefetch)}), below the ${fixed(w.perQueueMsgPerSec)} msg/s each queue takes at peak: raise consumers.prefetch or the consumer count`;
    case 'connectionOverloaded':
      return `${w.workload}: ${fixed(w.perConnectionMsgPerSec)} msg/s per publisher connection exceeds the ${fixed(w.maxPerConnectionMsgPerSec)} msg/s one connection sustains: use more connections`;
    case 'unverifiedCatalogEntry':
      return `${w.entry === 'instanceType' ? 'instance type' : 'disk'} ${w.provider} ${w.name}: its catalog figures (price, limits) are unverified (source ${w.source}; docs/catalog.md): confirm them before relying on the cost`;
    case 'searchStopped':
      return (
        `the search stopped after ${int(w.candidatesEvaluated)} candidate clusters (its budget of ${int(w.searchBudget)} workload evaluations): ` +
        `clusters of ${w.stoppedAtNodes} nodes were not all tried, larger ones not at all; narrow the instance types, providers or maxNodes for a complete search`
      );
  }
}

const NEAR_WORDS = { oneNodeFewer: 'one node fewer', nextSmallerType: 'the next smaller type' } as const;

/** Why an alternative lost, e.g. "costs $312/month more" or "one node fewer (2 × m6i.xlarge): CPU …". */
export function whyNotText(alternative: Alternative): string {
  const why: WhyNot = alternative.whyNot;
  const overBudget = (budget: number | null) => (budget === null ? '' : `; over the ${dollars(budget)}/month budget`);
  switch (why.kind) {
    case 'costsMore':
      return `costs ${dollars(why.moreUsdPerMonth)}/month more${overBudget(why.overBudgetUsdPerMonth)}`;
    case 'sameCostEvenNodes':
      return `same cost, but an even node count${overBudget(why.overBudgetUsdPerMonth)}`;
    case 'sameCostCloserToLimits':
      return `same cost, but runs closer to its limits (${wholePct(why.ratio)} vs ${wholePct(why.winnerRatio)} of the tightest limit)${overBudget(why.overBudgetUsdPerMonth)}`;
    case 'missesTargets': {
      const { plan } = alternative;
      const miss = why.firstMiss === null ? bindingSummary(plan.binding) : shortfallText(why.firstMiss);
      return why.near === null ? miss : `${NEAR_WORDS[why.near]} (${plan.nodes} × ${plan.instanceType.name}): ${miss}`;
    }
  }
}

/** The unbatched deliveries' share of a prefetch loop, in words ('' when every delivery is batched). */
function unbatchedWords(extraMs: number, upTo: number, inFlight: number): string {
  if (!(extraMs > 0 && upTo > 0)) return '';
  const alone = `${fixed(extraMs * MICROS_PER_MS)} µs travelling alone`;
  return inFlight <= upTo ? ` + ${alone}` : ` + ${alone} for the first ${fixed(upTo)}`;
}

/** A check's warnings in words: the cluster description's, then the workload file's (as `size` words them). */
export function checkWarningTexts(result: { warnings: readonly string[]; workloadWarnings: readonly PlanWarning[] }): string[] {
  return [...result.warnings, ...result.workloadWarnings.map(warningText)];
}
