/**
 * Runs a whole bench: connect (failing fast and clearly on broker trouble), read the broker's
 * figures, run every variant's closed-loop search and open-loop curve within the time budget,
 * and clean up the run's queues whatever happens. Returns the BenchRunResult; broker trouble
 * throws a BrokerError carrying the partial result (completed steps).
 */
import { removeLeftoverQueues } from './leftovers.js';
import { SUPPORTED_RABBITMQ_VERSIONS, supportedLine } from '../model/broker-version.js';
import os from 'node:os';
import { BrokerError } from '../errors.js';
import { BenchAbort, describeBrokerError, isChannelEnded, isOpenRefused } from '../broker/errors.js';
import type { ConnectionSettings, TlsMaterial } from '../broker/connection.js';
import { isErlangVm } from './cpu.js';
import { ManagementClient } from '../broker/management.js';
import { expandMatrix, type Variant } from './matrix.js';
import { searchMaxRate, stepSeconds, type RunStepFn } from './max-rate-search.js';
import { QUEUE_EXPIRES_MS, QueueRegistry, runPrefix } from './queues.js';
import { BenchInterrupted, runStep, type StepEnv, type StepProgress } from './step-runner.js';
import { BENCH_RUN_VERSION, type BenchMatrix, type BenchRunResult, type BrokerInfo, type MaxRateSearch, type RunStatus, type StepResult } from './types.js';
import { defaultManagementUrl, isLoopbackHost, parseBrokerUrl, scrubSecrets, type BrokerUrl } from '../broker/amqp-url.js';

/** Bound on the final cleanup (deleting leftover queues, closing the admin connection). */
export const CLEANUP_TIMEOUT_MS = 5_000;

export interface BenchOptions {
  /** amqp(s)://user:pass@host:port/vhost (the password is never printed). */
  url: string;
  /** Management API base URL; null = guess from the AMQP URL; false = do not use it. */
  managementUrl: string | null | false;
  tls: TlsMaterial;
  connectTimeoutMs: number;
  blockedTimeoutMs: number;
  drainTimeoutMs: number;
  matrix: BenchMatrix;
  /** Unique per run; queue names start with rmq-plan-bench-<runId>-. */
  runId: string;
}

export type BenchEvent =
  | { type: 'start'; runId: string; url: string; broker: BrokerInfo | null }
  | { type: 'progress'; progress: StepProgress; elapsedSeconds: number; budgetSeconds: number }
  | { type: 'step'; step: StepResult }
  | { type: 'search'; search: MaxRateSearch }
  | { type: 'warning'; message: string }
  | { type: 'cleanup'; deleted: number; left: string[] };

export interface BenchHooks {
  /** Abort (SIGINT/SIGTERM): the current step stops, queues are deleted, status 'interrupted'. */
  signal?: AbortSignal;
  onEvent?: (e: BenchEvent) => void;
}

class BudgetExhausted extends Error {}

function clientInfo(workers: number): BenchRunResult['client'] {
  const cpus = os.cpus();
  return {
    nodeVersion: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: Math.max(1, cpus.length),
    totalMemoryBytes: os.totalmem(),
    workers,
  };
}

/** A warning when the broker's release line is one rmq-plan does not plan for (its figures would calibrate a model for another broker). */
export function unsupportedVersionWarning(version: string | null): string | null {
  if (version === null || supportedLine(version) !== null) return null;
  const first = SUPPORTED_RABBITMQ_VERSIONS[0];
  const last = SUPPORTED_RABBITMQ_VERSIONS[SUPPORTED_RABBITMQ_VERSIONS.length - 1];
  return `the broker runs RabbitMQ ${version}, which rmq-plan does not support (${first} to ${last}): its measurements may not hold for the releases rmq-plan plans`;
}

