/**
 * Reads a cluster description (src/schema/cluster.ts, what `rmq-plan inspect` writes, or one
 * written by hand for a proposed cluster): YAML or JSON, validated, every problem one line
 * naming the file and the field.
 */
import { detectFormat, parseDocumentText, readTextFile } from '../io/workload-file.js';
import { formatZodIssues } from '../io/zod-problems.js';
import { InputError } from '../errors.js';
import { ClusterDescriptionSchema, type ClusterDescription } from '../schema/cluster.js';

export function readClusterFile(path: string): ClusterDescription {
  const text = readTextFile(path);
  const data = parseDocumentText(text, path, detectFormat(path, text));
  if (data === undefined || data === null) {
    throw new InputError([`${path}: (top level): expected a cluster description (a mapping with "version: 1" and "nodes"), got an empty document`]);
  }
  const result = ClusterDescriptionSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new InputError(formatZodIssues(result.error.issues, path, ClusterDescriptionSchema));
}
