/**
 * Running the user's kill / restart / status commands: `/bin/sh -c`, in its own process group
 * so a timeout ends the command and whatever it started (only that group: processes this run
 * started, never anything found by name), output captured (last 4 KB) for the report.
 */
import { spawn } from 'node:child_process';
import { shellQuote } from '../emit/shell-quote.js';

/** Output kept per command: enough for a script's error message, small enough for a report. */
const OUTPUT_TAIL_BYTES = 4096;
/** After SIGTERM on timeout, how long before SIGKILL. */
const KILL_GRACE_MS = 2_000;

export interface ShellResult {
  command: string;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** stdout + stderr, last OUTPUT_TAIL_BYTES. */
  output: string;
}

/** Replace {name} placeholders with shell-quoted values; unknown placeholders stay as they are. */
export function substitute(command: string, values: Record<string, string>): string {
  return command.replace(/\{([A-Za-z]+)\}/g, (whole, key: string) => (key in values ? shellQuote(values[key]!) : whole));
}

export function runShell(command: string, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<ShellResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    const append = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > OUTPUT_TAIL_BYTES * 2) output = output.slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    let timedOut = false;
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
    }, timeoutMs);
    const finish = (exitCode: number | null) => {
      clearTimeout(timer);
      resolve({ command, exitCode, timedOut, durationMs: performance.now() - started, output: output.slice(-OUTPUT_TAIL_BYTES).trim() });
    };
    child.on('error', (err) => {
      append(Buffer.from(String(err.message)));
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}
