/**
 * Turns zod 4 issues into the one-line problems users read:
 *   `<where>: <field.path>: expected <what>, got <value>`
 * "what" comes from the schema itself (walked along the issue's path), so a message names the
 * bounds and the accepted forms of the field (e.g. both forms of messageSize), not zod's
 * internal type names.
 */
import { escapeControl } from '../schema/text.js';
import type { z } from 'zod';
import { ByteSizeSchema } from '../schema/byte-size.js';
import { enUs } from '../format/numbers.js';

type Schema = z.ZodType;
type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** Longest string shown verbatim in a "got" value; longer ones are cut (a file may hold a blob). */
const MAX_SHOWN_STRING_CHARS = 40;
/** Most keys listed in an "expected one of" hint before "…". */
const MAX_LISTED_KEYS = 12;
/** Edit distance up to which an unknown key or enum value earns a "did you mean". */
const MAX_SUGGESTION_DISTANCE = 2;

/**
 * Formats every issue as one line, prefixed with `where` (usually the file path). Parse with
 * `{ reportInput: true }` so that issues carry the value given; without it every field reads
 * as missing.
 */
export function formatZodIssues(issues: readonly Issue[], where: string, root: Schema): string[] {
  const relevant = inPathOrder(dropCrossFieldNoise(issues));
  const lines: string[] = [];
  for (const issue of relevant) {
    for (const line of describeIssue(issue, root)) lines.push(`${where}: ${line}`);
  }
  return lines;
}

/** Formats a path like `workloads[0].publishRate.averageMsgPerSec`; the root is "(top level)". */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * Cross-field refinements (custom issues) run even when a field they compare is itself invalid,
 * which yields messages such as "p50 ≤ p95 ≤ max, got max=x". Report the field error alone:
 * a custom issue is dropped when another issue sits in the same object.
 */
function dropCrossFieldNoise(issues: readonly Issue[]): Issue[] {
  // Every path prefix of a plain issue, so each custom issue is checked in O(1): a file with
  // 20,000 bad workloads must not cost 20,000² comparisons.
  const plainPrefixes = new Set<string>();
  for (const issue of issues) {
    if (issue.code === 'custom') continue;
    for (let length = 0; length <= issue.path.length; length++) plainPrefixes.add(prefixKey(issue.path.slice(0, length)));
  }
  return issues.filter((issue) => {
    if (issue.code !== 'custom') return true;
    const parent = issue.path.slice(0, Math.max(0, issue.path.length - 1));
    return !plainPrefixes.has(prefixKey(parent));
  });
}

/**
 * Groups issues by field, keeping the schema's field order: zod reports an object's unknown
 * keys after the problems of its fields, which splits one workload's problems apart.
 */
function inPathOrder(issues: Issue[]): Issue[] {
  const firstSeen = new Map<string, number>();
  issues.forEach((issue, index) => {
    for (let length = 1; length <= issue.path.length; length++) {
      const key = prefixKey(issue.path.slice(0, length));
      if (!firstSeen.has(key)) firstSeen.set(key, index);
    }
  });
  const rank = (path: readonly PathKey[]) => firstSeen.get(prefixKey(path)) ?? -1;
  return [...issues].sort((a, b) => {
    const shared = Math.min(a.path.length, b.path.length);
    for (let i = 0; i < shared; i++) {
      if (a.path[i] !== b.path[i]) return rank(a.path.slice(0, i + 1)) - rank(b.path.slice(0, i + 1));
    }
    return a.path.length - b.path.length;
  });
}

function prefixKey(path: readonly PathKey[]): string {
  return JSON.stringify(path.map((key) => (typeof key === 'symbol' ? String(key) : key)));
}

