/**
 * Validation of an input file's parsed data against its zod schema, with the one error wording
 * every input file shares (`<file>: <field.path>: expected <what>, got <value>`); reading and
 * parsing are in load-document.ts.
 */
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { formatZodIssues } from './zod-problems.js';

/**
 * Validates parsed data against `schema`; `what` says what the file should be ("a cluster
 * description (a mapping with …)"), for an empty document.
 */
export function validateDocument<S extends z.ZodType>(data: unknown, where: string, schema: S, what: string): z.output<S> {
  if (data === undefined || data === null) throw new InputError([`${where}: (top level): expected ${what}, got an empty document`]);
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new InputError(formatZodIssues(result.error.issues, where, schema));
}
