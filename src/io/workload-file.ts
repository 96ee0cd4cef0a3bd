/**
 * Reads a workload file (YAML or JSON), validates it against WorkloadFileSchema and reports
 * every problem as one line naming the file, the field, what was expected and what was given.
 * Nothing here throws anything but InputError for the user's mistakes.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from '../errors.js';
import { describeFsError } from './fs-errors.js';
import { WorkloadFileSchema, type WorkloadFile } from '../schema/workload.js';
import { validateDocument } from './validate-document.js';
import { int } from '../format/numbers.js';

/** What a workload file is, in problem lines. */
const WORKLOAD_FILE = 'a workload file (a mapping with "version: 1" and "workloads")';

export type DocumentFormat = 'yaml' | 'json';

/**
 * Most YAML alias resolutions accepted (the yaml library's own measure): a legitimate file with
 * hundreds of `<<: *defaults` merge keys stays far below it, while a "billion laughs" document
 * passes it within a few levels of nesting.
 */
const MAX_YAML_ALIAS_COUNT = 10_000;
/**
 * Largest input file read: 8 MiB holds tens of thousands of workloads (a workload is ~300–600 B
 * of YAML), yet bounds what a device, a runaway generator or a hostile file can make us parse.
 */
export const MAX_INPUT_FILE_BYTES = 8 * 1024 * 1024;
const UTF8_BOM = '\uFEFF';

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
  if (data === undefined || data === null) return validateDocument(data, where, WorkloadFileSchema, WORKLOAD_FILE);
  // A document that is not even shaped like a workload file (another file given by mistake,
  // e.g. /etc/shadow) gets one line that echoes nothing of its content.
  const notWorkload = describeNonWorkload(data);
  if (notWorkload !== null) {
    throw new InputError([`${where}: (top level): expected ${WORKLOAD_FILE}, got ${notWorkload}`]);
  }
  return validateDocument(data, where, WorkloadFileSchema, WORKLOAD_FILE);
}

/**
 * Reads a text file, or standard input for "-"; a missing or unreadable file is bad input,
 * named by its path. Never more than `maxBytes`, never an unbounded wait:
 * - a regular file is checked by its size first;
 * - anything else (a pipe, a FIFO, /dev/stdin, a device) is opened non-blocking, so opening a
 *   FIFO cannot hang, and read until end of input, the byte cap (/dev/zero stops there at once)
 *   or INPUT_IDLE_MS without a byte (a writer that never writes);
 * - standard input ("-") is read as the shell gives it (a pipe ends, a terminal waits for ^D).
 * A UTF-8 byte-order mark is dropped (JSON and YAML alike).
 */