function describeIssue(issue: Issue, root: Schema): string[] {
  const where = formatPath(issue.path);
  const schema = schemaAt(root, issue.path);
  const expected = () => (schema ? describeSchema(schema) : expectedFromIssue(issue));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = schema ? objectKeys(schema) : [];
      return issue.keys.map((key) => {
        const hint = suggestion(key, allowed);
        const list = allowed.length > 0 ? `expected one of: ${listKeys(allowed)}` : '';
        const details = [hint, list].filter((part) => part !== '').join('; ');
        return `${where}: unknown field "${key}"${details ? ` (${details})` : ''}`;
      });
    }
    case 'custom':
      return [`${where}: ${issue.message}`];
    case 'invalid_format': {
      // Our schemas give regex checks a message that reads as the "what" ("a name of letters, …").
      const what = issue.message && !issue.message.startsWith('Invalid') ? issue.message : expected();
      return [`${where}: expected ${what}, got ${given(issue)}`];
    }
    case 'invalid_value': {
      const hint =
        typeof issue.input === 'string'
          ? suggestion(
              issue.input,
              issue.values.filter((v): v is string => typeof v === 'string'),
            )
          : '';
      return [`${where}: expected ${expected()}, got ${given(issue)}${hint ? ` (${hint})` : ''}`];
    }
    default:
      return [`${where}: expected ${expected()}, got ${given(issue)}`];
  }
}

/** The "got" part; a field that is absent is a required field left out (optional ones pass). */
function given(issue: Issue): string {
  return 'input' in issue && issue.input !== undefined ? showValue(issue.input) : 'nothing (this field is required)';
}

