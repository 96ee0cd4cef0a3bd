/**
 * How a verify run (failover or partition) ends, the same way for both: its report printed (text
 * or JSON), then the exit code — 130 when interrupted, 3 when the broker blocked publishing (an
 * alarm: the run measured the alarm, not the fault), else 0 or 1 by the verdict. A run
 * interrupted before it started prints one line and exits 130.
 */
import type { CliIo } from '../io/cli-io.js';
import { ExitCode } from '../errors.js';
import type { ClientEvent } from './client-spec.js';
import { Aborted } from './connector.js';
import { BLOCKED_EVENT } from './publisher.js';

export interface FinishedRun {
  status: 'complete' | 'interrupted';
  verdict: { ok: boolean };
}

export async function reportRun<R extends FinishedRun>(
  run: () => Promise<R>,
  out: { json: boolean; render: (report: R) => string; events: (report: R) => readonly ClientEvent[]; fault: 'failover' | 'partition' },
  io: CliIo,
): Promise<ExitCode> {
  try {
    const report = await run();
    io.stdout(out.json ? `${JSON.stringify(report, null, 2)}\n` : out.render(report));
    if (report.status === 'interrupted') return ExitCode.interrupted;
    const blocked = out.events(report).find((e) => e.what.startsWith(BLOCKED_EVENT));
    if (blocked !== undefined) {
      io.stderr(
        `rmq-plan: the broker blocked publishing during the run (${blocked.client} at ${(blocked.tMs / 1000).toFixed(1)} s: ${blocked.what}); no ${out.fault} verdict can be given: free memory/disk on the broker (rabbitmq-diagnostics alarms) and run again\n`,
      );
      return ExitCode.brokerOrEnvironment;
    }
    return report.verdict.ok ? ExitCode.ok : ExitCode.targetsNotMet;
  } catch (err) {
    if (err instanceof Aborted) {
      io.stderr('rmq-plan: interrupted before the run started\n');
      return ExitCode.interrupted;
    }
    throw err;
  }
}
