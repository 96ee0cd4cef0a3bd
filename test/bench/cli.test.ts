/**
 * The built CLI (`node dist/bin/rmq-plan.js bench …`, after `npm run build`) against the real broker:
 * Ctrl-C cleanup and exit 130, publishers in worker threads, amqps:// (the single node's TLS
 * listener, scripts/broker/lib.sh), and a broker error's exit code.
 * RMQ_PLAN_CLI points the tests at another build of the CLI (e.g. an installed one).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newRunId } from '../../src/broker/run-id.js';
import { runPrefix } from '../../src/bench/queues.js';
import { BenchRunResultSchema } from '../../src/bench/types.js';
import { brokerUrl, mgmtUrl, requireBroker, tlsCaFile, tlsUrl } from '../support/broker.js';
import { benchQueues, liveConnectionsNamed, waitForQueues } from './support.js';

const CLI = process.env.RMQ_PLAN_CLI ?? resolve(import.meta.dirname, '../../dist/bin/rmq-plan.js');
/** Bound on any CLI run here; the runs themselves take a few seconds. */
const CLI_TIMEOUT_MS = 40_000;

interface Cli {
  child: ReturnType<typeof spawn>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

function startCli(args: string[]): Cli {
  const child = spawn(process.execPath, [CLI, 'bench', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolveDone, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not exit within ${CLI_TIMEOUT_MS} ms; stderr: ${err}`));
    }, CLI_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolveDone({ code, signal, out, err });
    });
  });
  return { child, done };
}

const common = () => ['--url', brokerUrl(), '--management-url', mgmtUrl(), '--queue-types', 'classic', '--sizes', '1024', '--persistent', 'false'];

beforeAll(async () => {
  await requireBroker();
});

describe('rmq-plan bench (built CLI)', () => {
  it('Ctrl-C mid-run: stops, deletes its queues and connections, exits 130 with the partial run', async () => {
    const runId = newRunId();
    const prefix = runPrefix(runId);
    const cli = startCli([...common(), '--rates', '300,300', '--duration', '20', '--warmup', '0.2', '--run-id', runId, '--json']);
    await waitForQueues(prefix);
    await new Promise((r) => setTimeout(r, 1000));
    cli.child.kill('SIGINT');
    const { code, out } = await cli.done;

    expect(code).toBe(130);
    const run = BenchRunResultSchema.parse(JSON.parse(out));
    expect(run.status).toBe('interrupted');
    expect(run.cleanup.queuesLeft).toEqual([]);
    expect(await benchQueues(prefix)).toEqual([]);
    // Every connection was closed before the process exited (asked live, not from the stats DB).
    expect(await liveConnectionsNamed(prefix)).toEqual([]);
  }, 60_000);

  it('--workers 2: publishers in worker threads track a fixed rate with nothing lost', async () => {
    const runId = newRunId();
    const args = [
      ...common(),
      '--publishers',
      '2',
      '--consumers',
      '2',
      '--queues',
      '2',
      '--rates',
      '1000',
      '--duration',
      '2',
      '--warmup',
      '0.3',
      '--workers',
      '2',
      '--run-id',
      runId,
      '--json',
    ];
    const { code, out, err } = await startCli(args).done;

    expect(err).toBe('');
    expect(code).toBe(0);
    const run = BenchRunResultSchema.parse(JSON.parse(out));
    expect(run.client.workers).toBe(2);
    const [step] = run.steps;
    expect(Math.abs(step!.rates.publishMsgPerSec - 1000) / 1000).toBeLessThan(0.1);
    expect(step!.integrity).toMatchObject({ lost: 0, duplicated: 0, reordered: 0, drained: true, published: step!.integrity.received });
    expect(step!.latency.confirm?.count).toBeGreaterThan(0);
    expect(await benchQueues(runPrefix(runId))).toEqual([]);
  }, 60_000);

  it('amqps:// with the CA that signed the broker certificate: the run completes over TLS', async () => {
    const runId = newRunId();
    const tlsArgs = [
      '--url',
      tlsUrl(),
      '--ca',
      tlsCaFile(),
      '--management-url',
      mgmtUrl(),
      '--queue-types',
      'classic',
      '--sizes',
      '1024',
      '--persistent',
      'false',
    ];
    const { code, out, err } = await startCli([...tlsArgs, '--rates', '300', '--duration', '1', '--warmup', '0.2', '--run-id', runId, '--json']).done;

    expect(err).toBe('');
    expect(code).toBe(0);
    const run = BenchRunResultSchema.parse(JSON.parse(out));
    expect(run.status).toBe('complete');
    expect(run.url).toMatch(/^amqps:\/\/guest:\*+@localhost:\d+$/);
    expect(out).not.toContain(':guest@');
    const [step] = run.steps;
    expect(step!.integrity).toMatchObject({ lost: 0, duplicated: 0, reordered: 0, drained: true });
    expect(step!.integrity.received).toBeGreaterThan(0);
    expect(await benchQueues(runPrefix(runId))).toEqual([]);
  }, 60_000);

  it('amqps:// without the CA: exit 3, one line naming the TLS failure and the flags that fix it', async () => {
    const { code, out, err } = await startCli(['--url', tlsUrl(), '--management-url', mgmtUrl(), '--quick']).done;
    expect(code).toBe(3);
    expect(out).toBe('');
    expect(err).toMatch(
      /^rmq-plan: TLS handshake with broker at amqps:\/\/guest:\*+@localhost:\d+ failed: self-signed certificate in certificate chain \(see --ca, --cert, --key, --insecure\)\n$/,
    );
  }, 30_000);

  it('exits 3 with one line on broker trouble', async () => {
    const { code, out, err } = await startCli(['--url', 'amqp://guest:Pa55-w0rd-x@127.0.0.1:1', '--quick']).done;
    expect(code).toBe(3);
    expect(out).toBe('');
    expect(err).toBe('rmq-plan: cannot reach broker at amqp://guest:****@127.0.0.1:1: connection refused\n');
  }, 30_000);
});
