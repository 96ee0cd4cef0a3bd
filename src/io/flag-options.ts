/**
 * Command-line flag values: parsed from the strings commander hands over, checked against the
 * same zod fields the workload file uses (so a flag and the field it overrides accept the same
 * values), and reported as `--flag: expected <what>, got "<value>"`, all problems at once.
 */
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { MAX_TRAFFIC_SCALE, MAX_WIDTH, MIN_WIDTH } from '../schema/bounds.js';
import { WorkloadFileSchema } from '../schema/workload.js';
import { describeSchema, schemaAt } from './zod-problems.js';


export const OUTPUT_FORMATS = ['table', 'json', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Collects flag problems so one run reports every bad flag, then throws them together. */
export class FlagProblems {
  readonly problems: string[] = [];

  add(flag: string, expected: string, raw: string): void {
    this.problems.push(`${flag}: expected ${expected}, got ${JSON.stringify(raw)}`);
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new InputError(this.problems);
  }
}

export function parseFormat(raw: string | undefined, problems: FlagProblems): OutputFormat {
  if (raw === undefined) return 'table';
  const format = OUTPUT_FORMATS.find((f) => f === raw.trim().toLowerCase());
  if (!format) problems.add('--format', `one of ${OUTPUT_FORMATS.join(', ')}`, raw);
  return format ?? 'table';
}

/** A finite number from flag text: "1.5", "2e3". Empty text, "Infinity" and "0x10" are not numbers here. */
export function parseNumberText(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** --width: the terminal columns the table report lays out to (src/render/width.ts); undefined when not given. */
export function parseWidth(raw: string | undefined, problems: FlagProblems): number | undefined {
  if (raw === undefined) return undefined;
  const value = parseNumberText(raw);
  if (value === undefined || !Number.isInteger(value) || value < MIN_WIDTH || value > MAX_WIDTH) {
    problems.add('--width', `a whole number of columns from ${MIN_WIDTH} to ${MAX_WIDTH}`, raw);
    return undefined;
  }
  return value;
}

/** The traffic multiplier for what-if runs: a number > 0 up to MAX_TRAFFIC_SCALE (0.5 halves every rate). */
export function parseTrafficScale(raw: string | undefined, problems: FlagProblems): number {
  if (raw === undefined) return 1;
  const value = parseNumberText(raw);
  if (value === undefined || value <= 0 || value > MAX_TRAFFIC_SCALE) {
    problems.add('--traffic-scale', `a number > 0 and ≤ ${MAX_TRAFFIC_SCALE.toLocaleString('en-US')} that multiplies every publish rate (e.g. 1.5)`, raw);
    return 1;
  }
  return value;
}

/**
 * A numeric flag that overrides a workload-file field: it must satisfy that field's schema,
 * e.g. --max-nodes → cluster.constraints.maxNodes ("an integer from 1 to 50").
 */
export function parseFieldNumber(
  flag: string,
  raw: string | undefined,
  fieldPath: readonly (string | number)[],
  problems: FlagProblems,
): number | undefined {
  if (raw === undefined) return undefined;
  const schema = fieldSchema(fieldPath);
  const value = parseNumberText(raw);
  if (value === undefined || !schema.safeParse(value).success) {
    problems.add(flag, `${describeSchema(schema)} (as ${fieldPath.join('.')} in the workload file)`, raw);
    return undefined;
  }
  return value;
}

/** A comma-separated list flag that overrides a list field, e.g. --providers aws,gcp. */
export function parseFieldList(
  flag: string,
  raw: string | undefined,
  fieldPath: readonly (string | number)[],
  problems: FlagProblems,
): string[] | undefined {
  if (raw === undefined) return undefined;
  const schema = fieldSchema(fieldPath);
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (!schema.safeParse(items).success) {
    problems.add(flag, `a comma-separated list of ${describeSchema(schema).replace(/^a (non-empty )?list of /, '')}`, raw);
    return undefined;
  }
  return items;
}

function fieldSchema(fieldPath: readonly (string | number)[]): z.ZodType {
  const schema = schemaAt(WorkloadFileSchema, fieldPath);
  if (!schema) throw new Error(`no workload field at ${fieldPath.join('.')}`);
  return schema as unknown as z.ZodType;
}
