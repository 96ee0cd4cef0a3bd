/**
 * The growth runway, hand-checked on test/check/fixtures/growth-cpu.yaml: 40,000 msg/s of 100 B
 * messages into 6 quorum queues (replication factor 3) on 3 × c6i.xlarge, growing 10% a month.
 *
 * CPU on the busiest healthy node (it leads 2 of the 6 queues and follows 4; r = λ/6), with the
 * published-lab profile's quorum coefficients (pinned with --calibration published-lab, so the
 * hand arithmetic does not follow the default profile; µs per message; 100 B × 2.431 ns/B =
 * 0.2431 µs per hop):
 *   publish   λ × (11.266 + 0.2431) / 3 nodes                  = λ × 3.836 µs
 *   leaders   2 × λ/6 × (15.731 + 15.731 + 2 × 0.2431)          = λ × 10.649 µs
 *   followers 4 × λ/6 × (17.194 + 0.2431)                       = λ × 11.625 µs
 *   total                                                       = λ × 26.111 µs
 * At λ₀ = 40,000 msg/s: 1.0444 cores. Capacity: 4 vCPU × 0.9 usable = 3.6 cores; limit 60%: 2.16.
 * After losing a node, a survivor leads 3 and follows 3 of 6 with 2 nodes up: λ × 30.447 µs
 * against 80% × 3.6 = 2.88 cores, i.e. up to 94,600 msg/s: later than healthy (82,700 msg/s).
 * Month m: 1.0444 × 1.1^m > 2.16 ⇔ 1.1^m > 2.0681 ⇔ m > ln 2.0681 / ln 1.1 = 7.62: month 8
 * (month 7: 77,949 msg/s, 2.035 cores, 57%; month 8: 85,744 msg/s, 2.239 cores, 62%).
 */
import { describe, expect, it } from 'vitest';
import { checkWorkload, parseCheckFlags } from '../../src/cli/check.js';
import { runwayText } from '../../src/render/check-phrases.js';
import { missText } from '../../src/render/check-phrases.js';

const GROWTH = 'test/check/fixtures/growth-cpu.yaml';
const CLUSTER = { instanceType: 'c6i.xlarge', nodes: '3', disk: 'gp3', diskSizeGib: '100', calibration: 'published-lab' };

describe('growth runway', () => {
  it('finds the month worked out by hand, and names the resource', () => {
    const result = checkWorkload(GROWTH, parseCheckFlags(CLUSTER));
    // The model agrees with the hand arithmetic at the horizon (month 6: 40,000 × 1.1⁶ = 70,862 msg/s → 1.850 cores).
    const cpu = result.plan.healthy.resources.find((r) => r.resource === 'cpu')!;
    expect(cpu.demand).toBeCloseTo((70_862.44 * 26.111) / 1e6, 2);
    expect(cpu.capacity).toBeCloseTo(3.6, 6);
    expect(result.verdict).toBe('pass');
    expect(result.runway.firstMiss?.month).toBe(8);
    expect(missText(result.runway.firstMiss?.failure ?? null)).toBe('CPU at peak: 2.24 cores of 3.60 cores on node 0 = 62% > 60%');
    expect(runwayText(result.runway)).toEqual({
      ok: true,
      text: 'Holds for the whole horizon (6 months); first misses a target in month 8 (2 months after the horizon): CPU at peak: 2.24 cores of 3.60 cores on node 0 = 62% > 60%',
    });
  });

  it('reports a miss inside the horizon as a failure of the runway', () => {
    const result = checkWorkload(GROWTH, parseCheckFlags({ ...CLUSTER, horizonMonths: '10' }));
    expect(result.verdict).toBe('fail');
    expect(result.runway.firstMiss?.month).toBe(8);
    expect(runwayText(result.runway).text).toBe(
      'Misses a target in month 8, within the 10-month horizon: CPU at peak: 2.24 cores of 3.60 cores on node 0 = 62% > 60%',
    );
  });

  it('moves with the traffic scale: twice the traffic fails ln 2 / ln 1.1 = 7.3 months earlier', () => {
    // 2 × 1.0444 × 1.1^m > 2.16 ⇔ 1.1^m > 1.034 ⇔ m > 0.35: month 1.
    const result = checkWorkload(GROWTH, parseCheckFlags({ ...CLUSTER, trafficScale: '2' }));
    expect(result.runway.firstMiss?.month).toBe(1);
  });

  it('searches only as far as asked', () => {
    const result = checkWorkload(GROWTH, parseCheckFlags({ ...CLUSTER, runwayMonths: '1' }));
    expect(result.runway.searchedThroughMonth).toBe(7);
    expect(result.runway.firstMiss).toBeNull();
    expect(runwayText(result.runway).text).toBe('Holds for the whole horizon (6 months) and beyond, through month 7, the end of the search.');
  });

  it('without growth, holds for as long as traffic stays put', () => {
    const result = checkWorkload('fixtures/workloads/infeasible.yaml', parseCheckFlags({ instanceType: 'c6i.xlarge', nodes: '3', disk: 'gp3' }));
    expect(result.runway.growth).toBe(false);
    // infeasible.yaml asks for a 1 ms p99 from quorum queues: missed at any traffic.
    expect(result.runway.firstMiss?.month).toBe(0);
    expect(runwayText(result.runway).text).toMatch(/^No growth in the forecast, and the cluster already misses a target at the checked peak: latency p99/);
  });
});
