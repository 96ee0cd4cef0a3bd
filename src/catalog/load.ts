/**
 * Loading and validating hardware catalogs: the shipped one (data/catalog.json) and the
 * user's own (`--catalog file`, JSON or YAML). Validation failures become an InputError whose
 * problems read `<file>: <field.path>: expected <what>, got <value>`, one per line.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import {
  CatalogSchema,
  type Catalog,
  type Category,
  type DiskOption,
  type InstanceType,
  type Provider,
} from './schema.js';

/** data/catalog.json, resolved relative to this module (src/catalog/ under vitest, dist/catalog/ after tsc). */
export const DEFAULT_CATALOG_URL = new URL('../../data/catalog.json', import.meta.url);

let cachedDefault: Catalog | undefined;

/** The shipped catalog, validated once and cached. Throws InputError if the shipped file is broken. */
export function loadDefaultCatalog(): Catalog {
  if (cachedDefault === undefined) {
    const path = fileURLToPath(DEFAULT_CATALOG_URL);
    cachedDefault = parseCatalogText(readText(path), path, 'json');
  }
  return cachedDefault;
}

/** A user catalog file (JSON, or YAML for .yaml/.yml), validated. Throws InputError on any problem. */
export function loadCatalogFile(path: string): Catalog {
  const lower = path.toLowerCase();
  const format = lower.endsWith('.json') ? 'json' : lower.endsWith('.yaml') || lower.endsWith('.yml') ? 'yaml' : 'auto';
  return parseCatalogText(readText(path), path, format);
}

/**
 * Validate catalog text. `where` names the file in problem lines. `auto` tries JSON first and
 * falls back to YAML (YAML is a superset of JSON, but JSON's error messages are clearer).
 */
export function parseCatalogText(text: string, where: string, format: 'json' | 'yaml' | 'auto' = 'auto'): Catalog {
  const data = parseDocument(text, where, format);
  return validateCatalog(data, where);
}

/** Validate already-parsed data as a catalog. */
export function validateCatalog(data: unknown, where: string): Catalog {
  const result = CatalogSchema.safeParse(data);
  if (result.success) return result.data;
  throw new InputError(formatIssues(where, result.error.issues, data));
}

export interface InstanceFilter {
  providers?: readonly Provider[];
  /** Family names, e.g. "m6i", "n2-standard", "Dsv5" (case-insensitive). */
  families?: readonly string[];
  /** Instance type names, e.g. "m6i.xlarge", "Standard_D4s_v5" (case-insensitive). */
  names?: readonly string[];
  categories?: readonly Category[];
}

/**
 * Instance types that pass every given filter. An absent filter allows everything; a present
 * filter is an allow-list (an empty list allows nothing). Pure: the catalog is not modified.
 */
export function filterInstanceTypes(catalog: Catalog, filter: InstanceFilter = {}): InstanceType[] {
  const families = lowerSet(filter.families);
  const names = lowerSet(filter.names);
  return catalog.instanceTypes.filter(
    (it) =>
      (filter.providers === undefined || filter.providers.includes(it.provider)) &&
      (families === undefined || families.has(it.family.toLowerCase())) &&
      (names === undefined || names.has(it.name.toLowerCase())) &&
      (filter.categories === undefined || filter.categories.includes(it.category)),
  );
}

export interface DiskFilter {
  providers?: readonly Provider[];
  /** Disk option names, e.g. "gp3", "pd-ssd" (case-insensitive). */
  names?: readonly string[];
  media?: readonly DiskOption['media'][];
}

/** Disk options that pass every given filter (same rules as filterInstanceTypes). */
export function filterDiskOptions(catalog: Catalog, filter: DiskFilter = {}): DiskOption[] {
  const names = lowerSet(filter.names);
  return catalog.diskOptions.filter(
    (d) =>
      (filter.providers === undefined || filter.providers.includes(d.provider)) &&
      (names === undefined || names.has(d.name.toLowerCase())) &&
      (filter.media === undefined || filter.media.includes(d.media)),
  );
}

// ---------------------------------------------------------------------------------------------

function lowerSet(values: readonly string[] | undefined): Set<string> | undefined {
  return values === undefined ? undefined : new Set(values.map((v) => v.toLowerCase()));
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    const what = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : code;
    throw new InputError([`${path}: (file): expected a readable catalog file (JSON or YAML), got ${what}`]);
  }
}

function parseDocument(text: string, where: string, format: 'json' | 'yaml' | 'auto'): unknown {
  if (format === 'json' || format === 'auto') {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      if (format === 'json') {
        throw new InputError([`${where}: (file): expected valid JSON, got ${firstLine(err)}`]);
      }
    }
  }
  try {
    return parseYaml(text) as unknown;
  } catch (err) {
    throw new InputError([`${where}: (file): expected valid ${format === 'yaml' ? 'YAML' : 'JSON or YAML'}, got ${firstLine(err)}`]);
  }
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0] ?? msg;
}

/** `instanceTypes[3].vcpus`; the empty path is the document itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** The value at `path` in the raw data, or undefined when the path does not exist. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as keyof object];
  }
  return cur;
}

/** A short, one-line rendering of a value for problem messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty list';
    return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (typeof value === 'object') return 'an object';
  const s = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${Number(n) === 1 ? '' : 's'}`;
}

/** What the issue expected, as a phrase that follows "expected ". */
function expectedPhrase(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const exp = issue.expected;
      if (exp === 'int') return 'a whole number';
      if (exp === 'object') return 'an object';
      if (exp === 'array') return 'a list';
      return `a ${exp}`;
    }
    case 'too_small': {
      const min = issue.minimum;
      const origin = issue.origin;
      if (origin === 'array' || origin === 'set') return `at least ${plural(min, 'item')}`;
      if (origin === 'string') return `at least ${plural(min, 'character')}`;
      return `a number ${issue.inclusive ? '≥' : '>'} ${String(min)}`;
    }
    case 'too_big': {
      const max = issue.maximum;
      const origin = issue.origin;
      if (origin === 'array' || origin === 'set') return `at most ${plural(max, 'item')}`;
      if (origin === 'string') return `at most ${plural(max, 'character')}`;
      return `a number ${issue.inclusive ? '≤' : '<'} ${String(max)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'url') return 'a URL (https://…)';
      if (issue.format === 'regex') return stripExpected(issue.message);
      return `a string in ${issue.format} format`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return 'one of the allowed shapes';
    default:
      return stripExpected(issue.message);
  }
}

function stripExpected(message: string): string {
  return message.replace(/^expected\s+/i, '');
}

/**
 * One problem line per zod issue: `<where>: <path>: expected <what>, got <value>`. Unknown
 * fields get one line each, at the unknown field's own path.
 */
export function formatIssues(where: string, issues: readonly z.core.$ZodIssue[], data: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const p = [...path, key];
        lines.push(
          `${where}: ${formatPath(p)}: expected no such field (unknown fields are errors; check the spelling), got ${describeValue(valueAt(data, p))}`,
        );
      }
      continue;
    }
    if (issue.code === 'custom' && /^expected\b/i.test(issue.message) && /, got /.test(issue.message)) {
      // Our own cross-field checks already say what they expected and what they got.
      lines.push(`${where}: ${formatPath(path)}: ${issue.message}`);
      continue;
    }
    lines.push(`${where}: ${formatPath(path)}: expected ${expectedPhrase(issue)}, got ${describeValue(valueAt(data, path))}`);
  }
  return lines;
}
