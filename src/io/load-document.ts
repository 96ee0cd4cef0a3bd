/**
 * One way every input file is read and checked (workload, cluster description, catalog, profile,
 * bench run): bounded read (readTextFile), YAML or JSON by name or content, validation against the
 * file's zod schema (validate-document.ts), and one error wording — `<file>: <field.path>:
 * expected <what>, got <value>`, one line per problem, an empty document named as such.
 */
import type { z } from 'zod';
import { validateDocument } from './validate-document.js';
import { detectFormat, parseDocumentText, readTextFile } from './workload-file.js';

/** Reads `path` (or standard input for "-"), parses it as YAML or JSON and validates it. */
export function loadDocument<S extends z.ZodType>(path: string, schema: S, what: string): z.output<S> {
  const text = readTextFile(path);
  return validateDocument(parseDocumentText(text, path, detectFormat(path, text)), path, schema, what);
}
