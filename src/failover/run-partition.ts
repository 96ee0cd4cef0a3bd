/**
 * The partition run (docs/failover.md, "verify partition"): declare one quorum queue led by the
 * node of URL 1; start two sides of clients, each a confirmed publisher and a consumer on that
 * queue — the majority side on the other nodes, the minority side on the leader's node; at
 * --partition-after cut the leader off from the other nodes (--partition-command), at
 * --heal-after undo it (--heal-command); stop publishing at --duration, let both publishers get
 * everything confirmed (re-publishing what was not) and the consumers drain; delete the queue;
 * report, per side, what the clients saw and whether any confirmed message was lost.
 *
 * The cluster is left whole: the heal command runs also after a failure or an interrupt once the
 * partition command has run, and the queue is deleted.
 */
import type { Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram, summarize } from '../bench/latency.js';
import { IntegrityTracker } from '../broker/sequence-tracker.js';
import { defaultManagementUrl, parseBrokerUrl } from '../broker/amqp-url.js';
import { redactUrl } from '../broker/redact.js';
import { BrokerError } from '../errors.js';
import { ActivityTracker } from './activity.js';
import type { ClientSpec } from './client-spec.js';
import { ManagementPool, leaderOf } from './cluster.js';
import { Connector, sleep } from './connector.js';
import { ReliableConsumer } from './consumer.js';
import { MessageLedger } from './ledger.js';
import type { PartitionOptions } from './partition-options.js';
import { PARTITION_REPORT_VERSION, PARTITION_SETTLE_MS, type PartitionReport, type PartitionSide } from './partition-report.js';
import { buildPartitionVerdict } from './partition-verdict.js';
import { ReliablePublisher } from './publisher.js';
import { queueName, queueOptions } from './queue-spec.js';
import type { CommandRun } from './report.js';
import { declareOrClean, deleteQueues, drain, linkedAbort, messageTotals, phaseRates, preflight, toCommandRun, type RunHooks } from './run-support.js';
import { runShell, substitute } from './shell.js';

/** How often the majority side's management API is asked who leads the queue during the partition. */
const LEADER_POLL_MS = 250;
/** Most events kept per side in the report. */
const MAX_EVENTS = 100;

const MAJORITY = 0;
const MINORITY = 1;

interface Side {
  ledger: MessageLedger;
  confirms: ActivityTracker;
  deliveries: ActivityTracker;
  publisher: ReliablePublisher;
  consumer: ReliableConsumer;
  urlIndexes: number[];
  nacksAt: { partition: number; heal: number };
}

