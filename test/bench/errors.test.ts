/**
 * Broker trouble, each case against the real local broker: exit 3 with one line that names the
 * problem and never the password, within a bounded wait, and no queue left behind.
 * The command body (runBenchCommand, src/cli/bench.ts) runs in-process; the CLI's own error reporter turns
 * what it throws into the exit code and stderr line, exactly as `rmq-plan bench` does.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBenchCommand, type BenchFlags } from '../../src/cli/bench.js';
import { newRunId } from '../../src/broker/run-id.js';
import { runPrefix } from '../../src/bench/queues.js';
import { runBench } from '../../src/bench/run-bench.js';
import type { BenchRunResult } from '../../src/bench/types.js';
import { reportError } from '../../src/cli/shared/errors.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { BrokerError, ExitCode } from '../../src/errors.js';
import { brokerUrl, mgmtUrl, requireBroker } from '../support/broker.js';
import { ensureBuilt, runBuiltCli, type CliRun } from '../cli/built-cli.js';
import {
  benchQueues,
  declareForeignQueue,
  forceCloseConnection,
  testMatrix,
  testOptions,
  waitForLiveConnection,
  withDiskAlarm,
  withMemoryAlarm,
} from './support.js';

/** A distinctive password, so a leak cannot hide behind a user name that equals it. */
const SECRET = 'S3cret-Pa55word';

function withPassword(url: string, password: string, path = ''): string {
  const u = new URL(url);
  u.password = password;
  u.pathname = path;
  return u.toString().replace(/\/$/, '');
}

/** Run the command body, report its error the CLI's way; returns exit code, stderr and stdout. */
async function bench(flags: BenchFlags): Promise<{ code: number; err: string; out: string }> {
  const io = memoryIo();
  let code: number;
  try {
    code = await runBenchCommand(flags, io);
  } catch (e) {
    code = reportError(e, io);
  }
  return { code, err: io.err, out: io.out };
}

/** The error line: the last line of stderr (progress lines come before it when the run got going). */
function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return `${lines[lines.length - 1]}\n`;
}

/**
 * The built CLI's bench, in its own process, under a resource alarm with a 2 s blocked timeout;
 * the spawn's bound turns a process that never exits into a null status.
 */
async function builtRunUnder(withAlarm: typeof withMemoryAlarm): Promise<{ r: CliRun; runId: string }> {
  const runId = newRunId();
  const r = await withAlarm(async () =>
    runBuiltCli(
      [
        'bench',
        '--url',
        brokerUrl(),
        '--queue-types',
        'classic',
        '--sizes',
        '1024',
        '--persistent',
        'false',
        '--rates',
        '200',
        '--duration',
        '5',
        '--warmup',
        '0.3',
        '--blocked-timeout',
        '2',
        '--run-id',
        runId,
      ],
      {},
      { timeoutMs: 45_000 },
    ),
  );
  return { r, runId };
}

function expectOneLineWithoutSecret(text: string): void {
  expect(text.trimEnd().split('\n')).toHaveLength(1);
  expect(text).not.toContain(SECRET);
}

let silent: net.Server;
let silentPort = 0;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  await requireBroker();
  ensureBuilt();
  // Accepts TCP connections and never says a word: a broker that hangs in the handshake.
  silent = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent?.close(r));
});

