/**
 * Runs one step: declare the step's queues, attach consumers, start publishers at the target
 * rate, warm up, measure over a window, stop publishing, drain, and account for every message.
 * Connections and queues are released in all cases (success, broker failure, interrupt).
 */
import type { ChannelModel } from 'amqplib';
import { BenchAbort, describeBrokerError } from '../broker/errors.js';
import { Consumer, type ConsumerSink } from './consumer.js';
import { beginCpuWindow, endCpuWindow } from './cpu.js';
import { closeQuietly, FailureLatch, openConnection, watchConnection, type ConnectionSettings } from '../broker/connection.js';
import { mergeEncoded, newLatencyHistogram, summarize } from './latency.js';
import type { ManagementClient } from '../broker/management.js';
import { nowMicros } from './message.js';
import { LocalPublisherGroup, type PublisherGroup, type PublisherSnapshot } from './publisher-group.js';
import type { PublisherSpec } from './publisher.js';
import type { QueueRegistry } from './queues.js';
import { IntegrityTracker } from '../broker/sequence-tracker.js';
import type { StepBrokerFigures, StepConfig, StepKind, StepResult } from './types.js';
import { isLoopbackHost, type BrokerUrl } from '../broker/amqp-url.js';
import { WorkerPublisherGroup } from './worker-publisher-group.js';
import { BacklogGate, newBacklogBuffer, probeBacklogLimit } from './backlog-gate.js';

/** How often progress is reported and the end conditions are checked during a step. */
const PROGRESS_INTERVAL_MS = 250;
/** Poll interval while draining (cheap: compares two counters). */
const DRAIN_POLL_MS = 20;
/**
 * A client thread using more than 85 % of a core is the bottleneck, not the broker: one event
 * loop cannot do more than one core of work, and near it its own queueing dominates latency.
 */
export const CLIENT_SATURATION_SHARE = 0.85;
/** Main-thread event-loop delay (p99) above which deliveries are being timestamped late. */
export const CLIENT_EVENT_LOOP_DELAY_LIMIT_MS = 100;
/**
 * CPU used on this machine by neither the client nor the broker above which a step is flagged as
 * disturbed: the 2-core test box with an idle broker measured 0.03–0.04 busy cores between runs
 * (os.cpus() deltas over 2 s; `node scripts/bench-max-rates.mjs` prints it), so 0.25 cores means
 * another process is at work.
 */
const OTHER_PROCESSES_NOISE_CORES = 0.25;
/** Fraction of the target an open-loop step must publish to count as having offered it. */
const TARGET_TRACKING_FRACTION = 0.95;

export class BenchInterrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'BenchInterrupted';
  }
}

export interface StepEnv {
  settings: ConnectionSettings;
  url: BrokerUrl;
  registry: QueueRegistry;
  mgmt: ManagementClient | null;
  /** Local broker process ids whose CPU /proc can read (empty when not local). */
  brokerPids: number[];
  workers: number;
  /** Give up draining after this long without a delivery. */
  drainTimeoutMs: number;
  /** Wait at most this long for outstanding confirms after publishing stops. */
  confirmTimeoutMs: number;
  signal: AbortSignal;
  onProgress?: (p: StepProgress) => void;
}

export interface StepMeta {
  index: number;
  label: string;
  kind: StepKind;
  searchId: string | null;
  loadLevel: number | null;
}

export type StepPhase = 'setup' | 'warmup' | 'measure' | 'drain' | 'cleanup';

