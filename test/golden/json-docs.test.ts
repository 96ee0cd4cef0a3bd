/**
 * docs/json-output.md documents every field the JSON report can contain: each key found in
 * the golden JSON files (every fixture, feasible and not) must appear in the doc as `key`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { toJsonReport } from '../../src/render/json/size.js';
import { sampleResult, sampleWorkloadFile } from '../render/sample-results.js';

const EXPECTED = 'test/golden/expected';

function keys(value: unknown, into: Set<string>, parent = ''): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) keys(item, into, parent);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      // Maps keyed by workload name are data, not fields.
      if (parent !== 'latencyP99MsByWorkload') into.add(key);
      keys(child, into, key);
    }
  }
  return into;
}

it('every JSON field is documented in docs/json-output.md', () => {
  const doc = readFileSync('docs/json-output.md', 'utf8');
  const found = new Set<string>();
  for (const file of readdirSync(EXPECTED).filter((f) => f.endsWith('.json'))) {
    keys(JSON.parse(readFileSync(join(EXPECTED, file), 'utf8')), found);
  }
  keys(toJsonReport(sampleResult(), { file: 'x', workload: sampleWorkloadFile(), explain: false }), found);
  expect(found.size).toBeGreaterThan(60);
  // Documented as `key`, or as part of a dotted path such as `input.file` or `workloads[]`.
  const undocumented = [...found].filter((key) => !new RegExp(`\`([\\w\\[\\]]+\\.)?${key}(\\[\\]|\\.[\\w.]+)?\``).test(doc));
  expect(undocumented).toEqual([]);
});
