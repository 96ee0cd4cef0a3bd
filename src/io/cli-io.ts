/**
 * Where a command writes, injected so tests can run commands in-process and capture output.
 * The real CLI passes processIo().
 */
import { ExitCode } from '../errors.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour and progress only on a terminal. */
  stdoutIsTTY: boolean;
  /** The terminal's width when stdout is one (tables lay out to it: src/render/width.ts). */
  stdoutColumns?: number;
  env: Record<string, string | undefined>;
}

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

/** An in-memory CliIo for tests: what was written, and a non-TTY, colourless environment. */
export function memoryIo(env: Record<string, string | undefined> = { NO_COLOR: '1' }): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdoutIsTTY: false,
    env,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
