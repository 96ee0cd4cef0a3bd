/**
 * The `rmq-plan verify partition` command body (loaded lazily by src/commands/verify.ts): flags →
 * run → text or JSON. First Ctrl-C / SIGTERM: stop, heal the partition if the run made one,
 * delete the queue, print what was measured, exit 130. A second signal exits at once.
 *
 * Exit codes: 0 the check passed; 1 it did not (the report says why); 2 bad flags; 3 broker
 * trouble (including a partition or heal command that failed, or a resource alarm during the run,
 * after which the report is still printed); 130 interrupted.
 */
import { withInterrupts } from '../io/interrupt.js';
import type { CliIo } from '../io/cli-io.js';
import { parsePartitionFlags, type VerifyPartitionFlags } from './partition-options.js';
import { renderPartition } from './partition-render.js';
import { reportRun } from './run-outcome.js';
import { runPartition } from './run-partition.js';

/** After a signal: healing and deleting the queue must fit; then exit anyway. */
const HARD_EXIT_AFTER_SIGNAL_MS = 90_000;

export async function runVerifyPartitionCommand(flags: VerifyPartitionFlags, io: CliIo): Promise<number> {
  const opts = parsePartitionFlags(flags, io.env);
  const notice = (sig: NodeJS.Signals): void => {
    io.stderr(`\nrmq-plan: ${sig}: stopping; healing the partition if one was made and deleting the run's queue (Ctrl-C again to quit at once)\n`);
  };
  return withInterrupts({ hardExitMs: HARD_EXIT_AFTER_SIGNAL_MS, onSignal: notice }, async (signal) => {
    const progress = opts.json ? undefined : (line: string) => io.stderr(`rmq-plan: ${line}\n`);
    return reportRun(() => runPartition(opts, { signal, ...(progress ? { onProgress: progress } : {}) }), {
      json: opts.json,
      render: renderPartition,
      events: (r) => [...r.majority.events, ...r.minority.events],
      fault: 'partition',
    }, io);
  });
}
