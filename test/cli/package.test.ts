/**
 * The package as a new user gets it: `npm pack`, installed into an empty directory from the
 * tarball (no registry), then the installed executable run from a fresh directory — version,
 * init, size on the example init wrote.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { visibleWidth } from '../../src/render/grid.js';
import { ensureBuilt, ROOT } from './built-cli.js';

/** Issue 11: the installed package (with what it depends on) stays within 10 MB. */
const MAX_INSTALLED_BYTES = 10 * 1024 * 1024;

function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? treeBytes(path) : statSync(path).size;
  }
  return total;
}

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

let prefix: string;
let bin: string;
let work: string;

beforeAll(() => {
  ensureBuilt();
  const packDir = mkdtempSync(join(tmpdir(), 'rmq-plan-pack-'));
  // The build is fresh (ensureBuilt): pack without running `prepare` again.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  prefix = mkdtempSync(join(tmpdir(), 'rmq-plan-install-'));
  execFileSync('npm', ['install', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(packDir, tarball)], {
    encoding: 'utf8',
    stdio: 'pipe',
  });
  bin = join(prefix, 'node_modules', '.bin', 'rmq-plan');
  work = mkdtempSync(join(tmpdir(), 'rmq-plan-new-user-'));
}, 120_000);

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(bin, args, {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    ...(input !== undefined ? { input } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the installed package', () => {
  it(`ships only what runs, within ${MAX_INSTALLED_BYTES / 1024 / 1024} MB installed, with no dependency to fetch`, () => {
    const installed = join(prefix, 'node_modules');
    expect(readdirSync(installed).filter((n) => !n.startsWith('.'))).toEqual(['rmq-plan']);
    expect(treeBytes(installed)).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
    const shipped = files(join(installed, 'rmq-plan'));
    expect(shipped.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(shipped.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/bin/') && !f.startsWith('dist/schemas/'))).toEqual([]);
    expect(shipped).toContain('dist/schemas/size.json');
    expect(shipped).toContain('LICENSE');
    expect(shipped).toContain('docs/workload-file.md');
  });

  it('prints its version with -v and --version', () => {
    const version = (
      JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: ROOT, encoding: 'utf8' })) as { version: string }
    ).version;
    expect(run(['-v']).stdout.trim()).toBe(version);
    expect(run(['--version']).stdout.trim()).toBe(version);
  });

  it('init writes an example that size plans (exit 0)', () => {
    expect(run(['init']).status).toBe(0);
    const sized = run(['size', 'workload.yaml']);
    expect(sized.status, sized.stderr).toBe(0);
    expect(sized.stdout).toContain('FEASIBLE');
  });

  it('schema validates the example with a real validator (ajv), in both drafts', () => {
    const document = parse(readFileSync(join(work, 'workload.yaml'), 'utf8')) as unknown;
    const latest = new Ajv2020({ strictRequired: false }).compile(JSON.parse(run(['schema']).stdout) as object);
    const draft07 = new Ajv({ strictRequired: false }).compile(JSON.parse(run(['schema', '--draft', '07']).stdout) as object);
    expect(latest(document), JSON.stringify(latest.errors)).toBe(true);
    expect(draft07(document), JSON.stringify(draft07.errors)).toBe(true);
  });

  it('size --format json is valid against schema --output size', () => {
    const validate = new Ajv({ strictRequired: false, strictTypes: false }).compile(JSON.parse(run(['schema', '--output', 'size']).stdout) as object);
    const output = JSON.parse(run(['size', 'workload.yaml', '--format', 'json']).stdout) as unknown;
    expect(validate(output), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it.each([80, 100, 120])('the table fits %i columns', (width) => {
    const sized = run(['size', 'workload.yaml', '--width', String(width)]);
    expect(sized.status).toBe(0);
    expect(Math.max(...sized.stdout.split('\n').map(visibleWidth))).toBeLessThanOrEqual(width);
  });

  it('reads the workload from standard input with -', () => {
    const piped = run(['size', '-', '--format', 'json'], readFileSync(join(work, 'workload.yaml'), 'utf8'));
    expect(piped.status, piped.stderr).toBe(0);
    expect((JSON.parse(piped.stdout) as { feasible: boolean }).feasible).toBe(true);
  });

  it('fits a profile from a recorded bench run: the bench-only packages it loads (mathjs) ship beside the program', () => {
    const recorded = join(ROOT, 'docs', 'measurements', 'validation-4.3', 'prefetch-3.json');
    const fitted = run(['fit', recorded, '--out', join(work, 'fitted.json')]);
    expect(fitted.status, fitted.stderr).toBe(0);
    expect(
      (JSON.parse(readFileSync(join(work, 'fitted.json'), 'utf8')) as { queueTypes: { quorum: { deliveryTurnaroundMs?: unknown } } }).queueTypes.quorum
        .deliveryTurnaroundMs,
    ).toBeDefined();
    expect(files(join(prefix, 'node_modules', 'rmq-plan')).filter((f) => f.startsWith('dist/bin/vendor-'))).toEqual([
      'dist/bin/vendor-amqplib.cjs',
      'dist/bin/vendor-cli-progress.cjs',
      'dist/bin/vendor-hdr-histogram-js.cjs',
      'dist/bin/vendor-mathjs.cjs',
    ]);
  });
});
