/**
 * Writes an output file (--out, --report, --profile-out) the one way every command does: never
 * blocking on a FIFO without a reader (opened non-blocking: ENXIO at once), refusing FIFOs and
 * sockets (a reader could stall the write indefinitely), allowing regular files and character
 * devices (/dev/null, a terminal). A file that cannot be written is an environment problem:
 * BrokerError, exit 3 (README "Exit codes"), one line naming the flag, the path and why.
 */
import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import { BrokerError, InputError } from '../errors.js';
import { describeFsError } from './fs-errors.js';

/**
 * `exclusive`: refuse an existing file (init without --force) — atomically (O_EXCL: no window
 * between a check and the write); that refusal is the user's call, bad input (exit 2).
 */
export function writeOutputFile(path: string, text: string, flag: string, options: { exclusive?: boolean; overwriteFlag?: string } = {}): void {
  const where = flag === '' ? JSON.stringify(path) : `${flag} ${JSON.stringify(path)}`;
  const fail = (why: string) => new BrokerError(`cannot write ${where}: ${why}`);
  if (path.trim() === '') throw fail('an empty path');
  let fd: number;
  try {
    const create = options.exclusive === true ? constants.O_EXCL : constants.O_TRUNC;
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | create | constants.O_NONBLOCK, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new InputError([
        `${path}: expected a new file, got an existing one${options.overwriteFlag ? ` (use ${options.overwriteFlag} to overwrite it)` : ''}`,
      ]);
    }
    throw fail(describeWriteError(error));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isFIFO() || stat.isSocket()) throw fail(`it is a ${stat.isFIFO() ? 'FIFO (named pipe)' : 'socket'}, expected a regular file`);
    const data = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
  } catch (error) {
    if (error instanceof BrokerError) throw error;
    throw fail(describeWriteError(error));
  } finally {
    closeSync(fd);
  }
}

function describeWriteError(error: unknown): string {
  // A missing path when writing means its folder is missing (the file is created).
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : describeFsError(error);
}
