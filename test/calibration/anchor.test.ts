/**
 * End to end through the model (`rmq-plan check` machinery): the default profile must put the
 * CPU-bound cluster it is anchored on at 100% CPU, and the lab profile far below it.
 *
 * Anchor (docs/calibration.md part B): 3 × 16 vCPU, 100 quorum queues (RF 3), 36,500 msg/s of
 * 1 KiB. Every node hosts a replica of every queue; leaders are 34/33/33, so the busiest node
 * (34 leaders) sits slightly above the cluster average: with r = 365 msg/s per queue,
 *   publish   36,500 / 3 × (171.088 + 2.490)                    = 2.1119 cores
 *   leaders   34 × 365 × (238.902 + 238.902 + 2 × 2.490)          = 5.9915 cores
 *   followers 66 × 365 × (261.110 + 2.490)                        = 6.3503 cores
 *   total 14.454 cores of 16 × 0.9 = 14.4 ⇒ 100.4% (the average node: exactly 100%).
 */
import { describe, expect, it } from 'vitest';
import { checkWorkload } from '../../src/commands/check-run.js';
import { parseCheckFlags } from '../../src/check/options.js';

const CASE_STUDY = 'test/calibration/fixtures/vl20-quorum-case-study.yaml';
const CLUSTER = { instanceType: 'c6i.4xlarge', nodes: '3', disk: 'gp3', diskSizeGib: '1000', replicationFactor: '3' };

function busiestCpu(calibration?: string) {
  const result = checkWorkload(CASE_STUDY, parseCheckFlags({ ...CLUSTER, ...(calibration ? { calibration } : {}) }));
  const cpu = result.plan.healthy.resources.find((r) => r.resource === 'cpu')!;
  return { result, cpu };
}

describe('the default profile reproduces its anchor through the model', () => {
  it('puts 3 × 16 vCPU at 100% CPU on the case study workload at 36,500 msg/s', () => {
    const { result, cpu } = busiestCpu();
    expect(result.profileName).toBe('published');
    expect(cpu.capacity).toBeCloseTo(14.4, 6);
    expect(cpu.demand).toBeCloseTo(14.454, 2);
    expect(cpu.demand / cpu.capacity).toBeGreaterThan(1);
    expect(cpu.demand / cpu.capacity).toBeLessThan(1.01);
  });

  it('the lab profile (--calibration published-lab) puts the same cluster at under 8% CPU', () => {
    const { result, cpu } = busiestCpu('published-lab');
    expect(result.profileName).toBe('published-lab');
    expect(cpu.demand / cpu.capacity).toBeGreaterThan(0.07);
    expect(cpu.demand / cpu.capacity).toBeLessThan(0.08);
  });
});
