/**
 * The workload file's JSON Schema, generated from the zod schema that validates the file (the
 * single source of truth): what a user may write ("input": defaulted fields are optional), with
 * every rule JSON Schema can state — exactly one of the two peak fields (oneOf), zone-loss
 * survival needing three zones (if/then), sizes written in any letter case as `size` reads them.
 * The rules it cannot state (comparisons between fields, unique names) are listed in its
 * description; `rmq-plan size` checks them all.
 */
import { BYTE_SIZE_PATTERN } from './byte-size.js';
import { HaSchema, PublishRateSchema, WORKLOAD_FILE_VERSION, WorkloadFileSchema } from './workload.js';
import { z } from './zod.js';

export const JSON_SCHEMA_DRAFTS = ['2020-12', '07'] as const;
export type JsonSchemaDraft = (typeof JSON_SCHEMA_DRAFTS)[number];

/** A URN, not a URL: the schema is published by the tool (`rmq-plan schema`), not at an address. */
export const WORKLOAD_SCHEMA_ID = `urn:rmq-plan:schema:workload-file:${WORKLOAD_FILE_VERSION}`;

/** Checked by `size`, not expressible in JSON Schema (it cannot compare two fields' values). */
const RULES_BEYOND_JSON_SCHEMA = [
  'publishRate.peakMsgPerSec ≥ averageMsgPerSec',
  'publishRate.burst.msgPerSec ≥ peakMsgPerSec',
  'messageSize p50 ≤ p95 ≤ max',
  'workload names unique',
  'fanOut × queues ≤ 100,000',
  'constraints.minNodes ≤ maxNodes',
  'constraints.targetUtilization ≤ maxUtilizationAfterFailure',
  'a size of at least 1 byte and at most 1 PiB',
];

/**
 * A regular expression's source matching its letters in either case (JSON Schema patterns have
 * no flags). Character classes are refused: a range such as a-c cannot be widened letter by letter.
 */
export function caseInsensitiveSource(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      out += ch + (source[i + 1] ?? '');
      i++;
    } else if (ch === '[') {
      throw new Error(`caseInsensitiveSource: character classes are not supported: ${source}`);
    } else {
      out += /[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch;
    }
  }
  return out;
}

const SIZE_PATTERN = caseInsensitiveSource(BYTE_SIZE_PATTERN.source);

export function workloadJsonSchema(draft: JsonSchemaDraft = '2020-12'): Record<string, unknown> {
  const schema = z.toJSONSchema(WorkloadFileSchema, {
    io: 'input',
    target: draft === '07' ? 'draft-07' : 'draft-2020-12',
    override: (ctx) => {
      const json = ctx.jsonSchema as Record<string, unknown>;
      if (json.pattern === BYTE_SIZE_PATTERN.source) json.pattern = SIZE_PATTERN;
      if (ctx.zodSchema === PublishRateSchema) json.oneOf = [{ required: ['peakMsgPerSec'] }, { required: ['peakToAverageRatio'] }];
      if (ctx.zodSchema === HaSchema) {
        json.if = { properties: { surviveZoneLoss: { const: true } }, required: ['surviveZoneLoss'] };
        json.then = { properties: { zones: { type: 'integer', minimum: 3 } }, required: ['zones'] };
      }
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: WORKLOAD_SCHEMA_ID,
    title: 'rmq-plan workload file',
    description: `The traffic one RabbitMQ cluster must carry (rmq-plan size, check). Also checked by rmq-plan, beyond this schema: ${RULES_BEYOND_JSON_SCHEMA.join('; ')}.`,
    ...rest,
  };
}
