/**
 * Flags declared once. Each command's flags are one table of FlagSpec — the commander syntax,
 * the help, the default as a user would type it, and the zod schema that turns commander's raw
 * value into a typed one. `addFlags` generates the commander options (and the defaults help
 * shows) from the table; `parseFlags` runs every schema and reports every bad flag at once, one
 * line each: `--flag: expected <what>, got "<value>"` (exit 2).
 */
import { Option, type Command } from 'commander';
import type { z } from 'zod';
import { redactUrl } from '../broker/redact.js';
import { InputError } from '../errors.js';

export interface FlagSpec<T = unknown> {
  /** Commander's syntax: '-f, --format <format>', '--no-curve', '--ca <files...>'. */
  readonly syntax: string;
  readonly help: string;
  /** From commander's raw value (a string, true/false for a switch, a string[] for a variadic flag, undefined when absent) to the typed value. */
  readonly schema: z.ZodType<T>;
  /** The default as typed on the command line: shown by --help and parsed like a given value. */
  readonly defaultText?: string;
  /** Commander refuses the command without it. */
  readonly required?: boolean;
  /** An older spelling still accepted for a release, hidden from --help (e.g. '--management-url <url>'). */
  readonly alias?: string;
  /** The flag may be given several times; the raw value is the list of texts (`--group-by a --group-by b`). */
  readonly repeatable?: boolean;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** What `parseFlags` returns for a table: each key's typed value. */
export type FlagValues<T extends FlagTable> = { -readonly [K in keyof T]: T[K] extends FlagSpec<infer V> ? V : never };

/** What commander hands over for a table (also what tests pass). */
export type RawFlags<T extends FlagTable> = { [K in keyof T]?: string | boolean | string[] };

export function flag<T>(
  syntax: string,
  help: string,
  schema: z.ZodType<T>,
  options: { defaultText?: string; required?: boolean; alias?: string; repeatable?: boolean } = {},
): FlagSpec<T> {
  return { syntax, help, schema, ...options };
}

/**
 * A flag with a default: its value is never undefined (the default is parsed when the flag is
 * absent), and --help shows the default.
 */
export function flagWithDefault<T>(syntax: string, help: string, schema: z.ZodType<T | undefined>, defaultText: string): FlagSpec<T> {
  return { syntax, help, schema: schema as z.ZodType<T>, defaultText };
}

/** The long name of a flag ('--format' of '-f, --format <format>'; '--no-curve' stays as written). */
export function longName(spec: FlagSpec): string {
  return new Option(spec.syntax).long ?? spec.syntax;
}

/** Adds the table's flags to a command; a key must be commander's name for the flag (checked: a typo is a bug). */
export function addFlags(command: Command, table: FlagTable): Command {
  for (const [key, spec] of Object.entries(table)) {
    const option = new Option(spec.syntax, spec.help);
    if (option.attributeName() !== key)
      throw new Error(`flag table key "${key}" does not name ${spec.syntax} (commander calls it "${option.attributeName()}")`);
    if (spec.defaultText !== undefined) option.default(spec.defaultText);
    if (spec.required === true) option.makeOptionMandatory();
    if (spec.repeatable === true) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    command.addOption(option);
    if (spec.alias !== undefined) command.addOption(new Option(spec.alias, `the same as ${option.long ?? spec.syntax}`).hideHelp());
  }
  return command;
}

/** The typed values of every flag in the table; InputError listing every bad one. */
export function parseFlags<T extends FlagTable>(table: T, raw: RawFlags<T> | Record<string, unknown>): FlagValues<T> {
  const { values, problems } = readFlags(table, raw);
  if (problems.length > 0) throw new InputError(problems);
  return values;
}

/**
 * Every flag's typed value and every problem, for commands that check flags against each other
 * before reporting all problems at once. A bad flag's value is its default's (undefined without one).
 */
export function readFlags<T extends FlagTable>(table: T, raw: RawFlags<T> | Record<string, unknown>): { values: FlagValues<T>; problems: string[] } {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  const given = raw as Record<string, unknown>;
  for (const [key, spec] of Object.entries(table)) {
    const aliasKey = spec.alias === undefined ? undefined : new Option(spec.alias).attributeName();
    const usedAlias = given[key] === undefined && aliasKey !== undefined && given[aliasKey] !== undefined;
    const value = given[key] ?? (usedAlias ? given[aliasKey!] : undefined) ?? spec.defaultText;
    const result = spec.schema.safeParse(value);
    if (result.success) {
      parsed[key] = result.data;
      continue;
    }
    parsed[key] = spec.defaultText === undefined ? undefined : spec.schema.parse(spec.defaultText);
    const named = usedAlias ? new Option(spec.alias!).long! : longName(spec);
    for (const issue of result.error.issues) {
      problems.push(`${named}: expected ${issue.message}, got ${shown(value)}`);
    }
  }
  return { values: parsed as FlagValues<T>, problems };
}

/** A value as a problem quotes it: any user:password@ redacted (a URL pasted into the wrong flag). */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(redactUrl(value));
  if (Array.isArray(value)) return JSON.stringify(value.map((v) => (typeof v === 'string' ? redactUrl(v) : v)).join(','));
  return JSON.stringify(value);
}

/**
 * The value `parse` returns, or `fallback` with its InputError's problems added to the list: for
 * checks beyond one flag's schema that must still be reported with every other problem at once.
 */
export function collectProblems<T, F>(problems: string[], parse: () => T, fallback: F): T | F {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
    return fallback;
  }
}
