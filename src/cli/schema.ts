/**
 * `rmq-plan schema`: the workload file's JSON Schema (src/schema/json-schema.ts), in draft
 * 2020-12 or, for editors that speak only that one (yaml-language-server), draft-07; with
 * --output <kind>, the JSON Schema of a command's machine output (generated at build time by
 * scripts/output-schemas.mjs into dist/schemas/).
 */
import { readFileSync } from 'node:fs';
import { BrokerError, ExitCode, InputError } from '../errors.js';
import { JSON_SCHEMA_DRAFTS, workloadJsonSchema, type JsonSchemaDraft } from '../schema/json-schema.js';
import type { CliIo } from '../io/cli-io.js';

export interface SchemaFlags {
  draft?: string;
  output?: string;
}

/** Machine outputs with a published schema: the command that writes each. */
export const OUTPUT_KINDS = ['size', 'check', 'bench', 'fit', 'compare', 'validate', 'inspect', 'failover', 'partition'] as const;

/** From src/commands/ and from dist/bin/ alike: the package root's dist/schemas/. */
const OUTPUT_SCHEMAS = new URL('../../dist/schemas/', import.meta.url);

function outputSchema(raw: string): string {
  const kind = OUTPUT_KINDS.find((k) => k === raw.trim());
  if (!kind) throw new InputError([`--output: expected one of ${OUTPUT_KINDS.join(', ')}, got ${JSON.stringify(raw)}`]);
  try {
    return readFileSync(new URL(`${kind}.json`, OUTPUT_SCHEMAS), 'utf8');
  } catch (error) {
    throw new BrokerError(`the ${kind} output schema is missing from this installation (dist/schemas/${kind}.json: ${(error as NodeJS.ErrnoException).code ?? String(error)}); npm run build writes it`);
  }
}

function parseDraft(raw: string | undefined): JsonSchemaDraft {
  if (raw === undefined) return '2020-12';
  const draft = JSON_SCHEMA_DRAFTS.find((d) => d === raw.trim() || `draft-${d}` === raw.trim());
  if (!draft) throw new InputError([`--draft: expected one of ${JSON_SCHEMA_DRAFTS.join(', ')}, got ${JSON.stringify(raw)}`]);
  return draft;
}

export function runSchema(io: CliIo, flags: SchemaFlags = {}): ExitCode {
  if (flags.output !== undefined) {
    if (flags.draft !== undefined) throw new InputError(['--draft: applies to the workload file\'s schema only, not with --output']);
    io.stdout(outputSchema(flags.output));
    return ExitCode.ok;
  }
  io.stdout(`${JSON.stringify(workloadJsonSchema(parseDraft(flags.draft)), null, 2)}\n`);
  return ExitCode.ok;
}
