/**
 * The kinds of flag values, as zod schemas from commander's raw value to the typed one (absent →
 * undefined). Each failure's message is what was expected; flags.ts adds the flag and the value.
 * One number syntax, one duration format (500ms, 5s, 2m, 1h) and one size format (512B, 1KiB)
 * for every command.
 */
import { z } from 'zod';
import { parseDurationSeconds, DURATION_FORMAT, formatDuration } from '../io/duration.js';
import { describeSchema, schemaAt } from '../io/zod-problems.js';
import { parseSizeText, SIZE_FORMAT } from '../schema/byte-size.js';
import { WorkloadFileSchema } from '../schema/workload.js';

/** A finite number from flag text: "1.5", "2e3". Empty text, "Infinity" and "0x10" are not numbers here. */
export function parseNumberText(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Text → value, or undefined when the text is not one; `expected` names what would be (a function
 * when wording it costs something: it is called only for a bad value).
 */
export function textValue<T>(expected: string | (() => string), parse: (text: string) => T | undefined): z.ZodType<T | undefined> {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const value = parse(raw);
      if (value === undefined) {
        const message = typeof expected === 'string' ? expected : expected();
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return value;
    });
}

/** A switch (`--explain`, `--no-curve`): true, false or undefined when absent. */
export const switchValue = (): z.ZodType<boolean | undefined> => z.boolean().optional();

/** Free text (a file path, a node name): undefined when absent; empty text is refused. */
export const pathValue = (what = 'a file path'): z.ZodType<string | undefined> => textValue(what, (t) => (t.trim() === '' ? undefined : t));

/** A variadic flag's texts (`--ca a.pem b.pem`), each also split on commas. */
export const pathsValue = (): z.ZodType<string[] | undefined> =>
  z
    .array(z.string())
    .optional()
    .transform((raw) => raw?.flatMap((t) => t.split(',')).filter((t) => t.trim() !== ''));

/** A number that satisfies `ok`. */
export function numberValue(expected: string, ok: (value: number) => boolean = () => true): z.ZodType<number | undefined> {
  return textValue(expected, (t) => {
    const value = parseNumberText(t);
    return value !== undefined && ok(value) ? value : undefined;
  });
}

/** A whole number from min to max. */
export function integerValue(min: number, max: number = Number.MAX_SAFE_INTEGER, expected?: string): z.ZodType<number | undefined> {
  const what = expected ?? (max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`);
  return numberValue(what, (v) => Number.isInteger(v) && v >= min && v <= max);
}

/** A duration in seconds, > 0 (or ≥ 0), at most maxSeconds. */
export function durationValue(options: { maxSeconds: number; minSeconds?: number; zeroAllowed?: boolean; expected?: string }): z.ZodType<number | undefined> {
  const { maxSeconds, minSeconds, zeroAllowed = false } = options;
  const lower = minSeconds !== undefined ? `at least ${formatDuration(minSeconds)}` : zeroAllowed ? '≥ 0' : '> 0';
  const expected = options.expected ?? `${DURATION_FORMAT}, ${lower} and at most ${formatDuration(maxSeconds)}`;
  return textValue(expected, (t) => {
    const s = parseDurationSeconds(t);
    if (s === undefined || s > maxSeconds) return undefined;
    if (minSeconds !== undefined ? s < minSeconds : zeroAllowed ? s < 0 : s <= 0) return undefined;
    return s;
  });
}

/** One size (512B, 1KiB, 1MB or a bare whole number) from minBytes to maxBytes, or undefined: a list item or a flag. */
export const sizeItem =
  (minBytes = 1, maxBytes = Number.MAX_SAFE_INTEGER) =>
  (text: string): number | undefined => {
    const v = parseSizeText(text);
    return v !== undefined && v >= minBytes && v <= maxBytes ? v : undefined;
  };

/** A size in bytes (512B, 1KiB, 1MB or a bare whole number), from minBytes to maxBytes. */
export function sizeValue(minBytes = 1, expected = `${SIZE_FORMAT}, ≥ ${minBytes} B`, maxBytes = Number.MAX_SAFE_INTEGER): z.ZodType<number | undefined> {
  return textValue(expected, sizeItem(minBytes, maxBytes));
}

/** One of a few words (case-insensitive). */
export function choiceValue<const T extends string>(choices: readonly T[], expected = `one of ${choices.join(', ')}`): z.ZodType<T | undefined> {
  return textValue(expected, (t) => choices.find((c) => c === t.trim().toLowerCase()));
}

/** A comma-separated list whose every item parses; duplicates dropped, order kept. */
export function listValue<T>(itemsExpected: string, parseItem: (item: string) => T | undefined): z.ZodType<T[] | undefined> {
  return textValue(`a comma-separated list of ${itemsExpected}`, (t) => {
    const items = t
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const parsed = items.map(parseItem);
    if (items.length === 0 || parsed.some((v) => v === undefined)) return undefined;
    return [...new Set(parsed as T[])];
  });
}

/** One item of a list of integers from min to max. */
export const integerItem =
  (min: number, max: number) =>
  (s: string): number | undefined => {
    const v = parseNumberText(s);
    return v !== undefined && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
  };

/** true/false in the words people type: true, yes, on, 1 (or `trueWord`) and their opposites. */
export function booleanWord(s: string, trueWord?: string, falseWord?: string): boolean | undefined {
  const t = s.trim().toLowerCase();
  if (['true', 'yes', 'on', '1', ...(trueWord ? [trueWord] : [])].includes(t)) return true;
  if (['false', 'no', 'off', '0', ...(falseWord ? [falseWord] : [])].includes(t)) return false;
  return undefined;
}

/**
 * A number that overrides a workload-file field: it must satisfy that field's schema, e.g.
 * --max-nodes → cluster.constraints.maxNodes ("an integer from 1 to 50").
 */
export function workloadNumberValue(fieldPath: readonly (string | number)[]): z.ZodType<number | undefined> {
  const field = workloadField(fieldPath);
  // Describing a field walks its schema (tens of ms for some): only for a bad value.
  return textValue(
    () => `${describeSchema(field)} (as ${fieldPath.join('.')} in the workload file)`,
    (t) => {
      const value = parseNumberText(t);
      return value !== undefined && field.safeParse(value).success ? value : undefined;
    },
  );
}

/** A comma-separated list that overrides a list field of the workload file, e.g. --providers aws,gcp. */
export function workloadListValue(fieldPath: readonly (string | number)[]): z.ZodType<string[] | undefined> {
  const field = workloadField(fieldPath);
  return textValue(
    () => `a comma-separated list of ${describeSchema(field).replace(/^a (non-empty )?list of /, '')}`,
    (t) => {
      const items = t
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      return field.safeParse(items).success ? items : undefined;
    },
  );
}

function workloadField(fieldPath: readonly (string | number)[]): z.ZodType {
  const schema = schemaAt(WorkloadFileSchema, fieldPath);
  if (!schema) throw new Error(`no workload field at ${fieldPath.join('.')}`);
  return schema as unknown as z.ZodType;
}
