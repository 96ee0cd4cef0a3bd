/**
 * Every input file is read and checked one way (src/io/load-document.ts, validate-document.ts): an
 * empty document gets the same one line whatever the file, naming the file and what it should be.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../src/catalog/load.js';
import { readClusterFile } from '../../src/check/cluster-file.js';
import { readWorkloadFile } from '../../src/io/workload-file.js';
import { validateDocument } from '../../src/io/validate-document.js';
import { BenchRunResultSchema } from '../../src/bench/types.js';
import { problemsOf } from '../support/problems.js';

const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one wording for every input file', () => {
  const empty = join(dir, 'empty.yaml');
  writeFileSync(empty, '# nothing but a comment\n');

  it.each([
    ['a workload file', readWorkloadFile, 'a workload file (a mapping with "version: 1" and "workloads")'],
    ['a cluster description', readClusterFile, 'a cluster description (a mapping with "version: 1" and "nodes")'],
    ['a catalog', loadCatalogFile, 'a hardware catalog (a mapping with "version: 1", "instanceTypes" and "diskOptions")'],
  ] as const)('an empty document given as %s: one line naming the file and what it should be', (_what, load, expected) => {
    expect(problemsOf(() => load(empty))).toEqual([`${empty}: (top level): expected ${expected}, got an empty document`]);
  });

  it('a bench run: the same wording, and zod problems one per line naming the field', () => {
    expect(problemsOf(() => validateDocument(null, 'run.json', BenchRunResultSchema, 'a bench run'))).toEqual([
      'run.json: (top level): expected a bench run, got an empty document',
    ]);
    const problems = problemsOf(() => validateDocument({ schemaVersion: 1 }, 'run.json', BenchRunResultSchema, 'a bench run'));
    expect(problems.length).toBeGreaterThan(1);
    for (const line of problems) expect(line).toMatch(/^run\.json: \S+: expected .+, got .+$/);
  });
});
