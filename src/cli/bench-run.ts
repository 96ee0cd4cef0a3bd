/**
 * The `rmq-plan bench` command body (loaded lazily by src/commands/bench.ts): flags → run →
 * progress, table or JSON, --out file. Owns the SIGINT/SIGTERM handling: the first signal stops
 * the current step and deletes the run's queues (bounded), then the command exits 130; a second
 * signal, or cleanup taking too long, exits 130 at once.
 */
import { writeOutputFile } from '../io/output-file.js';
import { withInterrupts } from '../io/interrupt.js';
import { BrokerError, ExitCode } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import { parseBenchFlags, type BenchFlags } from '../bench/options.js';
import { barProgress, lineProgress, renderSteps, renderSummary, type ProgressReporter } from '../bench/render.js';
import { CLEANUP_TIMEOUT_MS, runBench } from '../bench/run-bench.js';
import { BenchRunResultSchema, type BenchRunResult } from '../bench/types.js';

/**
 * After a signal, the step's own cleanup (close connections, delete its queues, ≤ ~12 s when the
 * broker is slow) plus the final sweep (CLEANUP_TIMEOUT_MS) must fit; past this the process exits anyway.
 */
const HARD_EXIT_AFTER_SIGNAL_MS = 15_000 + CLEANUP_TIMEOUT_MS;

function isRunResult(x: unknown): x is BenchRunResult {
  return BenchRunResultSchema.safeParse(x).success;
}

function writeOut(path: string, result: BenchRunResult): void {
  writeOutputFile(path, `${JSON.stringify(result, null, 2)}\n`, '--out');
}

export async function runBenchCommand(flags: BenchFlags, io: CliIo): Promise<number> {
  const opts = parseBenchFlags(flags, io.env);
  // The fit (and mathjs) load only when a profile is asked for; bad profile flags fail before the run.
  const profileHook = flags.profileOut !== undefined || flags.baseProfile !== undefined ? await import('../calibration-fit/bench-hook.js') : null;
  profileHook?.checkProfileOutFlags(flags);
  const reporter: ProgressReporter | null = opts.json
    ? null
    : io.stdoutIsTTY && process.stderr.isTTY === true
      ? barProgress(process.stderr)
      : lineProgress((t) => io.stderr(t));

  const emitResult = (result: BenchRunResult) => {
    if (opts.out !== null) writeOut(opts.out, result);
    if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.steps.length > 0) io.stdout(`${renderSteps(result)}\n${renderSummary(result)}`);
    else io.stdout(renderSummary(result));
  };

  const notice = (sig: NodeJS.Signals): void => {
    if (!opts.json) io.stderr(`\nrmq-plan: ${sig}: stopping; deleting the bench's queues (Ctrl-C again to quit at once)\n`);
  };
  return withInterrupts({ hardExitMs: HARD_EXIT_AFTER_SIGNAL_MS, onSignal: notice }, async (signal) => {
    try {
      const result = await runBench(opts.bench, { signal, onEvent: (e) => reporter?.onEvent(e) });
      reporter?.stop();
      emitResult(result);
      profileHook?.fitAfterBench(result, flags, io, opts.json);
      if (result.status === 'interrupted') {
        if (!opts.json) io.stderr(`rmq-plan: interrupted; ${result.cleanup.queuesLeft.length === 0 ? "the bench's queues were deleted" : `queues left: ${result.cleanup.queuesLeft.join(', ')}`}\n`);
        return ExitCode.interrupted;
      }
      return 0;
    } catch (err) {
      reporter?.stop();
      if (err instanceof BrokerError && isRunResult(err.partialResults)) {
        emitResult(err.partialResults);
        try {
          profileHook?.fitAfterBench(err.partialResults, flags, io, opts.json);
        } catch (fitError) {
          // The broker error is what the user must see (exit 3); the fit failure is secondary.
          io.stderr(`rmq-plan: no profile fitted from the partial run: ${(fitError as Error).message.split('\n')[0]}\n`);
        }
      }
      throw err;
    }
  });
}
