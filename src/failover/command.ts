/**
 * The `rmq-plan verify failover` command body (loaded lazily by src/commands/verify.ts): flags →
 * run → text or JSON. First Ctrl-C / SIGTERM: stop, restart the killed node if the run killed
 * one, delete the queues, print what was measured, exit 130. A second signal exits at once.
 *
 * Exit codes: 0 the check passed (no confirmed message lost, service resumed while the node was
 * down, kill/restart worked, the restarted quorum member came back); 1 it did not (the report
 * says why: a classic queue fails here); 2 bad flags; 3 broker trouble, including a resource
 * alarm that blocked publishing during the run (the report is still printed); 130 interrupted.
 */
import { withInterrupts } from '../io/interrupt.js';
import type { CliIo } from '../io/cli-io.js';
import { parseFailoverFlags, type VerifyFailoverFlags } from './options.js';
import { reportRun } from './run-outcome.js';
import { renderFailover } from './render.js';
import { runFailover } from './run-failover.js';

/** After a signal: restarting a node (~20 s) and deleting queues must fit; then exit anyway. */
const HARD_EXIT_AFTER_SIGNAL_MS = 150_000;

export async function runVerifyFailoverCommand(flags: VerifyFailoverFlags, io: CliIo): Promise<number> {
  const opts = parseFailoverFlags(flags, io.env);
  const notice = (sig: NodeJS.Signals): void => {
    io.stderr(`\nrmq-plan: ${sig}: stopping; restarting the killed node if needed and deleting the run's queues (Ctrl-C again to quit at once)\n`);
  };
  return withInterrupts({ hardExitMs: HARD_EXIT_AFTER_SIGNAL_MS, onSignal: notice }, async (signal) => {
    const progress = opts.json ? undefined : (line: string) => io.stderr(`rmq-plan: ${line}\n`);
    return reportRun(() => runFailover(opts, { signal, ...(progress ? { onProgress: progress } : {}) }), {
      json: opts.json,
      render: renderFailover,
      events: (r) => r.events,
      fault: 'failover',
    }, io);
  });
}
