/**
 * What the failover and partition runs share: the pre-flight check of the cluster, declaring the
 * run's own queues (each led by a chosen node) and deleting them again (bounded, through AMQP
 * and then the management API), and summing per-client figures.
 */
import { describeBrokerError } from '../broker/errors.js';
import { closeQuietly } from '../broker/connection.js';
import { parseBrokerUrl } from '../broker/amqp-url.js';
import { BrokerError } from '../errors.js';
import type { ActivityTracker } from './activity.js';
import { nodesOfUrls, type ManagementPool } from './cluster.js';
import { sleep, type Connector } from './connector.js';
import type { FailoverQueueType } from './options.js';
import { queueOptions } from './queue-spec.js';
import type { IntegrityTotals } from '../broker/sequence-tracker.js';
import type { ReliableConsumer } from './consumer.js';
import type { MessageLedger } from './ledger.js';
import type { ReliablePublisher } from './publisher.js';
import type { CommandRun, MessageTotals, PhaseRates } from './report.js';
import type { runShell } from './shell.js';

export interface RunHooks {
  signal?: AbortSignal;
  /** One line per milestone (kill, restart, drain…), for progress on stderr. */
  onProgress?: (line: string) => void;
}

/** Bound on deleting the run's queues at the end. */
const CLEANUP_TIMEOUT_MS = 15_000;
/** Connection rounds over all URLs before the setup gives up (the run's clients retry until stopped). */
const SETUP_CONNECT_ROUNDS = 3;

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p.finally(() => clearTimeout(timer)), new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)))]);
}

/**
 * The cluster as its management API sees it, refused unless every node runs and no resource
 * alarm is in effect (an alarm blocks every publisher: the run would measure the alarm, not the
 * fault). `why` says what the run needs the API for, for the error when it does not answer;
 * `fault` names what the run measures.
 */
export async function preflight(mgmt: ManagementPool, urls: readonly string[], why: string, fault: 'failover' | 'partition') {
  let overview: Awaited<ReturnType<ManagementPool['overview']>>;
  try {
    overview = await mgmt.overview();
  } catch (err) {
    throw new BrokerError(`cannot use the management API at ${mgmt.printable} (${(err as Error).message.replace(/^management API /, '')}): ${why}`);
  }
  mgmt.addListeners(overview.listeners ?? []);
  const urlNodes = nodesOfUrls(urls, overview.listeners ?? []);
  const down = (await mgmt.nodes()).filter((n) => n.running === false).map((n) => n.name);
  if (down.length > 0) throw new BrokerError(`the cluster is not healthy before the run: ${down.join(', ')} not running; start it first`);
  // Asked live (the health check), not from lagging node stats.
  const alarms = await mgmt.call((c) => c.alarms()).catch(() => [] as string[]);
  if (alarms.length > 0) {
    throw new BrokerError(
      `the cluster has a resource alarm in effect (${alarms.join(', ')}): publishers are blocked, so no ${fault} can be measured; clear it first (rabbitmq-diagnostics alarms)`,
    );
  }
  return { overview, urlNodes };
}

/**
 * Declares the run's queues, queue i through a connection to URL `leaderUrlOf(i)`: with
 * `client-local` placement that node leads it. Refuses a name that already exists (the run only
 * uses queues it declares); on failure the BrokerError carries `{ declared }` for cleanup.
 */
export async function declareQueues(
  queueType: FailoverQueueType,
  connector: Connector,
  names: readonly string[],
  signal: AbortSignal,
  leaderUrlOf: (i: number) => number,
): Promise<string[]> {
  const declared: string[] = [];
  const options = queueOptions(queueType);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const { model, urlIndex } = await connector.connect(leaderUrlOf(i), `${name}-admin`, signal, SETUP_CONNECT_ROUNDS);
    const url = parseBrokerUrl(connector.urlAt(urlIndex));
    model.on('error', () => undefined);
    try {
      const probe = await model.createChannel();
      probe.on('error', () => undefined);
      const exists = await probe.checkQueue(name).then(
        () => true,
        (err: { code?: unknown }) => {
          if (err.code === 404) return false;
          throw err;
        },
      );
      if (exists) {
        throw new BrokerError(`queue "${name}" already exists at ${url.redacted}: the run only uses queues it declares (choose another --run-id)`, {
          declared,
        });
      }
      const ch = await model.createChannel();
      await ch.assertQueue(name, options);
      declared.push(name);
    } catch (err) {
      if (err instanceof BrokerError) throw err;
      throw new BrokerError(describeBrokerError(err, url, `declaring ${name}`), { declared });
    } finally {
      await closeQuietly(model);
    }
  }
  return declared;
}