async function brokerInfo(
  mgmt: ManagementClient | null,
  url: BrokerUrl,
  serverProperties: Record<string, unknown>,
  warn: (m: string) => void,
): Promise<{ info: BrokerInfo; pids: number[] }> {
  const found = await brokerInfoOf(mgmt, url, serverProperties, warn);
  const unsupported = unsupportedVersionWarning(found.info.rabbitmqVersion);
  if (unsupported !== null) warn(unsupported);
  return found;
}

/**
 * A node that booted moments ago lists no statistics yet (processors, memory, os_pid are absent
 * until its first statistics collection, every 5 s by default: collect_statistics_interval,
 * https://www.rabbitmq.com/docs/management). Measured on 4.3.6 started 5 s before a bench: every
 * node figure null, so the broker's own CPU was not measured and `fit` could not fit classic
 * CPU. Ask again, a bounded number of times, until every node has them.
 */
const NODE_STATISTICS_WAIT_MS = 12_000;
const NODE_STATISTICS_POLL_MS = 1_000;

async function nodesWithStatistics(mgmt: ManagementClient, first: Awaited<ReturnType<ManagementClient['nodes']>>) {
  const ready = (ns: typeof first) => ns.every((n) => n.running === false || (n.processors !== undefined && n.os_pid !== undefined));
  let nodes = first;
  const deadline = Date.now() + NODE_STATISTICS_WAIT_MS;
  while (!ready(nodes) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, NODE_STATISTICS_POLL_MS));
    nodes = await mgmt.nodes();
  }
  return nodes;
}

async function brokerInfoOf(
  mgmt: ManagementClient | null,
  url: BrokerUrl,
  serverProperties: Record<string, unknown>,
  warn: (m: string) => void,
): Promise<{ info: BrokerInfo; pids: number[] }> {
  const local = isLoopbackHost(url.host);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  if (mgmt !== null) {
    try {
      const [overview, firstNodes] = await Promise.all([mgmt.overview(), mgmt.nodes()]);
      const nodes = await nodesWithStatistics(mgmt, firstNodes);
      const info: BrokerInfo = {
        source: 'management',
        rabbitmqVersion: overview.rabbitmq_version ?? null,
        erlangVersion: overview.erlang_version ?? null,
        clusterName: overview.cluster_name ?? null,
        local,
        nodes: nodes.map((n) => ({
          name: n.name,
          processors: n.processors ?? null,
          memUsedBytes: n.mem_used ?? null,
          memLimitBytes: n.mem_limit ?? null,
          diskFreeBytes: n.disk_free ?? null,
          diskFreeLimitBytes: n.disk_free_limit ?? null,
          memAlarm: n.mem_alarm ?? null,
          diskFreeAlarm: n.disk_free_alarm ?? null,
          osPid: n.os_pid === undefined ? null : Number(n.os_pid),
        })),
      };
      const alarms = await mgmt.alarms().catch(() => [] as string[]);
      for (const a of alarms) warn(`broker has a ${a}: publishers will be blocked`);
      const pids = local ? info.nodes.map((n) => n.osPid).filter((p): p is number => p !== null && isErlangVm(p)) : [];
      if (local && pids.length < info.nodes.length) pids.length = 0; // all nodes or none: a partial sum would mislead
      return { info, pids };
    } catch (err) {
      warn(`management API at ${mgmt.base} not usable (${(err as Error).message}); broker-side figures omitted`);
    }
  }
  const platform = str(serverProperties.platform);
  return {
    info: {
      source: 'amqp',
      rabbitmqVersion: str(serverProperties.version),
      erlangVersion: platform?.replace(/^Erlang\/OTP\s*/, '') ?? null,
      clusterName: str(serverProperties.cluster_name),
      local,
      nodes: [],
    },
    pids: [],
  };
}

