/**
 * How every command reports commander's own usage errors: one line on stderr that says where to
 * look (`rmq-plan: unknown option '--fromat' (did you mean --format?) (see "rmq-plan size --help")`),
 * exit code 2 (program.ts), and help text through the injected CliIo.
 */
import type { Command } from 'commander';
import { PROGRAM_NAME } from './errors.js';
import type { CliIo } from '../../io/cli-io.js';

export function configureCommand(command: Command, io: CliIo, helpCommand: string): Command {
  return command.exitOverride().configureOutput({
    writeOut: (text) => io.stdout(text),
    writeErr: (text) => io.stderr(text),
    outputError: (text, write) => write(`${PROGRAM_NAME}: ${usageMessage(text)} (see "${helpCommand} --help")\n`),
  });
}

/** Commander's "error: unknown command 'sise'\n(Did you mean size?)" as one line. */
export function usageMessage(text: string): string {
  return text
    .trim()
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\(Did you mean/, '(did you mean');
}
