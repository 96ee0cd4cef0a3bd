/**
 * The `rmq-plan validate` command body (loaded lazily by src/commands/validate.ts): read and check
 * every run, choose the profile, validate, print text or JSON. Exit 0 when the median error of
 * the maximum rates is within --max-error, 1 when it is not (or nothing could be judged), 2 for
 * a bad file or flag.
 */
import { parseBenchRun } from '../bench/run-file.js';
import { loadDefaultProfile, loadProfileArgument } from '../calibration/default-profile.js';
import type { CliIo } from '../io/cli-io.js';
import { ExitCode, InputError } from '../errors.js';
import { parseDocumentText, readTextFile } from '../io/workload-file.js';
import { renderValidation } from './render.js';
import { DEFAULT_MAX_ERROR_PERCENT, validateRuns, type RunInput } from './validate.js';

export interface ValidateFlags {
  calibration?: string;
  maxError?: string;
  json?: boolean;
}

/** The widest --max-error accepted: beyond 1000 % the check says nothing. */
const MAX_MAX_ERROR_PERCENT = 1000;

function parseMaxError(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MAX_ERROR_PERCENT;
  const text = raw.trim().replace(/%$/, '');
  const v = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(v > 0) || v > MAX_MAX_ERROR_PERCENT) {
    throw new InputError([`--max-error: expected a percentage above 0 and at most ${MAX_MAX_ERROR_PERCENT}, e.g. 15, got ${JSON.stringify(raw)}`]);
  }
  return v;
}

export async function runValidateCommand(files: string[], flags: ValidateFlags, io: CliIo): Promise<ExitCode> {
  const maxError = parseMaxError(flags.maxError);
  const problems: string[] = [];
  const inputs: RunInput[] = [];
  for (const file of files) {
    try {
      const data = parseDocumentText(readTextFile(file), file, 'json');
      inputs.push({ file, run: parseBenchRun(data, file) });
    } catch (err) {
      if (err instanceof InputError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const profile = flags.calibration !== undefined ? loadProfileArgument(flags.calibration) : loadDefaultProfile();
  const report = validateRuns(inputs, profile, maxError);
  io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderValidation(report));
  return report.ok ? ExitCode.ok : ExitCode.targetsNotMet;
}
