/**
 * Ctrl-C / SIGTERM for long runs that hold broker resources (bench, verify failover): the first
 * signal aborts the run so it can clean up (delete its queues, restart a node) and exit 130;
 * a second signal, or cleanup outlasting `hardExitMs`, exits 130 at once.
 */
import { ExitCode } from '../errors.js';

export interface InterruptOptions {
  /** Bound on the cleanup after the first signal. */
  hardExitMs: number;
  /** Told once, at the first signal (e.g. what cleanup is under way). */
  onSignal?: (signal: NodeJS.Signals) => void;
}

/** Runs `run` with an AbortSignal that the first SIGINT/SIGTERM aborts; the handlers are removed afterwards. */
export async function withInterrupts<T>(options: InterruptOptions, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    options.onSignal?.(sig);
    controller.abort();
    setTimeout(() => process.exit(ExitCode.interrupted), options.hardExitMs).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
