/**
 * End to end through `rmq-plan check`'s machinery on the shipped catalog: the default profile puts
 * the 2020 case study's 3 × 16 vCPU quorum cluster at its measured top rate (36,500 msg/s on SSDs,
 * docs/calibration.md part B) with the node's quorum WAL, not its CPU, at the limit — the model's
 * reason 3 × 36 vCPU carried no more — and the lab profile (no WAL ceiling) far below it.
 *
 * By hand (3 × c6i.4xlarge, gp3 at 2 ms fsync, RF 3 on 3 nodes: every node holds every queue):
 *   WAL  36,500 copies/s × (1 + 0.0817 × 2) × (22.035 + 0.722 × 2) µs = 0.997 of one WAL
 *   CPU  the busiest node (34 of 100 leaders) ≈ 8.6 of 14.4 usable cores ≈ 60 %
 */
import { describe, expect, it } from 'vitest';
import { checkWorkload, parseCheckFlags } from '../../src/cli/check.js';

const CASE_STUDY = 'test/calibration/fixtures/vl20-quorum-case-study.yaml';
const CLUSTER = { instanceType: 'c6i.4xlarge', nodes: '3', disk: 'gp3', diskSizeGib: '1000', replicationFactor: '3' };

function healthy(calibration?: string) {
  const result = checkWorkload(CASE_STUDY, parseCheckFlags({ ...CLUSTER, ...(calibration ? { calibration } : {}) }));
  const of = (resource: string) => result.plan.healthy.resources.find((r) => r.resource === resource);
  return { result, cpu: of('cpu')!, wal: of('quorumWal') };
}

describe('the default profile reproduces the case study cluster through the model', () => {
  it('puts 3 × 16 vCPU at its quorum WAL limit at 36,500 msg/s, CPU at about 60 %', () => {
    const { result, cpu, wal } = healthy();
    expect(result.profileName).toBe('published');
    expect(wal).toBeDefined();
    expect(wal!.utilization).toBeGreaterThan(0.98);
    expect(wal!.utilization).toBeLessThan(1.02);
    expect(cpu.capacity).toBeCloseTo(14.4, 6);
    expect(cpu.demand / cpu.capacity).toBeGreaterThan(0.55);
    expect(cpu.demand / cpu.capacity).toBeLessThan(0.65);
  });

  it('the lab profile (--calibration published-lab) has no WAL ceiling and puts the same cluster at under 8% CPU', () => {
    const { result, cpu, wal } = healthy('published-lab');
    expect(result.profileName).toBe('published-lab');
    expect(wal).toBeUndefined();
    expect(cpu.demand / cpu.capacity).toBeGreaterThan(0.07);
    expect(cpu.demand / cpu.capacity).toBeLessThan(0.08);
  });
});
