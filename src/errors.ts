/**
 * Errors that map to the CLI's documented exit codes. Anything else that escapes a
 * command is a bug, and the CLI reports it as such (exit 70) rather than as user error.
 */

/** Exit codes, documented in README.md ("Exit codes"). */
export const ExitCode = {
  ok: 0,
  /** The plan or check does not meet its targets or budget. */
  targetsNotMet: 1,
  /** Bad input: workload file, catalog, profile, flags. */
  badInput: 2,
  /** Broker or environment trouble: unreachable, credentials, killed mid-run, timeouts. */
  brokerOrEnvironment: 3,
  /** Interrupted by SIGINT/SIGTERM (128 + SIGINT, the shell convention); cleanup ran first. */
  interrupted: 130,
  /** An internal error: a bug in rmq-plan. */
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad input. Each problem is one line: `<where>: <field.path>: expected <what>, got <value>`. */
export class InputError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}

/** Broker or environment trouble. The message is one line and never contains a password. */
export class BrokerError extends Error {
  constructor(
    message: string,
    public readonly partialResults?: unknown,
  ) {
    super(message);
    this.name = 'BrokerError';
  }
}

/** A plan or check that fails its targets; carries the failures for the exit-1 message. */
export class PlanFailedError extends Error {
  constructor(public readonly failures: string[]) {
    super(failures.join('\n'));
    this.name = 'PlanFailedError';
  }
}
