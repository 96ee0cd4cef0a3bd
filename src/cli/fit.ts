/**
 * `rmq-plan fit run.json [more-runs.json…] --out profile.json`: fit a calibration profile to
 * saved bench runs (several runs of the same broker are merged: repeat runs to average out noise).
 * The fit (and mathjs) load when the command runs.
 */
import type { Command } from 'commander';
import { ExitCode, InputError } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import type { ClassicChoice } from '../profile/fit/samples.js';
import { machineOutputFlags, printsJson } from './common-flags.js';
import { choiceValue, pathValue } from './flag-types.js';
import { addFlags, flag, flagWithDefault, parseFlags, type RawFlags } from './flags.js';

const FIT_EXAMPLES = `
Examples:
  $ rmq-plan bench --out run.json && rmq-plan fit run.json --out profile.json
  $ rmq-plan fit run1.json run2.json run3.json --out profile.json     repeated runs, merged
  $ rmq-plan fit run.json --out profile.json --base old-profile.json  keep old values where unmeasured
  $ rmq-plan size workload.yaml --calibration profile.json
  $ rmq-plan compare old-profile.json profile.json

Coefficients the runs do not measure keep the base profile's value (default: the shipped
published profile) and say so in their source. Details: docs/fit.md.
Exit codes: 0 ok, 2 bad run file, base profile or flag, 3 the profile cannot be written.`;

const CLASSIC_CHOICES = ['auto', 'persistent', 'transient'] as const satisfies readonly ClassicChoice[];

export const FIT_FLAGS = {
  out: flag('--out <file>', 'where to write the profile JSON', pathValue(), { required: true }),
  base: flag(
    '--base <profile>',
    'profile whose values are kept where the runs measure nothing (default: the shipped published one)',
    pathValue('a profile file or a shipped profile name'),
  ),
  classic: flagWithDefault(
    '--classic <variant>',
    'classic coefficients from persistent or transient steps: auto (persistent when measured), persistent, transient',
    choiceValue(CLASSIC_CHOICES),
    'auto',
  ),
  name: flag('--name <name>', 'profile name (default "bench <run id>")', pathValue('a name')),
  ...machineOutputFlags('the fit report: R², residuals per coefficient group'),
} as const;

export type FitFlags = RawFlags<typeof FIT_FLAGS>;

/** Adds the arguments, flags, help and action of `fit` to its command (declared in program.ts). */
export function defineCommand(command: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  command
    .argument('<runs...>', 'bench run files (rmq-plan bench --out run.json)')
    .addHelpText('after', FIT_EXAMPLES)
    .action(async (runs: string[], flags: FitFlags) => setExitCode(await runFitCommand(runs, flags, io)));
  return addFlags(command, FIT_FLAGS);
}

export async function runFitCommand(paths: readonly string[], raw: FitFlags, io: CliIo): Promise<ExitCode> {
  const flags = parseFlags(FIT_FLAGS, raw);
  const { classic } = flags;
  const { readBenchRun, writeFittedProfile } = await import('../profile/fit/files.js');
  const { renderFitReport } = await import('../render/table/fit.js');
  const problems: string[] = [];
  const runs = [];
  for (const path of paths) {
    try {
      runs.push(readBenchRun(path));
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const result = writeFittedProfile(runs, {
    out: flags.out!,
    classic,
    ...(flags.base !== undefined ? { basePath: flags.base } : {}),
    ...(flags.name !== undefined ? { name: flags.name } : {}),
  });
  if (printsJson(flags)) io.stdout(`${JSON.stringify(result.fit, null, 2)}\n`);
  else io.stdout(`${renderFitReport(result.fit)}Profile written to ${flags.out}\n`);
  return ExitCode.ok;
}
