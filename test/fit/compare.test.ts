/**
 * `rmq-plan compare`: coefficient deltas, capacity consequences computed with the model, the
 * text and JSON outputs, and one problem line per bad field (exit 2).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadDefaultCatalog } from '../../src/catalog/load.js';
import { capacityChanges, clusterCapacity, type CapacitySetup } from '../../src/profile/capacity.js';
import { changePercent, diffProfiles } from '../../src/profile/compare.js';
import { defineCommand, runCompare } from '../../src/cli/compare.js';
import { reportError } from '../../src/cli/shared/errors.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { ExitCode, InputError } from '../../src/errors.js';
import { evaluateCluster } from '../../src/model/index.js';
import type { Profile } from '../../src/schema/profile.js';
import { WorkloadFileSchema } from '../../src/schema/workload.js';
import { testProfile } from '../support/test-profile.js';

/** testProfile with slower quorum queues and dearer classic CPU, as a bench on slower hardware would find. */
function slower(): Profile {
  const p = structuredClone(testProfile);
  p.name = 'slower';
  p.origin = { kind: 'bench', createdAt: '2026-03-01', brokerVersion: '3.13.7', coresPerNode: 4, hardware: 'test box' };
  p.queueTypes.quorum.queueServiceMicros = { value: 30, unit: 'µs/msg', source: 'bench r1 on RabbitMQ 3.13.7, 40 steps, R²=0.990: test' };
  p.queueTypes.classic.publishCpuMicros = { value: 20, unit: 'core-µs/msg', source: 'bench r1 on RabbitMQ 3.13.7, 40 steps, R²=0.990: test' };
  p.queueTypes.classic.replicaCpuMicros = { value: 5, unit: 'core-µs/msg', source: 'made up' };
  return p;
}

const catalog = loadDefaultCatalog();
const m6i = catalog.instanceTypes.find((t) => t.name === 'm6i.xlarge')!;
const gp3 = catalog.diskOptions.find((d) => d.provider === 'aws' && d.name === 'gp3')!;
const setup: CapacitySetup = { instanceType: m6i, disk: gp3, nodes: 3, sizeBytes: 1024, hoursPerMonth: catalog.hoursPerMonth };

describe('diffProfiles', () => {
  const diff = diffProfiles(testProfile, slower());
  const find = (path: string) => diff.coefficients.find((c) => c.path === path)!;

  it('reports old, new, % change and the new source per coefficient', () => {
    expect(find('queueTypes.quorum.queueServiceMicros')).toMatchObject({ old: 25, new: 30, changePercent: 20, changed: true, unit: 'µs/msg' });
    expect(find('queueTypes.quorum.queueServiceMicros').newSource).toMatch(/^bench r1/);
    expect(find('queueTypes.classic.publishCpuMicros').changePercent).toBe(100);
    expect(find('queueTypes.classic.replicaCpuMicros')).toMatchObject({ old: 0, new: 5, changePercent: null });
    expect(find('node.memoryPerChannelBytes')).toMatchObject({ changed: false, changePercent: 0 });
    expect(diff.coefficients.filter((c) => c.changed)).toHaveLength(3);
    // 11 coefficients × 3 queue types + 12 node coefficients (cpuEfficiency is a curve).
    expect(diff.coefficients).toHaveLength(45);
  });

  it('an optional coefficient one profile lacks reads as 0 there (the latency tail only a bench measures)', () => {
    const withTail = slower();
    withTail.queueTypes.quorum.latencyTailP99Ms = { value: 4.5, unit: 'ms', source: 'bench r1 on RabbitMQ 3.13.7, 10 steps, n/a: test' };
    const tail = diffProfiles(testProfile, withTail).coefficients.find((c) => c.path === 'queueTypes.quorum.latencyTailP99Ms')!;
    expect(tail).toMatchObject({ old: 0, new: 4.5, unit: 'ms', changed: true, changePercent: null, oldSource: 'absent from this profile (the model uses 0)' });
    const back = diffProfiles(withTail, testProfile).coefficients.find((c) => c.path === 'queueTypes.quorum.latencyTailP99Ms')!;
    expect(back).toMatchObject({ old: 4.5, new: 0, changed: true, changePercent: -100 });
    expect(diffProfiles(withTail, testProfile).coefficients.filter((c) => c.name === 'latencyTailP99Ms')).toHaveLength(1);
  });

  it('reports metadata changes and an unchanged cpuEfficiency curve as null', () => {
    expect(diff.origin).toContainEqual({ field: 'kind', old: 'published', new: 'bench' });
    expect(diff.origin).toContainEqual({ field: 'coresPerNode', old: null, new: 4 });
    expect(diff.cpuEfficiency).toBeNull();
  });

  it('changePercent', () => {
    expect(changePercent(21_300, 18_900)).toBeCloseTo(-11.27, 2);
    expect(changePercent(0, 0)).toBe(0);
    expect(changePercent(0, 1)).toBeNull();
  });
});

