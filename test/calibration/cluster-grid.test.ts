/**
 * Held out: the default profile's cluster terms (CPU per message, the quorum WAL, coordination) are
 * fitted on 3 of the 2020 grid's 7 shapes (src/profile/vl20-grid.ts TRAINING_SHAPES); here the
 * other 4 shapes, on all three volume types, are predicted through the planner's own kernel
 * (evaluateCluster, the code `size` and `check` run) and compared with what the study measured.
 *
 * The prediction: the case study's workload (test/calibration/fixtures/vl20-quorum-case-study.yaml:
 * 100 quorum queues, RF 3, 200 publisher connections, 1 KiB) at its measured top rate on the
 * shape's AWS c5 nodes, volume fsync from the study; CPU and the WAL grow linearly with the rate,
 * so the model's top rate is the measured rate ÷ the higher of the two utilisations.
 * The figures are printed (docs/calibration.md B §5 quotes them).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { DiskOption, InstanceType } from '../../src/catalog/schema.js';
import { loadDefaultProfile } from '../../src/profile/load.js';
import { HELD_OUT_CELLS, shapeName, TRAINING_CELLS, VL20QQ_GRID, VL20_FSYNC_MS, type GridCell, type Vl20Volume } from '../../src/profile/vl20-grid.js';
import { evaluateCluster } from '../../src/model/index.js';
import { WorkloadFileSchema } from '../../src/schema/workload.js';
import { gp2 as gp2Like } from '../support/test-catalog.js';

const CASE_STUDY = WorkloadFileSchema.parse(parse(readFileSync('test/calibration/fixtures/vl20-quorum-case-study.yaml', 'utf8')));
const profile = loadDefaultProfile();

/** The study's c5 types (https://www.rabbitmq.com/blog/2020/06/18/cluster-sizing-and-other-considerations); network, disk and price do not bind here. */
function c5(vcpus: number): InstanceType {
  const names: Record<number, string> = { 8: 'c5.2xlarge', 16: 'c5.4xlarge', 36: 'c5.9xlarge' };
  return {
    provider: 'aws',
    name: names[vcpus]!,
    family: 'c5',
    category: 'compute',
    vcpus,
    memoryGiB: vcpus * 2,
    networkGbps: 10,
    diskMaxThroughputMBps: 1000,
    diskMaxIops: 40_000,
    pricePerHourUsd: vcpus * 0.0425,
    region: 'test-1',
    source: 'https://example.com/test-only',
    sourceDate: '2000-01-01',
    verified: 'unverified',
  };
}

/** A 1 TB volume of the study's type, fsync as the study measured it; IOPS and bandwidth do not bind. */
function volume(v: Vl20Volume): DiskOption {
  return { ...gp2Like, name: v, media: v === 'st1' ? 'hdd' : 'ssd', writeLatencyMs: VL20_FSYNC_MS[v], maxIops: 64_000, maxThroughputMBps: 1000 };
}

/** The model's top rate for a cell, and what binds it. */
function predict(cell: GridCell): { msgPerSec: number; by: string } {
  const file = structuredClone(CASE_STUDY);
  const w = file.workloads[0]!;
  w.publishRate.averageMsgPerSec = cell.msgPerSec;
  w.publishRate.peakMsgPerSec = cell.msgPerSec;
  const plan = evaluateCluster(
    { workload: file, instanceTypes: [], diskOptions: [], hoursPerMonth: 730, profile, trafficScale: 1 },
    { instanceType: c5(cell.vcpusPerNode), nodes: cell.nodes, disk: { option: volume(cell.volume), sizeGiB: 1000 }, replicationFactor: 3 },
  );
  const bound = plan.healthy.resources.filter((r) => r.resource === 'cpu' || r.resource === 'quorumWal').sort((a, b) => b.utilization - a.utilization)[0]!;
  return { msgPerSec: cell.msgPerSec / bound.utilization, by: bound.resource };
}

const errorPercent = (cell: GridCell) => Math.abs(predict(cell).msgPerSec / cell.msgPerSec - 1) * 100;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length % 2 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2;
};