/** What an issue expected, from the issue alone (used when the schema cannot be walked to it). */
function expectedFromIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return article(typeName(issue.expected));
    case 'invalid_value':
      return oneOf(issue.values.map((v) => JSON.stringify(v)));
    case 'too_small':
      return `a value ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `a value ${issue.inclusive ? '≤' : '<'} ${bound(issue.maximum)}`;
    case 'invalid_union':
      return oneOf(
        issue.errors.map((branch) => (branch[0] ? expectedFromIssue(branch[0]) : 'another form')),
        'or',
      );
    default:
      return issue.message;
  }
}

// ---------------------------------------------------------------------------------------------
// Schema walking: find the schema at an issue's path and say in words what it accepts.

function def(schema: Schema): Record<string, unknown> & { type: string } {
  return schema.def as unknown as Record<string, unknown> & { type: string };
}

/**
 * ByteSizeSchema is a pipe (number | "4KiB" → bytes); `.describe()` copies share its def, so
 * the def identifies every copy. It gets its own wording instead of "an integer or a string".
 */
function isByteSize(schema: Schema): boolean {
  return schema.def === (ByteSizeSchema as unknown as Schema).def;
}

/** Strips wrappers that do not change what a value must look like. */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const d = def(current);
    if (['default', 'optional', 'nullable', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type)) {
      current = d.innerType as Schema;
    } else if (d.type === 'pipe' && !isByteSize(current)) {
      current = d.in as Schema;
    } else {
      return current;
    }
  }
}

function child(schema: Schema, key: PathKey): Schema | undefined {
  const d = def(unwrap(schema));
  if (d.type === 'object') return (d.shape as Record<string, Schema>)[String(key)];
  if (d.type === 'array' && typeof key === 'number') return d.element as Schema;
  if (d.type === 'record') return d.valueType as Schema;
  if (d.type === 'union') {
    for (const option of d.options as Schema[]) {
      const found = child(option, key);
      if (found) return found;
    }
  }
  return undefined;
}

/** The schema that validates the value at `path`, or undefined when it cannot be found. */
export function schemaAt(root: Schema, path: readonly PathKey[]): Schema | undefined {
  let current: Schema | undefined = root;
  for (const key of path) {
    if (!current) return undefined;
    current = child(current, key);
  }
  return current;
}

function objectKeys(schema: Schema): string[] {
  const s = unwrap(schema);
  const d = def(s);
  if (d.type === 'object') return Object.keys(d.shape as Record<string, Schema>);
  if (d.type === 'union') return [...new Set((d.options as Schema[]).flatMap(objectKeys))];
  return [];
}

/** In words, what a schema accepts: "an integer from 0 to 3", `"auto"`, "an object {p50, p95, max}". */
export function describeSchema(schema: Schema): string {
  if (isByteSize(schema)) {
    return 'a size in bytes (a positive integer, or a string such as "4KiB" or "1MB")';
  }
  const s = unwrap(schema);
  if (s !== schema) return describeSchema(s);
  const d = def(s);
  switch (d.type) {
    case 'number':
      return describeNumber(d);
    case 'string':
      return describeString(d);
    case 'boolean':
      return 'true or false';
    case 'literal':
      return oneOf((d.values as unknown[]).map((v) => JSON.stringify(v)));
    case 'enum':
      return oneOf(Object.values(d.entries as Record<string, unknown>).map((v) => JSON.stringify(v)));
    case 'object':
      return `an object {${listKeys(Object.keys(d.shape as Record<string, Schema>))}}`;
    case 'array': {
      const min = lengthBound(d, 'min_length');
      const element = describeSchema(d.element as Schema);
      return `${min !== undefined && min > 0 ? 'a non-empty list' : 'a list'} of ${plural(element)}`;
    }
    case 'union':
      return oneOf((d.options as Schema[]).map(describeSchema), 'or');
    default:
      return article(d.type);
  }
}

interface Check {
  check: string;
  error?: (issue: object) => unknown;
  value?: unknown;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
}

/**
 * The checks of a schema, by their definitions. zod exposes a schema's definition (`.def`) but not a
 * check's: its bounds' inclusivity and format are read from `_zod.def`, the one internal read left.
 */
function checks(d: Record<string, unknown>): Check[] {
  const list = (d.checks as { _zod: { def: Check } }[] | undefined) ?? [];
  return list.map((c) => c._zod.def);
}

function describeNumber(d: Record<string, unknown>): string {
  const all = checks(d);
  const integer = all.some((c) => c.check === 'number_format' && /int/.test(c.format ?? ''));
  const noun = integer ? 'an integer' : 'a number';
  const lower = all.find((c) => c.check === 'greater_than');
  const upper = all.find((c) => c.check === 'less_than');
  if (lower && upper && lower.inclusive && upper.inclusive) {
    return `${noun} from ${bound(lower.value)} to ${bound(upper.value)}`;
  }
  const bounds: string[] = [];
  if (lower) bounds.push(`${lower.inclusive ? '≥' : '>'} ${bound(lower.value)}`);
  if (upper) bounds.push(`${upper.inclusive ? '≤' : '<'} ${bound(upper.value)}`);
  return bounds.length > 0 ? `${noun} ${bounds.join(' and ')}` : noun;
}

/** A bound as people read it: 10,000,000 rather than 10000000. */
function bound(value: unknown): string {
  return typeof value === 'number' && Math.abs(value) >= 10_000 ? enUs(value, 0, 3) : String(value);
}

function describeString(d: Record<string, unknown>): string {
  // A regex check whose message the schema author wrote as the "what" (e.g. "a name of letters, …").
  const format = checks(d).find((c) => c.check === 'string_format' && typeof c.error === 'function');
  const message = format ? format.error!({}) : undefined;
  if (typeof message === 'string' && !message.startsWith('Invalid')) return message;
  const min = lengthBound(d, 'min_length');
  return min !== undefined && min > 0 ? 'a non-empty string' : 'a string';
}

function lengthBound(d: Record<string, unknown>, kind: string): number | undefined {
  const found = checks(d).find((c) => c.check === kind);
  return found?.minimum;
}

// ---------------------------------------------------------------------------------------------
// Small wording helpers.

/** How a given value is shown after "got". */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    const shown = value.length > MAX_SHOWN_STRING_CHARS ? `${value.slice(0, MAX_SHOWN_STRING_CHARS)}…` : value;
    // JSON escapes C0 controls only; C1, DEL, Unicode separators and bidi overrides are escaped too.
    return `string ${escapeControl(JSON.stringify(shown))}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function typeName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'integer';
    case 'array':
      return 'list';
    default:
      return expected;
  }
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** "an integer > 0" → "integers > 0"; "a non-empty string" → "non-empty strings"; "one of …" → "values from …". */
function plural(description: string): string {
  if (description.startsWith('one of ')) return `values from ${description.slice('one of '.length)}`;
  return description.replace(/^(?:a|an) ((?:non-empty )?)(\w+)/, (_match, adjective: string, noun: string) => `${adjective}${noun}s`);
}

function oneOf(options: string[], conjunction: 'or' | 'one of' = 'one of'): string {
  if (options.length === 1) return options[0]!;
  if (conjunction === 'one of') return `one of ${options.join(', ')}`;
  return `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]!}`;
}

function listKeys(keys: string[]): string {
  return keys.length > MAX_LISTED_KEYS ? `${keys.slice(0, MAX_LISTED_KEYS).join(', ')}, …` : keys.join(', ');
}

function suggestion(given: string, candidates: readonly string[]): string {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(given.toLowerCase(), candidate.toLowerCase());
    if (distance <= MAX_SUGGESTION_DISTANCE && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best ? `did you mean "${best.candidate}"?` : '';
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