/** The connect error as one line; a refused vhost is told apart (missing or forbidden) via the management API when it answers. */
async function explainConnectFailure(err: unknown, url: BrokerUrl, mgmt: ManagementClient | null, timeoutMs: number): Promise<string> {
  if (isOpenRefused(err) && mgmt !== null) {
    const exists = await mgmt.vhostExists(url.vhost);
    if (exists === false) return `broker at ${url.redacted} has no vhost "${url.vhost}" (NOT_ALLOWED 530)`;
    if (exists === true) return `broker at ${url.redacted} refused user "${url.username}" access to vhost "${url.vhost}" (NOT_ALLOWED 530)`;
  }
  return describeBrokerError(err, url, 'connecting', timeoutMs);
}

export async function runBench(o: BenchOptions, hooks: BenchHooks = {}): Promise<BenchRunResult> {
  const signal = hooks.signal ?? new AbortController().signal;
  const emit = (e: BenchEvent) => hooks.onEvent?.(e);
  const url = parseBrokerUrl(o.url);
  const settings: ConnectionSettings = {
    url: o.url,
    connectTimeoutMs: o.connectTimeoutMs,
    tls: o.tls,
    blockedTimeoutMs: o.blockedTimeoutMs,
  };
  const m = o.matrix;
  const startedAt = new Date().toISOString();
  const t0 = Date.now();
  const warnings: string[] = [];
  const warn = (message: string) => {
    const clean = scrubSecrets(message, url);
    warnings.push(clean);
    emit({ type: 'warning', message: clean });
  };
  const steps: StepResult[] = [];
  const searches: MaxRateSearch[] = [];
  const registry = new QueueRegistry(settings, url, runPrefix(o.runId));
  const mgmtUrl = o.managementUrl === false ? null : (o.managementUrl ?? defaultManagementUrl(url));
  const mgmt = mgmtUrl === null ? null : new ManagementClient(mgmtUrl, { tls: o.tls });

  // Connect first: refused, bad credentials, missing vhost and timeouts fail here, before anything is declared.
  let serverProperties: Record<string, unknown>;
  try {
    const admin = await registry.connect();
    serverProperties = admin.connection.serverProperties as unknown as Record<string, unknown>;
  } catch (err) {
    await registry.close();
    throw new BrokerError(await explainConnectFailure(err, url, mgmt, o.connectTimeoutMs));
  }
  const { info: broker, pids } = await brokerInfo(mgmt, url, serverProperties, warn);
  if (mgmt !== null && broker.source === 'management') {
    const removed = await removeLeftoverQueues(mgmt, url.vhost, runPrefix(o.runId));
    if (removed.length > 0) {
      warn(
        `removed ${removed.length} queue(s) left by earlier bench runs that are no longer connected: ${removed.slice(0, 5).join(', ')}${removed.length > 5 ? ', …' : ''}`,
      );
    }
  }
  emit({ type: 'start', runId: o.runId, url: url.redacted, broker });
  if (broker.local && pids.length === 0) {
    warn('broker CPU is estimated as machine − client CPU (the broker process is not readable under /proc)');
  }

  let index = 0;
  const env: StepEnv = {
    settings,
    url,
    registry,
    mgmt: broker.source === 'management' ? mgmt : null,
    brokerPids: pids,
    workers: m.workers,
    drainTimeoutMs: o.drainTimeoutMs,
    confirmTimeoutMs: o.drainTimeoutMs,
    signal,
    onProgress: (progress) => emit({ type: 'progress', progress, elapsedSeconds: (Date.now() - t0) / 1000, budgetSeconds: m.totalTimeSeconds }),
  };
  const remainingSeconds = () => m.totalTimeSeconds - (Date.now() - t0) / 1000;
  const run: RunStepFn = async (config, meta) => {
    if (stepSeconds(config) > remainingSeconds()) throw new BudgetExhausted();
    const step = await runStep(config, { ...meta, index: index++ }, env);
    steps.push(step);
    emit({ type: 'step', step });
    return step;
  };

  const runVariant = async (v: Variant) => {
    if (m.fixedRatesMsgPerSec.length > 0) {
      for (const rate of m.fixedRatesMsgPerSec) {
        await run({ ...v.config, targetRateMsgPerSec: rate }, { label: `${v.label} @ ${rate}/s`, kind: 'open-loop', searchId: null, loadLevel: null });
      }
      return;
    }
    const search = await searchMaxRate(v, m.searchBudgetSeconds, run, remainingSeconds);
    searches.push(search);
    emit({ type: 'search', search });
    if (search.clientLimited) warn(`${v.label}: the client limited the search; the max rate is a lower bound for the broker`);
    if (!v.curve) return;
    if (search.maxSustainedMsgPerSec <= 0) {
      warn(`${v.label}: no sustained rate found; latency curve skipped`);
      return;
    }
    for (const level of m.loadLevels) {
      const rate = Math.max(1, Math.round(level * search.maxSustainedMsgPerSec));
      await run(
        { ...v.config, targetRateMsgPerSec: rate },
        { label: `${v.label} @ ${Math.round(level * 100)} % (${rate}/s)`, kind: 'open-loop', searchId: search.id, loadLevel: level },
      );
    }
  };

  let status: RunStatus = 'complete';
  let error: string | null = null;
  let bug: unknown = null;
  try {
    for (const v of expandMatrix(m)) await runVariant(v);
  } catch (err) {
    if (err instanceof BudgetExhausted) {
      status = 'partial';
      warn(`total time budget of ${m.totalTimeSeconds} s reached: the remaining steps were skipped (--total-time)`);
    } else if (err instanceof BenchInterrupted || signal.aborted) {
      status = 'interrupted';
    } else if (err instanceof BenchAbort || (err as { code?: unknown })?.code !== undefined || isChannelEnded(err)) {
      status = 'failed';
      error = err instanceof BenchAbort ? err.message : describeBrokerError(err, url, 'running the bench');
    } else {
      status = 'failed';
      bug = err;
    }
  }

  // Cleanup, bounded: the steps delete their own queues; this catches whatever a failure left.
  const left = await registry.deleteAll(CLEANUP_TIMEOUT_MS);
  await registry.close();
  emit({ type: 'cleanup', deleted: registry.deletedCount, left });
  if (left.length > 0) {
    warn(`could not delete ${left.length} queue(s): ${left.join(', ')} (classic and quorum ones expire on their own after 5 minutes unused)`);
  }
  if (bug !== null) throw bug;

  const result: BenchRunResult = {
    kind: 'rmq-plan-bench-run',
    schemaVersion: BENCH_RUN_VERSION,
    runId: o.runId,
    status,
    startedAt,
    finishedAt: new Date().toISOString(),
    url: url.redacted,
    broker,
    client: clientInfo(m.workers),
    matrix: m,
    steps,
    searches,
    warnings,
    error: error === null ? null : scrubSecrets(error, url),
    cleanup: { queuesDeleted: registry.deletedCount, queuesLeft: left },
  };
  if (status === 'failed') {
    const done = steps.length === 0 ? 'no step completed' : `${steps.length} step(s) completed`;
    throw new BrokerError(`${result.error} (${done}; ${left.length === 0 ? 'queues deleted' : leftMessage(left)})`, result);
  }
  return result;
}

/**
 * What a failed run says about queues it could not delete (the broker was gone): where they are,
 * and that they do not stay: classic and quorum queues expire after QUEUE_EXPIRES_MS idle, and
 * the next bench run against the broker removes whatever is left (src/bench/leftovers.ts).
 */
function leftMessage(left: readonly string[]): string {
  return (
    `${left.length} queue(s) could not be deleted and remain on the broker (${left.slice(0, 3).join(', ')}${left.length > 3 ? ', …' : ''}): ` +
    `they expire after ${QUEUE_EXPIRES_MS / 60_000} idle minutes (streams do not), and the next rmq-plan bench against this broker removes them`
  );
}
