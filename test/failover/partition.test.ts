/**
 * `rmq-plan verify partition` on a real 3-node RabbitMQ 4.x cluster split by the network: each
 * node in its own network namespace on a private bridge (scripts/broker/netns-cluster.sh, started
 * and stopped here). The built CLI runs as a user runs it, in its own process, bounded.
 *
 * The run isolates the test queue's leader from the other two nodes under a confirmed workload on
 * both sides and heals it: no confirmed message may be lost, the majority must serve during the
 * partition, the cut-off minority must confirm nothing. Failure and interrupt paths must heal
 * the partition and delete the queue; the last test stops the cluster and checks that no
 * namespace, link, route or process of it is left.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import type { PartitionReport } from '../../src/failover/partition-report.js';
import { FAILOVER_QUEUE_PREFIX } from '../../src/failover/queue-spec.js';
import { CLI, ensureBuilt, ROOT } from '../cli/built-cli.js';
import { mgmtGet } from '../support/broker.js';
import { expectValidOutput } from '../support/output-schema.js';

const SCRIPT = join(ROOT, 'scripts', 'broker', 'netns-cluster.sh');
const URLS = ['11', '12', '13'].map((h) => `amqp://guest:guest@10.213.7.${h}:5672`).join(',');
const MGMT_2 = 'http://guest:guest@10.213.7.12:15672';
const PARTITION = `bash ${SCRIPT} isolate {node}`;
const HEAL = `bash ${SCRIPT} heal`;
/** Far above what a run that ends by itself takes (its duration + drain + cleanup). */
const RUN_BOUND_MS = 120_000;
/** 4.x only: the nodes run in a Debian root; 3.10 runs on the host and is not split this way. */
const OLD_BROKER = process.env.RMQ_TEST_BROKER === '3.10' && process.env.CI !== 'true';

