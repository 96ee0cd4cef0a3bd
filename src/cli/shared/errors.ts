/**
 * The one place errors become exit codes and stderr lines. User mistakes (InputError) print
 * their problems, one per line; broker trouble prints one line; anything else is a bug in
 * rmq-plan: "internal error: … (please report)", with the stack only when RMQ_PLAN_DEBUG=1.
 */
import { BrokerError, ExitCode, InputError, PlanFailedError } from '../../errors.js';
import { escapeControl } from '../../schema/text.js';
import type { CliIo } from '../../io/cli-io.js';
import { int } from '../../format/numbers.js';

export const PROGRAM_NAME = 'rmq-plan';

/**
 * Most problem lines printed for one error: enough to fix a file in a few rounds, not the
 * 10 MB a file of 20,000 bad workloads would produce.
 */
export const MAX_PROBLEM_LINES = 50;

export function reportError(error: unknown, io: CliIo): ExitCode {
  if (error instanceof InputError) {
    io.stderr(lines(error.problems));
    return ExitCode.badInput;
  }
  if (error instanceof PlanFailedError) {
    io.stderr(lines(error.failures));
    return ExitCode.targetsNotMet;
  }
  if (error instanceof BrokerError) {
    io.stderr(`${PROGRAM_NAME}: ${oneLine(error.message)}\n`);
    return ExitCode.brokerOrEnvironment;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`${PROGRAM_NAME}: internal error: ${oneLine(message)} (please report this as a bug; RMQ_PLAN_DEBUG=1 shows the stack)\n`);
  if (debugEnabled(io) && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return ExitCode.internal;
}

export function debugEnabled(io: CliIo): boolean {
  const value = io.env.RMQ_PLAN_DEBUG;
  return value !== undefined && value !== '' && value !== '0';
}

/** One line per problem, control characters escaped (text from a file never drives the terminal), capped. */
export function lines(items: readonly string[]): string {
  const shown = items.slice(0, MAX_PROBLEM_LINES).map((item) => `${escapeControl(item)}\n`);
  const more = items.length - MAX_PROBLEM_LINES;
  if (more > 0) shown.push(`… and ${int(more)} more ${more === 1 ? 'problem' : 'problems'}\n`);
  return shown.join('');
}

function oneLine(text: string): string {
  return escapeControl(text.split('\n')[0] ?? text);
}
