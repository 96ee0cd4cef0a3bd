/**
 * Against the real local broker (scripts/broker/start.sh; fails, never skips, when it is down
 * and CI=true): a small bench run (two message sizes, short searches, ≤ ~40 s) → fitProfile →
 * a profile that validates, loads with `--calibration` and sizes a workload.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MATRIX } from '../../src/bench/matrix.js';
import { newRunId } from '../../src/broker/run-id.js';
import { runBench } from '../../src/bench/run-bench.js';
import type { BenchMatrix } from '../../src/bench/types.js';
import { loadDefaultProfile, validateProfile } from '../../src/profile/load.js';
import { fitProfile } from '../../src/profile/fit/fit.js';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { brokerUrl, mgmtUrl, requireBroker } from '../support/broker.js';

beforeAll(async () => {
  await requireBroker();
});

/**
 * Two sizes (so per-byte costs are fitted), one low-load point (the commit floor) and one at 90 %
 * of each size's maximum (so the CPU fit has its ≥ 3 high-load points whatever the searches'
 * trials: a run whose searches stopped early once left it 2), short steps: ~35 s.
 */
const MATRIX: BenchMatrix = {
  ...DEFAULT_MATRIX,
  queueTypes: ['classic'],
  persistent: [false],
  messageSizesBytes: [256, 8192],
  durationSeconds: 1,
  warmupSeconds: 0.3,
  searchBudgetSeconds: 9,
  loadLevels: [0.2, 0.9],
  curveSizesBytes: [256, 8192],
  totalTimeSeconds: 40,
};

describe('fit a profile from a live bench run', () => {
  it('bench → fitProfile → a profile that validates and sizes a workload with --calibration', async () => {
    const runId = newRunId();
    const run = await runBench({
      url: brokerUrl(),
      managementUrl: mgmtUrl(),
      tls: { ca: [], cert: null, key: null, insecure: false },
      connectTimeoutMs: 5_000,
      blockedTimeoutMs: 10_000,
      drainTimeoutMs: 5_000,
      matrix: MATRIX,
      runId,
    });
    expect(run.steps.length).toBeGreaterThan(3);
    const base = loadDefaultProfile();
    const { profile, fit } = fitProfile(run, base);

    // Metadata from the run, not the clock.
    expect(profile.origin).toMatchObject({ kind: 'bench', createdAt: run.finishedAt, nodes: 1 });
    expect(profile.origin.brokerVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(profile.origin.coresPerNode).toBe(run.broker!.nodes[0]!.processors);
    expect(profile.origin.memoryBytesPerNode).toBe(run.client.totalMemoryBytes);
    expect(profile.origin.steps).toHaveLength(run.steps.length);

    // The broker is local: its CPU per message is measured from every step.
    const classic = fit.queueTypes.find((q) => q.queueType === 'classic')!;
    expect(classic.cpu.status).toBe('fitted');
    expect(classic.cpu.points).toBeGreaterThanOrEqual(3);
    expect(profile.queueTypes.classic.publishCpuMicros.source).toMatch(new RegExp(`^bench ${runId} on RabbitMQ \\d+\\.\\d+\\.\\d+, \\d+ steps, R²=`));
    expect(profile.queueTypes.classic.publishCpuMicros.value).toBeGreaterThan(0);
    // Nothing quorum ran: quorum keeps the base profile's values.
    expect(profile.queueTypes.quorum).toEqual(
      Object.fromEntries(
        Object.entries(base.queueTypes.quorum).map(([k, c]) => [
          k,
          { ...c, source: expect.stringMatching(/^not measured by bench; from /) as unknown as string },
        ]),
      ),
    );

    // As `size --calibration profile.json` loads it.
    const text = JSON.stringify(profile, null, 2);
    expect(() => validateProfile(JSON.parse(text) as unknown, 'fitted')).not.toThrow();
    const dir = mkdtempSync(join(tmpdir(), 'rmq-fit-live-'));
    const path = join(dir, 'profile.json');
    writeFileSync(path, text);
    const io = memoryIo();
    const code = await runCli(['size', 'fixtures/workloads/small-single-app.yaml', '--calibration', path, '--format', 'json'], io);
    expect(io.err).toBe('');
    expect([0, 1]).toContain(code);
    expect((JSON.parse(io.out) as { basis: { profile: string } }).basis.profile).toBe(`bench ${runId}`);
  }, 60_000);
});
