/**
 * Things the user should know that do not fail the plan. One line each, naming the workload.
 */
import { LARGE_MESSAGE_BYTES, MS_PER_SECOND } from './constants.js';
import type { ModelContext } from './context.js';
import { checkMaxMessageSize } from './forecast.js';
import { bytes, num, plural, usd } from './format.js';
import { windowCapMsgPerSec } from './confirms.js';
import { failuresSurvived } from './replication.js';
import type { EvaluatedPlan, EvenNodeCountChoice } from './types.js';

/** Warnings that follow from the workload file alone. */
export function requestWarnings(ctx: ModelContext): string[] {
  const out: string[] = [];
  const f = ctx.nodeFailuresToTolerate;
  for (const w of ctx.workloads) {
    if (w.queueType === 'classic' && (f > 0 || ctx.surviveZoneLoss)) {
      out.push(
        `${w.name}: classic queues are not replicated: a lost node takes its queues and their messages offline until it returns; the plan assumes clients redeclare them on a surviving node (use quorum queues to keep the data)`,
      );
    }
    if (w.queueType !== 'classic' && !w.persistent) {
      out.push(`${w.name}: persistent: false is ignored by ${w.queueType} queues: every message is written to disk (sized as persistent)`);
    }
    if (w.queueType === 'stream') {
      out.push(
        `${w.name}: streams keep messages until their retention limit (x-max-length-bytes / x-max-age), which the workload file does not state: add the retained bytes to the disk size`,
      );
    }
    const maxBytes = w.forecast.sizes.maxBytes;
    const maxMessageDefault = ctx.broker.maxMessageSizeDefaultBytes;
    if (checkMaxMessageSize(maxBytes, maxMessageDefault) === 'aboveDefault') {
      out.push(
        `${w.name}: the largest message (${bytes(maxBytes)}) exceeds RabbitMQ ${ctx.broker.version}'s ${bytes(maxMessageDefault)} max_message_size default: raise max_message_size in rabbitmq.conf (https://www.rabbitmq.com/docs/limits)`,
      );
    }
    if (w.queueType === 'quorum' && maxBytes >= LARGE_MESSAGE_BYTES) {
      out.push(
        `${w.name}: messages of ${bytes(maxBytes)} give quorum queues a large disk footprint and slow compaction (https://www.rabbitmq.com/docs/quorum-queues, "Disk Space")`,
      );
    }
    if (w.processingTimeMs > 0 && w.consumersSpec !== 'auto') {
      const perConsumer = w.peakMsgPerSec / w.consumersSpec;
      const rho = (perConsumer * w.processingTimeMs) / MS_PER_SECOND;
      if (rho >= 1) {
        out.push(
          `${w.name}: ${plural(w.consumersSpec, 'consumer')} per group at ${num(w.processingTimeMs, 1)} ms each drain at most ${num((w.consumersSpec * MS_PER_SECOND) / w.processingTimeMs)} msg/s, below the ${num(w.peakMsgPerSec)} msg/s peak: the queues grow without bound (raise consumers.count)`,
        );
      }
    }
  }
  return out;
}

/** Warnings about the chosen plan (`even`: why an even node count won, when the planner chose it). */
export function planWarnings(ctx: ModelContext, plan: EvaluatedPlan, even?: EvenNodeCountChoice): string[] {
  const out: string[] = [];
  if (plan.nodes % 2 === 0 && plan.nodes > 1) {
    const store =
      ctx.broker.metadataStore === 'khepri' ? 'Khepri (the metadata store) and quorum queues' : 'quorum queues (and Khepri, the metadata store from 4.2)';
    const majority = `${store} need a majority up: ${plan.nodes} nodes survive ${plural(failuresSurvived(plan.nodes), 'failure')}, like ${plan.nodes - 1}`;
    let why: string;
    if (even === undefined) why = 'an odd count is preferred';
    else if (even.cheapestOdd === null) why = 'chosen because no odd node count meets every target within the allowed node range';
    else {
      const o = even.cheapestOdd;
      const oddSurvives = plural(failuresSurvived(o.nodes), 'failure');
      why = `chosen because the cheapest odd plan that meets every target, ${o.nodes} × ${o.instanceType} (surviving ${oddSurvives}), costs ${usd(even.oddCostsMoreUsdPerMonth!)}/month more`;
    }
    out.push(`${plan.nodes} nodes (even): ${majority}; ${why} (https://www.rabbitmq.com/docs/clustering, "odd number of nodes")`);
  }
  if (ctx.zones > 1 && plan.nodes % ctx.zones !== 0) {
    out.push(`${plan.nodes} nodes over ${ctx.zones} zones: zones hold unequal node counts, so losing the largest zone costs more capacity`);
  }
  for (const l of plan.layout) {
    const w = ctx.workloads.find((x) => x.name === l.workload)!;
    if (w.consumersSpec !== 'auto' && w.consumersSpec < l.queuesPerGroup) {
      out.push(
        `${w.name}: ${plural(w.consumersSpec, 'consumer')} per group for ${l.queuesPerGroup} queues per group: ${l.queuesPerGroup - w.consumersSpec} queues get no consumer and only grow (raise consumers.count to ≥ ${l.queuesPerGroup})`,
      );
    }
    if (w.publisherConnectionsSpec !== 'auto' && w.confirms && w.inFlightSpec !== 'auto' && l.confirmLatencyMs !== undefined) {
      const carry = w.publisherConnectionsSpec * w.channelsPerConnection * windowCapMsgPerSec(w.inFlightSpec, l.confirmLatencyMs);
      if (carry < w.peakMsgPerSec) {
        out.push(
          `${w.name}: ${plural(w.publisherConnectionsSpec, 'publisher connection')} × ${w.channelsPerConnection} channel × window ${w.inFlightSpec} carry at most ${num(carry)} msg/s at a ${num(l.confirmLatencyMs, 2)} ms confirm latency, below the ${num(w.peakMsgPerSec)} msg/s peak: raise inFlightPerChannel or the connection count`,
        );
      }
    }
    if (w.publisherConnectionsSpec !== 'auto') {
      const perConnection = w.peakMsgPerSec / w.publisherConnectionsSpec;
      if (perConnection > ctx.node.maxPublishMsgPerSecPerConnection.value) {
        out.push(
          `${w.name}: ${num(perConnection)} msg/s per publisher connection exceeds the ${num(ctx.node.maxPublishMsgPerSecPerConnection.value)} msg/s one connection sustains: use more connections`,
        );
      }
    }
  }
  // Catalog entries no source could confirm (docs/catalog.md): the cost and limits rest on them.
  for (const entry of [
    { what: `instance type ${plan.instanceType.provider} ${plan.instanceType.name}`, verified: plan.instanceType.verified, source: plan.instanceType.source },
    { what: `disk ${plan.disk.option.provider} ${plan.disk.option.name}`, verified: plan.disk.option.verified, source: plan.disk.option.source },
  ]) {
    if (entry.verified === 'unverified') {
      out.push(
        `${entry.what}: its catalog figures (price, limits) are unverified (source ${entry.source}; docs/catalog.md): confirm them before relying on the cost`,
      );
    }
  }
  return out;
}