export function readTextFile(path: string, expected?: string, maxBytes = MAX_INPUT_FILE_BYTES): string {
  // One line naming the file: "<path>: (file): expected <what>, got <why>" when the caller names
  // what it expects, else "<path>: cannot read: <why>".
  const shownPath = path === STDIN_PATH ? '(standard input)' : path;
  const problem = (got: string) =>
    new InputError([expected === undefined ? `${shownPath}: cannot read: ${got}` : `${shownPath}: (file): expected ${expected}, got ${got}`]);
  const tooBig = (size: string) => problem(`${size}, more than the ${mib(maxBytes)} an input file may have`);
  let fd: number;
  try {
    fd = path === STDIN_PATH ? 0 : openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw problem(describeReadError(error));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw problem(expected === undefined ? 'it is a directory, expected a file' : 'a directory');
    if (stat.isFile() && stat.size > maxBytes) throw tooBig(mib(stat.size));
    let data = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.isFile() ? stat.size + 1 : 64 * 1024, 4096)));
    let length = 0;
    let idleSince = Date.now();
    for (;;) {
      if (length === data.length) {
        if (length > maxBytes) break;
        const grown = Buffer.alloc(Math.min(maxBytes + 1, data.length * 2));
        data.copy(grown, 0, 0, length);
        data = grown;
      }
      let n: number;
      try {
        n = readSync(fd, data, length, data.length - length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        if (Date.now() - idleSince > INPUT_IDLE_MS) throw problem(`no input for ${INPUT_IDLE_MS / 1000} s (${fileKind(stat)} whose writer sends nothing)`);
        Atomics.wait(SLEEPER, 0, 0, INPUT_POLL_MS);
        continue;
      }
      if (n === 0) break;
      length += n;
      idleSince = Date.now();
    }
    if (length > maxBytes)
      throw problem(`more than the ${mib(maxBytes)} an input file may have${stat.isFile() ? '' : ` (${fileKind(stat)} that did not end)`}`);
    const text = data.toString('utf8', 0, length);
    return text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw problem(describeReadError(error));
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** The path that means standard input, as in most command-line tools. */
export const STDIN_PATH = '-';
/** How long a pipe or FIFO may stay silent before reading gives up. */
const INPUT_IDLE_MS = 30_000;
/** Pause between reads of a silent non-blocking input. */
const INPUT_POLL_MS = 10;
/** A synchronous sleep without a busy loop (readWorkloadFile is synchronous). */
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

/** What a document that is clearly not a workload file is, without quoting it; null when it may be one. */
function describeNonWorkload(data: unknown): string | null {
  if (Array.isArray(data)) return `a list of ${data.length} item${data.length === 1 ? '' : 's'}`;
  if (typeof data !== 'object' || data === null) return typeof data === 'string' ? `text of ${data.length} characters, not a mapping` : `a ${typeof data}`;
  if ('version' in data || 'workloads' in data) return null;
  const keys = Object.keys(data).length;
  return `a mapping of ${keys} key${keys === 1 ? '' : 's'}, none of them a workload file's (version, name, description, cluster, workloads)`;
}

function fileKind(stat: import('node:fs').Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'something that is not a file';
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory, expected a file';
  return describeFsError(error);
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
  if (text.startsWith(UTF8_BOM)) text = text.slice(1);
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text) as unknown;
    } catch (error) {
      if (error instanceof RangeError) throw new InputError([`${where}: invalid JSON: nested too deeply`]);
      // JSON.parse does not always say where; the YAML parser (a JSON superset) usually can.
      const position = safeYamlErrors(text)[0];
      const at = position ? `line ${position.line}, column ${position.col}: ` : '';
      throw new InputError([`${where}: ${at}invalid JSON: ${(error as Error).message}`]);
    }
    // JSON.parse keeps the last of duplicate keys silently; YAML refuses them: so does JSON here.
    const duplicate = firstDuplicateJsonKey(text);
    if (duplicate !== null) {
      throw new InputError([`${where}: line ${duplicate.line}: invalid JSON: duplicate key ${JSON.stringify(duplicate.key.slice(0, 60))} in one object`]);
    }
    return data;
  }
  try {
    // merge: `<<: *defaults` shares settings between workloads, as YAML users expect.
    const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, merge: true });
    const errors = yamlErrors(text, document);
    if (errors.length > 0) {
      throw new InputError(errors.map((e) => `${where}: line ${e.line}, column ${e.col}: invalid YAML: ${e.message}`));
    }
    return document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }) as unknown;
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof RangeError) throw new InputError([`${where}: invalid YAML: nested too deeply`]);
    // The yaml library throws a ReferenceError past maxAliasCount ("Excessive alias count").
    const message = (error as Error).message ?? String(error);
    if (/alias/i.test(message)) {
      throw new InputError([
        `${where}: invalid YAML: expected at most ${int(MAX_YAML_ALIAS_COUNT)} alias resolutions, got more (an alias bomb, or a file to flatten)`,
      ]);
    }
    throw new InputError([`${where}: invalid YAML: ${message.split('\n')[0]}`]);
  }
}

function safeYamlErrors(text: string): SyntaxProblem[] {
  try {
    return yamlErrors(text);
  } catch {
    return [];
  }
}

/**
 * The first key that appears twice in one JSON object (text already known to be valid JSON),
 * by a single linear scan: strings are skipped with their escapes, objects and arrays tracked
 * on a stack, and a string directly followed by ':' is a key of the innermost object.
 */
export function firstDuplicateJsonKey(text: string): { key: string; line: number } | null {
  const stack: (Set<string> | null)[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 123 /* { */) stack.push(new Set());
    else if (c === 91 /* [ */) stack.push(null);
    else if (c === 125 /* } */ || c === 93 /* ] */) stack.pop();
    else if (c === 34 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 /* \\ */ ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j;
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      const keys = stack[stack.length - 1];
      if (text[k] === ':' && keys) {
        const key = JSON.parse(raw) as string;
        if (keys.has(key)) return { key, line };
        keys.add(key);
      }
    }
  }
  return null;
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
