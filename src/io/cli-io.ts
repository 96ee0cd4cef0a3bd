/**
 * Where a command writes, injected so tests can run commands in-process and capture output.
 * The real CLI passes processIo() (src/cli/process-io.ts).
 */

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour and progress only on a terminal. */
  stdoutIsTTY: boolean;
  /** The terminal's width when stdout is one (tables lay out to it: src/render/width.ts). */
  stdoutColumns?: number;
  env: Record<string, string | undefined>;
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
