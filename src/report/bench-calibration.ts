/**
 * The profile of a bench report's model curve: the one given, else one fitted from the run
 * itself (src/profile/fit), on top of the shipped default for what the run does not measure.
 */
import type { BenchRunResult } from '../bench/types.js';
import { loadDefaultProfile, loadProfileArgument } from '../profile/load.js';
import { fitProfile } from '../profile/fit/fit.js';
import type { BenchCalibration } from './bench-report.js';

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
