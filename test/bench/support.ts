/**
 * Helpers for the bench tests: rabbitmqctl against the project's test node (same environment as
 * scripts/broker/lib.sh `common_env`: HOME holding the shared Erlang cookie under .broker/, an
 * empty rabbitmq-env.conf, our epmd on 127.0.0.1), a temporary memory alarm that is always
 * lifted again, and small run helpers.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { mgmtGet } from '../support/broker.js';
import type { BenchMatrix } from '../../src/bench/types.js';
import { DEFAULT_MATRIX } from '../../src/bench/matrix.js';
import type { BenchOptions } from '../../src/bench/run-bench.js';

const run = promisify(execFile);

const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** Runs a CLI tool of the test broker (inside its Debian root for 4.x) with the project's cookie and environment. */
const BROKER_TOOL = resolve(REPO_ROOT, 'scripts', 'broker', 'tool.sh');
/** The single test node's Erlang node name (scripts/broker/lib.sh node table). */
export const SINGLE_NODE = 'rmqplan@localhost';
/** rabbitmqctl needs ~1 s to start its own VM; 30 s means the node is not answering. */
const CTL_TIMEOUT_MS = 30_000;

export async function rabbitmqctl(args: string[], node = SINGLE_NODE): Promise<string> {
  const { stdout } = await run('bash', [BROKER_TOOL, 'rabbitmqctl', '-q', '-n', node, ...args], { timeout: CTL_TIMEOUT_MS });
  return stdout.trim();
}

/**
 * Is a resource alarm in effect? The health-check endpoint asks the node live (HTTP 503 while an
 * alarm is on); /api/nodes' mem_alarm lags by the statistics interval (5 s).
 */
async function alarmOn(): Promise<boolean> {
  try {
    await mgmtGet('/api/health/checks/alarms');
    return false;
  } catch (err) {
    if (err instanceof Error && /HTTP 503/.test(err.message)) return true;
    throw err;
  }
}

async function waitFor(what: string, cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * Run fn while the single node has a resource alarm (raise: the rabbitmqctl arguments that
 * cause it), then run restore, whatever fn does, and wait for the alarm to clear. Keep fn short:
 * the broker is shared.
 */
async function withAlarm<T>(kind: string, raise: string[], restore: string[], fn: () => Promise<T>): Promise<T> {
  try {
    await rabbitmqctl(raise);
    await waitFor(`the ${kind} alarm`, alarmOn, 15_000);
    return await fn();
  } finally {
    await rabbitmqctl(restore);
    await waitFor(`the ${kind} alarm to clear`, async () => !(await alarmOn()), 15_000);
  }
}

/** fn under a disk alarm (a free-disk limit far above any disk); the limit is put back exactly as it was. */
export async function withDiskAlarm<T>(fn: () => Promise<T>): Promise<T> {
  const before = await rabbitmqctl(['eval', 'rabbit_disk_monitor:get_disk_free_limit().']);
  if (!/^\d+$/.test(before)) throw new Error(`unexpected disk free limit ${before}`);
  return withAlarm('disk', ['set_disk_free_limit', '100000GB'], ['set_disk_free_limit', before], fn);
}

/** fn under a memory alarm (a tiny vm_memory_high_watermark); the watermark is put back exactly as it was. */
export async function withMemoryAlarm<T>(fn: () => Promise<T>): Promise<T> {
  // Either a fraction ("0.4") or {absolute,Bytes}.
  const before = await rabbitmqctl(['eval', 'vm_memory_monitor:get_vm_memory_high_watermark().']);
  const absolute = /\{absolute,\s*(\d+)\}/.exec(before);
  const restoreArgs = absolute ? ['set_vm_memory_high_watermark', 'absolute', absolute[1]!] : ['set_vm_memory_high_watermark', before];
  if (!absolute && !/^\d+(\.\d+)?$/.test(before)) throw new Error(`unexpected watermark ${before}`);
  return withAlarm('memory', ['set_vm_memory_high_watermark', '0.0000001'], restoreArgs, fn);
}

/**
 * Connection process ids (`<rabbit@host.N.N.N>`, the form close_connection takes) of the node's
 * connections whose client-provided name starts with prefix, asked live with rabbitmqctl (the
 * management API lists a new connection only after its next stats emission, ≤ 5 s later).
 */
export async function liveConnectionsNamed(prefix: string): Promise<string[]> {
  const out = await rabbitmqctl(['list_connections', '--no-table-headers', 'pid', 'client_properties']);
  return out
    .split('\n')
    .filter((line) => line.includes(prefix))
    .map((line) => line.split('\t')[0]!.trim())
    .filter((pid) => /^<.+>$/.test(pid));
}

/** Wait until a connection named with prefix exists; returns its connection process id (for close_connection). */
export async function waitForLiveConnection(prefix: string, timeoutMs = 20_000): Promise<string> {
  let found: string | undefined;
  await waitFor(
    `a connection named ${prefix}…`,
    async () => {
      found = (await liveConnectionsNamed(prefix))[0];
      return found !== undefined;
    },
    timeoutMs,
  );
  return found!;
}

/** Force-close one connection (the broker sends connection.close 320 CONNECTION_FORCED, as the management API's DELETE does). */
export async function forceCloseConnection(pid: string, reason: string): Promise<void> {
  await rabbitmqctl(['close_connection', pid, reason]);
}

export async function waitForQueues(prefix: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(`queues named ${prefix}…`, async () => (await benchQueues(prefix)).length > 0, timeoutMs);
}

/** Queue names on the broker (all vhosts) that start with prefix. */
export async function benchQueues(prefix: string): Promise<string[]> {
  const queues = await mgmtGet<Array<{ name: string }>>('/api/queues?columns=name');
  return queues.map((q) => q.name).filter((n) => n.startsWith(prefix));
}

/** Declare a queue with the test's own connection (to prove the bench refuses it). */
export async function declareForeignQueue(url: string, name: string, args: Record<string, unknown> = {}): Promise<void> {
  const c = await amqp.connect(url);
  try {
    const ch = await c.createChannel();
    await ch.assertQueue(name, { durable: true, arguments: { 'x-expires': 120_000, ...args } });
  } finally {
    await c.close();
  }
}

export async function deleteQueue(url: string, name: string): Promise<void> {
  const c = await amqp.connect(url);
  try {
    const ch = await c.createChannel();
    await ch.deleteQueue(name);
  } finally {
    await c.close();
  }
}

/** A small matrix for tests: 1 s windows, no curve; override what the test is about. */
export function testMatrix(over: Partial<BenchMatrix>): BenchMatrix {
  return {
    ...DEFAULT_MATRIX,
    queueTypes: ['classic'],
    messageSizesBytes: [1024],
    persistent: [false],
    durationSeconds: 1,
    warmupSeconds: 0.3,
    loadLevels: [],
    curveSizesBytes: [],
    searchBudgetSeconds: 10,
    totalTimeSeconds: 60,
    ...over,
  };
}

export function testOptions(url: string, runId: string, matrix: BenchMatrix, over: Partial<BenchOptions> = {}): BenchOptions {
  return {
    url,
    managementUrl: null,
    tls: { ca: [], cert: null, key: null, insecure: false },
    connectTimeoutMs: 5_000,
    blockedTimeoutMs: 10_000,
    drainTimeoutMs: 5_000,
    matrix,
    runId,
    ...over,
  };
}
