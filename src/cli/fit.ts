/**
 * `rmq-plan fit run.json [more-runs.json…] --out profile.json`: fit a calibration profile to
 * saved bench runs (several runs of the same broker are merged: repeat runs to average out noise).
 * Registration only: the fit (and mathjs) load when the command runs.
 *
 * Wire-up in program.ts:  configure(addFitCommand(program, io, setExitCode), io, `${PROGRAM_NAME} fit`);
 */
import type { Command } from 'commander';
import { ExitCode, InputError } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import type { ClassicChoice } from '../calibration-fit/samples.js';
import { formatHelp, JSON_ALIAS_HELP, wantsJson } from '../io/output-format.js';

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

export interface FitFlags {
  out?: string;
  base?: string;
  classic?: string;
  name?: string;
  json?: boolean;
}

const CLASSIC_CHOICES: readonly ClassicChoice[] = ['auto', 'persistent', 'transient'];

export function addFitCommand(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  return program
    .command('fit')
    .description('fit a calibration profile (for size --calibration) to saved bench runs')
    .argument('<runs...>', 'bench run files (rmq-plan bench --out run.json)')
    .requiredOption('--out <file>', 'where to write the profile JSON')
    .option('--base <profile>', 'profile whose values are kept where the runs measure nothing (default: the shipped published one)')
    .option('--classic <variant>', 'classic coefficients from persistent or transient steps: auto, persistent, transient (default auto: persistent when measured)')
    .option('--name <name>', 'profile name (default "bench <run id>")')
    .option('-f, --format <format>', formatHelp('the fit report: R², residuals per coefficient group'))
    .option('--json', JSON_ALIAS_HELP)
    .addHelpText('after', FIT_EXAMPLES)
    .action(async (runs: string[], flags: FitFlags & { format?: string }) => {
      setExitCode(await runFitCommand(runs, { ...flags, json: wantsJson(flags) }, io));
    });
}

export async function runFitCommand(paths: readonly string[], flags: FitFlags, io: CliIo): Promise<ExitCode> {
  const classic = (flags.classic ?? 'auto').trim().toLowerCase() as ClassicChoice;
  if (!CLASSIC_CHOICES.includes(classic)) {
    throw new InputError([`--classic: expected one of ${CLASSIC_CHOICES.join(', ')}, got ${JSON.stringify(flags.classic)}`]);
  }
  const { readBenchRun, writeFittedProfile } = await import('../calibration-fit/files.js');
  const { renderFitReport } = await import('../calibration-fit/report.js');
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
  if (flags.json === true) io.stdout(`${JSON.stringify(result.fit, null, 2)}\n`);
  else io.stdout(`${renderFitReport(result.fit)}Profile written to ${flags.out}\n`);
  return ExitCode.ok;
}
