/**
 * The command-line program: commands, flags, help with examples, and exit codes. Command
 * modules are imported only when their command runs, so `rmq-plan size` never loads what
 * `bench` needs (amqplib, mathjs) and starts fast (bench.ts and inspect.ts only declare flags).
 *
 * Exit codes (README "Exit codes"): 0 ok; 1 targets or budget not met; 2 bad input or usage
 * (commander's usage errors included); 3 broker or environment; 70 internal error (a bug).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../errors.js';
import { registerFit } from './fit.js';
import { addBenchCommand } from './bench.js';
import { registerCheck } from './check.js';
import { registerReport } from './report.js';
import { registerSize } from './size.js';
import { registerSchema } from './schema.js';
import { registerInit } from './init.js';
import { registerCompare } from './compare.js';
import { registerInspect } from './inspect.js';
import { configureCommand } from './shared/commander.js';
import { PROGRAM_NAME, reportError } from './shared/errors.js';
import type { CliIo } from '../io/cli-io.js';
import { registerValidate } from './validate.js';
import { addVerifyCommand } from './verify.js';

const PACKAGE_JSON_URL = new URL('../../package.json', import.meta.url);

const MAIN_EXAMPLES = `
Examples:
  $ rmq-plan init workload.yaml              write a commented example to edit
  $ rmq-plan size workload.yaml              recommend a cluster (table)
  $ rmq-plan size workload.yaml -f markdown  a report for a design review
  $ rmq-plan size workload.yaml --traffic-scale 2    what if traffic doubles?
  $ rmq-plan schema > workload.schema.json   JSON Schema for editors
  $ rmq-plan check workload.yaml --cluster cluster.yaml   CI gate: does it still fit?
  $ rmq-plan size workload.yaml --report r.html  self-contained HTML report with charts
  $ rmq-plan bench --quick                   measure a local broker (~10 s)
  $ rmq-plan bench --out run.json && rmq-plan fit run.json --out profile.json
  $ rmq-plan compare old-profile.json profile.json   what a hardware change did
  $ rmq-plan inspect --mgmt http://monitor@host:15672 --out observed.yaml
  $ rmq-plan verify failover --kill-command 'scripts/broker/kill-node.sh {node}' ...
                                             kill a node mid-run; count confirmed losses

Exit codes: 0 ok; 1 targets or budget cannot be met; 2 bad input or usage;
3 broker or environment error; 70 internal error (please report).
Docs: README.md, docs/workload-file.md, docs/model.md, docs/json-output.md,
docs/check.md, docs/bench.md, docs/fit.md, docs/inspect.md, docs/failover.md, docs/emit.md`;

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(PACKAGE_JSON_URL, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Commander prints usage errors itself; make them one line that says where to look. */
const configure = configureCommand;

export function buildProgram(io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  const program = configure(new Command(PROGRAM_NAME), io, PROGRAM_NAME)
    .description('Size a RabbitMQ cluster from a workload forecast: nodes, instance type, disks and quorum-queue layout.')
    .version(packageVersion(), '-v, --version')
    .showSuggestionAfterError(true)
    .addHelpText('after', MAIN_EXAMPLES);

  configure(registerSize(program, io, setExitCode), io, `${PROGRAM_NAME} size`);

  configure(registerSchema(program, io, setExitCode), io, `${PROGRAM_NAME} schema`);
  configure(registerInit(program, io, setExitCode), io, `${PROGRAM_NAME} init`);

  // Commands whose engines live elsewhere (src/bench, src/inspect); their modules register
  // flags only and import the engine when the command runs.
  configure(addBenchCommand(program, io, setExitCode), io, `${PROGRAM_NAME} bench`);
  configure(registerInspect(program, io, setExitCode), io, `${PROGRAM_NAME} inspect`);
  configure(registerCheck(program, io, setExitCode), io, `${PROGRAM_NAME} check`);
  configure(registerReport(program, io, setExitCode), io, `${PROGRAM_NAME} report`);
  configure(addVerifyCommand(program, io, setExitCode), io, `${PROGRAM_NAME} verify`);
  configure(registerFit(program, io, setExitCode), io, `${PROGRAM_NAME} fit`);
  configure(registerCompare(program, io, setExitCode), io, `${PROGRAM_NAME} compare`);
  configure(registerValidate(program, io, setExitCode), io, `${PROGRAM_NAME} validate`);

  return program;
}

/** Runs the CLI on user arguments (no "node" and script path) and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    // -V printed the version before -v did: kept as an alias.
    await program.parseAsync(args.length === 1 && args[0] === '-V' ? ['--version'] : [...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    return reportError(error, io);
  }
}

/** Help and version are successes; every other commander error is a usage error. */
function commanderExitCode(error: CommanderError): ExitCode {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
  if (error.code === 'commander.help' && error.exitCode === 0) return ExitCode.ok;
  return ExitCode.badInput;
}
