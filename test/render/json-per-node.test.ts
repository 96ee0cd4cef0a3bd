/**
 * `--format json` carries every node's figures per scenario (scenarios[].perNode), consistent
 * with the busiest-node figures in plan.utilization, on the real planner and shipped fixtures.
 */
import { describe, expect, it } from 'vitest';
import { buildPlanRequest, parseSizeFlags } from '../../src/cli/size.js';
import { plan } from '../../src/model/planner.js';
import { toJsonReport } from '../../src/render/json/size.js';

const NODE_RESOURCES = ['cpu', 'memory', 'network', 'diskBandwidth', 'diskIops', 'diskCapacity', 'fileDescriptors'] as const;

describe.each(['small-single-app', 'zone-failure', 'multi-tenant-high-throughput'])('JSON per-node figures: %s', (fixture) => {
  const file = `fixtures/workloads/${fixture}.yaml`;
  const { request, workload } = buildPlanRequest(file, parseSizeFlags({}));
  const report = toJsonReport(plan(request), { file, workload, explain: false });
  const p = report.plan!;

  it('lists every node in every scenario; lost nodes have no figures', () => {
    for (const s of p.scenarios) {
      expect(s.perNode.map((n) => n.node)).toEqual([...Array(p.nodes).keys()]);
      expect(s.perNode.filter((n) => n.up)).toHaveLength(s.nodesUp);
      for (const n of s.perNode) expect(Object.keys(n.resources)).toHaveLength(n.up ? NODE_RESOURCES.length : 0);
    }
  });

  it('the busiest node of the healthy scenario is the healthy figure in plan.utilization', () => {
    const healthy = p.scenarios.find((s) => s.kind === 'healthy')!;
    for (const r of NODE_RESOURCES) {
      const busiest = Math.max(...healthy.perNode.filter((n) => n.up).map((n) => n.resources[r]!.demand));
      expect(busiest, r).toBeCloseTo(p.utilization[r]!.healthy!.demand!, 6);
    }
  });

  it('after a failure no surviving node carries less than it did healthy', () => {
    const healthy = p.scenarios.find((s) => s.kind === 'healthy')!;
    for (const s of p.scenarios.filter((x) => x.kind === 'nodeFailure' || x.kind === 'zoneFailure')) {
      for (const n of s.perNode.filter((x) => x.up)) {
        for (const r of NODE_RESOURCES)
          expect(n.resources[r]!.demand, `${s.kind} node ${n.node} ${r}`).toBeGreaterThanOrEqual(healthy.perNode[n.node]!.resources[r]!.demand);
      }
    }
  });
});