describe('capacity with the model', () => {
  it("per-queue ceilings are the model's: 10⁶ / (a + size × b)", () => {
    const [quorum] = capacityChanges(testProfile, slower(), setup, ['quorum']);
    expect(quorum!.ceilingOldMsgPerSec).toBeCloseTo(1e6 / (25 + 1.024 * 5), 6);
    expect(quorum!.ceilingNewMsgPerSec).toBeCloseTo(1e6 / (30 + 1.024 * 5), 6);
    expect(quorum!.ceilingChangePercent).toBeCloseTo(((25 + 5.12) / (30 + 5.12) - 1) * 100, 6);
  });

  it('the cluster capacity is the highest rate the model accepts (bisection within 0.2 %)', () => {
    for (const queueType of ['quorum', 'classic'] as const) {
      const cap = clusterCapacity(testProfile, setup, queueType);
      expect(cap.maxMsgPerSec).toBeGreaterThan(1000);
      const at = (rate: number) =>
        evaluateCluster(
          {
            workload: WorkloadFileSchema.parse({
              version: 1,
              cluster: { ha: { nodeFailuresToTolerate: 1 }, constraints: { productionMinimums: false }, forecast: { horizonMonths: 0 } },
              workloads: [{ name: 'capacity', publishRate: { averageMsgPerSec: rate, peakMsgPerSec: rate }, messageSize: 1024, queueType }],
            }),
            instanceTypes: [m6i],
            diskOptions: [gp3],
            hoursPerMonth: catalog.hoursPerMonth,
            profile: testProfile,
            trafficScale: 1,
          },
          { instanceType: m6i, nodes: 3, disk: gp3, replicationFactor: queueType === 'classic' ? 1 : 3 },
        ).feasible;
      expect(at(cap.maxMsgPerSec)).toBe(true);
      expect(at(cap.maxMsgPerSec * 1.005)).toBe(false);
    }
  });

  it('dearer classic CPU lowers what the cluster carries once CPU binds', () => {
    // 10× the test profile's classic CPU makes CPU, not the network, bind on 4 vCPU nodes.
    const dear = structuredClone(testProfile);
    for (const k of ['publishCpuMicros', 'enqueueCpuMicros', 'deliverCpuMicros'] as const) dear.queueTypes.classic[k].value *= 10;
    const dearer = structuredClone(dear);
    dearer.queueTypes.classic.publishCpuMicros.value *= 2;
    const [classic] = capacityChanges(dear, dearer, setup, ['classic']);
    expect(classic!.old.binding).toMatch(/^cpu /);
    // The 66k msg/s classic ceiling is far above the CPU-bound rate, so `queues: auto` keeps one
    // queue and its leader's node binds: publishes spread over 3 nodes, (P + 1.024)/3 + E + D + 2 × 1.024
    // = 235.72 µs per message before, 269.06 after (docs/model.md "CPU").
    const expected = (235.72 / 269.06 - 1) * 100;
    expect(classic!.clusterChangePercent).toBeGreaterThan(expected - 1);
    expect(classic!.clusterChangePercent).toBeLessThan(expected + 1);
    expect(classic!.ceilingChangePercent).toBe(0);
  });
});

function writeProfiles(): { dir: string; a: string; b: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-compare-'));
  const a = join(dir, 'old.json');
  const b = join(dir, 'new.json');
  writeFileSync(a, JSON.stringify(testProfile));
  writeFileSync(b, JSON.stringify(slower()));
  return { dir, a, b };
}

