/**
 * `rmq-plan check` through the real program, in-process: exit codes (0 holds, 1 a target or
 * the budget fails with each failure named, 2 bad input with one line per problem), the stable
 * JSON shape, the Markdown comment's verdict-first layout, and the cluster description paths.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonCheckReport } from '../../src/render/json/check.js';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';

const SMALL = 'fixtures/workloads/small-single-app.yaml';
const SMALL_CLUSTER = 'fixtures/clusters/small-single-app.yaml';
const INSPECTED = 'fixtures/clusters/inspected-small-single-app.yaml';
const MULTI = 'fixtures/workloads/multi-tenant-high-throughput.yaml';
const UNDERSIZED = 'fixtures/clusters/multi-tenant-undersized.yaml';

async function run(args: string[]) {
  // Lines are checked whole: wide enough that none wraps (width: test/cli/width.test.ts).
  const io = memoryIo({ NO_COLOR: '1', COLUMNS: '1000' });
  const code = await runCli(['check', ...args], io);
  return { code, out: io.out, err: io.err };
}

async function json(args: string[]): Promise<{ code: number; report: JsonCheckReport }> {
  const r = await run([...args, '--format', 'json']);
  expect(r.err).toBe('');
  return { code: r.code, report: JSON.parse(r.out) as JsonCheckReport };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rmq-plan-check-')), name);
  writeFileSync(path, text);
  return path;
}

describe('exit codes', () => {
  it('0 when every target and the budget hold', async () => {
    const r = await run([SMALL, '--cluster', SMALL_CLUSTER, '--budget', '500']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out.split('\n')[2]).toBe('✔ PASS  3 × aws m6i.xlarge, gp3 100 GiB each · $444.48/month of a $500.00 budget · every target holds');
  });

  it('1 when targets fail, each failure on its own line, worst first', async () => {
    const r = await run([MULTI, '--cluster', UNDERSIZED]);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[2]).toMatch(/^✘ FAIL {2}3 × aws m6i\.xlarge, gp3 200 GiB each · \$468\.48\/month · 10 targets missed$/);
    const failures = lines.slice(3, 13);
    expect(failures.every((l) => l.startsWith('  ✘ '))).toBe(true);
    // Worst first: CPU over 100% makes the latency infinite, then CPU (388% of a 60% limit), disk, network, the quorum WAL.
    expect(failures[0]).toBe(
      "  ✘ latency p99 at peak: checkout has no steady state (the busiest node's quorum WAL is saturated at 128% of capacity; the busiest node's CPU is saturated at 384% of capacity), target 100 ms",
    );
    expect(failures[2]).toBe('  ✘ CPU at peak: 13.8 cores of 3.60 cores on node 2 = 384% > 60%');
    expect(failures).toContain('  ✘ quorum WAL at peak: 54,496 msg/s of 42,591 msg/s on node 0 = 128% > 60%');
    expect(failures).toContain('  ✘ disk bandwidth at peak: 316 MB/s of 131 MB/s on node 0 = 241% > 60%');
    expect(failures).toContain('  ✘ network after 1 node lost: 291 MB/s of 195 MB/s on node 1 = 149% > 80%');
    expect(lines[13]).toBe('');
  });

  it('1 when only the budget fails, and the budget line names both figures', async () => {
    const { code, report } = await json([SMALL, '--cluster', SMALL_CLUSTER, '--budget', '400']);
    expect(code).toBe(1);
    expect(report.verdict).toBe('fail');
    expect(report.failures).toEqual(['budget: $444/month > $400/month']);
    expect(report.budget).toEqual({ monthlyUsd: 400, ok: false });
  });

  it('--max-utilization tightens the healthy limit until a resource fails', async () => {
    // Latency binds this cluster; disk IOPS runs at 17% of capacity healthy.
    const { code, report } = await json([SMALL, '--cluster', SMALL_CLUSTER, '--max-utilization', '0.15']);
    expect(code).toBe(1);
    expect(report.utilization.diskIops!.healthy!.limit).toBe(0.15);
    expect(report.failures.some((f) => f.startsWith('disk IOPS at peak:'))).toBe(true);
  });

  it('2 for bad flags, every problem at once, naming the flag, what was expected and what was given', async () => {
    const r = await run([SMALL, '--nodes', 'three', '--instance-type', 'm6i.xlarge', '--queues', 'orders=0', '--max-utilization', '1.5', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toEqual([
      '--nodes: expected a whole number from 1 to 50, got "three"',
      '--queues: expected workload=queues pairs with whole numbers ≥ 1, comma-separated (e.g. orders=4,billing=1), got "orders=0"',
      expect.stringMatching(/^--max-utilization: expected .*targetUtilization in the workload file\), got "1\.5"$/),
      '--format: expected one of table, json, markdown, got "yaml"',
    ]);
  });

  it('2 without a cluster', async () => {
    const r = await run([SMALL]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('--cluster: expected a cluster description file (from `rmq-plan inspect`), or --instance-type and --nodes, got neither\n');
  });

  it('2 for an instance type that is not in the catalog, with suggestions', async () => {
    const r = await run([SMALL, '--instance-type', 'm6i.huge', '--nodes', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^--instance-type: expected an instance type from the catalog, got "m6i\.huge" \(catalog has e\.g\. m6i\.large, m6i\.xlarge, /);
  });

  it('2 for a description whose workloads or queue types do not match the workload file', async () => {
    const file = tempFile(
      'cluster.yaml',
      [
        'version: 1',
        'nodes:',
        '  - { name: a, instanceType: m6i.xlarge, cores: 4, memoryLimitBytes: 10307921510, fileDescriptors: { limit: 65536 } }',
        'workloads:',
        '  - { name: order, queueType: quorum, replicationFactor: 1, queuesPerGroup: 1, queues: [{ name: q, leader: a, members: [a] }] }',
        '  - { name: orders, queueType: classic, replicationFactor: 1, queuesPerGroup: 1, queues: [{ name: q, leader: a, members: [a] }] }',
      ].join('\n'),
    );
    const r = await run([SMALL, '--cluster', file]);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split('\n')).toEqual([
      `${file}: workloads[0].name: expected a workload of ${SMALL} (orders), got "order"`,
      `${file}: workloads[1].queueType: expected quorum (as workload orders in ${SMALL}), got classic`,
    ]);
  });

  it('2 for a description that fails its schema, naming the field', async () => {
    const file = tempFile('cluster.yaml', 'version: 1\nnodes:\n  - { name: a, cores: 0, memoryLimitBytes: 1, fileDescriptors: { limit: 1 } }\n');
    const r = await run([SMALL, '--cluster', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^${file}: nodes\\[0\\]\\.cores: expected .*, got 0\\n$`));
  });
});

describe('cluster descriptions as inspect writes them', () => {
  it('needs an instance type, and says why and how to give one', async () => {
    const r = await run([SMALL, '--cluster', INSPECTED]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `${INSPECTED}: nodes[].instanceType: expected a catalog instance type (--instance-type, e.g. m6i.xlarge), got none (the description gives cores and memory); ` +
        'cores and memory do not tell network and disk bandwidth or the price: give --instance-type, or describe the machine with ' +
        '--network-gbps, --instance-disk-mb-per-sec, --instance-disk-iops, --price-per-hour-usd, --disk\n',
    );
  });

  it('uses what the nodes reported (fd_total) and where the queues are, and warns about a down node and unbalanced leaders', async () => {
    const { code, report } = await json([SMALL, '--cluster', INSPECTED, '--instance-type', 'm6i.xlarge', '--disk', 'gp3', '--disk-size-gib', '100']);
    expect(code).toBe(0);
    expect(report.utilization.fileDescriptors!.healthy!.capacity).toBe(1_048_576);
    expect(report.notes).toContain('file descriptors: 1,048,576 per node, the smallest fd_total observed (the workload file says 65,536)');
    expect(report.notes).toContain('placement: leaders and replicas where the description puts them, for orders');
    expect(report.cluster.layout[0]!.leadersPerNode).toEqual([2, 1, 0]);
    expect(report.warnings).toEqual([
      'rabbit@shop-2 was not running when the cluster was inspected; the check evaluates the cluster with every listed node up',
      'queue leaders are unbalanced: 2/1/0 per node; the check computes the busiest node with them where they are (rabbitmq-queues rebalance all spreads them)',
    ]);
  });

  it('the observed placement loads its busiest node more than the balanced one would', async () => {
    const flags = ['--instance-type', 'm6i.xlarge', '--disk', 'gp3', '--disk-size-gib', '100'];
    const observed = await json([SMALL, '--cluster', INSPECTED, ...flags]);
    // The same cluster described by flags alone: the model's balanced placement (1/1/1).
    const balanced = await json([SMALL, '--nodes', '3', '--queues', 'orders=3', '--replication-factor', '3', ...flags]);
    expect(balanced.report.cluster.layout[0]!.leadersPerNode).toEqual([1, 1, 1]);
    expect(observed.report.utilization.cpu!.healthy!.demand).toBeGreaterThan(balanced.report.utilization.cpu!.healthy!.demand!);
  });

  it('accepts a machine that is not in the catalog when every figure the model needs is given', async () => {
    const { code, report } = await json([
      SMALL,
      '--cluster',
      INSPECTED,
      '--disk',
      'gp3',
      '--disk-size-gib',
      '100',
      '--network-gbps',
      '1.5625',
      '--instance-disk-mb-per-sec',
      '1250',
      '--instance-disk-iops',
      '40000',
      '--price-per-hour-usd',
      '0.192',
    ]);
    expect(code).toBe(0);
    expect(report.cluster.instanceTypeFromCatalog).toBe(false);
    expect(report.cluster.instanceType.vcpus).toBe(4);
    expect(report.cluster.instanceType.memoryGiB).toBe(16);
    // Same figures as m6i.xlarge in the catalog, so the same cost.
    expect(report.cost.totalUsd).toBe(444.48);
    expect(report.notes[0]).toMatch(/^instance type: not from the catalog: 4 vCPU, 16 GiB, 1\.5625 Gbit\/s network/);
  });

  it('flags describe the same cluster as the description file', async () => {
    const fromFile = await json([SMALL, '--cluster', SMALL_CLUSTER]);
    const fromFlags = await json([
      SMALL,
      '--instance-type',
      'm6i.xlarge',
      '--nodes',
      '3',
      '--disk',
      'gp3',
      '--disk-size-gib',
      '100',
      '--queues',
      'orders=3',
      '--replication-factor',
      '3',
    ]);
    // The description's free-disk limit is its only difference (it replaces the watermark-sized one).
    expect(fromFlags.report.utilization.cpu).toEqual(fromFile.report.utilization.cpu);
    expect(fromFlags.report.cost).toEqual(fromFile.report.cost);
    expect(fromFlags.report.cluster.layout).toEqual(fromFile.report.cluster.layout);
  });

  it('a flag overrides the description', async () => {
    const { report } = await json([SMALL, '--cluster', SMALL_CLUSTER, '--nodes', '5']);
    expect(report.cluster.nodes).toBe(5);
    expect(report.notes).toContain('nodes: 5 from --nodes (the description lists 3)');
  });

  it('without a disk, picks the cheapest allowed option that fits and says so', async () => {
    const { code, report } = await json([SMALL, '--instance-type', 'm6i.xlarge', '--nodes', '3']);
    expect(code).toBe(0);
    expect(report.notes.some((n) => n.startsWith('disk: not given; the cheapest aws option the workload file allows'))).toBe(true);
    expect(report.notes.some((n) => /^disk: \S+ chosen, \d+ GiB per node$/.test(n))).toBe(true);
  });
});

describe('what size recommends passes check', () => {
  it('on the fixtures, with the recommended cluster given as flags', async () => {
    for (const fixture of ['small-single-app', 'zone-failure', 'strict-latency']) {
      const io = memoryIo({ NO_COLOR: '1' });
      await runCli(['size', `fixtures/workloads/${fixture}.yaml`, '--format', 'json'], io);
      const plan = (
        JSON.parse(io.out) as {
          plan: {
            instanceType: { name: string };
            nodes: number;
            disk: { name: string; sizeGiB: number; provisionedIops: number; provisionedThroughputMBps: number };
            layout: { workload: string; queuesPerGroup: number; replicationFactor: number; queueType: string }[];
          };
        }
      ).plan;
      const queues = plan.layout.map((l) => `${l.workload}=${l.queuesPerGroup}`).join(',');
      const rf = plan.layout.find((l) => l.queueType !== 'classic')?.replicationFactor ?? 1;
      const { code, report } = await json([
        `fixtures/workloads/${fixture}.yaml`,
        '--instance-type',
        plan.instanceType.name,
        '--nodes',
        String(plan.nodes),
        '--disk',
        plan.disk.name,
        '--disk-size-gib',
        String(plan.disk.sizeGiB),
        '--queues',
        queues,
        '--replication-factor',
        String(rf),
        // The IOPS and throughput the plan bought (io2 includes none: without them check sees 0 IOPS).
        ...(plan.disk.provisionedIops > 0 ? ['--disk-iops', String(plan.disk.provisionedIops)] : []),
        ...(plan.disk.provisionedThroughputMBps > 0 ? ['--disk-throughput-mb-per-sec', String(plan.disk.provisionedThroughputMBps)] : []),
      ]);
      expect({ fixture, code, failures: report.failures }).toEqual({ fixture, code: 0, failures: [] });
    }
  });
});

describe('--format json', () => {
  it('has the documented, stable shape', async () => {
    const { report } = await json([MULTI, '--cluster', UNDERSIZED, '--budget', '900']);
    expect(Object.keys(report)).toEqual([
      'schemaVersion',
      'kind',
      'input',
      'verdict',
      'failures',
      'utilization',
      'latencyP99Ms',
      'cost',
      'budget',
      'runway',
      'cluster',
      'basis',
      'notes',
      'warnings',
    ]);
    expect(report.schemaVersion).toBe(1);
    expect(report.kind).toBe('rmq-plan-check');
    expect(report.input).toEqual({ workloadFile: MULTI, workloadName: 'multi-tenant-high-throughput', clusterFile: UNDERSIZED });
    expect(report.verdict).toBe('fail');
    expect(report.failures).toHaveLength(10);
    expect(Object.keys(report.utilization)).toEqual([
      'cpu',
      'memory',
      'network',
      'diskBandwidth',
      'diskIops',
      'diskCapacity',
      'quorumWal',
      'queueCeiling',
      'fileDescriptors',
      'latency',
      'budget',
    ]);
    expect(Object.keys(report.utilization.cpu!)).toEqual(['healthy', 'afterFailure', 'burst', 'headroom']);
    expect(Object.keys(report.utilization.cpu!.healthy!)).toEqual(['demand', 'capacity', 'unit', 'utilization', 'limit', 'ok', 'subject']);
    // CPU is over 100% on this cluster, so latency is infinite: null in JSON (docs/json-output.md).
    expect(report.latencyP99Ms.telemetry).toEqual({ healthy: null, afterFailure: null, target: null, ok: true });
    expect(Object.keys(report.cost)).toEqual(['instancesUsd', 'disksUsd', 'totalUsd']);
    expect(report.budget).toEqual({ monthlyUsd: 900, ok: true });
    expect(Object.keys(report.runway)).toEqual(['horizonMonths', 'searchedThroughMonth', 'growth', 'holdsThroughHorizon', 'firstMiss', 'text']);
    expect(report.runway).toMatchObject({ horizonMonths: 12, searchedThroughMonth: 72, growth: true, holdsThroughHorizon: false });
    expect(report.runway.firstMiss!.month).toBe(0);
    expect(Object.keys(report.cluster)).toEqual([
      'instanceType',
      'nodes',
      'zones',
      'disk',
      'bindingConstraint',
      'scenarios',
      'layout',
      'instanceTypeFromCatalog',
    ]);
    expect(report.basis).toEqual({ horizonMonths: 12, trafficScale: 1, profile: 'published' });
  });

  it('is byte-identical from run to run (CI logs diff cleanly)', async () => {
    const a = await run([MULTI, '--cluster', UNDERSIZED, '--format', 'json']);
    const b = await run([MULTI, '--cluster', UNDERSIZED, '--format', 'json']);
    expect(a.out).toBe(b.out);
    const t1 = await run([MULTI, '--cluster', UNDERSIZED]);
    const t2 = await run([MULTI, '--cluster', UNDERSIZED]);
    expect(t1.out).toBe(t2.out);
  });
});

describe('--format markdown', () => {
  it('puts the verdict first, then the failures, the resource table, then the runway', async () => {
    const r = await run([MULTI, '--cluster', UNDERSIZED, '--format', 'markdown']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(
      '❌ **rmq-plan check: multi-tenant-high-throughput fails**: 10 targets missed · 3 × aws m6i.xlarge, gp3 200 GiB each · $468.48/month',
    );
    expect(lines[2]).toBe(
      "- ❌ latency p99 at peak: checkout has no steady state (the busiest node's quorum WAL is saturated at 128% of capacity; the busiest node's CPU is saturated at 384% of capacity), target 100 ms",
    );
    const table = lines.findIndex((l) => l.startsWith('| Resource |'));
    const runway = lines.indexOf('## Growth runway');
    expect(table).toBeGreaterThan(2);
    expect(runway).toBeGreaterThan(table);
    expect(lines[runway + 2]).toMatch(/^❌ Misses a target already at today's traffic \(month 0\): latency p99 at peak: /);
  });

  it('passes with ✅', async () => {
    const r = await run([SMALL, '--cluster', SMALL_CLUSTER, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(
      '✅ **rmq-plan check: small-single-app passes**: every target holds · 3 × aws m6i.xlarge, gp3 100 GiB each · $444.48/month',
    );
    expect(r.out).toContain('## Growth runway\n\n✅ Holds for the whole horizon (12 months) and beyond, through month 72, the end of the search.');
  });
});

describe("the workload file's own warnings, as size gives them", () => {
  it('check says when a bench-fitted profile was measured at other message sizes than the workload sends', async () => {
    // The ninth recording's profile measured 1 and 4 KiB; the small app sends 2 KiB orders (inside),
    // the same app with 16 KiB orders does not.
    const profile = 'docs/measurements/validation-4.3-ninth/fitted.json';
    const inside = await json([SMALL, '--cluster', SMALL_CLUSTER, '--calibration', profile]);
    expect(inside.report.warnings.some((w) => /benched at/.test(w))).toBe(false);
    const big = tempFile('big.yaml', readFileSync(SMALL, 'utf8').replace('messageSize: 2KiB', 'messageSize: 16KiB'));
    const outside = await json([big, '--cluster', SMALL_CLUSTER, '--calibration', profile]);
    expect(outside.report.warnings).toContainEqual(
      expect.stringMatching(/^orders: its quorum messages \(16 KiB at p95\) are outside the 1 KiB–4 KiB the profile ".*" was benched at/),
    );
  });
});
