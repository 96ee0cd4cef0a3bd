/**
 * docs/workload-file.md is generated from the schema; this fails when they drift.
 *   UPDATE_GOLDEN=1 npx vitest run test/cli/workload-doc.test.ts    regenerate it
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { workloadReference } from './workload-doc.js';

const DOC = 'docs/workload-file.md';

it('docs/workload-file.md matches the workload schema', () => {
  const generated = workloadReference();
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(DOC, generated);
  expect(existsSync(DOC), `${DOC} is missing: UPDATE_GOLDEN=1 npx vitest run test/cli/workload-doc.test.ts`).toBe(true);
  expect(readFileSync(DOC, 'utf8'), `${DOC} is out of date: UPDATE_GOLDEN=1 npx vitest run test/cli/workload-doc.test.ts`).toBe(generated);
});

it('documents every value field with a description', () => {
  const rows = workloadReference()
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  expect(rows.length).toBeGreaterThan(50);
  // Objects are described by their fields.
  const undocumented = rows.filter((row) => row.trimEnd().endsWith('|  |') && !row.includes('| an object {')).map((row) => row.split('|')[1]!.trim());
  expect(undocumented).toEqual([]);
});
