/**
 * Golden files: `rmq-plan size` on every shipped fixture in every format, through the real
 * command-line program (in-process, not a TTY, NO_COLOR), compared byte for byte with
 * test/golden/expected/<fixture>.<txt|json|md>.
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/golden     rewrite the expected files, then review the diff
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';

const FIXTURES = 'fixtures/workloads';
const EXPECTED = 'test/golden/expected';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const FORMATS = [
  { format: 'table', extension: 'txt', extra: [] as string[] },
  { format: 'json', extension: 'json', extra: [] },
  { format: 'markdown', extension: 'md', extra: [] },
] as const;

/** Fixtures that describe targets no cluster can meet: exit 1. Every other fixture must be feasible. */
const INFEASIBLE_FIXTURES = new Set(['infeasible']);

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => f.replace(/\.yaml$/, ''));

async function size(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ NO_COLOR: '1' });
  const code = await runCli(['size', ...args], io);
  return { code, out: io.out, err: io.err };
}

function compare(name: string, actual: string): void {
  const path = join(EXPECTED, name);
  if (UPDATE) {
    mkdirSync(EXPECTED, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`${path} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden and review it`);
  expect(actual, `${path} differs (UPDATE_GOLDEN=1 rewrites it; review the diff)`).toBe(readFileSync(path, 'utf8'));
}

describe.each(fixtures)('%s', (fixture) => {
  const expectedCode = INFEASIBLE_FIXTURES.has(fixture) ? 1 : 0;

  it.each(FORMATS)('$format', async ({ format, extension, extra }) => {
    const run = await size([join(FIXTURES, `${fixture}.yaml`), '--format', format, ...extra]);
    expect(run.err).toBe('');
    expect(run.code).toBe(expectedCode);
    compare(`${fixture}.${extension}`, run.out);
  });
});

describe('variants', () => {
  it('--explain adds the arithmetic to the table', async () => {
    const run = await size([join(FIXTURES, 'small-single-app.yaml'), '--explain']);
    expect(run.code).toBe(0);
    compare('small-single-app.explain.txt', run.out);
  });

  it('--width 120: the same tables with more columns (the default, piped, is 80)', async () => {
    const run = await size([join(FIXTURES, 'multi-tenant-high-throughput.yaml'), '--width', '120']);
    expect(run.code).toBe(0);
    compare('multi-tenant-high-throughput.w120.txt', run.out);
  });

  it('what-if flags: --traffic-scale 3 --horizon-months 24', async () => {
    const run = await size([join(FIXTURES, 'small-single-app.yaml'), '--traffic-scale', '3', '--horizon-months', '24', '--format', 'json']);
    expect(run.code).toBe(0);
    compare('small-single-app.scaled.json', run.out);
  });
});
