/**
 * `rmq-plan init [file]`: writes the commented example workload file. Never overwrites an
 * existing file unless --force; "-" writes to stdout.
 */
import type { Command } from 'commander';
import { ExitCode } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import { writeOutputFile } from '../io/output-file.js';
import { switchValue } from './flag-types.js';
import { addFlags, flag, parseFlags, type RawFlags } from './flags.js';
import { INIT_TEMPLATE } from './init-template.js';

export const DEFAULT_INIT_FILE = 'workload.yaml';

const INIT_EXAMPLES = `
Examples:
  $ rmq-plan init                        writes ./workload.yaml
  $ rmq-plan init cluster-a.yaml
  $ rmq-plan init - | less               print the example instead
  $ rmq-plan init workload.yaml --force  overwrite an existing file`;

export const INIT_FLAGS = {
  force: flag('--force', 'overwrite the file if it exists', switchValue()),
} as const;

export type InitFlags = RawFlags<typeof INIT_FLAGS>;

export function runInit(file: string | undefined, raw: InitFlags, io: CliIo): ExitCode {
  const { force } = parseFlags(INIT_FLAGS, raw);
  const target = file ?? DEFAULT_INIT_FILE;
  if (target === '-') {
    io.stdout(INIT_TEMPLATE);
    return ExitCode.ok;
  }
  // A path that cannot be written is the environment's trouble (exit 3), as for every output file.
  writeOutputFile(target, INIT_TEMPLATE, '', { exclusive: force !== true, overwriteFlag: '--force' });
  io.stdout(`Wrote ${target}. Edit it to describe your workloads, then run: rmq-plan size ${target}\n`);
  return ExitCode.ok;
}

/** Adds the arguments, flags, help and action of `init` to its command (declared in program.ts). */
export function defineCommand(command: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  command
    .argument('[file]', 'where to write it ("-" for stdout)', DEFAULT_INIT_FILE)
    .addHelpText('after', INIT_EXAMPLES)
    .action((file: string, flags: InitFlags) => setExitCode(runInit(file, flags, io)));
  return addFlags(command, INIT_FLAGS);
}
