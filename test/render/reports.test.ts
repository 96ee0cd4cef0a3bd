/**
 * The three renderers on hand-built SizeResults: what each must show, independent of the
 * model's numbers (the golden tests pin the full output on the real planner).
 */
import { describe, expect, it } from 'vitest';
import { colourEnabled, palette, PLAIN } from '../../src/render/colour.js';
import type { ReportContext } from '../../src/render/context.js';
import { JSON_SCHEMA_VERSION, toJsonReport } from '../../src/render/json/size.js';
import { renderMarkdown } from '../../src/render/markdown/size.js';
import { renderTable } from '../../src/render/table/size.js';
import { sampleInfeasibleResult, sampleResult, sampleWorkloadFile } from './sample-results.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

function ctx(explain = false): ReportContext {
  return { file: 'shop.yaml', workload: sampleWorkloadFile(), explain };
}

describe('table', () => {
  const text = renderTable(sampleResult(), ctx(), PLAIN);

  it('leads with the recommendation, cost and binding constraint', () => {
    const lines = text.split('\n');
    expect(lines[2]).toBe('✔ FEASIBLE  3 × aws m6i.xlarge (4 vCPU, 16 GiB), gp3 100 GiB each · $444.48/month');
    expect(lines[3]).toBe('  Binding constraint: Memory (after node loss, node 1): 45% of capacity (limit 80%)');
  });

  it('shows every resource with healthy and after-failure use, bars and headroom', () => {
    const cpu = text.split('\n').find((l) => l.startsWith('│ CPU '));
    expect(cpu).toBeDefined();
    expect(cpu).toContain('3.6 cores');
    expect(cpu).toContain('0.9 cores   25% ██▌···│····');
    expect(cpu).toContain('1.35 cores   38% ███▊····│··');
    expect(cpu).toMatch(/1\.26 cores │$/);
    for (const label of ['Memory', 'Network', 'Disk writes', 'Disk IOPS', 'Disk space', 'File descriptors', 'Latency p99']) {
      expect(text).toMatch(new RegExp(`│ ${label}`));
    }
  });

  it('shows the layout per workload and the alternatives with why they lost', () => {
    expect(text).toMatch(/│ orders +│ quorum │ +1 │ +3 │ +1\/0\/0 │ +1\/1\/1 │ 400 of 18,000 msg\/s \(2\.2%\) │/);
    expect(text).toContain('│ 3 × aws c6i.xlarge, gp3 100 GiB │');
    expect(text).toContain('│ memory after 1 node lost: 8.74 GiB of 9.60 GiB on node 1 │');
    expect(text).toContain('│ = 91% > 80%');
    expect(text).toContain('−$48.18');
  });

  it('lists warnings', () => {
    expect(text).toContain('! 4 nodes over 3 zones: zones hold unequal node counts');
  });

  it('adds the arithmetic only with --explain', () => {
    expect(text).not.toContain('quorum WAL 512 MiB × 4.00');
    const explained = renderTable(sampleResult(), ctx(true), PLAIN);
    expect(explained).toContain('How the binding constraint was computed (--explain)');
    expect(explained).toContain('capacity = 16.0 GiB × 0.6 high watermark = 9.60 GiB');
    expect(explained).toContain('orders: peak 400 msg/s (average 200 msg/s) at month 12');
  });

  it('has no escape codes without colour, and some with it', () => {
    expect(text).not.toMatch(ANSI);
    expect(renderTable(sampleResult(), ctx(), palette(true))).toMatch(ANSI);
  });

  it('lines up the same with colour as without (escape codes take no width)', () => {
    for (const result of [sampleResult(), sampleInfeasibleResult()]) {
      const coloured = renderTable(result, ctx(true), palette(true));
      // eslint-disable-next-line no-control-regex
      expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderTable(result, ctx(true), PLAIN));
    }
  });

  it('says why an infeasible workload fails and what would fix it', () => {
    const infeasible = renderTable(sampleInfeasibleResult(), ctx(), PLAIN);
    expect(infeasible).toContain('✘ NOT FEASIBLE  no plan meets every target');
    expect(infeasible).toContain('• orders: latency target 1.00 ms is below the quorum commit floor of 3.00 ms');
    expect(infeasible).toContain('What would make it feasible:');
    expect(infeasible).toContain("• orders: the floor's largest term is the fsync (2.00 ms). Any one of: latencyP99TargetMs above 3.00 ms");
    expect(infeasible).toContain('Closest plan found: 3 × aws m6i.xlarge');
  });

  it('renders an infeasible result without any plan', () => {
    const noPlan = { ...sampleInfeasibleResult(), plan: null };
    const out = renderTable(noPlan, ctx(true), PLAIN);
    expect(out).toContain('No candidate could be evaluated');
    expect(out).toContain('No plan was evaluated');
  });
});

