/**
 * `rmq-plan schema`: the workload file's JSON Schema (src/schema/json-schema.ts), in draft
 * 2020-12 or, for editors that speak only that one (yaml-language-server), draft-07.
 */
import { ExitCode, InputError } from '../errors.js';
import { JSON_SCHEMA_DRAFTS, workloadJsonSchema, type JsonSchemaDraft } from '../schema/json-schema.js';
import type { CliIo } from './shared/io.js';

export interface SchemaFlags {
  draft?: string;
}

function parseDraft(raw: string | undefined): JsonSchemaDraft {
  if (raw === undefined) return '2020-12';
  const draft = JSON_SCHEMA_DRAFTS.find((d) => d === raw.trim() || `draft-${d}` === raw.trim());
  if (!draft) throw new InputError([`--draft: expected one of ${JSON_SCHEMA_DRAFTS.join(', ')}, got ${JSON.stringify(raw)}`]);
  return draft;
}

export function runSchema(io: CliIo, flags: SchemaFlags = {}): ExitCode {
  io.stdout(`${JSON.stringify(workloadJsonSchema(parseDraft(flags.draft)), null, 2)}\n`);
  return ExitCode.ok;
}