describe('rmq-plan compare', () => {
  it('prints changed coefficients and capacity lines', async () => {
    const { a, b } = writeProfiles();
    const io = memoryIo();
    expect(await runCompare(a, b, {}, io)).toBe(ExitCode.ok);
    expect(io.out).toMatch(/Profiles: "test-only" \(published, 2000-01-01\) → "slower" \(bench, 2026-03-01\)/);
    expect(io.out).toMatch(/quorum\s+queueServiceMicros\s+25\s+30\s+\+20%\s+µs\/msg\s+bench r1/);
    expect(io.out).toMatch(/classic\s+replicaCpuMicros\s+0\s+5\s+new/);
    expect(io.out).toMatch(/\(42 coefficients unchanged; --all lists them\)/);
    expect(io.out).toMatch(/quorum 1 KiB per-queue ceiling 33,201 → 28,474 msg\/s \(−14%\)/);
    expect(io.out).toMatch(
      /a 3 × 4 vCPU \(m6i\.xlarge, gp3\) quorum cluster at 1 KiB carries [\d,]+ → [\d,]+ msg\/s \([^)]+\) within 60% healthy \/ 80% after 1 node lost; binds on /,
    );
  });

  it('--json carries the deltas and the capacity figures', async () => {
    const { a, b } = writeProfiles();
    const io = memoryIo();
    await runCompare(a, b, { json: true, size: '16KiB', nodes: '5' }, io);
    const out = JSON.parse(io.out) as {
      coefficients: { path: string; changePercent: number | null }[];
      capacity: { queueType: string; sizeBytes: number; cluster: { nodes: number } }[];
    };
    expect(out.coefficients.find((c) => c.path === 'queueTypes.quorum.queueServiceMicros')?.changePercent).toBe(20);
    expect(out.capacity.map((c) => c.queueType)).toEqual(['quorum', 'classic', 'stream']);
    expect(out.capacity[0]).toMatchObject({ sizeBytes: 16384, cluster: { nodes: 5 } });
  });

  it('bad files: one line per problem, naming the file and the field, every file checked; exit 2', async () => {
    const { dir, a } = writeProfiles();
    const broken = structuredClone(testProfile) as unknown as {
      queueTypes: { quorum: { cpuNanosPerByte: { value: unknown } } };
      node: { diskIoSizeBytes?: unknown };
    };
    broken.queueTypes.quorum.cpuNanosPerByte.value = -1;
    delete broken.node.diskIoSizeBytes;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(broken));
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ nope');
    let caught: unknown;
    try {
      await runCompare(notJson, bad, {}, memoryIo());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    const problems = (caught as InputError).problems;
    expect(problems[0]).toMatch(/not\.json: \(top level\): expected a calibration profile in JSON, got invalid JSON/);
    expect(problems.some((p) => /bad\.json: queueTypes\.quorum\.cpuNanosPerByte\.value: expected .*, got -1/.test(p))).toBe(true);
    expect(problems.some((p) => /bad\.json: node\.diskIoSizeBytes: expected /.test(p))).toBe(true);
    const io = memoryIo();
    expect(reportError(caught, io)).toBe(ExitCode.badInput);
    expect(io.err.trim().split('\n')).toHaveLength(problems.length);
    await expect(runCompare(a, join(dir, 'missing.json'), {}, memoryIo())).rejects.toThrow(
      /missing\.json: \(file\): expected a readable calibration profile \(JSON\) or a shipped profile name \(published, published-lab\), got no such file/,
    );
  });

  it('bad flags are input errors', async () => {
    const { a, b } = writeProfiles();
    await expect(runCompare(a, b, { size: 'big', nodes: '0' }, memoryIo())).rejects.toThrow(
      /--size: expected a size such as 512B, 1KiB or 1MB \(a bare whole number is bytes\), got "big"\n--nodes: expected a whole number from 1 to 50, got "0"/,
    );
    await expect(runCompare(a, b, { instanceType: 'x9.huge' }, memoryIo())).rejects.toThrow(/--instance-type: expected an instance type of the catalog/);
  });

  it('completes the commander subcommand program.ts declares', async () => {
    const { a, b } = writeProfiles();
    const io = memoryIo();
    let code: number | undefined;
    const program = new Command('rmq-plan').exitOverride();
    defineCommand(program.command('compare'), io, (c) => (code = c));
    await program.parseAsync(['compare', a, b, '--json'], { from: 'user' });
    expect(code).toBe(0);
    expect(JSON.parse(io.out).new.name).toBe('slower');
  });
});
