/**
 * File side of the fit: read bench runs (run.json as `rmq-plan bench --out` writes it), fit,
 * check the result with the same loader `size --calibration` uses, and write the profile.
 * The bench command's hook (`--profile-out`) and `rmq-plan fit` both call writeFittedProfile.
 */
import { writeOutputFile } from '../../io/output-file.js';
import { readTextFile } from '../../io/workload-file.js';
import { loadDefaultProfile, loadProfileFile, validateProfile } from '../load.js';
import { InputError } from '../../errors.js';
import { parseBenchRun } from '../../bench/run-file.js';
import type { BenchRunResult } from '../../bench/types.js';
import type { Profile } from '../../schema/profile.js';
import { fitProfile, type FitOptions, type FitResult } from './fit.js';
import { mergeRuns, splitClusterRuns } from './merge.js';

/** Reads and validates a bench run file. Throws InputError (exit 2) naming the file and field. */
export function readBenchRun(path: string): BenchRunResult {
  const text = readTextFile(path, 'a readable bench run (JSON from rmq-plan bench --out)');
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError([`${path}: (top level): expected a bench run in JSON, got invalid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  return parseBenchRun(data, path);
}

export interface WriteFittedProfileOptions extends FitOptions {
  /** Where to write the profile JSON. */
  out: string;
  /** The flag that named `out`, for the error when it cannot be written. Default --out. */
  outFlag?: string;
  /** Base profile file; default the shipped published profile. */
  basePath?: string;
}

/**
 * Fits, validates (as `size --calibration` will load it) and writes the profile. A fitted
 * profile that does not validate is a bug in the fit (plain Error, exit 70), not bad input.
 */
export function writeFittedProfile(runs: BenchRunResult | readonly BenchRunResult[], options: WriteFittedProfileOptions): FitResult {
  const base: Profile = options.basePath === undefined ? loadDefaultProfile() : loadProfileFile(options.basePath);
  const { stages, cluster } = splitClusterRuns(Array.isArray(runs) ? (runs as readonly BenchRunResult[]) : [runs as BenchRunResult]);
  const result = fitProfile(mergeRuns(stages), base, { ...options, ...(cluster.length > 0 ? { clusterRun: mergeRuns(cluster) } : {}) });
  const text = `${JSON.stringify(result.profile, null, 2)}\n`;
  try {
    validateProfile(JSON.parse(text) as unknown, options.out);
  } catch (error) {
    const detail = error instanceof InputError ? error.problems.join('; ') : String(error);
    throw new Error(`the fitted profile does not validate: ${detail}`);
  }
  writeOutputFile(options.out, text, options.outFlag ?? '--out');
  return result;
}
