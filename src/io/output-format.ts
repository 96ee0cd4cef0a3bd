/**
 * One output switch for every command with machine output: `-f, --format table|json`, as size
 * and check have always taken it. `--json` (what bench, fit, compare, validate, inspect and
 * verify took first) stays as an alias of `--format json` for this release (docs/json-output.md).
 */
import { InputError } from '../errors.js';

export const MACHINE_OUTPUT_FORMATS = ['table', 'json'] as const;

/** The help of `--format` on a command whose JSON is `json`. */
export function formatHelp(json: string): string {
  return `output: table (default) or json (${json})`;
}

/** The help of the `--json` alias. */
export const JSON_ALIAS_HELP = 'the same as --format json (kept as an alias)';

/** Whether the command prints JSON: --format json, or the --json alias. Bad input for another --format. */
export function wantsJson(flags: { format?: string; json?: boolean }): boolean {
  if (flags.format === undefined) return flags.json === true;
  const format = MACHINE_OUTPUT_FORMATS.find((f) => f === flags.format!.trim().toLowerCase());
  if (format === undefined) throw new InputError([`--format: expected one of ${MACHINE_OUTPUT_FORMATS.join(', ')}, got ${JSON.stringify(flags.format)}`]);
  if (format === 'table' && flags.json === true) throw new InputError(['--format: expected table or json, not both --format table and --json']);
  return format === 'json' || flags.json === true;
}
