/**
 * `rmq-plan validate <run.json…>`: how well the model predicts bench runs (docs/validate.md):
 * read and check every run, choose the profile, validate (src/validate), print text or JSON.
 */
import type { Command } from 'commander';
import { ExitCode, InputError } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import { parseDocumentText, readTextFile } from '../io/workload-file.js';
import { CALIBRATION_FLAG, machineOutputFlags, printsJson } from './common-flags.js';
import { numberValue } from './flag-types.js';
import { addFlags, flag, parseFlags, type RawFlags } from './flags.js';

const VALIDATE_EXAMPLES = `
Examples:
  $ rmq-plan validate run.json                                the shipped default profile vs this run
  $ rmq-plan fit calib-*.json --out fitted.json && rmq-plan validate held-out.json --calibration fitted.json
  $ rmq-plan validate runs/*.json --max-error 20 --format json | jq .summary

For each closed-loop search in the runs, the model's saturation rate on the run's broker machine
(its cores, less what a same-machine load generator used) against the maximum sustained rate;
for each open-loop step, the model's p99 at the rate the step delivered against the p99 it
measured. A run against several nodes is predicted for that cluster (its nodes, the queues'
replicas, one machine's cores when the nodes share it). Client-limited searches and steps are
listed but not counted.
Exit codes: 0 median maximum-rate error ≤ --max-error; 1 above it, or nothing to judge; 2 a bad
file or flag.`;

/** The widest --max-error accepted: beyond 1000 % the check says nothing. */
const MAX_MAX_ERROR_PERCENT = 1000;
/** The median absolute error of the maximum rates above which `validate` exits 1 (issue 10's target). */
const DEFAULT_MAX_ERROR_PERCENT = 15;

export const VALIDATE_FLAGS = {
  calibration: CALIBRATION_FLAG,
  maxError: flag(
    '--max-error <percent>',
    `median error of the maximum rates above which the exit code is 1 (default ${DEFAULT_MAX_ERROR_PERCENT})`,
    numberValue(`a percentage above 0 and at most ${MAX_MAX_ERROR_PERCENT}, e.g. 15`, (v) => v > 0 && v <= MAX_MAX_ERROR_PERCENT),
  ),
  ...machineOutputFlags('the validation'),
} as const;

export type ValidateFlags = RawFlags<typeof VALIDATE_FLAGS>;

/** Adds the arguments, flags, help and action of `validate` to its command (declared in program.ts). */
export function defineCommand(command: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  command
    .argument('<runs...>', 'bench run files (rmq-plan bench --out or --format json output)')
    .addHelpText('after', VALIDATE_EXAMPLES)
    .action(async (files: string[], flags: ValidateFlags) => setExitCode(await runValidateCommand(files, flags, io)));
  return addFlags(command, VALIDATE_FLAGS);
}

/** Exit 0 when the median error of the maximum rates is within --max-error, 1 when it is not (or nothing could be judged), 2 for a bad file or flag. */
export async function runValidateCommand(files: readonly string[], raw: ValidateFlags, io: CliIo): Promise<ExitCode> {
  const flags = parseFlags(VALIDATE_FLAGS, { ...raw, maxError: typeof raw.maxError === 'string' ? raw.maxError.trim().replace(/%$/, '') : raw.maxError });
  const [{ parseBenchRun }, { loadDefaultProfile, loadProfileArgument }, { renderValidation }, { validateRuns }] = await Promise.all([
    import('../bench/run-file.js'),
    import('../profile/load.js'),
    import('../render/table/validate.js'),
    import('../validate/validate.js'),
  ]);
  const problems: string[] = [];
  const inputs: { file: string; run: ReturnType<typeof parseBenchRun> }[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, run: parseBenchRun(parseDocumentText(readTextFile(file), file, 'json'), file) });
    } catch (err) {
      if (err instanceof InputError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const profile = flags.calibration !== undefined ? loadProfileArgument(flags.calibration) : loadDefaultProfile();
  const report = validateRuns(inputs, profile, flags.maxError ?? DEFAULT_MAX_ERROR_PERCENT);
  io.stdout(printsJson(flags) ? `${JSON.stringify(report, null, 2)}\n` : renderValidation(report));
  return report.ok ? ExitCode.ok : ExitCode.targetsNotMet;
}