function cluster(action: string): string {
  return execFileSync('bash', [SCRIPT, action], { encoding: 'utf8', stdio: 'pipe', timeout: 240_000 });
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `verify partition` with the built CLI; `onStderr` sees each progress chunk (and the child, to signal it). */
function verifyPartition(
  args: string[],
  onStderr: (text: string, child: ReturnType<typeof spawn>) => void = () => undefined,
  partitionCommand = PARTITION,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI, 'verify', 'partition', '--urls', URLS, '--partition-command', partitionCommand, '--heal-command', HEAL, ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      onStderr(stderr, child);
    });
    const bound = setTimeout(() => child.kill('SIGKILL'), RUN_BOUND_MS);
    child.on('exit', (status, signal) => {
      clearTimeout(bound);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

function blackholeRoutes(): string {
  return ['rmqpns1', 'rmqpns2', 'rmqpns3']
    .map((ns) => spawnSync('ip', ['netns', 'exec', ns, 'ip', 'route', 'show', 'type', 'blackhole'], { encoding: 'utf8' }).stdout ?? '')
    .join('');
}

async function runQueues(): Promise<string[]> {
  const qs = await mgmtGet<Array<{ name: string }>>('/api/queues?columns=name', MGMT_2);
  return qs.map((q) => q.name).filter((n) => n.startsWith(FAILOVER_QUEUE_PREFIX));
}

beforeAll(() => {
  if (OLD_BROKER) return;
  ensureBuilt();
  cluster('stop'); // a run killed earlier may have left something: start from nothing
  cluster('start');
}, 300_000);

afterAll(() => {
  if (!OLD_BROKER) cluster('stop');
}, 120_000);

describe.skipIf(OLD_BROKER)('verify partition on a 3-node cluster split by network namespaces', () => {
  it('isolating the leader loses no confirmed message; the majority serves, the minority confirms nothing until the heal', async () => {
    const r = await verifyPartition(['--rate', '100', '--partition-after', '5s', '--heal-after', '22s', '--duration', '30s', '--json']);
    expect(r.signal, `the run had to be killed: ${r.stderr}`).toBeNull();
    expect(r.status, r.stderr).toBe(ExitCode.ok);
    const report = JSON.parse(r.stdout) as PartitionReport;
    expectValidOutput('partition', report);
    expect(report.kind).toBe('partition');
    expect(report.rabbitmqVersion).toMatch(/^4\./);
    expect(report.partition?.exitCode).toBe(0);
    expect(report.heal?.exitCode).toBe(0);
    expect(report.isolated?.node).toBe(report.leader.before);
    // The majority elected a leader of its own and served while the partition lasted.
    expect(report.leader.duringPartition).not.toBe(report.leader.before);
    expect(report.majority.duringPartition.confirms).toBeGreaterThan(0);
    expect(report.majority.publishGap.toMs!).toBeLessThan(report.heal!.atMs);
    // The minority could not commit: nothing confirmed while cut off, and all of it confirmed after the heal.
    expect(report.minority.duringPartition.confirms).toBe(0);
    expect(report.minority.firstConfirmAfterHealMs).not.toBeNull();
    expect(report.minority.messages.unconfirmed).toBe(0);
    // Nothing confirmed was lost, on either side; every message was accounted for.
    expect(report.messages.confirmedLost).toBe(0);
    expect(report.majority.messages.confirmedLost + report.minority.messages.confirmedLost).toBe(0);
    expect(report.messages.confirmed).toBe(report.majority.messages.confirmed + report.minority.messages.confirmed);
    expect(report.messages.received).toBe(report.messages.confirmed);
    expect(report.drained).toBe(true);
    expect(report.cleanup.queuesLeft).toEqual([]);
    expect(report.verdict.ok).toBe(true);
    expect(blackholeRoutes()).toBe('');
    expect(await runQueues()).toEqual([]);
  }, 180_000);

  it('Ctrl-C during the partition heals it and deletes the queue (exit 130)', async () => {
    let sent = false;
    const r = await verifyPartition(['--partition-after', '3s', '--heal-after', '40s', '--duration', '50s'], (text, child) => {
      if (!sent && /isolating /.test(text)) {
        sent = true;
        // Give the command time to cut the network, then interrupt mid-partition.
        setTimeout(() => child.kill('SIGINT'), 2_000);
      }
    });
    expect(sent, r.stderr).toBe(true);
    expect(r.signal, `the run had to be killed: ${r.stderr}`).toBeNull();
    expect(r.status, r.stderr).toBe(ExitCode.interrupted);
    expect(r.stderr).toMatch(/healing the partition before exiting/);
    expect(r.stdout).toMatch(/healed: {3}at .* \(on exit\)/);
    expect(blackholeRoutes()).toBe('');
    expect(await runQueues()).toEqual([]);
  }, 180_000);

  it('a partition command that fails ends the run with exit 3, heals and deletes the queue', async () => {
    const r = await verifyPartition(
      ['--partition-after', '2s', '--heal-after', '10s', '--duration', '15s'],
      undefined,
      `bash ${SCRIPT} isolate {node} && exit 7`,
    );
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr).toBe(ExitCode.brokerOrEnvironment);
    expect(r.stderr.trimEnd().split('\n').pop()).toMatch(/^rmq-plan: the partition command failed \(exit 7\)/);
    expect(r.stderr).toMatch(/healing the partition before exiting/);
    expect(blackholeRoutes()).toBe('');
    expect(await runQueues()).toEqual([]);
  }, 120_000);

  it('stop removes every namespace, link, route and process it made', () => {
    cluster('stop');
    const namespaces = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    expect(namespaces).not.toMatch(/rmqpns/);
    const links = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout;
    expect(links).not.toMatch(/rmqpbr0|rmqpv\d/);
    const left = execFileSync(
      'bash',
      ['-c', `RMQ_STATE_DIR=${join(ROOT, '.broker', 'partition')}; source ${join(ROOT, 'scripts', 'broker', 'lib.sh')}; leftover_processes`],
      { encoding: 'utf8' },
    );
    expect(left).toBe('');
  }, 120_000);
});
