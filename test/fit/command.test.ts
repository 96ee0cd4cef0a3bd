/**
 * `rmq-plan fit run.json… --out profile.json`: reads saved runs (validated like bench writes
 * them), merges repeats, writes a profile `size --calibration` accepts; bad files are exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfileFile } from '../../src/profile/load.js';
import { runFitCommand } from '../../src/cli/fit.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { InputError } from '../../src/errors.js';
import { CLASSIC_TRUTH, QUORUM_TRUTH, syntheticRun } from './synthetic.js';

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-fitcmd-'));
  const a = join(dir, 'run-a.json');
  const b = join(dir, 'run-b.json');
  writeFileSync(
    a,
    JSON.stringify(syntheticRun({ truths: { classic: CLASSIC_TRUTH, quorum: QUORUM_TRUTH }, sizes: [256, 4096, 65536], noise: 0.02, seed: 1, runId: 'ra' })),
  );
  writeFileSync(
    b,
    JSON.stringify(syntheticRun({ truths: { classic: CLASSIC_TRUTH, quorum: QUORUM_TRUTH }, sizes: [256, 4096, 65536], noise: 0.02, seed: 2, runId: 'rb' })),
  );
  return { dir, a, b, out: join(dir, 'profile.json') };
}

describe('rmq-plan fit', () => {
  it('merges runs, writes a loadable profile and prints the goodness of fit', async () => {
    const { a, b, out } = files();
    const io = memoryIo();
    expect(await runFitCommand([a, b], { out }, io)).toBe(0);
    const profile = loadProfileFile(out);
    expect(profile.name).toBe('bench ra+rb');
    expect(profile.origin.kind).toBe('bench');
    expect(profile.queueTypes.classic.queueServiceMicros.source).toMatch(/^bench ra\+rb on RabbitMQ 3\.13\.7, 30 steps, R²=/);
    expect(io.out).toMatch(/Calibration fit of run ra\+rb \(RabbitMQ 3\.13\.7; unmeasured coefficients from published\)/);
    expect(io.out).toMatch(/ {4}CPU: R² 0\.9\d\d, 24 points/);
    expect(io.out).toMatch(/Profile written to /);
  });

  it("--json prints the fit report; --base keeps that profile's values where unmeasured", async () => {
    const { a, out, dir } = files();
    const base = join(dir, 'base.json');
    const first = memoryIo();
    await runFitCommand([a], { out: base, name: 'first' }, first);
    const io = memoryIo();
    await runFitCommand([a], { out, base, json: true }, io);
    const report = JSON.parse(io.out) as { kind: string; baseProfile: string };
    expect(report).toMatchObject({ kind: 'rmq-plan-fit-report', baseProfile: 'first' });
    const p = JSON.parse(readFileSync(out, 'utf8')) as { queueTypes: { stream: { publishCpuMicros: { source: string } } } };
    expect(p.queueTypes.stream.publishCpuMicros.source).toMatch(/^not measured by bench; from published/);
  });

  it('bad run files and flags: one problem per line naming the file and field', async () => {
    const { a, dir, out } = files();
    const run = JSON.parse(readFileSync(a, 'utf8')) as { steps: { rates: { publishMsgPerSec: unknown } }[] };
    run.steps[2]!.rates.publishMsgPerSec = 'fast';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(run));
    const error = await runFitCommand([bad, join(dir, 'nope.json')], { out }, memoryIo()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems[0]).toMatch(/bad\.json: steps\[2\]\.rates\.publishMsgPerSec: expected a number ≥ 0, got string "fast"/);
    expect(problems[1]).toMatch(/nope\.json: \(file\): expected a readable bench run/);
    await expect(runFitCommand([a], { out, classic: 'both' }, memoryIo())).rejects.toThrow(
      /--classic: expected one of auto, persistent, transient, got "both"/,
    );
  });
});

describe('bench hook (--profile-out, --base-profile)', () => {
  it('checks the flags before the run: a bad base profile or folder fails at once, every problem listed', async () => {
    const { checkProfileOutFlags } = await import('../../src/cli/bench-profile.js');
    const { dir } = files();
    const badBase = join(dir, 'base.json');
    writeFileSync(badBase, '{"version": 2}');
    let error: unknown;
    try {
      checkProfileOutFlags({ profileOut: join(dir, 'no-such-folder', 'p.json'), baseProfile: badBase });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems[0]).toMatch(/^--profile-out: expected a file in an existing folder/);
    expect(problems.some((p) => /base\.json: version: expected 1, got 2/.test(p))).toBe(true);
    expect(() => checkProfileOutFlags({ baseProfile: badBase })).toThrow(/--base-profile: expected only with --profile-out/);
    expect(() => checkProfileOutFlags({ profileOut: join(dir, 'p.json') })).not.toThrow();
  });

  it("after the run: writes the profile and reports on stderr (stdout stays the bench's)", async () => {
    const { fitAfterBench } = await import('../../src/cli/bench-profile.js');
    const { a, out } = files();
    const run = JSON.parse(readFileSync(a, 'utf8'));
    const io = memoryIo();
    fitAfterBench(run, { profileOut: out }, io, false);
    expect(io.out).toBe('');
    expect(io.err).toMatch(/^Calibration fit of run ra/);
    expect(io.err).toMatch(/profile written to .*profile\.json \(use: rmq-plan size <workload> --calibration /);
    expect(loadProfileFile(out).name).toBe('bench ra');
    const quiet = memoryIo();
    fitAfterBench({ ...run, steps: [], searches: [] }, { profileOut: join(out, '..', 'none.json') }, quiet, true);
    expect(quiet.err).toMatch(/no step completed: no profile written/);
  });
});
