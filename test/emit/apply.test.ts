/**
 * `size --emit` applied to the real local 3-node cluster (started here when scripts/test.sh did
 * not): the definitions import cleanly with POST /api/definitions and the management API then
 * shows the plan's queue types, replica counts and an even leader spread; the commands script
 * run with the broker's own rabbitmqadmin places every leader exactly where the plan says.
 * The plan is written for the release line the cluster reports (GET /api/overview), so 4.x gets
 * x-queue-leader-locator everywhere and a rabbitmqadmin v2 script run with the v2 binary that
 * ships with it; 3.x the v1 forms and the management plugin's Python rabbitmqadmin.
 * Every queue is deleted afterwards.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import type { DefinitionsDocument } from '../../src/emit/definitions.js';
import { brokerFeatures, supportedLine, type RabbitmqVersion } from '../../src/model/broker-version.js';
import { clusterMgmtUrl, deleteQueuesByPrefix, mgmtRequest, uniquePrefix } from '../support/broker.js';
import { clusterNodeNames, ensureCluster, ensureHealthy, ROOT, stopCluster } from '../failover/support/cluster.js';

interface QueueInfo {
  name: string;
  vhost: string;
  type: string;
  durable: boolean;
  node?: string;
  leader?: string;
  members?: string[];
  online?: string[];
  arguments: Record<string, unknown>;
}

/** rabbitmq-queues with the test cluster's cookie (scripts/broker/lib.sh environment). */
const QUEUES_CLI = join(ROOT, 'test', 'failover', 'support', 'rabbitmq-queues.sh');

let startedHere = false;
let nodeNames: string[] = [];
/** Each node's management API port, in nodeNames order. */
let mgmtPorts: number[] = [];
let version: RabbitmqVersion = '4.3';
const prefixes: string[] = [];

beforeAll(async () => {
  startedHere = await ensureCluster();
  await ensureHealthy();
  nodeNames = await clusterNodeNames();
  const overview = await mgmtRequest<{ rabbitmq_version: string; listeners: { node: string; protocol: string; port: number }[] }>(
    clusterMgmtUrl(),
    'GET',
    '/api/overview',
  );
  const line = supportedLine(overview.rabbitmq_version);
  if (line === null) throw new Error(`the test cluster runs RabbitMQ ${overview.rabbitmq_version}, which rmq-plan does not support`);
  version = line;
  mgmtPorts = nodeNames.map((n) => overview.listeners.find((l) => l.node === n && l.protocol === 'http')!.port);
}, 120_000);

afterEach(async () => {
  for (const p of prefixes.splice(0)) await deleteQueuesByPrefix(p, clusterMgmtUrl());
});

afterAll(() => {
  if (startedHere) stopCluster();
}, 120_000);

/** A workload like test/emit/workloads/mixed-types.yaml with names unique to this run. */
function workloadFile(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-emit-'));
  const file = join(dir, 'workload.yaml');
  writeFileSync(
    file,
    `version: 1
cluster:
  ha: { nodeFailuresToTolerate: 1 }
  constraints: { minNodes: 3, maxNodes: 3, providers: [aws] }
  broker: { rabbitmqVersion: "${version}" }
workloads:
  - name: ${prefix}orders
    publishRate: { averageMsgPerSec: 500, peakMsgPerSec: 1000 }
    messageSize: 1KiB
    queues: 4
    fanOut: 2
  - name: ${prefix}audit
    queueType: stream
    publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 200 }
    messageSize: 512B
    queues: 1
  - name: ${prefix}cache
    queueType: classic
    persistent: false
    publishRate: { averageMsgPerSec: 50, peakMsgPerSec: 100 }
    messageSize: 256B
    queues: 2
`,
  );
  return file;
}

async function emit(file: string, kind: 'definitions' | 'commands'): Promise<string> {
  const io = memoryIo();
  const code = await runCli(['size', file, '--emit', kind, '--emit-nodes', nodeNames.join(',')], io);
  expect(io.err).toBe('');
  expect(code).toBe(0);
  return io.out;
}