export interface StepProgress {
  index: number;
  label: string;
  phase: StepPhase;
  /** Seconds into the current phase. */
  phaseSeconds: number;
  publishMsgPerSec: number;
  consumeMsgPerSec: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Integrity groups (see IntegrityTracker): which groups receive publisher p's messages. */
export function groupsOfPublisher(config: StepConfig, publisherId: number): number[] {
  const queue = publisherId % config.queues;
  if (config.queueType !== 'stream') return [queue];
  const groups: number[] = [];
  for (let c = 0; c < config.consumers; c++) if (c % config.queues === queue) groups.push(c);
  return groups;
}

/**
 * The unpaced probe's backlog bound (backlog-gate.ts): room for the publishers' windows and the
 * consumers' prefetch, twice over. Paced steps have none: their rate is the load.
 */
export function probeBacklogGate(config: StepConfig): { buffer: SharedArrayBuffer; limit: number } | null {
  if (config.targetRateMsgPerSec !== 'max') return null;
  const windows = config.confirms ? config.publishers * config.confirmWindow : 0;
  return { buffer: newBacklogBuffer(), limit: probeBacklogLimit(windows + config.consumers * config.prefetch) };
}

export function publisherSpecs(config: StepConfig, queueNames: string[], gate: { buffer: SharedArrayBuffer; limit: number } | null = null): PublisherSpec[] {
  const perPublisherRate = config.targetRateMsgPerSec === 'max' ? null : config.targetRateMsgPerSec / config.publishers;
  const perPublisherMax = config.maxMessages === null ? null : Math.ceil(config.maxMessages / config.publishers);
  return Array.from({ length: config.publishers }, (_, id) => ({
    id,
    queue: queueNames[id % config.queues]!,
    messageSizeBytes: config.messageSizeBytes,
    persistent: config.persistent,
    confirms: config.confirms,
    confirmWindow: config.confirmWindow,
    rateMsgPerSec: perPublisherRate,
    maxMessages: perPublisherMax,
    backlogGate: gate === null ? null : { ...gate, deliveriesPerMessage: groupsOfPublisher(config, id).length },
  }));
}

async function brokerFigures(mgmt: ManagementClient, vhost: string, queueNames: string[]): Promise<StepBrokerFigures | null> {
  try {
    const [overview, nodes, queues] = await Promise.all([mgmt.overview(), mgmt.nodes(), Promise.all(queueNames.map((n) => mgmt.queue(vhost, n)))]);
    const sum = (f: (n: (typeof nodes)[number]) => number | undefined) =>
      nodes.some((n) => f(n) !== undefined) ? nodes.reduce((a, n) => a + (f(n) ?? 0), 0) : null;
    return {
      publishMsgPerSec: overview.message_stats?.publish_details?.rate ?? null,
      deliverMsgPerSec: overview.message_stats?.deliver_get_details?.rate ?? null,
      memUsedBytes: sum((n) => n.mem_used),
      diskFreeBytes: sum((n) => n.disk_free),
      queues: queues.map((q) => ({
        name: q.name,
        type: q.type ?? 'classic',
        leader: q.leader ?? q.node ?? null,
        members: q.members ?? (q.node ? [q.node] : []),
      })),
    };
  } catch {
    return null;
  }
}

export async function runStep(config: StepConfig, meta: StepMeta, env: StepEnv): Promise<StepResult> {
  if (env.signal.aborted) throw new BenchInterrupted();
  if (config.publishers < config.queues || config.consumers < config.queues) {
    throw new Error(`step ${meta.index}: every queue needs a publisher and a consumer`);
  }
  const phase = `running step ${meta.index} (${meta.label})`;
  const latch = new FailureLatch();
  const onAbort = () => latch.fail(new BenchInterrupted());
  env.signal.addEventListener('abort', onAbort);
  const startedAt = new Date().toISOString();
  const connectionPrefix = `${env.registry.prefix}s${meta.index}-`;
  const consumerConnections: Array<{ model: ChannelModel; watch: { markClosing(): void } }> = [];
  const consumers: Consumer[] = [];
  let group: PublisherGroup | null = null;
  const progress = (p: Omit<StepProgress, 'index' | 'label'>) => env.onProgress?.({ index: meta.index, label: meta.label, ...p });

  try {
    progress({ phase: 'setup', phaseSeconds: 0, publishMsgPerSec: 0, consumeMsgPerSec: 0 });
    const queueNames = await latch.race(env.registry.declareStep(meta.index, config));

    const tracker = new IntegrityTracker(config.publishers);
    const gate = probeBacklogGate(config);
    const sink: ConsumerSink = {
      gate: gate === null ? null : new BacklogGate(gate.buffer, gate.limit),
      tracker,
      endToEnd: newLatencyHistogram(),
      windowStartMicros: Number.POSITIVE_INFINITY,
      windowEndMicros: Number.POSITIVE_INFINITY,
      foreign: 0,
    };
    for (let c = 0; c < config.consumers; c++) {
      const model = await latch.race(openConnection(env.settings, `${connectionPrefix}con-${c}`));
      const watch = watchConnection(model, env.settings, latch, () => phase);
      consumerConnections.push({ model, watch });
      const channel = await latch.race(model.createChannel());
      channel.on('error', (err: Error) => latch.fail(new BenchAbort(describeBrokerError(err, env.url, phase))));
      const queue = c % config.queues;
      const consumer = new Consumer(
        channel,
        {
          index: c,
          queue: queueNames[queue]!,
          queueType: config.queueType,
          group: config.queueType === 'stream' ? c : queue,
          prefetch: config.prefetch,
          ackEvery: config.ackEvery,
          processingMs: config.consumerProcessingMs,
        },
        sink,
      );
      await latch.race(consumer.start());
      consumers.push(consumer);
    }
    // Delivered: what the drain waits for. Settled: what the consumers got through (with simulated
    // work, a delivery waits in the client's prefetch buffer first), the step's consume rate.
    const consumed = () => consumers.reduce((a, c) => a + c.received, 0);
    const settled = () => consumers.reduce((a, c) => a + c.settled, 0);
    const settledBytes = () => consumers.reduce((a, c) => a + c.settledBytes, 0);

    const init = { settings: env.settings, connectionNamePrefix: connectionPrefix, specs: publisherSpecs(config, queueNames, gate), phase };
    group = env.workers > 1 ? new WorkerPublisherGroup(init, env.workers, latch) : new LocalPublisherGroup(init, latch);
    await latch.race(group.open());

    // Warm-up: the load runs, nothing is recorded.
    group.start(nowMicros());
    const warmupEnd = Date.now() + config.warmupSeconds * 1000;
    let last = { at: Date.now(), published: 0, consumed: 0 };
    const tick = async (p: StepPhase, phaseStart: number): Promise<PublisherSnapshot> => {
      const snap = await latch.race(group!.snapshot());
      const now = Date.now();
      const dt = Math.max(1, now - last.at) / 1000;
      const c = settled();
      progress({
        phase: p,
        phaseSeconds: (now - phaseStart) / 1000,
        publishMsgPerSec: (snap.published - last.published) / dt,
        consumeMsgPerSec: (c - last.consumed) / dt,
      });
      last = { at: now, published: snap.published, consumed: c };
      return snap;
    };
    const warmupStart = Date.now();
    while (Date.now() < warmupEnd) {
      await latch.race(sleep(Math.min(PROGRESS_INTERVAL_MS, Math.max(0, warmupEnd - Date.now()))));
      await tick('warmup', warmupStart);
    }

    // Measurement window.
    const cpuMark = beginCpuWindow(env.brokerPids);
    const windowStartMicros = nowMicros();
    sink.windowStartMicros = windowStartMicros;
    await latch.race(group.beginWindow(windowStartMicros));
    const pubStart = await latch.race(group.snapshot());
    const consStart = settled();
    const bytesStart = settledBytes();
    const measureStart = Date.now();
    const measureEnd = measureStart + config.durationSeconds * 1000;
    let snap = pubStart;
    while (Date.now() < measureEnd && !snap.finished) {
      await latch.race(sleep(Math.min(PROGRESS_INTERVAL_MS, Math.max(0, measureEnd - Date.now()))));
      snap = await tick('measure', measureStart);
    }
    const pubEnd = await latch.race(group.snapshot());
    const consEnd = settled();
    const bytesEnd = settledBytes();
    const windowEndMicros = nowMicros();
    sink.windowEndMicros = windowEndMicros;
    const cpu = endCpuWindow(cpuMark, env.brokerPids);
    const workerShares = pubEnd.threadCpuSeconds.map((end, i) => {
      const start = pubStart.threadCpuSeconds[i];
      return end === null || start === null || start === undefined ? 0 : (end - start) / ((windowEndMicros - windowStartMicros) / 1e6);
    });
    const figures = env.mgmt === null ? Promise.resolve(null) : brokerFigures(env.mgmt, env.url.vhost, queueNames);

    // Stop publishing, then drain: wait until every message sent has been delivered.
    const final = await latch.race(group.stop(env.confirmTimeoutMs));
    const expected = final.sentByPublisher.reduce((a, [p, sent]) => a + sent * groupsOfPublisher(config, p).length, 0);
    const drainStart = Date.now();
    let lastProgressAt = drainStart;
    let lastCount = consumed();
    while (consumed() < expected) {
      await latch.race(sleep(DRAIN_POLL_MS));
      const c = consumed();
      if (c !== lastCount) {
        lastCount = c;
        lastProgressAt = Date.now();
      } else if (Date.now() - lastProgressAt > env.drainTimeoutMs) break;
      if (Date.now() - lastProgressAt > PROGRESS_INTERVAL_MS)
        progress({ phase: 'drain', phaseSeconds: (Date.now() - drainStart) / 1000, publishMsgPerSec: 0, consumeMsgPerSec: 0 });
    }
    const drained = consumed() >= expected;
    for (const c of consumers) await latch.race(c.stop());

    const sentByPublisher: number[] = new Array<number>(config.publishers).fill(0);
    for (const [p, sent] of final.sentByPublisher) sentByPublisher[p] = sent;
    const integrity = tracker.totals(sentByPublisher, (p) => groupsOfPublisher(config, p));
    const confirmHist = newLatencyHistogram();
    for (const enc of final.confirmLatency) mergeEncoded(confirmHist, enc);

    const measuredSeconds = Math.max(1e-6, (windowEndMicros - windowStartMicros) / 1e6);
    const published = pubEnd.published - pubStart.published;
    const confirmed = pubEnd.confirmed - pubStart.confirmed;
    const nacked = pubEnd.nacked - pubStart.nacked;
    const consumedInWindow = consEnd - consStart;
    const target = config.targetRateMsgPerSec === 'max' ? null : config.targetRateMsgPerSec;
    const clientBusiestThreadShare = Math.max(cpu.mainThreadShare, ...workerShares);
    const clientLimited = clientBusiestThreadShare > CLIENT_SATURATION_SHARE || cpu.eventLoopDelayP99Ms > CLIENT_EVENT_LOOP_DELAY_LIMIT_MS;

    const warnings: string[] = [];
    if (clientBusiestThreadShare > CLIENT_SATURATION_SHARE) {
      warnings.push(
        `client saturated: its busiest thread used ${(clientBusiestThreadShare * 100).toFixed(0)} % of a core; ` +
          'this step measures the client, not the broker (add --publishers and --workers, or run the bench on another machine)',
      );
    } else if (cpu.eventLoopDelayP99Ms > CLIENT_EVENT_LOOP_DELAY_LIMIT_MS) {
      warnings.push(
        `client starved: its event loop was delayed ${cpu.eventLoopDelayP99Ms.toFixed(0)} ms (p99) while using ` +
          `${(clientBusiestThreadShare * 100).toFixed(0)} % of a core: the machine is oversubscribed (other processes, or the broker on the same cores)`,
      );
    }
    const otherCores = cpu.brokerCoresMeasured === null ? null : cpu.machineBusyCores - cpu.clientCores - cpu.brokerCoresMeasured;
    if (otherCores !== null && otherCores > OTHER_PROCESSES_NOISE_CORES) {
      warnings.push(`other processes used ${otherCores.toFixed(2)} cores of this machine during the window: the figures are disturbed`);
    }
    if (!drained) {
      warnings.push(`drain stopped after ${env.drainTimeoutMs / 1000} s without deliveries: ${expected - consumed()} messages not delivered (counted as lost)`);
    }
    if (target !== null && published / measuredSeconds < TARGET_TRACKING_FRACTION * target) {
      warnings.push(`publishers reached ${Math.round(published / measuredSeconds)} msg/s of the ${Math.round(target)} msg/s target`);
    }
    if (final.nacked > 0) warnings.push(`${final.nacked} messages were nacked by the broker`);
    if (sink.foreign > 0) warnings.push(`${sink.foreign} deliveries without a bench header (not sent by this run)`);

    const result: StepResult = {
      index: meta.index,
      label: meta.label,
      kind: meta.kind,
      searchId: meta.searchId,
      loadLevel: meta.loadLevel,
      config,
      startedAt,
      measuredSeconds,
      window: { published, confirmed, nacked, consumed: consumedInWindow },
      rates: {
        targetMsgPerSec: target,
        publishMsgPerSec: published / measuredSeconds,
        confirmMsgPerSec: config.confirms ? confirmed / measuredSeconds : null,
        consumeMsgPerSec: consumedInWindow / measuredSeconds,
        consumeBytesPerSec: (bytesEnd - bytesStart) / measuredSeconds,
      },
      latency: {
        endToEnd: summarize(sink.endToEnd),
        confirm: config.confirms ? summarize(confirmHist) : null,
      },
      integrity: {
        published: sentByPublisher.reduce((a, b) => a + b, 0),
        received: integrity.received,
        lost: integrity.lost,
        duplicated: integrity.duplicated,
        reordered: integrity.reordered,
        drained,
      },
      cpu: {
        clientCores: cpu.clientCores,
        clientBusiestThreadShare,
        eventLoopDelayP99Ms: cpu.eventLoopDelayP99Ms,
        machineCores: cpu.machineCores,
        machineBusyCores: cpu.machineBusyCores,
        brokerCoresEstimate: isLoopbackHost(env.url.host) ? cpu.brokerCoresEstimate : null,
        brokerCoresMeasured: cpu.brokerCoresMeasured,
      },
      broker: await figures,
      clientLimited,
      sustained: null,
      warnings,
    };
    return result;
  } catch (err) {
    // Once the latch has failed, later errors (closed channels…) are consequences, not causes.
    throw latch.error ?? err;
  } finally {
    env.signal.removeEventListener('abort', onAbort);
    progress({ phase: 'cleanup', phaseSeconds: 0, publishMsgPerSec: 0, consumeMsgPerSec: 0 });
    for (const c of consumerConnections) c.watch.markClosing();
    await Promise.all([group?.close().catch(() => undefined), ...consumerConnections.map((c) => closeQuietly(c.model))]);
    // Errors here surface through the run's final cleanup (deleteAll), which retries.
    await env.registry.deleteStep(meta.index).catch(() => undefined);
  }
}
