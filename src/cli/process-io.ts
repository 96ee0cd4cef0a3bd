/** The CliIo of the real process: its stdout, stderr, terminal and environment. */
import { ExitCode } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';

/**
 * A reader that goes away (`rmq-plan schema | head`) is normal in a pipeline: stop quietly, as
 * Unix tools do, instead of crashing on the asynchronous EPIPE with a stack trace.
 */
function handleStdoutErrors(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`rmq-plan: cannot write the output: ${error.code ?? error.message}\n`);
    // stdout that cannot be written for another reason than a closed pipe: the environment (README "Exit codes").
    process.exit(ExitCode.brokerOrEnvironment);
  });
}

export function processIo(): CliIo {
  handleStdoutErrors();
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    ...(process.stdout.isTTY === true && process.stdout.columns > 0 ? { stdoutColumns: process.stdout.columns } : {}),
    env: process.env,
  };
}
