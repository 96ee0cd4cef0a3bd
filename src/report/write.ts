/**
 * Writes a report file (src/io/output-file.ts: never blocks, exit 3 with one line when it cannot
 * be written); success is one line on stderr, so stdout stays the command's own output (e.g.
 * pure JSON).
 */
import type { CliIo } from '../io/cli-io.js';
import { writeOutputFile } from '../io/output-file.js';

export function writeReport(path: string, html: string, io: CliIo, flag = '--report'): void {
  writeOutputFile(path, html, flag);
  io.stderr(`rmq-plan: report written to ${path}\n`);
}
