/**
 * Things the user should know that do not fail the plan, as data naming the workload and the
 * figures; render/warnings.ts words them.
 */
import { LARGE_MESSAGE_BYTES, MS_PER_SECOND } from './constants.js';
import { buildContext, type ModelContext, type WorkloadModel } from './context.js';
import { checkMaxMessageSize } from './forecast.js';
import { calibratedSizeRanges, outsideRange } from './calibrated-sizes.js';
import { deliveryTurnaroundMs, prefetchCarryMsgPerSec, unbatchedDeliveries, windowCapMsgPerSec } from './confirms.js';
import { failuresSurvived } from './replication.js';
import type { EvaluatedPlan, EvenNodeCountChoice, PlanRequest, PlanWarning, WorkloadLayout } from './types.js';

/** Warnings that follow from the workload file alone. */
export function requestWarnings(ctx: ModelContext): PlanWarning[] {
  const out: PlanWarning[] = [];
  const f = ctx.nodeFailuresToTolerate;
  const calibrated = calibratedSizeRanges(ctx.request.profile);
  for (const w of ctx.workloads) {
    const workload = w.name;
    if (w.queueType === 'classic' && (f > 0 || ctx.surviveZoneLoss)) out.push({ kind: 'classicNotReplicated', workload });
    if (w.queueType !== 'classic' && !w.persistent) out.push({ kind: 'persistentIgnored', workload, queueType: w.queueType });
    if (w.queueType === 'stream') out.push({ kind: 'streamRetentionUnstated', workload });
    const maxBytes = w.forecast.sizes.maxBytes;
    const maxMessageSizeDefaultBytes = ctx.broker.maxMessageSizeDefaultBytes;
    if (checkMaxMessageSize(maxBytes, maxMessageSizeDefaultBytes) === 'aboveDefault') {
      out.push({ kind: 'messageAboveMaxSize', workload, maxBytes, maxMessageSizeDefaultBytes, brokerVersion: ctx.broker.version });
    }
    if (w.queueType === 'quorum' && maxBytes >= LARGE_MESSAGE_BYTES) out.push({ kind: 'largeQuorumMessages', workload, maxBytes });
    const range = calibrated.get(w.queueType);
    const sizeBytes = w.forecast.sizes.sizingBytes;
    if (range !== undefined && outsideRange(sizeBytes, range)) {
      out.push({
        kind: 'sizeOutsideCalibration',
        workload,
        queueType: w.queueType,
        sizeBytes,
        calibratedMinBytes: range.min,
        calibratedMaxBytes: range.max,
        profile: ctx.request.profile.name,
      });
    }
    if (w.processingTimeMs > 0 && w.consumersSpec !== 'auto') {
      const perConsumer = w.peakMsgPerSec / w.consumersSpec;
      const rho = (perConsumer * w.processingTimeMs) / MS_PER_SECOND;
      if (rho >= 1) {
        out.push({
          kind: 'consumersCannotDrain',
          workload,
          consumersPerGroup: w.consumersSpec,
          processingTimeMs: w.processingTimeMs,
          drainMsgPerSec: (w.consumersSpec * MS_PER_SECOND) / w.processingTimeMs,
          peakMsgPerSec: w.peakMsgPerSec,
        });
      }
    }
  }
  return out;
}

/** requestWarnings for a request (its model context built here), for callers outside the planner. */
export function workloadWarnings(request: PlanRequest): PlanWarning[] {
  return requestWarnings(buildContext(request));
}

