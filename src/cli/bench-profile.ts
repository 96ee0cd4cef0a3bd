/**
 * The bench command's hook into the fit (`rmq-plan bench --profile-out profile.json
 * [--base-profile old.json]`): check the options before the run (so a bad base profile fails in
 * a second, not after five minutes of benchmarking), and fit + write the profile after it.
 * Loaded lazily by the bench command only when --profile-out is given.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadProfileFile } from '../profile/load.js';
import { InputError } from '../errors.js';
import type { BenchRunResult } from '../bench/types.js';
import type { CliIo } from '../io/cli-io.js';
import { writeFittedProfile } from '../profile/fit/files.js';
import { renderFitReport } from '../render/table/fit.js';

export interface ProfileOutFlags {
  profileOut?: string;
  baseProfile?: string;
}

/** Before the run: --base-profile must load, --profile-out's folder must exist. Throws InputError (exit 2). */
export function checkProfileOutFlags(flags: ProfileOutFlags): void {
  const problems: string[] = [];
  if (flags.baseProfile !== undefined && flags.profileOut === undefined) {
    problems.push(`--base-profile: expected only with --profile-out, got ${JSON.stringify(flags.baseProfile)} alone`);
  }
  if (flags.profileOut !== undefined) {
    const dir = dirname(resolve(flags.profileOut));
    if (flags.profileOut.trim() === '' || !existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push(`--profile-out: expected a file in an existing folder, got ${JSON.stringify(flags.profileOut)}`);
    }
  }
  if (flags.baseProfile !== undefined) {
    try {
      loadProfileFile(flags.baseProfile);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
}

/** After the run (complete or partial): fit, write, and report on stderr unless --json keeps stdout for JSON only. */
export function fitAfterBench(result: BenchRunResult, flags: ProfileOutFlags, io: CliIo, json: boolean): void {
  if (flags.profileOut === undefined) return;
  if (result.steps.length === 0) {
    io.stderr(`rmq-plan: no step completed: no profile written to ${flags.profileOut}\n`);
    return;
  }
  const { fit } = writeFittedProfile(result, {
    out: flags.profileOut,
    outFlag: '--profile-out',
    ...(flags.baseProfile !== undefined ? { basePath: flags.baseProfile } : {}),
  });
  if (!json) io.stderr(`${renderFitReport(fit)}profile written to ${flags.profileOut} (use: rmq-plan size <workload> --calibration ${flags.profileOut})\n`);
}
