/**
 * The failover run (docs/failover.md): declare the run's queues (queue i's leader on the node of
 * URL i mod n), start a consumer and a confirmed publisher per queue, kill the node leading
 * queue 0 at --kill-after, restart it at --restart-after, stop publishing at --duration, let
 * the publishers re-publish what is unconfirmed and the consumers drain, measure the restarted
 * member's catch-up, delete the queues, and report.
 *
 * The cluster is left as found: a node this run killed is restarted even when the run is
 * interrupted (when a restart command was given), and the queues are deleted.
 */
import type { Histogram } from 'hdr-histogram-js';
import { BrokerError } from '../errors.js';
import { newLatencyHistogram, summarize } from '../bench/latency.js';
import { IntegrityTracker } from '../broker/sequence-tracker.js';
import { parseBrokerUrl } from '../broker/amqp-url.js';
import { redactUrl } from '../broker/redact.js';
import { ActivityTracker } from './activity.js';
import { CatchUpWatcher, type CatchUpResult } from './catch-up.js';
import type { ClientSpec } from './client-spec.js';
import { ManagementPool, leaderOf } from './cluster.js';
import { Connector, sleep } from './connector.js';
import { ReliableConsumer } from './consumer.js';
import { MessageLedger } from './ledger.js';
import type { FailoverOptions } from './options.js';
import { ReliablePublisher } from './publisher.js';
import { queueName, queueOptions } from './queue-spec.js';
import {
  declareOrClean,
  deleteQueues,
  drain,
  linkedAbort,
  messageTotals,
  phaseRates,
  preflight,
  sumSeries,
  toCommandRun,
  type RunHooks,
} from './run-support.js';
import { FAILOVER_REPORT_VERSION, type CommandRun, type FailoverReport } from './report.js';
import { runShell, substitute } from './shell.js';
import { buildVerdict } from './verdict.js';

export type { RunHooks } from './run-support.js';

/** After the kill command, how long to look for the node the management API reports down. */
const DOWN_NODE_DETECT_MS = 10_000;
/** Most events kept in the report (reconnect loops during an outage can log many). */
const MAX_EVENTS = 200;

interface QueueClients {
  name: string;
  ledger: MessageLedger;
  confirms: ActivityTracker;
  deliveries: ActivityTracker;
  publisher: ReliablePublisher;
  consumer: ReliableConsumer;
}

