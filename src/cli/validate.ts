/**
 * `rmq-plan validate <run.json…>`: how well the model predicts bench runs (docs/validate.md).
 * Flags and help only; the body (src/validate) loads when the command runs.
 *
 * Wire-up in program.ts:  configure(addValidateCommand(program, io, setExitCode), io, `${PROGRAM_NAME} validate`);
 */
import type { Command } from 'commander';
import type { ExitCode } from '../errors.js';
import { CALIBRATION_OPTION_HELP } from '../calibration/shipped.js';
import type { ValidateFlags } from '../validate/command.js';
import type { CliIo } from '../io/cli-io.js';
import { formatHelp, JSON_ALIAS_HELP, wantsJson } from '../io/output-format.js';

const VALIDATE_EXAMPLES = `
Examples:
  $ rmq-plan validate run.json                                the shipped default profile vs this run
  $ rmq-plan fit calib-*.json --out fitted.json && rmq-plan validate held-out.json --calibration fitted.json
  $ rmq-plan validate runs/*.json --max-error 20 --format json | jq .summary

For each closed-loop search in the runs, the model's saturation rate on the run's broker machine
(its cores, less what a same-machine load generator used) against the maximum sustained rate;
for each open-loop step, the model's p99 at the rate the step delivered against the p99 it
measured. Client-limited searches and steps are listed but not counted; runs against several
broker nodes are not predicted yet (the prediction is for one node, without replication).
Exit codes: 0 median maximum-rate error ≤ --max-error; 1 above it, or nothing to judge; 2 a bad
file or flag.`;

export function addValidateCommand(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  return program
    .command('validate')
    .description("predict what bench runs measured with the model and report the error (maximum rates and p99)")
    .argument('<runs...>', 'bench run files (rmq-plan bench --out or --format json output)')
    .option('--calibration <profile>', CALIBRATION_OPTION_HELP)
    .option('--max-error <percent>', 'median error of the maximum rates above which the exit code is 1 (default 15)')
    .option('-f, --format <format>', formatHelp('the validation'))
    .option('--json', JSON_ALIAS_HELP)
    .addHelpText('after', VALIDATE_EXAMPLES)
    .action(async (files: string[], flags: ValidateFlags & { format?: string }) => {
      const { runValidateCommand } = await import('../validate/command.js');
      setExitCode(await runValidateCommand(files, { ...flags, json: wantsJson(flags) }, io));
    });
}
