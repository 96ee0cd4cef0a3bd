/**
 * Reads a workload file (YAML or JSON), validates it against WorkloadFileSchema and reports
 * every problem as one line naming the file, the field, what was expected and what was given.
 * Nothing here throws anything but InputError for the user's mistakes.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from '../errors.js';
import { WorkloadFileSchema, type WorkloadFile } from '../schema/workload.js';
import { formatZodIssues } from './zod-problems.js';

export type DocumentFormat = 'yaml' | 'json';

/** Most YAML alias expansions accepted: guards against "billion laughs" documents. */
const MAX_YAML_ALIAS_COUNT = 100;

/** Reads, parses and validates `path`. Throws InputError (exit 2) for anything wrong with it. */
export function readWorkloadFile(path: string): WorkloadFile {
  const text = readTextFile(path);
  return parseWorkloadText(text, path, detectFormat(path, text));
}

/** Parses and validates workload text; `where` names it in problems (usually the path). */
export function parseWorkloadText(text: string, where: string, format: DocumentFormat): WorkloadFile {
  const data = parseDocumentText(text, where, format);
  return validateWorkload(data, where);
}

/** Validates already-parsed data (e.g. a file merged with command-line overrides). */
export function validateWorkload(data: unknown, where: string): WorkloadFile {
  if (data === undefined || data === null) {
    throw new InputError([
      `${where}: (top level): expected a workload file (a mapping with "version: 1" and "workloads"), got an empty document`,
    ]);
  }
  const result = WorkloadFileSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new InputError(formatZodIssues(result.error.issues, where, WorkloadFileSchema));
}

/** Reads a text file; a missing or unreadable file is bad input, named by its path. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError([`${path}: ${describeReadError(error)}`]);
  }
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'cannot read: no such file';
    case 'EISDIR':
      return 'cannot read: it is a directory, expected a file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read: permission denied';
    default:
      return `cannot read: ${code ?? (error as Error).message}`;
  }
}

/** .json is JSON, .yaml/.yml is YAML; anything else is sniffed (JSON starts with { or [). */
export function detectFormat(path: string, text: string): DocumentFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

/** YAML or JSON text → plain data. Syntax errors name the line and column. */
export function parseDocumentText(text: string, where: string, format: DocumentFormat): unknown {
  if (format === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      // JSON.parse does not always say where; the YAML parser (a JSON superset) usually can.
      const position = yamlErrors(text)[0];
      const at = position ? `line ${position.line}, column ${position.col}: ` : '';
      throw new InputError([`${where}: ${at}invalid JSON: ${(error as Error).message}`]);
    }
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const errors = yamlErrors(text, document);
  if (errors.length > 0) {
    throw new InputError(errors.map((e) => `${where}: line ${e.line}, column ${e.col}: invalid YAML: ${e.message}`));
  }
  return document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }) as unknown;
}

interface SyntaxProblem {
  line: number;
  col: number;
  message: string;
}

function yamlErrors(text: string, document = parseDocument(text, { prettyErrors: true, uniqueKeys: true })): SyntaxProblem[] {
  return document.errors.map((error) => ({
    line: error.linePos?.[0].line ?? 1,
    col: error.linePos?.[0].col ?? 1,
    // prettyErrors appends " at line L, column C:" and a source excerpt: keep the one-line reason.
    message: error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').split('\n')[0]!,
  }));
}