export async function runFailover(opts: FailoverOptions, hooks: RunHooks = {}): Promise<FailoverReport> {
  const progress = hooks.onProgress ?? (() => undefined);
  const { signal, release } = linkedAbort(hooks);

  // --- The cluster as the management API sees it, healthy and without an alarm.
  const mgmt = new ManagementPool(opts.managementUrl, opts.urls);
  const { overview, urlNodes } = await preflight(
    mgmt,
    opts.urls,
    'the failover run needs it to find the queue leader and to watch the restarted node (--mgmt)',
    'failover',
  );

  const vhost = parseBrokerUrl(opts.urls[0]!).vhost;
  const names = Array.from({ length: opts.queues }, (_, i) => queueName(opts.runId, i));
  const connector = new Connector(opts.urls, opts.connectTimeoutMs);
  const declared = await declareOrClean(opts.queueType, connector, mgmt, vhost, names, signal, (i) => i % opts.urls.length);
  progress(`declared ${declared.length} ${opts.queueType} ${declared.length === 1 ? 'queue' : 'queues'}: ${declared.join(', ')}`);

  const leaderBefore: (string | null)[] = [];
  for (const n of names) leaderBefore.push(await mgmt.queue(vhost, n).then(leaderOf, () => null));

  // --- Clients.
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  const integrity = new IntegrityTracker(opts.queues);
  const endToEnd: Histogram = newLatencyHistogram();
  const perQueueRate = opts.rateMsgPerSec / opts.queues;
  const log = (line: string) => progress(line);
  const clients: QueueClients[] = names.map((name, i) => {
    const spec: ClientSpec = {
      index: i,
      queue: name,
      queueOptions: queueOptions(opts.queueType),
      preferredUrl: i % opts.urls.length,
      messageSizeBytes: opts.messageSizeBytes,
      persistent: opts.persistent,
      clock,
      log,
    };
    const ledger = new MessageLedger();
    const confirms = new ActivityTracker();
    const deliveries = new ActivityTracker();
    return {
      name,
      ledger,
      confirms,
      deliveries,
      publisher: new ReliablePublisher(spec, connector, ledger, confirms, perQueueRate, opts.confirmWindow, signal),
      consumer: new ReliableConsumer(spec, connector, ledger, integrity, deliveries, endToEnd, opts.prefetch, signal),
    };
  });
  for (const c of clients) c.consumer.start();
  for (const c of clients) c.publisher.start();
  progress(`publishing ${opts.rateMsgPerSec} msg/s with confirms for ${opts.durationMs / 1000} s`);

  const sleepUntil = (ms: number) => sleep(Math.max(0, ms - clock()), signal);

  let kill: FailoverReport['kill'] = null;
  let killedNode: string | null = null;
  let killedUrlIndex: number | null = null;
  let killEndMs: number | null = null;
  const restarted: { run: CommandRun | null; endMs: number | null } = { run: null, endMs: null };
  let restartPromise: Promise<void> = Promise.resolve();
  let watcher: CatchUpWatcher | null = null;
  let publishEndMs = opts.durationMs;
  let drained = false;
  let failure: unknown = null;
  const restartValues = () => ({ node: killedUrlIndex === null ? '' : String(killedUrlIndex + 1), nodeName: killedNode ?? '' });

  try {
    // --- Kill the node leading queue 0.
    await sleepUntil(opts.killAfterMs);
    if (!signal.aborted) {
      const target = await mgmt.queue(vhost, names[0]!).then(leaderOf, () => null);
      const idx = target === null ? -1 : urlNodes.indexOf(target);
      if (/\{node\}/.test(opts.killCommand) && idx < 0) {
        throw new BrokerError(
          `cannot kill the leader of ${names[0]}: its node ${target ?? '(unknown)'} is not reached by any --urls entry, so {node} has no value`,
        );
      }
      const atMs = clock();
      progress(`killing ${target ?? 'a node'} (leader of ${names[0]}) at ${(atMs / 1000).toFixed(1)} s`);
      const r = await runShell(substitute(opts.killCommand, { node: String(idx + 1), nodeName: target ?? '' }), opts.commandTimeoutMs);
      killEndMs = clock();
      killedNode = /\{node(Name)?\}/.test(opts.killCommand) ? target : await detectDownNode(mgmt, clock, killEndMs + DOWN_NODE_DETECT_MS);
      const k = killedNode === null ? -1 : urlNodes.indexOf(killedNode);
      killedUrlIndex = k >= 0 ? k : null;
      kill = { ...toCommandRun(r, atMs), node: killedNode, urlIndex: killedUrlIndex === null ? null : killedUrlIndex + 1, reason: `leader of ${names[0]}` };
      if (r.exitCode !== 0)
        progress(`kill command exited ${r.exitCode ?? 'abnormally'}${r.timedOut ? ' (timed out)' : ''}: ${r.output.split('\n').slice(-1)[0] ?? ''}`);
    }

    // --- Restart it (the workload keeps running) and watch its member catch up.
    if (opts.restartCommand !== null && opts.restartAfterMs !== null && kill !== null) {
      await sleepUntil(opts.restartAfterMs);
      if (!signal.aborted) {
        const atMs = clock();
        progress(`restarting ${killedNode ?? 'the node'} at ${(atMs / 1000).toFixed(1)} s`);
        restartPromise = runShell(substitute(opts.restartCommand, restartValues()), opts.commandTimeoutMs).then((r) => {
          restarted.run = toCommandRun(r, atMs);
          restarted.endMs = clock();
          progress(`restart command finished after ${(r.durationMs / 1000).toFixed(1)} s (exit ${r.exitCode ?? 'abnormal'})`);
        });
        if (killedNode !== null) {
          watcher = new CatchUpWatcher(mgmt, vhost, names, killedNode, opts.queueType, opts.queueType === 'quorum' ? opts.statusCommand : null, clock, atMs);
          watcher.start(opts.catchUpTimeoutMs);
        }
      }
    }

    // --- Stop publishing; wait for the restart, then for every confirmed message to arrive.
    await sleepUntil(opts.durationMs);
    publishEndMs = Math.min(clock(), opts.durationMs);
    for (const c of clients) c.publisher.stopPublishing();
    await restartPromise;
    if (!signal.aborted) {
      progress('publishing stopped; waiting for outstanding confirms and deliveries');
      drained = await drain(clients, clock, opts.drainTimeoutMs, signal);
    }
  } catch (err) {
    failure = err;
  }
  const w = watcher as CatchUpWatcher | null;
  if (w !== null) {
    if (signal.aborted || failure !== null) w.stop();
    await w.wait();
  }
  const endMs = clock();

  // --- Stop, restore, clean up (also after a failure or an interrupt).
  for (const c of clients) await c.publisher.stop();
  for (const c of clients) await c.consumer.stop();
  await restartPromise;
  if (kill !== null && restarted.run === null && opts.restartCommand !== null) {
    // Interrupted before the restart: bring the node back so the cluster is left healthy.
    progress(`restarting ${killedNode ?? 'the killed node'} before exiting`);
    const atMs = clock();
    restarted.run = toCommandRun(await runShell(substitute(opts.restartCommand, restartValues()), opts.commandTimeoutMs), atMs);
  }
  if (failure !== null) {
    const left = await deleteQueues(connector, mgmt, vhost, names);
    release();
    if (left.length > 0 && failure instanceof BrokerError) throw new BrokerError(`${failure.message}; queues left: ${left.join(', ')}`);
    throw failure;
  }
  const restart = restarted.run;
  const restartEndMs = restarted.endMs;
  const leaderAfter: (string | null)[] = [];
  for (const n of names) leaderAfter.push(await mgmt.queue(vhost, n).then(leaderOf, () => null));
  const catchUp: CatchUpResult =
    w !== null
      ? await w.result()
      : {
          node: killedNode,
          method: 'not-applicable',
          onlineAfterMs: null,
          caughtUpAfterMs: null,
          lagAtRejoinEntries: null,
          finalLagEntries: null,
          timedOut: false,
          detail: kill === null ? 'no node was killed' : 'the node was not restarted during the run',
          samples: [],
        };
  const queuesLeft = await deleteQueues(connector, mgmt, vhost, names);
  release();

  // --- Figures.
  const sent = clients.map((c) => c.ledger.totals().published);
  const integrityTotals = integrity.totals(sent, (p) => [p]);
  const messages = messageTotals(
    clients.map((c) => ({ ledger: c.ledger, publisher: c.publisher })),
    clients.map((c) => c.consumer),
    integrityTotals,
  );
  const killWindow = kill === null || killEndMs === null ? null : { from: (kill as NonNullable<FailoverReport['kill']>).atMs, to: killEndMs as number };
  const perQueue = clients.map((c, i) => ({
    queue: c.name,
    leaderBefore: leaderBefore[i] ?? null,
    leaderAfter: leaderAfter[i] ?? null,
    // The failover's silence: the gap overlapping the kill (the node died while the command ran).
    publishGap: killWindow === null ? c.confirms.gap(publishEndMs) : c.confirms.gapAround(killWindow.from, killWindow.to, publishEndMs),
    deliverGap: killWindow === null ? c.deliveries.gap(publishEndMs) : c.deliveries.gapAround(killWindow.from, killWindow.to, publishEndMs),
  }));
  const worst = (gaps: FailoverReport['availability']['publishGap'][]) => gaps.reduce((a, b) => (b.longestMs > a.longestMs ? b : a));
  // Degraded: from the kill (the process is gone when the command returns) until the node's
  // member / queue is back (the restart command itself returns a little later, after the rejoin).
  const killAtMs = kill === null ? null : (kill as NonNullable<FailoverReport['kill']>).atMs;
  const degradedFrom = killEndMs;
  const degradedTo = Math.min(w?.onlineAtMs ?? restartEndMs ?? publishEndMs, restartEndMs ?? publishEndMs);
  const report: FailoverReport = {
    schemaVersion: FAILOVER_REPORT_VERSION,
    status: signal.aborted ? 'interrupted' : 'complete',
    runId: opts.runId,
    queueType: opts.queueType,
    persistent: opts.persistent,
    rabbitmqVersion: overview.rabbitmq_version ?? null,
    urls: opts.urls.map(redactUrl),
    urlNodes,
    queues: names,
    settings: {
      rateMsgPerSec: opts.rateMsgPerSec,
      messageSizeBytes: opts.messageSizeBytes,
      confirmWindow: opts.confirmWindow,
      prefetch: opts.prefetch,
      durationMs: opts.durationMs,
      killAfterMs: opts.killAfterMs,
      restartAfterMs: opts.restartAfterMs,
    },
    kill,
    restart,
    degradedWindowMs: degradedFrom === null ? null : { fromMs: degradedFrom, toMs: Math.min(degradedTo, publishEndMs) },
    availability: { publishGap: worst(perQueue.map((q) => q.publishGap)), deliverGap: worst(perQueue.map((q) => q.deliverGap)), perQueue },
    rates: {
      healthy: phaseRates(clients, 0, killAtMs ?? publishEndMs),
      degraded:
        degradedFrom === null ? { confirmsPerSec: null, deliveriesPerSec: null } : phaseRates(clients, degradedFrom, Math.min(degradedTo, publishEndMs)),
      recovered: restartEndMs === null ? { confirmsPerSec: null, deliveriesPerSec: null } : phaseRates(clients, degradedTo, publishEndMs),
    },
    catchUp,
    messages,
    endToEndLatency: summarize(endToEnd),
    clients: {
      publisherConnects: clients.reduce((a, c) => a + c.publisher.connects, 0),
      consumerConnects: clients.reduce((a, c) => a + c.consumer.connects, 0),
    },
    drained,
    events: clients
      .flatMap((c) => [...c.publisher.events, ...c.consumer.events])
      .sort((a, b) => a.tMs - b.tMs)
      .slice(0, MAX_EVENTS),
    timeline: {
      confirmsPerSec: sumSeries(clients.map((c) => c.confirms.timeline(endMs))),
      deliveriesPerSec: sumSeries(clients.map((c) => c.deliveries.timeline(endMs))),
    },
    cleanup: { queuesLeft },
    verdict: { ok: false, lines: [] },
  };
  report.verdict = buildVerdict(report);
  return report;
}

/** The node the management API reports not running after the kill (null if none within the bound). */
async function detectDownNode(mgmt: ManagementPool, clock: () => number, untilMs: number): Promise<string | null> {
  while (clock() < untilMs) {
    try {
      const down = (await mgmt.nodes()).filter((n) => n.running === false);
      if (down.length > 0) return down[0]!.name;
    } catch {
      // Try again.
    }
    await sleep(250);
  }
  return null;
}