export async function runPartition(opts: PartitionOptions, hooks: RunHooks = {}): Promise<PartitionReport> {
  const progress = hooks.onProgress ?? (() => undefined);
  const { signal, release } = linkedAbort(hooks);

  const mgmt = new ManagementPool(opts.managementUrl, opts.urls);
  const { overview, urlNodes } = await preflight(
    mgmt,
    opts.urls,
    'the partition run needs it to find the queue leader and to watch the majority elect a new one (--mgmt)',
    'partition',
  );
  const vhost = parseBrokerUrl(opts.urls[0]!).vhost;
  const queue = queueName(opts.runId, 0);
  const all = new Connector(opts.urls, opts.connectTimeoutMs);
  await declareOrClean('quorum', all, mgmt, vhost, [queue], signal, () => 0);
  progress(`declared quorum queue ${queue}`);

  // The node to isolate: the queue's leader, and the URL that reaches it (the minority's clients use it).
  const leaderBefore = await mgmt.queue(vhost, queue).then(leaderOf, () => null);
  const isolatedIdx = leaderBefore === null ? -1 : urlNodes.indexOf(leaderBefore);
  if (isolatedIdx < 0) {
    await deleteQueues(all, mgmt, vhost, [queue]);
    throw new BrokerError(
      `the leader of ${queue} (${leaderBefore ?? 'unknown'}) is not reached by any --urls entry: the run must know which node to isolate and which URLs stay with the majority`,
    );
  }
  const majorityIdx = opts.urls.map((_, i) => i).filter((i) => i !== isolatedIdx);
  const majorityUrls = majorityIdx.map((i) => opts.urls[i]!);
  const majorityNodes = majorityIdx.map((i) => urlNodes[i] ?? null);
  // The majority side's own view of the cluster (the isolated node's API answers from the minority).
  const majorityMgmt = new ManagementPool(defaultManagementUrl(parseBrokerUrl(majorityUrls[0]!)), majorityUrls);
  majorityMgmt.addListeners((overview.listeners ?? []).filter((l) => majorityNodes.includes(l.node)));

  // --- Clients: majority side (publisher id 0) on the other nodes, minority side (id 1) on the leader's node only.
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  const integrity = new IntegrityTracker(2);
  const endToEnd: Histogram = newLatencyHistogram();
  const ledgers = [new MessageLedger(), new MessageLedger()];
  const makeSide = (id: number, label: string, urlIndexes: number[]): Side => {
    const connector = new Connector(
      urlIndexes.map((i) => opts.urls[i]!),
      opts.connectTimeoutMs,
    );
    const spec: ClientSpec = {
      index: id,
      publisherId: id,
      group: 0,
      queue,
      queueOptions: queueOptions('quorum'),
      preferredUrl: 0,
      messageSizeBytes: opts.messageSizeBytes,
      persistent: true,
      clock,
      log: progress,
    };
    const confirms = new ActivityTracker();
    const deliveries = new ActivityTracker();
    return {
      ledger: ledgers[id]!,
      confirms,
      deliveries,
      publisher: new ReliablePublisher(
        { ...spec, label: `${label} publisher` },
        connector,
        ledgers[id]!,
        confirms,
        opts.rateMsgPerSec,
        opts.confirmWindow,
        signal,
      ),
      consumer: new ReliableConsumer(
        { ...spec, label: `${label} consumer` },
        connector,
        (p) => ledgers[p],
        integrity,
        deliveries,
        endToEnd,
        opts.prefetch,
        signal,
      ),
      urlIndexes,
      nacksAt: { partition: 0, heal: 0 },
    };
  };
  const sides = [makeSide(MAJORITY, 'majority', majorityIdx), makeSide(MINORITY, 'minority', [isolatedIdx])];
  for (const s of sides) s.consumer.start();
  for (const s of sides) s.publisher.start();
  progress(
    `publishing ${opts.rateMsgPerSec} msg/s with confirms on each side: majority via ${majorityNodes.map((n) => n ?? '?').join(', ')}, minority via ${leaderBefore}`,
  );

  const sleepUntil = (ms: number) => sleep(Math.max(0, ms - clock()), signal);
  const values = { node: String(isolatedIdx + 1), nodeName: leaderBefore ?? '' };
  let partition: CommandRun | null = null;
  let partitionEndMs: number | null = null;
  let heal: CommandRun | null = null;
  let healedOnExit = false;
  let leaderDuring: string | null = null;
  let electedAtMs: number | null = null;
  let drained = false;
  let publishEndMs = opts.durationMs;
  let failure: unknown = null;

  try {
    await sleepUntil(opts.partitionAfterMs);
    if (!signal.aborted) {
      const atMs = clock();
      for (const s of sides) s.nacksAt.partition = s.publisher.nacked;
      progress(`isolating ${leaderBefore} (leader of ${queue}) from the other nodes at ${(atMs / 1000).toFixed(1)} s`);
      const r = await runShell(substitute(opts.partitionCommand, values), opts.commandTimeoutMs);
      partition = toCommandRun(r, atMs);
      partitionEndMs = clock();
      if (r.exitCode !== 0)
        throw new BrokerError(`the partition command failed (exit ${r.exitCode ?? 'abnormal'}${r.timedOut ? ', timed out' : ''}): ${lastLine(r.output)}`);

      // Until the heal: watch the majority side elect a new leader.
      while (!signal.aborted && clock() < opts.healAfterMs) {
        const seen = await majorityMgmt.queue(vhost, queue).then(leaderOf, () => undefined);
        if (seen !== undefined) {
          leaderDuring = seen;
          if (electedAtMs === null && seen !== null && seen !== leaderBefore) {
            electedAtMs = clock();
            progress(`the majority elected ${seen} after ${((electedAtMs - partitionEndMs) / 1000).toFixed(1)} s`);
          }
        }
        await sleep(Math.min(LEADER_POLL_MS, Math.max(0, opts.healAfterMs - clock())), signal);
      }
    }
    await sleepUntil(opts.healAfterMs);
    if (!signal.aborted && partition !== null) {
      const atMs = clock();
      for (const s of sides) s.nacksAt.heal = s.publisher.nacked;
      progress(`healing the partition at ${(atMs / 1000).toFixed(1)} s`);
      const r = await runShell(substitute(opts.healCommand, values), opts.commandTimeoutMs);
      heal = toCommandRun(r, atMs);
      if (r.exitCode !== 0)
        throw new BrokerError(
          `the heal command failed (exit ${r.exitCode ?? 'abnormal'}${r.timedOut ? ', timed out' : ''}): ${lastLine(r.output)}; heal the cluster by hand`,
        );
    }

    await sleepUntil(opts.durationMs);
    publishEndMs = Math.min(clock(), opts.durationMs);
    for (const s of sides) s.publisher.stopPublishing();
    if (!signal.aborted) {
      progress('publishing stopped; waiting for outstanding confirms and deliveries on both sides');
      drained = await drain(sides, clock, opts.drainTimeoutMs, signal);
    }
  } catch (err) {
    failure = err;
  }
  const endMs = clock();

  // --- Leave the cluster whole: heal (once partitioned), stop the clients, delete the queue.
  if (partition !== null && heal === null) {
    progress('healing the partition before exiting');
    const atMs = clock();
    heal = toCommandRun(await runShell(substitute(opts.healCommand, values), opts.commandTimeoutMs), atMs);
    healedOnExit = true;
  }
  for (const s of sides) await s.publisher.stop();
  for (const s of sides) await s.consumer.stop();
  const leaderAfter = await mgmt.queue(vhost, queue).then(leaderOf, () => null);
  const queuesLeft = await deleteQueues(all, mgmt, vhost, [queue]);
  release();
  if (failure !== null) {
    if (queuesLeft.length > 0 && failure instanceof BrokerError) throw new BrokerError(`${failure.message}; queue left: ${queuesLeft.join(', ')}`);
    throw failure;
  }

  // --- Figures.
  const cutFrom = partitionEndMs ?? publishEndMs;
  const cutTo = heal?.atMs ?? publishEndMs;
  const sent = sides.map((s) => s.ledger.totals().published);
  const sideReport = (id: number): PartitionSide => {
    const s = sides[id]!;
    const own = integrity.totals(sent, (p) => (p === id ? [0] : []));
    const healAt = heal?.atMs ?? null;
    const firstAfterHeal = healAt === null ? null : s.confirms.firstAfter(healAt);
    return {
      urlIndexes: s.urlIndexes.map((i) => i + 1),
      nodes: s.urlIndexes.map((i) => urlNodes[i] ?? null),
      messages: messageTotals([{ ledger: s.ledger, publisher: s.publisher }], [s.consumer], { ...own, reordered: 0 }),
      duringPartition: {
        confirms: s.confirms.countBetween(cutFrom + PARTITION_SETTLE_MS, cutTo),
        nacks: (heal === null ? s.publisher.nacked : s.nacksAt.heal) - s.nacksAt.partition,
        deliveries: s.deliveries.countBetween(cutFrom + PARTITION_SETTLE_MS, cutTo),
      },
      publishGap: s.confirms.gapAround(partition?.atMs ?? cutFrom, cutFrom, publishEndMs),
      deliverGap: s.deliveries.gapAround(partition?.atMs ?? cutFrom, cutFrom, publishEndMs),
      firstConfirmAfterHealMs: healAt === null || firstAfterHeal === null ? null : firstAfterHeal - healAt,
      rates: {
        before: phaseRates([s], 0, partition?.atMs ?? publishEndMs),
        partitioned: partition === null ? { confirmsPerSec: null, deliveriesPerSec: null } : phaseRates([s], cutFrom, cutTo),
        healed: heal === null ? { confirmsPerSec: null, deliveriesPerSec: null } : phaseRates([s], heal.atMs, publishEndMs),
      },
      connects: { publisher: s.publisher.connects, consumer: s.consumer.connects },
      events: [...s.publisher.events, ...s.consumer.events].sort((a, b) => a.tMs - b.tMs).slice(0, MAX_EVENTS),
    };
  };
  const both = integrity.totals(sent, () => [0]);
  const report: Omit<PartitionReport, 'verdict'> = {
    schemaVersion: PARTITION_REPORT_VERSION,
    kind: 'partition',
    status: signal.aborted ? 'interrupted' : 'complete',
    runId: opts.runId,
    rabbitmqVersion: overview.rabbitmq_version ?? null,
    urls: opts.urls.map(redactUrl),
    urlNodes,
    queue,
    settings: {
      rateMsgPerSecPerSide: opts.rateMsgPerSec,
      messageSizeBytes: opts.messageSizeBytes,
      confirmWindow: opts.confirmWindow,
      prefetch: opts.prefetch,
      durationMs: opts.durationMs,
      partitionAfterMs: opts.partitionAfterMs,
      healAfterMs: opts.healAfterMs,
    },
    isolated: partition === null ? null : { node: leaderBefore, urlIndex: isolatedIdx + 1, reason: `leader of ${queue}` },
    partition,
    heal,
    leader: {
      before: leaderBefore,
      duringPartition: leaderDuring,
      electedAfterMs: electedAtMs === null || partitionEndMs === null ? null : electedAtMs - partitionEndMs,
      after: leaderAfter,
    },
    majority: sideReport(MAJORITY),
    minority: sideReport(MINORITY),
    messages: messageTotals(
      sides.map((s) => ({ ledger: s.ledger, publisher: s.publisher })),
      sides.map((s) => s.consumer),
      both,
    ),
    endToEndLatency: summarize(endToEnd),
    drained,
    timeline: {
      majorityConfirmsPerSec: sides[MAJORITY]!.confirms.timeline(endMs),
      minorityConfirmsPerSec: sides[MINORITY]!.confirms.timeline(endMs),
      deliveriesPerSec: sides.map((s) => s.deliveries.timeline(endMs)).reduce((a, b) => a.map((v, i) => v + (b[i] ?? 0))),
    },
    cleanup: { queuesLeft, healedOnExit },
  };
  return { ...report, verdict: buildPartitionVerdict(report) };
}

function lastLine(output: string): string {
  return output.trim().split('\n').slice(-1)[0] ?? '';
}