/** The run's queues as the management API reports them, once stream membership is reported (stats lag ≤ 5 s). */
async function readBack(prefix: string, expected: number): Promise<QueueInfo[]> {
  const columns = 'name,vhost,type,durable,node,leader,members,online,arguments';
  for (let attempt = 0; ; attempt++) {
    const all = await mgmtRequest<QueueInfo[]>(clusterMgmtUrl(), 'GET', `/api/queues?columns=${columns}`);
    const mine = all.filter((q) => q.name.startsWith(prefix));
    const complete = mine.length === expected && mine.every((q) => q.type === 'classic' || (q.members?.length ?? 0) > 0);
    if (complete || attempt >= 40) return mine;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function spread(counts: number[]): number {
  return Math.max(...counts) - Math.min(...counts);
}

function leadersPerNode(queues: QueueInfo[]): number[] {
  return nodeNames.map((n) => queues.filter((q) => (q.leader ?? q.node) === n).length);
}

/** Quorum-queue and stream leaders per node of everything else on the cluster (balanced counts them all). */
async function otherLeaders(prefix: string): Promise<number[]> {
  const all = await mgmtRequest<QueueInfo[]>(clusterMgmtUrl(), 'GET', '/api/queues?columns=name,type,node,leader');
  return leadersPerNode(all.filter((q) => !q.name.startsWith(prefix) && q.type !== 'classic'));
}

/** 3.x: the rabbitmqadmin the management plugin ships (a Python 3 script). */
function rabbitmqadminV1(): string {
  const base = '/usr/lib/rabbitmq/lib';
  const server = existsSync(base) ? readdirSync(base).find((d) => d.startsWith('rabbitmq_server-')) : undefined;
  const plugins = server === undefined ? null : join(base, server, 'plugins');
  const mgmt = plugins === null ? undefined : readdirSync(plugins).find((d) => d.startsWith('rabbitmq_management-') && !d.endsWith('.ez'));
  const path = plugins === null || mgmt === undefined ? null : join(plugins, mgmt, 'priv', 'www', 'cli', 'rabbitmqadmin');
  if (path === null || !existsSync(path))
    throw new Error('rabbitmqadmin not found under /usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins/rabbitmq_management-*/priv/www/cli');
  return path;
}

describe('size --emit applied to the 3-node cluster', () => {
  it('definitions import cleanly; types, replica counts and leader spread read back match the plan', async () => {
    const prefix = uniquePrefix('emit-defs');
    prefixes.push(prefix);
    const doc = JSON.parse(await emit(workloadFile(prefix), 'definitions')) as DefinitionsDocument;
    expect(doc.queues).toHaveLength(11);
    const before = await otherLeaders(prefix);

    await mgmtRequest(clusterMgmtUrl(), 'POST', '/api/definitions', 30_000, doc);

    const queues = await readBack(prefix, doc.queues.length);
    expect(queues.map((q) => q.name).sort()).toEqual(doc.queues.map((q) => q.name).sort());
    const byName = new Map(queues.map((q) => [q.name, q]));
    for (const planned of doc.rmq_plan.placement) {
      const q = byName.get(planned.queue)!;
      expect(q.type).toBe(planned.type);
      expect(q.durable).toBe(true);
      expect(q.arguments).toEqual(doc.queues.find((d) => d.name === planned.queue)!.arguments);
      if (planned.type === 'classic') continue;
      // Replica count = the plan's replication factor, all members online.
      expect(q.members?.length).toBe(planned.replicas.length);
      expect(new Set(q.members)).toEqual(new Set(nodeNames));
      expect(q.online?.length).toBe(planned.replicas.length);
    }

    // Leader spread: with `balanced` the broker picks the nodes, so compare the spread with the
    // plan's (max − min ≤ 1), not exact nodes. balanced levels the whole cluster's leaders, so
    // when other queues already lead unevenly, the total must not get worse.
    const quorum = queues.filter((q) => q.type === 'quorum');
    const planned = doc.rmq_plan.placement.filter((p) => p.type === 'quorum');
    const plannedCounts = nodeNames.map((n) => planned.filter((p) => p.leader === n).length);
    expect(spread(plannedCounts)).toBeLessThanOrEqual(1);
    let imported = leadersPerNode(quorum);
    if (spread(before) === 0 && spread(imported) > 1) {
      // 3.10 imports queues concurrently, so `balanced` can race one node ahead: apply the
      // document's own follow-up (rabbitmq-queues rebalance quorum, limited to the plan's queues).
      expect(doc.rmq_plan.afterImport).toHaveLength(1);
      for (const cmd of doc.rmq_plan.afterImport) {
        execFileSync('bash', ['-c', cmd.replace(/^rabbitmq-queues /, `bash ${QUEUES_CLI} ${nodeNames[0]} `)], { cwd: ROOT, stdio: 'pipe', env: process.env });
      }
      imported = leadersPerNode((await readBack(prefix, doc.queues.length)).filter((q) => q.type === 'quorum'));
    }
    if (spread(before) === 0) {
      expect(spread(imported)).toBeLessThanOrEqual(1);
      expect([...imported].sort()).toEqual([...plannedCounts].sort());
    } else {
      const total = imported.map((c, i) => c + before[i]!);
      expect(spread(total)).toBeLessThanOrEqual(Math.max(1, spread(before)));
    }
    // Classic queues (min-masters, best effort on import: not rebalanced, they cannot move) are on cluster nodes.
    for (const q of queues.filter((x) => x.type === 'classic')) expect(nodeNames).toContain(q.node);
  }, 90_000);

  it('the after-import rebalance evens out a deliberately lopsided import', async () => {
    // All leaders on node 1 (client-local through node 1's management API), then the document's rebalance.
    const prefix = uniquePrefix('emit-rebal');
    prefixes.push(prefix);
    const doc = JSON.parse(await emit(workloadFile(prefix), 'definitions')) as DefinitionsDocument;
    const quorumDefs = doc.queues.filter((q) => q.arguments['x-queue-type'] === 'quorum');
    const lopsided = { queues: quorumDefs.map((q) => ({ ...q, arguments: { ...q.arguments, 'x-queue-leader-locator': 'client-local' } })) };
    await mgmtRequest(clusterMgmtUrl(), 'POST', '/api/definitions', 30_000, lopsided);
    const node1 = (await mgmtRequest<{ node: string }>(clusterMgmtUrl(), 'GET', '/api/overview')).node;
    expect(leadersPerNode(await readBack(prefix, quorumDefs.length))[nodeNames.indexOf(node1)]).toBe(quorumDefs.length);
    for (const cmd of doc.rmq_plan.afterImport) {
      execFileSync('bash', ['-c', cmd.replace(/^rabbitmq-queues /, `bash ${QUEUES_CLI} ${node1} `)], { cwd: ROOT, stdio: 'pipe', env: process.env });
    }
    expect(spread(leadersPerNode(await readBack(prefix, quorumDefs.length)))).toBeLessThanOrEqual(1);
  }, 90_000);

  it('commands run with the broker’s rabbitmqadmin place every leader exactly on its planned node', async () => {
    const prefix = uniquePrefix('emit-cmds');
    prefixes.push(prefix);
    const file = workloadFile(prefix);
    const script = await emit(file, 'commands');
    const defs = JSON.parse(await emit(file, 'definitions')) as DefinitionsDocument;
    const mgmt = new URL(clusterMgmtUrl());
    const user = decodeURIComponent(mgmt.username || 'guest');
    const password = decodeURIComponent(mgmt.password || 'guest');
    const scriptFile = join(mkdtempSync(join(tmpdir(), 'rmq-plan-emit-')), 'layout.sh');
    writeFileSync(scriptFile, script);
    const tools: Record<string, string> =
      brokerFeatures(version).rabbitmqadmin === 'v2'
        ? {
            // The rabbitmqadmin v2 binary of the broker's own release (inside its Debian root), one endpoint per node.
            RABBITMQADMIN: `bash ${join(ROOT, 'scripts', 'broker', 'tool.sh')} rabbitmqadmin --username ${user} --password ${password}`,
            ...Object.fromEntries(mgmtPorts.map((port, i) => [`NODE${i + 1}_API`, `--host ${mgmt.hostname} --port ${port}`])),
          }
        : { RABBITMQADMIN: `python3 ${rabbitmqadminV1()} -H ${mgmt.hostname} -P ${mgmt.port} -u ${user} -p ${password}` };
    expect(script).toContain(brokerFeatures(version).rabbitmqadmin === 'v2' ? 'declare queue --vhost=/ --name=' : 'declare queue name=');
    execFileSync('bash', [scriptFile], {
      cwd: ROOT,
      stdio: 'pipe',
      env: {
        ...process.env,
        ...tools,
        // Replicas = nodes here: membership needs no rabbitmq-queues / rabbitmq-streams call.
        RABBITMQ_QUEUES: 'false',
        RABBITMQ_STREAMS: 'false',
      },
    });

    const queues = await readBack(prefix, defs.queues.length);
    const byName = new Map(queues.map((q) => [q.name, q]));
    for (const planned of defs.rmq_plan.placement) {
      const q = byName.get(planned.queue);
      expect(q, planned.queue).toBeDefined();
      expect(q!.type).toBe(planned.type);
      expect(q!.leader ?? q!.node).toBe(planned.leader);
      if (planned.type !== 'classic') expect(new Set(q!.members)).toEqual(new Set(planned.replicas));
    }
  }, 90_000);
});