/** Warnings about the chosen plan (`even`: why an even node count won, when the planner chose it). */
export function planWarnings(ctx: ModelContext, plan: EvaluatedPlan, even?: EvenNodeCountChoice): PlanWarning[] {
  const out: PlanWarning[] = [];
  if (plan.nodes % 2 === 0 && plan.nodes > 1) {
    out.push({
      kind: 'evenNodeCount',
      nodes: plan.nodes,
      metadataStore: ctx.broker.metadataStore,
      failuresSurvived: failuresSurvived(plan.nodes),
      choice: even ?? null,
      cheapestOddFailuresSurvived: even?.cheapestOdd ? failuresSurvived(even.cheapestOdd.nodes) : null,
    });
  }
  if (ctx.zones > 1 && plan.nodes % ctx.zones !== 0) out.push({ kind: 'unevenZones', nodes: plan.nodes, zones: ctx.zones });
  for (const l of plan.layout) {
    const w = ctx.workloads.find((x) => x.name === l.workload)!;
    if (w.consumersSpec !== 'auto' && w.consumersSpec < l.queuesPerGroup) {
      out.push({ kind: 'queuesWithoutConsumer', workload: w.name, consumersPerGroup: w.consumersSpec, queuesPerGroup: l.queuesPerGroup });
    }
    if (w.publisherConnectionsSpec !== 'auto' && w.confirms && w.inFlightSpec !== 'auto' && l.confirmLatencyMs !== undefined) {
      const carry = w.publisherConnectionsSpec * w.channelsPerConnection * windowCapMsgPerSec(w.inFlightSpec, l.confirmLatencyMs);
      if (carry < w.peakMsgPerSec) {
        out.push({
          kind: 'confirmWindowTooSmall',
          workload: w.name,
          publisherConnections: w.publisherConnectionsSpec,
          channelsPerConnection: w.channelsPerConnection,
          window: w.inFlightSpec,
          carryMsgPerSec: carry,
          confirmLatencyMs: l.confirmLatencyMs,
          peakMsgPerSec: w.peakMsgPerSec,
        });
      }
    }
    const prefetch = prefetchWarning(ctx, plan, w, l);
    if (prefetch !== null) out.push(prefetch);
    if (w.publisherConnectionsSpec !== 'auto') {
      const perConnection = w.peakMsgPerSec / w.publisherConnectionsSpec;
      const max = ctx.node.maxPublishMsgPerSecPerConnection.value;
      if (perConnection > max)
        out.push({ kind: 'connectionOverloaded', workload: w.name, perConnectionMsgPerSec: perConnection, maxPerConnectionMsgPerSec: max });
    }
  }
  // Catalog entries no source could confirm (docs/catalog.md): the cost and limits rest on them.
  const { instanceType: type, disk } = plan;
  if (type.verified === 'unverified')
    out.push({ kind: 'unverifiedCatalogEntry', entry: 'instanceType', provider: type.provider, name: type.name, source: type.source });
  if (disk.option.verified === 'unverified') {
    out.push({ kind: 'unverifiedCatalogEntry', entry: 'disk', provider: disk.option.provider, name: disk.option.name, source: disk.option.source });
  }
  return out;
}

/**
 * Consumers whose prefetch slots cannot carry their queue's peak (manual acks only: with auto acks
 * the broker does not wait for them): consumers × prefetch deliveries per queue in a loop in step
 * through the slot's turnaround, their processing and the queue process (confirms.ts
 * prefetchCarryMsgPerSec), on the plan's disk and round trip.
 */
function prefetchWarning(ctx: ModelContext, plan: EvaluatedPlan, w: WorkloadModel, l: WorkloadLayout): PlanWarning | null {
  const consumers = w.source.consumers;
  if (consumers.ackMode !== 'manual') return null;
  const perGroup = l.consumers / Math.max(1, l.fanOut);
  const consumersPerQueue = Math.max(1, Math.floor(perGroup / Math.max(1, l.queuesPerGroup)));
  const turnaroundMs = deliveryTurnaroundMs(
    w.coeff.deliveryTurnaroundMs?.value,
    w.queueType,
    l.replicationFactor,
    plan.disk.option.writeLatencyMs,
    ctx.interNodeRttMs,
  );
  const queueServiceMs = l.perQueueCeilingMsgPerSec > 0 ? MS_PER_SECOND / l.perQueueCeilingMsgPerSec : 0;
  const unbatched = unbatchedDeliveries(w.coeff);
  const carryMsgPerSec = prefetchCarryMsgPerSec(consumersPerQueue, consumers.prefetch, turnaroundMs, w.processingTimeMs, queueServiceMs, unbatched);
  if (carryMsgPerSec >= l.perQueueMsgPerSec) return null;
  return {
    kind: 'prefetchTooSmall',
    workload: w.name,
    prefetch: consumers.prefetch,
    consumersPerQueue,
    turnaroundMs,
    processingTimeMs: w.processingTimeMs,
    queueServiceMs,
    unbatchedExtraMs: unbatched.extraMs,
    unbatchedUpTo: unbatched.upTo,
    carryMsgPerSec,
    perQueueMsgPerSec: l.perQueueMsgPerSec,
  };
}
