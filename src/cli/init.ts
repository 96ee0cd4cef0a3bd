/**
 * `rmq-plan init [file]`: writes the commented example workload file. Never overwrites an
 * existing file unless --force; "-" writes to stdout.
 */
import { writeFileSync } from 'node:fs';
import { BrokerError, ExitCode, InputError } from '../errors.js';
import { INIT_TEMPLATE } from './init-template.js';
import type { CliIo } from '../io/cli-io.js';

export const DEFAULT_INIT_FILE = 'workload.yaml';

export interface InitOptions {
  force?: boolean;
}

export function runInit(file: string | undefined, options: InitOptions, io: CliIo): ExitCode {
  const target = file ?? DEFAULT_INIT_FILE;
  if (target === '-') {
    io.stdout(INIT_TEMPLATE);
    return ExitCode.ok;
  }
  try {
    // "wx" fails if the file exists, atomically: no window between a check and the write.
    writeFileSync(target, INIT_TEMPLATE, { encoding: 'utf8', flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    // Refusing to overwrite is the user's call (exit 2); a path that cannot be written is the
    // environment's (exit 3), as for every output file (src/io/output-file.ts).
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError([`${target}: ${describeWriteError(error)}`]);
    throw new BrokerError(`${target}: ${describeWriteError(error)}`);
  }
  io.stdout(`Wrote ${target}. Edit it to describe your workloads, then run: rmq-plan size ${target}\n`);
  return ExitCode.ok;
}

function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EEXIST':
      return 'expected a new file, got an existing one (use --force to overwrite it)';
    case 'ENOENT':
      return 'cannot write: the directory does not exist';
    case 'EISDIR':
      return 'cannot write: it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'cannot write: permission denied';
    default:
      return `cannot write: ${code ?? (error as Error).message}`;
  }
}
