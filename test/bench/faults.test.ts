/**
 * Broker faults in the middle of a bench run and an inspect window, on a private node of its own (rmqfault@localhost,
 * AMQP 5872, management 15872, state in .broker/faults) so that killing and freezing it never
 * touches the node the other tests share. The built CLI runs as a user runs it, in its own
 * process: whatever the broker does, the process must end by itself (a spawn bound turns a
 * hang into a failed test), with exit 3, one line, and what it could clean.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRunId } from '../../src/broker/run-id.js';
import { runPrefix } from '../../src/bench/queues.js';
import { ExitCode } from '../../src/errors.js';
import { CLI, ensureBuilt, ROOT } from '../cli/built-cli.js';
import { mgmtGet } from '../support/broker.js';

const PORT_OFFSET = 200;
const ENV = {
  ...process.env,
  RMQ_STATE_DIR: join(ROOT, '.broker', 'faults'),
  RMQ_NODE_BASENAME: 'rmqfault',
  RMQ_PORT_OFFSET: String(PORT_OFFSET),
};
const AMQP_URL = `amqp://guest:guest@127.0.0.1:${5672 + PORT_OFFSET}`;
const MGMT_URL = `http://guest:guest@127.0.0.1:${15672 + PORT_OFFSET}`;
const PID_FILE = join(ROOT, '.broker', 'faults', 'rmqfault', 'pid');
/** The bound on one bench run here: far above what a run that ends by itself takes. */
const RUN_BOUND_MS = 90_000;

function broker(script: string, extraEnv: Record<string, string> = {}): void {
  execFileSync('bash', [join(ROOT, 'scripts', 'broker', script), 'single'], { env: { ...ENV, ...extraEnv }, stdio: 'pipe', timeout: 180_000 });
}

function nodePid(): number {
  return Number(readFileSync(PID_FILE, 'utf8').trim());
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the built CLI's bench; `whenQueue` runs once the run's first queue exists; resolves when the process ends (or is killed at the bound). */
function benchWithFault(runId: string, whenQueue: () => void, extraArgs: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'bench',
        '--url',
        AMQP_URL,
        '--management-url',
        MGMT_URL,
        '--queue-types',
        'quorum',
        '--sizes',
        '1024',
        '--rates',
        '200',
        '--duration',
        '30',
        '--warmup',
        '0.3',
        '--run-id',
        runId,
        ...extraArgs,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const bound = setTimeout(() => child.kill('SIGKILL'), RUN_BOUND_MS);
    const prefix = runPrefix(runId);
    let fired = false;
    const poll = setInterval(() => {
      if (fired) return;
      mgmtGet<Array<{ name: string }>>('/api/queues?columns=name', MGMT_URL)
        .then((qs) => {
          if (!fired && qs.some((q) => q.name.startsWith(prefix))) {
            fired = true;
            whenQueue();
          }
        })
        .catch(() => undefined);
    }, 250);
    child.on('exit', (status, signal) => {
      clearTimeout(bound);
      clearInterval(poll);
      resolve({ status, signal, stderr });
    });
  });
}

/** Runs the built CLI's inspect over a 20 s window; `fault` runs once its first sample is in (after ~1 s). */
function inspectWithFault(fault: () => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'inspect', '--mgmt', MGMT_URL, '--window', '20s', '--samples', '3', '--timeout', '3s'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const bound = setTimeout(() => child.kill('SIGKILL'), RUN_BOUND_MS);
    const faultTimer = setTimeout(fault, 2_000);
    child.on('exit', (status, signal) => {
      clearTimeout(bound);
      clearTimeout(faultTimer);
      resolve({ status, signal, stderr });
    });
  });
}

function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines[lines.length - 1]!;
}

beforeAll(() => {
  ensureBuilt();
  broker('start.sh');
}, 240_000);

afterAll(() => {
  try {
    process.kill(nodePid(), 'SIGCONT');
  } catch {
    // not running
  }
  broker('stop.sh');
}, 120_000);

describe('broker faults mid-run (private node)', () => {
  it('a broker killed mid-run: exit 3, says which queue remains; the next run against the restarted broker removes it', async () => {
    const runId = newRunId();
    const r = await benchWithFault(runId, () => process.kill(nodePid(), 'SIGKILL'));
    expect(r.signal, 'bench had to be killed: it did not exit by itself').toBeNull();
    expect(r.status).toBe(ExitCode.brokerOrEnvironment);
    expect(lastLine(r.stderr)).toMatch(
      /^rmq-plan: .*could not be deleted and remain on the broker \(rmq-plan-bench-.*\): they expire after 5 idle minutes \(streams do not\), and the next rmq-plan bench against this broker removes them\)$/,
    );

    broker('start.sh', { RMQ_KEEP_DATA: '1' });
    const left = async () =>
      (await mgmtGet<Array<{ name: string }>>('/api/queues?columns=name', MGMT_URL)).map((q) => q.name).filter((n) => n.startsWith(runPrefix(runId)));
    for (let i = 0; i < 40 && (await left()).length === 0; i++) await new Promise((res) => setTimeout(res, 250));
    expect((await left()).length).toBeGreaterThan(0);

    const next = await benchWithFault(newRunId(), () => undefined, ['--duration', '0.5', '--no-curve']);
    expect(next.status, next.stderr).toBe(ExitCode.ok);
    expect(next.stderr).toMatch(/^warning: removed \d+ queue\(s\) left by earlier bench runs that are no longer connected: /m);
    expect(await left()).toEqual([]);
  }, 240_000);

  it('inspect against a broker that stops answering mid-window: the per-request --timeout ends it, exit 3', async () => {
    broker('start.sh', { RMQ_KEEP_DATA: '1' });
    try {
      const r = await inspectWithFault(() => process.kill(nodePid(), 'SIGSTOP'));
      expect(r.signal, 'inspect had to be killed: it did not exit by itself').toBeNull();
      expect(r.status).toBe(ExitCode.brokerOrEnvironment);
      expect(lastLine(r.stderr)).toMatch(/did not answer GET \S+ within 3s \(host unreachable, firewalled, or overloaded; see --timeout\)$/);
    } finally {
      process.kill(nodePid(), 'SIGCONT');
    }
  }, 240_000);

  it('inspect against a broker killed mid-window: exit 3, one line', async () => {
    broker('start.sh', { RMQ_KEEP_DATA: '1' });
    const r = await inspectWithFault(() => process.kill(nodePid(), 'SIGKILL'));
    expect(r.signal, 'inspect had to be killed: it did not exit by itself').toBeNull();
    expect(r.status).toBe(ExitCode.brokerOrEnvironment);
    expect(lastLine(r.stderr)).toMatch(/^rmq-plan: .*(refused|closed|reach)/);
    broker('start.sh', { RMQ_KEEP_DATA: '1' });
  }, 240_000);

  it('a broker that stops answering mid-run (frozen with SIGSTOP): the heartbeat ends the run, exit 3, the process exits', async () => {
    broker('start.sh', { RMQ_KEEP_DATA: '1' });
    const runId = newRunId();
    try {
      const r = await benchWithFault(runId, () => process.kill(nodePid(), 'SIGSTOP'));
      expect(r.signal, 'bench had to be killed: it did not exit by itself').toBeNull();
      expect(r.status).toBe(ExitCode.brokerOrEnvironment);
      expect(lastLine(r.stderr)).toMatch(/^rmq-plan: /);
    } finally {
      process.kill(nodePid(), 'SIGCONT');
    }
  }, 240_000);
});