describe('broker trouble → exit 3, one line, no password', () => {
  it('connection refused (a closed port)', async () => {
    // Bind then close a port to get one nothing listens on.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const r = await bench({ url: `amqp://guest:${SECRET}@127.0.0.1:${port}`, quick: true });
    expect(r.code).toBe(ExitCode.brokerOrEnvironment);
    expect(r.err).toBe(`rmq-plan: cannot reach broker at amqp://guest:****@127.0.0.1:${port}: connection refused\n`);
    expectOneLineWithoutSecret(r.err);
  });

  it('wrong credentials (ACCESS_REFUSED 403)', async () => {
    const r = await bench({ url: withPassword(brokerUrl(), SECRET), quick: true });
    expect(r.code).toBe(ExitCode.brokerOrEnvironment);
    expect(r.err).toMatch(
      /^rmq-plan: broker at amqp:\/\/guest:\*\*\*\*@[^ ]+ refused the login for user "guest" \(ACCESS_REFUSED 403\): check the user name and password\n$/,
    );
    expectOneLineWithoutSecret(r.err);
  });

  it('vhost missing (NOT_ALLOWED 530)', async () => {
    const vhost = `no-such-vhost-${newRunId()}`;
    const r = await bench({ url: withPassword(brokerUrl(), 'guest', `/${vhost}`), quick: true });
    expect(r.code).toBe(ExitCode.brokerOrEnvironment);
    expect(r.err).toMatch(new RegExp(`^rmq-plan: broker at amqp://guest:\\*\\*\\*\\*@\\S+ has no vhost "${vhost}" \\(NOT_ALLOWED 530\\)\\n$`));
    expectOneLineWithoutSecret(r.err);
  });

  it('a broker that never answers the handshake: bounded by --connect-timeout', async () => {
    const r = await bench({ url: `amqp://guest:${SECRET}@127.0.0.1:${silentPort}`, quick: true, connectTimeout: '1' });
    expect(r.code).toBe(ExitCode.brokerOrEnvironment);
    // The message says the --connect-timeout path ended it (no timed assertion: the test's own timeout bounds a hang).
    expect(r.err).toBe(`rmq-plan: cannot reach broker at amqp://guest:****@127.0.0.1:${silentPort}: no answer within 1 s while connecting (timed out)\n`);
    expectOneLineWithoutSecret(r.err);
  });

  it('connection closed mid-run: partial results of the completed steps, queues cleaned up', async () => {
    const runId = newRunId();
    const prefix = runPrefix(runId);
    const matrix = testMatrix({ fixedRatesMsgPerSec: [300, 301], durationSeconds: 4, warmupSeconds: 0.3 });
    const running = runBench(testOptions(brokerUrl(), runId, matrix, { managementUrl: mgmtUrl() })).catch((e: unknown) => e);
    // Step 1's publisher connection: step 0 has completed by then.
    const victim = await waitForLiveConnection(`${prefix}s1-pub-0`);
    await forceCloseConnection(victim, 'rmq-plan bench test: forced close');
    const err = await running;

    expect(err).toBeInstanceOf(BrokerError);
    const io = memoryIo();
    expect(reportError(err, io)).toBe(ExitCode.brokerOrEnvironment);
    expect(io.err).toMatch(
      /^rmq-plan: connection to broker at amqp:\/\/guest:\*\*\*\*@\S+ was closed by the broker while running step 1 \(classic transient 1 KiB @ 301\/s\): CONNECTION_FORCED - rmq-plan bench test: forced close \(1 step\(s\) completed; queues deleted\)\n$/,
    );
    const partial = (err as BrokerError).partialResults as BenchRunResult;
    expect(partial.status).toBe('failed');
    expect(partial.steps.map((s) => s.index)).toEqual([0]);
    expect(partial.steps[0]!.integrity).toMatchObject({ lost: 0, duplicated: 0, reordered: 0 });
    expect(await benchQueues(prefix)).toEqual([]);
  }, 30_000);

  it('blocked connection (memory alarm): gives up after --blocked-timeout and says which alarm', async () => {
    const runId = newRunId();
    const prefix = runPrefix(runId);
    const r = await withMemoryAlarm(() =>
      bench({
        url: brokerUrl(),
        mgmt: mgmtUrl(),
        queueTypes: 'classic',
        sizes: '1024',
        persistent: 'false',
        rates: '200',
        duration: '5',
        warmup: '0.3',
        blockedTimeout: '2',
        runId,
      }),
    );
    expect(r.code).toBe(ExitCode.brokerOrEnvironment);
    expect(r.err).toMatch(/^warning: broker has a memory alarm on \S+: publishers will be blocked$/m);
    expect(r.err).not.toContain('step 0 classic transient 1 KiB @ 200/s: target'); // the step never completed
    expect(lastLine(r.err)).toMatch(
      /^rmq-plan: broker at amqp:\/\/guest:\*\*\*\*@\S+ blocked publishing for 2 s \(memory alarm: "low on memory"\); free memory\/disk on the broker or raise its watermark \(rabbitmq-diagnostics alarms\) \(no step completed; queues deleted\)\n$/,
    );
    expect(await benchQueues(prefix)).toEqual([]);
  }, 60_000);

  it('a queue an earlier, dead run left behind is removed by the next run (and nothing of a live run is touched)', async () => {
    const dead = `rmq-plan-bench-${newRunId()}-s0-q0`;
    await declareForeignQueue(brokerUrl(), dead, { 'x-queue-type': 'quorum' });
    // The management API lists a new queue after its next statistics emission (≤ 5 s).
    for (let i = 0; i < 40 && (await benchQueues(dead)).length === 0; i++) await new Promise((r) => setTimeout(r, 250));
    expect(await benchQueues(dead)).toEqual([dead]);
    const r = await bench({
      url: brokerUrl(),
      mgmt: mgmtUrl(),
      queueTypes: 'classic',
      sizes: '1024',
      persistent: 'false',
      rates: '100',
      duration: '0.5',
      warmup: '0.2',
      curve: false,
    });
    expect(r.code, r.err).toBe(ExitCode.ok);
    // Other earlier runs' leftovers may be removed too; ours is among them.
    expect(r.err).toMatch(/^warning: removed \d+ queue\(s\) left by earlier bench runs that are no longer connected: rmq-plan-bench-/m);
    expect(await benchQueues(dead)).toEqual([]);
  }, 60_000);

  it('a disk alarm ends the run the same way: exit 3 naming the disk alarm, the process exits, queues deleted', async () => {
    const { r, runId } = await builtRunUnder(withDiskAlarm);
    expect(r.signal, 'the process had to be killed: it did not exit by itself').toBeNull();
    expect(r.status).toBe(ExitCode.brokerOrEnvironment);
    expect(lastLine(r.stderr)).toMatch(/blocked publishing for 2 s \(disk alarm: "low on disk"\).*\(no step completed; queues deleted\)\n$/);
    expect(await benchQueues(runPrefix(runId))).toEqual([]);
  }, 90_000);

  it('the process itself exits under a memory alarm: no blocked socket keeps it alive', async () => {
    // As a user runs it: the built CLI in its own process. Before the fix the summary was printed
    // but the process lived as long as the alarm (608 s in one run); the spawn's own bound turns
    // such a hang into a null status.
    const { r, runId } = await builtRunUnder(withMemoryAlarm);
    expect(r.signal, 'the process had to be killed: it did not exit by itself').toBeNull();
    expect(r.status).toBe(ExitCode.brokerOrEnvironment);
    expect(lastLine(r.stderr)).toMatch(/blocked publishing for 2 s \(memory alarm/);
    expect(await benchQueues(runPrefix(runId))).toEqual([]);
  }, 90_000);
});
