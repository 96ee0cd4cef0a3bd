/**
 * `rmq-plan size` flags and error handling, in-process through the real program (fast; the
 * spawned-process tests in cli-process.test.ts cover the binary itself).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo, type CliIo } from '../../src/io/cli-io.js';
import type { JsonReport } from '../../src/render/json/size.js';

const SMALL = 'fixtures/workloads/small-single-app.yaml';

async function run(args: string[], env: Record<string, string> = { NO_COLOR: '1' }) {
  const io = memoryIo(env);
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

async function json(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const r = await run(['size', ...args, '--format', 'json']);
  expect(r.err).toBe('');
  return { code: r.code, report: JSON.parse(r.out) as JsonReport };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rmq-plan-size-')), name);
  writeFileSync(path, text);
  return path;
}

describe('what-if flags', () => {
  it('--traffic-scale multiplies every rate', async () => {
    const base = await json([SMALL]);
    const scaled = await json([SMALL, '--traffic-scale', '2.5']);
    expect(scaled.report.basis.trafficScale).toBe(2.5);
    const peak = (r: JsonReport) => r.basis.workloads[0]!.peakMsgPerSec;
    // JSON keeps 4 significant digits, so compare the ratio.
    expect(peak(scaled.report) / peak(base.report)).toBeCloseTo(2.5, 2);
  });

  it('--horizon-months overrides the forecast horizon', async () => {
    const now = await json([SMALL, '--horizon-months', '0']);
    const later = await json([SMALL, '--horizon-months', '36']);
    expect(now.report.basis.horizonMonths).toBe(0);
    expect(later.report.basis.horizonMonths).toBe(36);
    expect(later.report.basis.workloads[0]!.peakMsgPerSec).toBeGreaterThan(now.report.basis.workloads[0]!.peakMsgPerSec);
  });

  it('--providers limits the instance types searched', async () => {
    for (const provider of ['gcp', 'azure'] as const) {
      const { code, report } = await json([SMALL, '--providers', provider]);
      expect(code).toBe(0);
      expect(report.plan!.instanceType.provider).toBe(provider);
      for (const alt of report.alternatives) expect(alt.instanceType.provider).toBe(provider);
    }
  });

  it('--budget below any plan makes it infeasible (exit 1) and says so', async () => {
    const { code, report } = await json([SMALL, '--budget', '10']);
    expect(code).toBe(1);
    expect(report.feasible).toBe(false);
    expect(report.infeasibility!.reasons.join(' ')).toMatch(/budget|\$/i);
  });

  it('--max-nodes that cannot hold the HA layout is infeasible (exit 1)', async () => {
    const { code, report } = await json([SMALL, '--max-nodes', '2']);
    expect(code).toBe(1);
    expect(report.infeasibility!.reasons.length).toBeGreaterThan(0);
  });
});

describe('bad flags and files exit 2, naming what was wrong', () => {
  it('each bad flag is named with what was expected and what was given', async () => {
    const r = await run(['size', SMALL, '--max-nodes', '0', '--horizon-months', '2.5', '--budget', 'lots', '--providers', 'aws,ibm']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toEqual([
      '--horizon-months: expected an integer from 0 to 120 (as cluster.forecast.horizonMonths in the workload file), got "2.5"',
      '--providers: expected a comma-separated list of values from "aws", "gcp", "azure", got "aws,ibm"',
      '--max-nodes: expected an integer > 0 and ≤ 50 (as cluster.constraints.maxNodes in the workload file), got "0"',
      '--budget: expected a number > 0 and ≤ 1,000,000,000 (as cluster.constraints.monthlyBudgetUsd in the workload file), got "lots"',
    ]);
  });

  it('an override that contradicts the file is named as such', async () => {
    const file = tempFile(
      'w.yaml',
      'version: 1\ncluster: { constraints: { minNodes: 5 } }\nworkloads:\n  - { name: a, publishRate: { averageMsgPerSec: 10, peakMsgPerSec: 20 }, messageSize: 1KiB }\n',
    );
    const r = await run(['size', file, '--max-nodes', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${file} (with command-line options): cluster.constraints.minNodes: expected minNodes ≤ maxNodes (3), got 5\n`);
  });

  it('an instance type that is not in the catalog', async () => {
    const file = tempFile(
      'w.yaml',
      'version: 1\ncluster: { constraints: { instanceTypes: [m6i.xlarg] } }\nworkloads:\n  - { name: a, publishRate: { averageMsgPerSec: 10, peakMsgPerSec: 20 }, messageSize: 1KiB }\n',
    );
    const r = await run(['size', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cluster\\.constraints\\.instanceTypes\\[0\\]: expected a name from the catalog, got "m6i\\.xlarg" \\(catalog has e\\.g\\. .*m6i\\.xlarge`,
      ),
    );
  });

  it('a missing --catalog or --calibration file', async () => {
    const catalog = await run(['size', SMALL, '--catalog', 'no-catalog.json']);
    expect(catalog.code).toBe(2);
    expect(catalog.err).toContain('no-catalog.json');
    const profile = await run(['size', SMALL, '--calibration', 'no-profile.json']);
    expect(profile.code).toBe(2);
    expect(profile.err).toContain('no-profile.json');
  });

  it('an invalid --catalog names the file and field', async () => {
    const file = tempFile('catalog.json', JSON.stringify({ version: 1, description: 'x', hoursPerMonth: 730, instanceTypes: [], diskOptions: [] }));
    const r = await run(['size', SMALL, '--catalog', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: instanceTypes: `);
  });
});

describe('unexpected errors are bugs: exit 70, one line, stack only with RMQ_PLAN_DEBUG=1', () => {
  function throwingIo(env: Record<string, string>): CliIo & { err: string } {
    const io = memoryIo(env);
    io.stdout = () => {
      throw new Error('disk on fire');
    };
    return io;
  }

  it('without debug', async () => {
    const io = throwingIo({ NO_COLOR: '1' });
    expect(await runCli(['size', SMALL], io)).toBe(70);
    expect(io.err).toBe('rmq-plan: internal error: disk on fire (please report this as a bug; RMQ_PLAN_DEBUG=1 shows the stack)\n');
  });

  it('with RMQ_PLAN_DEBUG=1', async () => {
    const io = throwingIo({ NO_COLOR: '1', RMQ_PLAN_DEBUG: '1' });
    expect(await runCli(['size', SMALL], io)).toBe(70);
    expect(io.err).toMatch(/internal error: disk on fire[\s\S]*\n\s+at /);
  });
});
