/**
 * Writes a report file. A path that cannot be written is bad input (exit 2), named by the
 * flag and the path; success is one line on stderr, so stdout stays the command's own output
 * (e.g. pure JSON).
 */
import { writeFileSync } from 'node:fs';
import type { CliIo } from '../commands/shared/io.js';
import { InputError } from '../errors.js';

export function writeReport(path: string, html: string, io: CliIo, flag = '--report'): void {
  try {
    writeFileSync(path, html, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (error as Error).message);
    throw new InputError([`${flag}: expected a file that can be written, got ${JSON.stringify(path)} (${why})`]);
  }
  io.stderr(`rmq-plan: report written to ${path}\n`);
}