describe('the 2020 quorum grid, held out (fit on 3x16, 3x36, 9x8; predict 5x8, 5x16, 7x8, 7x16)', () => {
  const rows = VL20QQ_GRID.map((cell) => ({ cell, ...predict(cell), errorPercent: errorPercent(cell), heldOut: HELD_OUT_CELLS.includes(cell) }));

  it('prints the table docs/calibration.md quotes', () => {
    const lines = rows.map(
      (r) =>
        `${shapeName(r.cell).padEnd(5)} ${r.cell.volume}  measured ${String(r.cell.msgPerSec).padStart(6)}  model ${Math.round(r.msgPerSec).toString().padStart(6)} (${r.by.padEnd(9)}) ${r.errorPercent.toFixed(1).padStart(5)} %${r.heldOut ? '  held out' : ''}`,
    );
    console.log(lines.join('\n'));
    expect(rows).toHaveLength(21);
    expect(TRAINING_CELLS.length + HELD_OUT_CELLS.length).toBe(21);
  });

  it('predicts the held-out SSD cells within 15 % median and 20 % worst', () => {
    const errors = rows.filter((r) => r.heldOut && r.cell.volume !== 'st1').map((r) => r.errorPercent);
    expect(errors).toHaveLength(8);
    expect(median(errors)).toBeLessThan(15);
    expect(Math.max(...errors)).toBeLessThan(20);
  });

  it('predicts every held-out cell, HDD included, within 15 % median and 30 % worst', () => {
    const errors = rows.filter((r) => r.heldOut).map((r) => r.errorPercent);
    expect(errors).toHaveLength(12);
    expect(median(errors)).toBeLessThan(15);
    expect(Math.max(...errors)).toBeLessThan(30);
  });

  it('never ranks two shapes against what was measured where their SSD means differ by more than 5 %, and orders them strictly past 10 %', () => {
    const shapes = [...new Set(VL20QQ_GRID.map(shapeName))];
    const ssdMean = (shape: string, pick: (r: (typeof rows)[number]) => number) =>
      rows.filter((r) => shapeName(r.cell) === shape && r.cell.volume !== 'st1').reduce((a, r) => a + pick(r), 0) / 2;
    const misordered: string[] = [];
    for (const a of shapes) {
      for (const b of shapes) {
        const measured = ssdMean(a, (r) => r.cell.msgPerSec) / ssdMean(b, (r) => r.cell.msgPerSec);
        const model = ssdMean(a, (r) => r.msgPerSec) / ssdMean(b, (r) => r.msgPerSec);
        // 3 × 36 vs 3 × 16 (5.5 % apart, within the io1/gp2 spread of either) is a tie in the model: both are WAL-bound.
        if ((measured > 1.05 && model < 1 - 1e-9) || (measured > 1.1 && !(model > 1))) misordered.push(`${a} > ${b}`);
      }
    }
    expect(misordered).toEqual([]);
  });

  it('puts st1 below the SSDs on every shape, and scales out better than up (5 × 8 above 3 × 16 and 3 × 36)', () => {
    for (const shape of new Set(VL20QQ_GRID.map(shapeName))) {
      const of = (v: Vl20Volume) => rows.find((r) => shapeName(r.cell) === shape && r.cell.volume === v)!.msgPerSec;
      expect(of('st1'), shape).toBeLessThan(of('gp2'));
      expect(of('gp2'), shape).toBeLessThanOrEqual(of('io1'));
    }
    const gp2 = (shape: string) => rows.find((r) => shapeName(r.cell) === shape && r.cell.volume === 'gp2')!.msgPerSec;
    expect(gp2('5x8')).toBeGreaterThan(gp2('3x16'));
    expect(gp2('5x8')).toBeGreaterThan(gp2('3x36'));
    // 7 × 16 / 3 × 16: measured 1.76 (io1) to 1.86 (gp2); linear in vCPU would be 2.33.
    expect(gp2('7x16') / gp2('3x16')).toBeGreaterThan(1.6);
    expect(gp2('7x16') / gp2('3x16')).toBeLessThan(2);
  });
});
