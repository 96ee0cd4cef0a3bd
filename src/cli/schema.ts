/**
 * `rmq-plan schema`: the workload file's JSON Schema (src/schema/json-schema.ts), in draft
 * 2020-12 or, for editors that speak only that one (yaml-language-server), draft-07; with
 * --output <kind>, the JSON Schema of a command's machine output (generated at build time by
 * scripts/output-schemas.mjs into dist/schemas/).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BrokerError, ExitCode, InputError } from '../errors.js';
import { JSON_SCHEMA_DRAFTS, workloadJsonSchema, type JsonSchemaDraft } from '../schema/json-schema.js';
import type { CliIo } from '../io/cli-io.js';
import { choiceValue, textValue } from './flag-types.js';
import { addFlags, flag, parseFlags, type RawFlags } from './flags.js';

const SCHEMA_EXAMPLES = `
Examples:
  $ rmq-plan schema > workload.schema.json
  $ rmq-plan schema --draft 07 > workload.schema.json   for yaml-language-server
  $ rmq-plan schema --output size > size-output.schema.json   what size --format json writes
  Then, as the first line of workload.yaml (VS Code with the YAML extension):
    # yaml-language-server: $schema=./workload.schema.json`;

/** Machine outputs with a published schema: the command that writes each. */
export const OUTPUT_KINDS = ['size', 'check', 'bench', 'fit', 'compare', 'validate', 'inspect', 'failover', 'partition'] as const;

export const SCHEMA_FLAGS = {
  draft: flag(
    '--draft <version>',
    'JSON Schema draft: 2020-12 (default) or 07 (for editors such as yaml-language-server)',
    textValue(`one of ${JSON_SCHEMA_DRAFTS.join(', ')}`, (t): JsonSchemaDraft | undefined =>
      JSON_SCHEMA_DRAFTS.find((d) => d === t.trim() || `draft-${d}` === t.trim()),
    ),
  ),
  output: flag('--output <kind>', `the schema of a machine output instead: ${OUTPUT_KINDS.join(', ')}`, choiceValue(OUTPUT_KINDS)),
} as const;

export type SchemaFlags = RawFlags<typeof SCHEMA_FLAGS>;

/** Adds the arguments, flags, help and action of `schema` to its command (declared in program.ts). */
export function defineCommand(command: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  command.addHelpText('after', SCHEMA_EXAMPLES).action((flags: SchemaFlags) => setExitCode(runSchema(io, flags)));
  return addFlags(command, SCHEMA_FLAGS);
}

/** From src/cli/ and from dist/bin/ alike: the package root's dist/schemas/. */
const OUTPUT_SCHEMAS = new URL('../../dist/schemas/', import.meta.url);

function outputSchema(kind: (typeof OUTPUT_KINDS)[number]): string {
  try {
    return readFileSync(new URL(`${kind}.json`, OUTPUT_SCHEMAS), 'utf8');
  } catch (error) {
    throw new BrokerError(
      `the ${kind} output schema is missing from this installation (dist/schemas/${kind}.json: ${(error as NodeJS.ErrnoException).code ?? String(error)}); npm run build writes it`,
    );
  }
}

export function runSchema(io: CliIo, raw: SchemaFlags = {}): ExitCode {
  const flags = parseFlags(SCHEMA_FLAGS, raw);
  if (flags.output !== undefined) {
    if (flags.draft !== undefined) throw new InputError(["--draft: applies to the workload file's schema only, not with --output"]);
    io.stdout(outputSchema(flags.output));
    return ExitCode.ok;
  }
  io.stdout(`${JSON.stringify(workloadJsonSchema(flags.draft ?? '2020-12'), null, 2)}\n`);
  return ExitCode.ok;
}
