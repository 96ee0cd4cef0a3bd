/**
 * Every machine output has a published JSON Schema and the same `schemaVersion` key: the real
 * outputs of size, check, bench (recorded runs), fit, compare and validate validated against
 * them with ajv. inspect, verify failover and verify partition are validated in their live tests
 * (test/inspect/live.test.ts, test/failover/*.test.ts).
 */
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { OUTPUT_KINDS } from '../../src/cli/schema.js';
import { expectValidOutput } from '../support/output-schema.js';

const RECORDED = 'docs/measurements/validation-4.3';

async function json(args: string[]): Promise<unknown> {
  const io = memoryIo({ NO_COLOR: '1' });
  await runCli(args, io);
  expect(io.err).toBe('');
  return JSON.parse(io.out) as unknown;
}

describe('output schemas', () => {
  it('rmq-plan schema --output prints each, with an $id and a title', async () => {
    for (const kind of OUTPUT_KINDS) {
      const schema = (await json(['schema', '--output', kind])) as { $id: string; title: string; type: string };
      expect(schema.$id).toBe(`urn:rmq-plan:schema:output:${kind}:1`);
      expect(schema.title).toMatch(/^rmq-plan /);
      expect(schema.type).toBe('object');
    }
  });

  it('size --format json, every shipped fixture', async () => {
    for (const f of readdirSync('fixtures/workloads').filter((x) => x.endsWith('.yaml'))) {
      expectValidOutput('size', await json(['size', join('fixtures/workloads', f), '--format', 'json']));
    }
  });

  it('check --format json, passing and failing', async () => {
    expectValidOutput(
      'check',
      await json(['check', 'fixtures/workloads/small-single-app.yaml', '--cluster', 'fixtures/clusters/small-single-app.yaml', '--format', 'json']),
    );
    expectValidOutput(
      'check',
      await json([
        'check',
        'fixtures/workloads/multi-tenant-high-throughput.yaml',
        '--cluster',
        'fixtures/clusters/multi-tenant-undersized.yaml',
        '--format',
        'json',
        '--budget',
        '900',
      ]),
    );
  });

  it('bench runs (the recorded 4.3 runs)', () => {
    for (const f of readdirSync(RECORDED).filter((x) => x.endsWith('.json') && x !== 'fitted.json')) {
      expectValidOutput('bench', JSON.parse(readFileSync(join(RECORDED, f), 'utf8')));
    }
  });

  it('fit --json, compare --json and validate --json', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rmq-plan-output-schemas-')), 'fitted.json');
    expectValidOutput('fit', await json(['fit', join(RECORDED, 'calibration.json'), '--out', out, '--json']));
    expectValidOutput('compare', await json(['compare', 'published', out, '--json']));
    expectValidOutput('validate', await json(['validate', join(RECORDED, 'size-16kib.json'), '--calibration', out, '--json']));
  });
});