/** Deletes the queues (AMQP first, then the management API), bounded; returns the names left. */
export async function deleteQueues(connector: Connector, mgmt: ManagementPool, vhost: string, names: readonly string[]): Promise<string[]> {
  const left = new Set(names);
  const abort = new AbortController();
  const work = (async () => {
    try {
      const { model } = await connector.connect(0, 'rmq-plan-cleanup', abort.signal);
      model.on('error', () => undefined);
      try {
        const ch = await model.createChannel();
        ch.on('error', () => undefined);
        for (const n of names) {
          await ch.deleteQueue(n);
          left.delete(n);
        }
      } finally {
        await closeQuietly(model);
      }
    } catch {
      // Fall back to the management API below.
    }
    for (const n of [...left]) {
      try {
        await mgmt.deleteQueue(vhost, n);
        left.delete(n);
      } catch (err) {
        if ((err as { status?: unknown }).status === 404) left.delete(n);
      }
    }
  })();
  const r = await withTimeout(work, CLEANUP_TIMEOUT_MS);
  if (r === 'timeout') abort.abort();
  return [...left];
}

function sumRates(rates: (number | null)[]): number | null {
  const known = rates.filter((r): r is number => r !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

/** First-time confirms and deliveries per second over [fromMs, toMs), summed over clients. */
export function phaseRates(clients: readonly { confirms: ActivityTracker; deliveries: ActivityTracker }[], fromMs: number, toMs: number): PhaseRates {
  return {
    confirmsPerSec: sumRates(clients.map((c) => c.confirms.ratePerSec(fromMs, toMs))),
    deliveriesPerSec: sumRates(clients.map((c) => c.deliveries.ratePerSec(fromMs, toMs))),
  };
}

/** Per-second series added up element-wise (series of different lengths: missing seconds count 0). */
export function sumSeries(series: number[][]): number[] {
  const len = Math.max(0, ...series.map((s) => s.length));
  return Array.from({ length: len }, (_, i) => series.reduce((a, s) => a + (s[i] ?? 0), 0));
}

export function toCommandRun(r: Awaited<ReturnType<typeof runShell>>, atMs: number): CommandRun {
  return { command: r.command, atMs, durationMs: r.durationMs, exitCode: r.exitCode, timedOut: r.timedOut, output: r.output };
}

/** Message counts over publishers (each with its ledger) and consumers; duplicates and reordering from the integrity tracker. */
export function messageTotals(
  publishers: readonly { ledger: MessageLedger; publisher: ReliablePublisher }[],
  consumers: readonly ReliableConsumer[],
  integrity: IntegrityTotals,
): MessageTotals {
  const m: MessageTotals = {
    published: 0,
    publishAttempts: 0,
    republished: 0,
    confirmed: 0,
    nacked: 0,
    returned: 0,
    lostInFlight: 0,
    notOffered: 0,
    received: 0,
    duplicated: integrity.duplicated,
    reordered: integrity.reordered,
    confirmedLost: 0,
    unconfirmed: 0,
    redelivered: 0,
  };
  for (const { ledger, publisher } of publishers) {
    const t = ledger.totals();
    m.published += t.published;
    m.publishAttempts += t.publishAttempts;
    m.republished += t.republished;
    m.confirmed += t.confirmed;
    m.received += t.received;
    m.confirmedLost += t.confirmedLost;
    m.unconfirmed += t.unconfirmed;
    m.nacked += publisher.nacked;
    m.returned += publisher.returnedCount;
    m.lostInFlight += publisher.lostInFlight;
    m.notOffered += publisher.notOffered;
  }
  for (const c of consumers) m.redelivered += c.redelivered;
  return m;
}

/** A run's own stop signal, fired by the caller's (Ctrl-C) and detached again by `release`. */
export function linkedAbort(hooks: RunHooks): { signal: AbortSignal; release: () => void } {
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  if (hooks.signal?.aborted) abort.abort();
  return { signal: abort.signal, release: () => hooks.signal?.removeEventListener('abort', onAbort) };
}

/** How often the drain loop checks whether everything confirmed has arrived. */
const DRAIN_POLL_MS = 100;

/**
 * After publishing stopped: wait (bounded) until every publisher has everything confirmed and
 * every confirmed message has arrived. True when it all drained in time.
 */
export async function drain(
  clients: readonly { publisher: { unsettled: number }; ledger: MessageLedger }[],
  clock: () => number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const deadline = clock() + timeoutMs;
  while (!signal.aborted && clock() < deadline) {
    if (clients.every((c) => c.publisher.unsettled === 0 && c.ledger.confirmedUndelivered === 0)) return true;
    await sleep(DRAIN_POLL_MS, signal);
  }
  return false;
}

/** Declares the run's queues; on failure deletes what it declared (never a queue that existed before) and rethrows. */
export async function declareOrClean(
  queueType: FailoverQueueType,
  connector: Connector,
  mgmt: ManagementPool,
  vhost: string,
  names: readonly string[],
  signal: AbortSignal,
  leaderUrlOf: (i: number) => number,
): Promise<string[]> {
  try {
    return await declareQueues(queueType, connector, names, signal, leaderUrlOf);
  } catch (err) {
    const partial = err instanceof BrokerError ? (err.partialResults as { declared?: string[] } | undefined)?.declared : undefined;
    if (partial !== undefined && partial.length > 0) await deleteQueues(connector, mgmt, vhost, partial);
    throw err;
  }
}
