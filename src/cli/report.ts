/**
 * `rmq-plan report --bench run.json [--calibration profile] --out report.html`: read and check
 * the run the bench wrote, choose the profile for the model's curve, write the HTML report.
 * (size and check write theirs with --report.)
 */
import type { Command } from 'commander';
import { SHIPPED_PROFILE_NAMES } from '../profile/shipped.js';
import { ExitCode } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import { parseDocumentText, readTextFile } from '../io/workload-file.js';
import { pathValue } from './flag-types.js';
import { addFlags, flag, parseFlags, type RawFlags } from './flags.js';

const REPORT_EXAMPLES = `
Examples:
  $ rmq-plan report --bench run.json --out bench-report.html                    model fitted from the run
  $ rmq-plan report --bench run.json --calibration published --out bench-report.html

For size and check reports use their --report flag. Details: docs/reports.md.`;

export const REPORT_FLAGS = {
  bench: flag('--bench <run.json>', 'a run written by `rmq-plan bench --out`', pathValue(), { required: true }),
  out: flag('--out <file>', 'where to write the HTML report', pathValue(), { required: true }),
  calibration: flag(
    '--calibration <profile>',
    `profile for the model's curve: a file (from \`rmq-plan bench\`) or a shipped profile (${SHIPPED_PROFILE_NAMES.join(', ')}); default: fitted from the run itself`,
    pathValue('a profile file or a shipped profile name'),
  ),
} as const;

export type ReportFlags = RawFlags<typeof REPORT_FLAGS>;

export async function runBenchReport(raw: ReportFlags, io: CliIo): Promise<ExitCode> {
  const f = parseFlags(REPORT_FLAGS, raw);
  const [{ parseBenchRun }, { benchCalibration }, { benchReportHtml }, { writeReport }] = await Promise.all([
    import('../bench/run-file.js'),
    import('../report/bench-calibration.js'),
    import('../report/bench-report.js'),
    import('../report/write.js'),
  ]);
  const path = f.bench!;
  const run = parseBenchRun(parseDocumentText(readTextFile(path), path, 'json'), path);
  writeReport(f.out!, benchReportHtml(run, path, benchCalibration(run, f.calibration)), io, '--out');
  return ExitCode.ok;
}

/** Adds the arguments, flags, help and action of `report` to its command (declared in program.ts). */
export function defineCommand(command: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  command.addHelpText('after', REPORT_EXAMPLES).action(async (flags: ReportFlags) => setExitCode(await runBenchReport(flags, io)));
  return addFlags(command, REPORT_FLAGS);
}