describe('colour decision', () => {
  it('is off when NO_COLOR is set or stdout is not a TTY, forced by FORCE_COLOR', () => {
    expect(colourEnabled({}, true)).toBe(true);
    expect(colourEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colourEnabled({}, false)).toBe(false);
    expect(colourEnabled({ CI: 'true' }, false)).toBe(false);
    expect(colourEnabled({ TERM: 'dumb' }, true)).toBe(false);
    expect(colourEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
  });
});

describe('json', () => {
  const report = toJsonReport(sampleResult(), ctx());

  it('is versioned and carries the documented top level', () => {
    expect(report.schemaVersion).toBe(JSON_SCHEMA_VERSION);
    expect(Object.keys(report)).toEqual([
      'schemaVersion',
      'input',
      'feasible',
      'plan',
      'alternatives',
      'basis',
      'infeasibility',
      'warnings',
      'search',
      'attribution',
    ]);
    expect(report.plan!.nodes).toBe(3);
    expect(report.plan!.instanceType).toMatchObject({ provider: 'aws', name: 'm6i.xlarge', vcpus: 4, memoryGiB: 16 });
    expect(report.plan!.monthlyCost).toEqual({ instancesUsd: 420.48, disksUsd: 24, totalUsd: 444.48 });
    expect(report.plan!.bindingConstraint.resource).toBe('memory');
  });

  it('gives every resource its healthy and worst after-failure figures, rounded', () => {
    const cpu = report.plan!.utilization.cpu!;
    expect(cpu.healthy).toEqual({ demand: 0.9, capacity: 3.6, unit: 'cores', utilization: 0.25, limit: 0.6, ok: true, subject: null });
    expect(cpu.afterFailure).toMatchObject({ demand: 1.35, utilization: 0.375, limit: 0.8, scenario: 'nodeFailure' });
    expect(cpu.headroom).toBe(1.26);
    expect(report.plan!.utilization.memory!.healthy!.demand).toBe(3114000000);
  });

  it('reports the layout with latency healthy and after failure', () => {
    expect(report.plan!.layout[0]).toMatchObject({
      workload: 'orders',
      replicationFactor: 3,
      leadersPerNode: [1, 0, 0],
      latencyP99Ms: { healthy: 6.2, afterFailure: 9.3 },
    });
  });

  it('summarises alternatives', () => {
    expect(report.alternatives[0]).toMatchObject({
      instanceType: { name: 'c6i.xlarge' },
      nodes: 3,
      feasible: false,
      whyNot: 'memory after 1 node lost: 8.74 GiB of 9.60 GiB on node 1 = 91% > 80%',
    });
  });

  it('has null afterFailure when no failure is required', () => {
    const result = sampleResult();
    result.plan!.failures = [];
    expect(toJsonReport(result, ctx()).plan!.utilization.cpu!.afterFailure).toBeNull();
  });

  it('survives JSON round trip unchanged (no undefined, no NaN)', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('markdown', () => {
  const md = renderMarkdown(sampleResult(), ctx());

  it('is a design-review document', () => {
    expect(md.startsWith('# RabbitMQ cluster plan: Sample shop\n')).toBe(true);
    for (const heading of [
      '## Recommendation',
      '## Binding constraint',
      '## Resources on the busiest node at peak',
      '## Queue layout',
      '## Clients and latency',
      '## Alternatives considered',
      '## Warnings',
      '## Assumptions',
    ]) {
      expect(md).toContain(`\n${heading}\n`);
    }
    expect(md).toContain('**3 × aws m6i.xlarge** with **gp3 100 GiB** per node, **$444.48/month**');
    expect(md).toContain('calibration profile `published-2025`');
  });

  it('always includes the arithmetic', () => {
    expect(md).toContain(
      '```text\nscenario: 1 node lost (node 1; 3 → 2 up), its leaders moved to survivors\nmemory on node 1 = baseline 400 MiB + orders 2 replicas',
    );
  });

  it('has well-formed tables (same number of cells in every row)', () => {
    const blocks = md.split('\n\n').filter((b) => b.startsWith('|'));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) {
      const counts = block.split('\n').map((line) => line.split(/(?<!\\)\|/).length);
      expect(new Set(counts).size).toBe(1);
    }
  });

  it('escapes pipes in cells', () => {
    const result = sampleResult();
    result.alternatives[0]!.whyNot = { kind: 'missesTargets', near: null, firstMiss: { kind: 'noDiskOption', providers: ['a | b'] } };
    expect(renderMarkdown(result, ctx())).toContain('a \\| b');
  });

  it('explains infeasibility', () => {
    const out = renderMarkdown(sampleInfeasibleResult(), ctx());
    expect(out).toContain('**Not feasible: no plan meets every target.**');
    expect(out).toContain("- orders: the floor's largest term is the fsync (2.00 ms). Any one of: latencyP99TargetMs above 3.00 ms");
  });
});
