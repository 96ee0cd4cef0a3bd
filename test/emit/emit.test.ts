/**
 * `size --emit`: per-queue placement rebuilt from a plan, the zone-loss check, the definitions
 * document and the commands script (no broker; test/emit/apply.test.ts applies them to the
 * real 3-node cluster).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { buildPlanRequest, parseSizeFlags } from '../../src/cli/size.js';
import type { DefinitionsDocument } from '../../src/emit/definitions.js';
import { shellQuote } from '../../src/emit/commands.js';
import { planPlacement } from '../../src/emit/placement.js';
import { emitLayout } from '../../src/cli/emit.js';
import { checkZoneLoss, describeZoneFailures, type ZoneCheckQueue } from '../../src/emit/zone-check.js';
import { plan } from '../../src/model/planner.js';
import type { RabbitmqVersion } from '../../src/model/broker-version.js';

const SIX = 'test/emit/workloads/six-nodes-three-zones.yaml';
const MIXED = 'test/emit/workloads/mixed-types.yaml';
const ZONES = 'fixtures/workloads/zone-failure.yaml';

function planOf(file: string, rabbitmqVersion?: RabbitmqVersion) {
  const { request, workload: parsed } = buildPlanRequest(file, parseSizeFlags({}));
  const result = plan(request);
  if (result.plan === null) throw new Error(`${file}: no plan`);
  // The layout does not depend on the version; only the emitted syntax and arguments do.
  const workload =
    rabbitmqVersion === undefined ? parsed : { ...parsed, cluster: { ...parsed.cluster, broker: { ...parsed.cluster.broker, rabbitmqVersion } } };
  return { plan: result.plan, workload, feasible: result.feasible };
}

async function run(args: string[]) {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const q = (name: string, replicaNodes: number[], queueType: ZoneCheckQueue['queueType'] = 'quorum'): ZoneCheckQueue => ({
  name,
  vhost: '/',
  queueType,
  replicaNodes,
});

describe('zone-loss check (pure)', () => {
  const threeZonesSixNodes = [0, 1, 2, 0, 1, 2];

  it('one replica per zone keeps 2 of 3 after any zone is lost', () => {
    const r = checkZoneLoss([q('a', [0, 1, 2]), q('b', [3, 4, 5]), q('c', [1, 2, 3])], threeZonesSixNodes);
    expect(r).toMatchObject({ zones: 3, queuesChecked: 3, ok: true, failures: [] });
  });

  it('two replicas in one zone: losing that zone leaves 1 of 3, fewer than the majority of 2', () => {
    // nodes 0 and 3 are both in zone 0
    const r = checkZoneLoss([q('ok', [0, 1, 2]), q('bad', [0, 3, 1])], threeZonesSixNodes);
    expect(r.ok).toBe(false);
    expect(r.failures).toEqual([{ zone: 0, vhost: '/', queue: 'bad', replicas: 3, replicasLeft: 1, majority: 2 }]);
    expect(describeZoneFailures(r)).toEqual(['zone 1 lost: bad (vhost /) keeps 1 of 3 replicas, needs 2']);
  });

  it('five replicas over three zones (2+2+1) survive any zone; 3+1+1 does not', () => {
    const zones = [0, 1, 2, 0, 1, 2, 0];
    expect(checkZoneLoss([q('five', [0, 1, 2, 3, 4])], zones).ok).toBe(true);
    const r = checkZoneLoss([q('five-bad', [0, 3, 6, 1, 2])], zones);
    expect(r.failures.map((f) => [f.zone, f.replicasLeft])).toEqual([[0, 2]]);
  });

  it('classic queues are listed as unavailable with their zone, not counted as replicated failures', () => {
    const r = checkZoneLoss([q('c0', [0], 'classic'), q('c1', [4], 'classic'), q('qq', [0, 1, 2])], threeZonesSixNodes);
    expect(r.ok).toBe(true);
    expect(r.queuesChecked).toBe(1);
    expect(r.classicUnavailable).toEqual([
      { zone: 0, queues: ['c0'] },
      { zone: 1, queues: ['c1'] },
    ]);
  });

  it('a single zone cannot survive its own loss', () => {
    const r = checkZoneLoss([q('a', [0, 1, 2])], [0, 0, 0]);
    expect(r.ok).toBe(false);
    expect(r.failures[0]).toMatchObject({ replicasLeft: 0, majority: 2 });
  });
});

describe('placement rebuilt from a plan', () => {
  it('six nodes in three zones, replication factor 3: every queue has one replica per zone and the counts match the plan', () => {
    const { plan: p, workload } = planOf(SIX);
    expect(p.nodes).toBe(6);
    expect(p.replicationFactor).toBe(3);
    const placement = planPlacement(p, workload);
    expect(placement.spreadOverZones).toBe(true);
    expect(placement.queues).toHaveLength(6);
    for (const queue of placement.queues) {
      expect(new Set(queue.replicaNodes).size).toBe(3);
      expect(new Set(queue.replicaNodes.map((n) => p.zoneOfNode[n])).size).toBe(3);
    }
    const leaders = new Array<number>(6).fill(0);
    for (const queue of placement.queues) leaders[queue.replicaNodes[0]!]!++;
    expect(leaders).toEqual(p.layout[0]!.leadersPerNode);
    expect(checkZoneLoss(placement.queues, placement.zoneOfNode).ok).toBe(true);
  });

  it('refuses a plan whose counts disagree with the rebuilt placement (a bug, not user input)', () => {
    const { plan: p, workload } = planOf(ZONES);
    const tampered = { ...p, layout: p.layout.map((w, i) => (i === 0 ? { ...w, leadersPerNode: [3, 0, 0] } : w)) };
    expect(() => planPlacement(tampered, workload)).toThrow(/differs from the plan's/);
  });
});

describe('--emit definitions', () => {
  it('4.x (the default): every queue type takes x-queue-leader-locator, and the document names its release line', () => {
    const { plan: p, workload } = planOf(MIXED);
    const doc = JSON.parse(emitLayout(p, workload, MIXED, 'definitions', null).text) as DefinitionsDocument;
    expect(doc.rmq_plan.rabbitmqVersion).toBe('4.3');
    const byName = new Map(doc.queues.map((x) => [x.name, x]));
    expect(byName.get('cache-refresh.s00')?.arguments).toEqual({ 'x-queue-type': 'classic', 'x-queue-leader-locator': 'balanced' });
    expect(byName.get('orders.g0.s00')?.arguments).toEqual({
      'x-queue-type': 'quorum',
      'x-quorum-initial-group-size': 3,
      'x-queue-leader-locator': 'balanced',
    });
    expect(JSON.stringify(doc)).not.toMatch(/master-locator|min-masters/);
  });

  it('3.x: quorum, stream and classic queues carry the arguments RabbitMQ 3.10 accepts, durable, with the plan names', () => {
    const { plan: p, workload } = planOf(MIXED, '3.10');
    const doc = JSON.parse(emitLayout(p, workload, MIXED, 'definitions', null).text) as DefinitionsDocument;
    const names = p.layout.flatMap((w) => w.queueNames);
    expect(doc.queues.map((x) => x.name)).toEqual(names);
    const byName = new Map(doc.queues.map((x) => [x.name, x]));
    expect(byName.get('orders.g0.s00')).toEqual({
      name: 'orders.g0.s00',
      vhost: '/',
      durable: true,
      auto_delete: false,
      arguments: { 'x-queue-type': 'quorum', 'x-quorum-initial-group-size': 3, 'x-queue-leader-locator': 'balanced' },
    });
    expect(byName.get('audit')?.arguments).toEqual({ 'x-queue-type': 'stream', 'x-initial-cluster-size': 3, 'x-queue-leader-locator': 'balanced' });
    // 3.10 rejects x-queue-leader-locator on classic queues ("invalid arg"): the classic locator is used.
    expect(byName.get('cache-refresh.s00')?.arguments).toEqual({ 'x-queue-type': 'classic', 'x-queue-master-locator': 'min-masters' });
    expect(doc.vhosts).toEqual([{ name: '/' }]);
    expect(doc.policies).toEqual([]);
    expect(doc.rmq_plan.nodeZones).toEqual([
      { node: 1, name: 'rabbit@node1', zone: 1 },
      { node: 2, name: 'rabbit@node2', zone: 1 },
      { node: 3, name: 'rabbit@node3', zone: 1 },
    ]);
    expect(doc.rmq_plan.placement.find((x) => x.queue === 'audit')).toMatchObject({
      leader: 'rabbit@node3',
      replicas: ['rabbit@node3', 'rabbit@node1', 'rabbit@node2'],
    });
  });

  it('zone metadata: node → zone table and the zone-loss verdict; a note when the import cannot place members by zone', () => {
    const { plan: p, workload } = planOf(SIX);
    const names = ['r@a1', 'r@b1', 'r@c1', 'r@a2', 'r@b2', 'r@c2'];
    const doc = JSON.parse(emitLayout(p, workload, SIX, 'definitions', names).text) as DefinitionsDocument;
    expect(doc.rmq_plan.nodeZones.map((n) => `${n.name}:${n.zone}`)).toEqual(['r@a1:1', 'r@b1:2', 'r@c1:3', 'r@a2:1', 'r@b2:2', 'r@c2:3']);
    expect(doc.rmq_plan.zoneLoss).toEqual({ required: true, zones: 3, ok: true, queuesChecked: 6, failures: [] });
    expect(doc.rmq_plan.notes.join(' ')).toMatch(/--emit commands/);
  });
});

describe('--emit commands', () => {
  it("4.x: rabbitmqadmin v2 syntax, each queue declared through its planned leader node's HTTP API, client-local", () => {
    const { plan: p, workload } = planOf(ZONES);
    const text = emitLayout(p, workload, ZONES, 'commands', ['rabbit@a', 'rabbit@b', 'rabbit@c']).text;
    const declares = text.split('\n').filter((l) => l.includes('declare queue'));
    expect(declares).toHaveLength(9);
    expect(declares[0]).toBe(
      `"\${RABBITMQADMIN[@]}" "\${NODE1_API[@]}" declare queue --vhost=/ --name=payments.s00 --type=quorum --durable=true --auto-delete=false ` +
        `'--arguments={"x-quorum-initial-group-size":3,"x-queue-leader-locator":"client-local"}'`,
    );
    expect(declares.map((l) => /NODE(\d)_API/.exec(l)![1])).toEqual(['1', '2', '3', '1', '2', '3', '1', '2', '3']);
    expect(text).toContain('read -r -a NODE2_API <<< "${NODE2_API:---host b --port 15672}"');
    expect(text).toMatch(/rabbitmqadmin v2, as shipped with RabbitMQ 4\.3/);
    expect(text).not.toMatch(/ node=|name=payments\.s00 durable/);
  });

  it('3.x: rabbitmqadmin v1 syntax, one declare per queue on its planned leader node (node=…), client-local', () => {
    const { plan: p, workload } = planOf(ZONES, '3.10');
    const text = emitLayout(p, workload, ZONES, 'commands', ['rabbit@a', 'rabbit@b', 'rabbit@c']).text;
    const declares = text.split('\n').filter((l) => l.includes('declare queue'));
    expect(declares).toHaveLength(9);
    expect(declares[0]).toBe(
      `"\${RABBITMQADMIN[@]}" --vhost=/ declare queue name=payments.s00 durable=true auto_delete=false node=rabbit@a ` +
        `'arguments={"x-queue-type":"quorum","x-quorum-initial-group-size":3,"x-queue-leader-locator":"client-local"}'`,
    );
    expect(declares.map((l) => /node=(\S+)/.exec(l)![1])).toEqual([
      'rabbit@a',
      'rabbit@b',
      'rabbit@c',
      'rabbit@a',
      'rabbit@b',
      'rabbit@c',
      'rabbit@a',
      'rabbit@b',
      'rabbit@c',
    ]);
    expect(text).not.toMatch(/add_member/);
    expect(text).toMatch(/# {3}node 2 {2}rabbit@b {2}zone 2/);
    expect(text).toMatch(/Zone loss \(required\): .*OK \(9 checked\)/);
  });

  it('replicas < nodes: declares one member, then adds the planned members (zone-aware) with rabbitmq-queues add_member', () => {
    const { plan: p, workload } = planOf(SIX, '3.10');
    const text = emitLayout(p, workload, SIX, 'commands', null).text;
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.includes('name=orders.s01 '));
    expect(lines[i]).toMatch(/node=rabbit@node2 .*"x-quorum-initial-group-size":1/);
    expect(lines[i + 1]).toBe('"${RABBITMQ_QUEUES[@]}" add_member --vhost=/ orders.s01 rabbit@node3');
    expect(lines[i + 2]).toBe('"${RABBITMQ_QUEUES[@]}" add_member --vhost=/ orders.s01 rabbit@node4');
    expect(lines.filter((l) => l.includes('add_member'))).toHaveLength(12);
  });

  it('shell quoting survives vhosts and JSON', () => {
    expect(shellQuote('name=orders.s00')).toBe('name=orders.s00');
    expect(shellQuote("--vhost=it's")).toBe(`'--vhost=it'\\''s'`);
    expect(shellQuote('arguments={"a":1}')).toBe(`'arguments={"a":1}'`);
  });
});

describe('size --emit through the CLI', () => {
  it('prints only the definitions JSON on stdout', async () => {
    const r = await run(['size', ZONES, '--emit', 'definitions']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out) as DefinitionsDocument;
    expect(doc.queues).toHaveLength(9);
  });

  it('prints only the commands script on stdout', async () => {
    const r = await run(['size', ZONES, '--emit', 'commands', '--emit-nodes', 'rabbit@a,rabbit@b,rabbit@c']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(r.out).not.toMatch(/Recommended|Binding constraint/i);
  });

  it('bad --emit and --emit-nodes are usage errors (exit 2), one line each', async () => {
    expect(await run(['size', ZONES, '--emit', 'yaml'])).toMatchObject({
      code: 2,
      out: '',
      err: '--emit: expected one of definitions, commands, got "yaml"\n',
    });
    const wrongCount = await run(['size', ZONES, '--emit', 'commands', '--emit-nodes', 'rabbit@a,rabbit@b']);
    expect(wrongCount).toMatchObject({ code: 2, out: '' });
    expect(wrongCount.err).toBe('--emit-nodes: expected 3 node names (the plan has 3 nodes), got 2: rabbit@a,rabbit@b\n');
    const badName = await run(['size', ZONES, '--emit', 'definitions', '--emit-nodes', 'a,b,c']);
    expect(badName).toMatchObject({ code: 2, out: '' });
    expect(await run(['size', ZONES, '--emit-nodes', 'rabbit@a'])).toMatchObject({ code: 2, out: '' });
  });
});
