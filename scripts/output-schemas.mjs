#!/usr/bin/env node
/**
 * The JSON Schemas of rmq-plan's machine outputs (`rmq-plan schema --output <kind>`), generated at
 * build time from the TypeScript types the commands write (typescript-json-schema, which reads
 * them through TypeScript's own type checker, so types inferred from zod resolve too), and for
 * the bench run from its zod schema (it is also read back by fit, validate and report): one source
 * of truth each, never written by hand. Written to dist/schemas/<kind>.json; a test validates the
 * commands' real outputs against them (test/schema/output-schemas.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const TJS = createRequire(import.meta.url)('typescript-json-schema');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist', 'schemas');

/** kind → [source file, exported type, title]. */
const FROM_TYPES = {
  size: ['src/render/json/size.ts', 'JsonReport', 'rmq-plan size --format json'],
  check: ['src/render/json/check.ts', 'JsonCheckReport', 'rmq-plan check --format json'],
  fit: ['src/profile/fit/report.ts', 'FitReport', 'rmq-plan fit --format json'],
  compare: ['src/profile/compare-report.ts', 'CompareReport', 'rmq-plan compare --format json'],
  validate: ['src/validate/validate.ts', 'ValidationReport', 'rmq-plan validate --format json'],
  inspect: ['src/render/inspect.ts', 'InspectReport', 'rmq-plan inspect --format json'],
  failover: ['src/failover/report.ts', 'FailoverReport', 'rmq-plan verify failover --format json'],
  partition: ['src/failover/partition-report.ts', 'PartitionReport', 'rmq-plan verify partition --format json'],
};

function envelope(kind, title, schema) {
  const { $schema, ...rest } = schema;
  return { $schema: $schema ?? 'http://json-schema.org/draft-07/schema#', $id: `urn:rmq-plan:schema:output:${kind}:1`, title, ...rest };
}

mkdirSync(OUT, { recursive: true });
const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
const program = TJS.getProgramFromFiles(
  Object.values(FROM_TYPES).map(([path]) => join(ROOT, path)),
  compilerOptions,
  ROOT,
);
// Every property the type declares required is required. Definitions are inlined (ref: false):
// their generated names carry the build machine's paths.
const generator = TJS.buildGenerator(program, { required: true, strictNullChecks: true, ignoreErrors: true, ref: false });

/**
 * Objects with declared properties allow no others (a misspelt field fails validation). The
 * generator's own noExtraProps also closes maps (Record<string, number>), which must stay open.
 */
function closeObjects(node) {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  // An intersection (A & B) of plain objects is one object with both's properties: closing each
  // member alone would reject the other's.
  if (Array.isArray(node.allOf) && node.allOf.every((m) => m.type === 'object' && m.properties && !m.allOf)) {
    const { allOf, ...rest } = node;
    node = {
      ...rest,
      type: 'object',
      properties: Object.assign({}, ...allOf.map((m) => m.properties)),
      required: [...new Set(allOf.flatMap((m) => m.required ?? []))].sort(),
    };
  }
  const out = Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, closeObjects(s)])) : closeObjects(v),
    ]),
  );
  if (out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}
if (generator === null) throw new Error('output-schemas: the TypeScript program has errors');
for (const [kind, [, type, title]] of Object.entries(FROM_TYPES)) {
  writeFileSync(join(OUT, `${kind}.json`), `${JSON.stringify(envelope(kind, title, closeObjects(generator.getSchemaForSymbol(type))), null, 2)}\n`);
}
// The bench run: from the zod schema that also reads it back (tsc's output of src/bench/types.ts).
const { BenchRunResultSchema } = await import(pathToFileURL(join(ROOT, 'dist', 'bench', 'types.js')).href);
const { z } = await import(pathToFileURL(join(ROOT, 'dist', 'schema', 'zod.js')).href);
writeFileSync(
  join(OUT, 'bench.json'),
  `${JSON.stringify(envelope('bench', 'rmq-plan bench --json / --out (a bench run)', z.toJSONSchema(BenchRunResultSchema, { target: 'draft-07' })), null, 2)}\n`,
);
console.log(`output schemas: ${[...Object.keys(FROM_TYPES), 'bench'].join(', ')} → dist/schemas/`);
