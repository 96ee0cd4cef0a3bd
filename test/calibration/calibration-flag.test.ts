/**
 * `--calibration <profile>` on the command line: a shipped profile's name or a file (the small
 * additive change to src/cli/size.ts, which check reuses), and the shipped names in --help.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';

const SMALL = 'fixtures/workloads/small-single-app.yaml';

async function run(args: string[]) {
  const io = memoryIo({ NO_COLOR: '1' });
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

function cpuCores(out: string): number {
  return (JSON.parse(out) as { plan: { utilization: { cpu: { healthy: { demand: number } } } } }).plan.utilization.cpu.healthy.demand;
}

describe('--calibration', () => {
  it('size takes a shipped profile by name, and the lab bound charges ~7× less CPU than the default', async () => {
    const lab = await run(['size', SMALL, '--calibration', 'published-lab', '--format', 'json']);
    const byDefault = await run(['size', SMALL, '--format', 'json']);
    const byName = await run(['size', SMALL, '--calibration', 'published', '--format', 'json']);
    for (const r of [lab, byDefault, byName]) {
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    }
    expect((JSON.parse(lab.out) as { basis: { profile: string } }).basis.profile).toBe('published-lab');
    expect(byName.out).toBe(byDefault.out);
    const ratio = cpuCores(byDefault.out) / cpuCores(lab.out);
    expect(ratio).toBeGreaterThan(5);
    expect(ratio).toBeLessThan(9);
  });

  it('check takes a shipped profile by name too', async () => {
    const r = await run(['check', SMALL, '--instance-type', 'm6i.xlarge', '--nodes', '3', '--calibration', 'published-lab', '--format', 'json']);
    expect(r.err).toBe('');
    expect((JSON.parse(r.out) as { basis: { profile: string } }).basis.profile).toBe('published-lab');
  });

  it('names the shipped profiles when the argument is neither a file nor one of them (exit 2)', async () => {
    const r = await run(['size', SMALL, '--calibration', 'published-labs']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'published-labs: (file): expected a readable calibration profile (JSON) or a shipped profile name (published, published-lab), got no such file\n',
    );
  });

  it('check --help lists the shipped profiles', async () => {
    const r = await run(['check', '--help']);
    expect(r.out).toMatch(/--calibration <profile>[\s\S]*published \(default[\s\S]*published-lab/);
  });
});
