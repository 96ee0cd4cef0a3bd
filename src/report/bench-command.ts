/**
 * `rmq-plan report --bench run.json [--calibration profile] --out report.html`: validate the run
 * the bench wrote, choose the profile for the model's curve, and write the HTML report. Without
 * --calibration the profile is fitted from the run itself (src/calibration-fit), on top of the
 * shipped default for what the run does not measure.
 */
import type { CliIo } from '../io/cli-io.js';
import { parseBenchRun } from '../bench/run-file.js';
import type { BenchRunResult } from '../bench/types.js';
import { loadDefaultProfile, loadProfileArgument } from '../calibration/default-profile.js';
import { fitProfile } from '../calibration-fit/fit.js';
import { ExitCode } from '../errors.js';
import { parseDocumentText, readTextFile } from '../io/workload-file.js';
import { benchReportHtml, type BenchCalibration } from './bench-report.js';
import { writeReport } from './write.js';

/** The profile the model's curve uses: the one given, else one fitted from the run. */
export function benchCalibration(run: BenchRunResult, calibration: string | undefined): BenchCalibration {
  if (calibration !== undefined) return { profile: loadProfileArgument(calibration), how: `given with --calibration ${calibration}` };
  const base = loadDefaultProfile();
  try {
    return { profile: fitProfile(run, base).profile, how: `fitted from this run (what the run does not measure from "${base.name}")` };
  } catch (error) {
    // The report is still worth having: say which profile the curve uses instead, and why.
    const why = error instanceof Error ? error.message : String(error);
    return { profile: base, how: `the shipped default: fitting one from this run failed (${why})` };
  }
}

/** `rmq-plan report` flags (registered in src/commands/check.ts). */
export interface ReportFlags {
  bench?: string;
  out?: string;
  /** Profile for the model's curve: a file or a shipped name (default: fitted from the run). */
  calibration?: string;
}

export async function runBenchReport(flags: ReportFlags, io: CliIo): Promise<ExitCode> {
  const path = flags.bench!;
  const data = parseDocumentText(readTextFile(path), path, 'json');
  const run = parseBenchRun(data, path);
  const calibration = benchCalibration(run, flags.calibration);
  writeReport(flags.out!, benchReportHtml(run, path, calibration), io, '--out');
  return ExitCode.ok;
}
