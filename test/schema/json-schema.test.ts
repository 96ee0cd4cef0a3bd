/**
 * The published JSON Schema against `size`'s own validation, with a real validator (ajv), in both
 * drafts: every shipped fixture and the `init` example are valid to both; on a table of invalid
 * files the schema agrees with size wherever JSON Schema can state the rule, and the rules it
 * cannot state are exactly the ones its description lists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INIT_TEMPLATE } from '../../src/cli/init-template.js';
import { caseInsensitiveSource, WORKLOAD_SCHEMA_ID, workloadJsonSchema } from '../../src/schema/json-schema.js';
import { WorkloadFileSchema } from '../../src/schema/workload.js';

// Strict, except that `required` in oneOf/then may name a property defined beside it (the
// standard allows it; ajv's strictRequired does not).
const OPTIONS = { strict: true, strictRequired: false, allErrors: true } as const;
const validators: Record<string, ValidateFunction> = {
  '2020-12': new Ajv2020(OPTIONS).compile(workloadJsonSchema('2020-12')),
  '07': new Ajv(OPTIONS).compile(workloadJsonSchema('07')),
};

function base(): Record<string, unknown> {
  return { version: 1, workloads: [{ name: 'orders', publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 200 }, messageSize: '2KiB' }] };
}
/** The base file with one change to its first workload (or, with `root`, to the file). */
function withWorkload(change: Record<string, unknown>): Record<string, unknown> {
  const file = base();
  const w = (file.workloads as Record<string, unknown>[])[0]!;
  return { ...file, workloads: [{ ...w, ...change }] };
}

interface Case {
  name: string;
  file: Record<string, unknown>;
  /** size accepts it. */
  size: boolean;
  /** The rule is one JSON Schema cannot state (listed in the schema's description): the schema accepts it anyway. */
  beyondSchema?: string;
}

const CASES: Case[] = [
  { name: 'the base file', file: base(), size: true },
  { name: 'a size in lower case (2kib)', file: withWorkload({ messageSize: '2kib' }), size: true },
  { name: 'a size in capitals with spaces ( 2 KIB )', file: withWorkload({ messageSize: ' 2 KIB ' }), size: true },
  { name: 'a size that is not one', file: withWorkload({ messageSize: 'two KiB' }), size: false },
  { name: 'both peak fields', file: withWorkload({ publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 200, peakToAverageRatio: 2 } }), size: false },
  { name: 'neither peak field', file: withWorkload({ publishRate: { averageMsgPerSec: 100 } }), size: false },
  { name: 'the ratio instead of the peak', file: withWorkload({ publishRate: { averageMsgPerSec: 100, peakToAverageRatio: 2 } }), size: true },
  { name: 'zone loss with 2 zones', file: { ...base(), cluster: { ha: { zones: 2, surviveZoneLoss: true } } }, size: false },
  { name: 'zone loss with the default 1 zone', file: { ...base(), cluster: { ha: { surviveZoneLoss: true } } }, size: false },
  { name: 'zone loss with 3 zones', file: { ...base(), cluster: { ha: { zones: 3, surviveZoneLoss: true } } }, size: true },
  { name: 'an unknown field', file: withWorkload({ colour: 'blue' }), size: false },
  { name: 'an unknown queue type', file: withWorkload({ queueType: 'lazy' }), size: false },
  { name: 'a negative rate', file: withWorkload({ publishRate: { averageMsgPerSec: -1, peakMsgPerSec: 200 } }), size: false },
  { name: 'version 2', file: { ...base(), version: 2 }, size: false },
  { name: 'no workloads', file: { version: 1, workloads: [] }, size: false },
  {
    name: 'a peak below the average',
    file: withWorkload({ publishRate: { averageMsgPerSec: 300, peakMsgPerSec: 200 } }),
    size: false,
    beyondSchema: 'publishRate.peakMsgPerSec ≥ averageMsgPerSec',
  },
  {
    name: 'p50 above p95',
    file: withWorkload({ messageSize: { p50: '4KiB', p95: '1KiB', max: '8KiB' } }),
    size: false,
    beyondSchema: 'messageSize p50 ≤ p95 ≤ max',
  },
  {
    name: 'two workloads of one name',
    file: { version: 1, workloads: [(base().workloads as unknown[])[0], (base().workloads as unknown[])[0]] },
    size: false,
    beyondSchema: 'workload names unique',
  },
  {
    name: 'minNodes above maxNodes',
    file: { ...base(), cluster: { constraints: { minNodes: 5, maxNodes: 3 } } },
    size: false,
    beyondSchema: 'constraints.minNodes ≤ maxNodes',
  },
  {
    name: 'a failure limit below the healthy one',
    file: { ...base(), cluster: { constraints: { targetUtilization: 0.7, maxUtilizationAfterFailure: 0.5 } } },
    size: false,
    beyondSchema: 'constraints.targetUtilization ≤ maxUtilizationAfterFailure',
  },
  { name: 'a size of 0 bytes written 0B', file: withWorkload({ messageSize: '0B' }), size: false, beyondSchema: 'a size of at least 1 byte and at most 1 PiB' },
];

describe.each(Object.keys(validators))('JSON Schema draft %s', (draft) => {
  const validate = validators[draft]!;
  const schema = workloadJsonSchema(draft as '2020-12' | '07');

  it('has an $id, a title and the draft asked for', () => {
    expect(schema.$id).toBe(WORKLOAD_SCHEMA_ID);
    expect(schema.title).toBe('rmq-plan workload file');
    expect(schema.$schema).toBe(draft === '07' ? 'http://json-schema.org/draft-07/schema#' : 'https://json-schema.org/draft/2020-12/schema');
  });

  it('accepts every shipped fixture and the init example, as size does', () => {
    const files = readdirSync('fixtures/workloads').filter((f) => f.endsWith('.yaml'));
    const documents = [...files.map((f) => parse(readFileSync(join('fixtures/workloads', f), 'utf8')) as unknown), parse(INIT_TEMPLATE) as unknown];
    for (const document of documents) {
      expect(WorkloadFileSchema.safeParse(document).success).toBe(true);
      expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it.each(CASES)('$name: agrees with size where JSON Schema can say it', ({ file, size, beyondSchema }) => {
    expect(WorkloadFileSchema.safeParse(file).success).toBe(size);
    const valid = validate(file);
    if (beyondSchema === undefined) {
      expect(valid, JSON.stringify(validate.errors)).toBe(size);
    } else {
      expect(valid).toBe(true);
      expect(schema.description).toContain(beyondSchema);
    }
  });
});

describe('case-insensitive patterns', () => {
  it('spell every letter both ways, outside escapes', () => {
    expect(caseInsensitiveSource('^\\s*(KiB|b)$')).toBe('^\\s*([kK][iI][bB]|[bB])$');
    expect(() => caseInsensitiveSource('[a-c]')).toThrow(/character classes/);
  });
});
