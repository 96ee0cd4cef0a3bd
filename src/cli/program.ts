/**
 * The command-line program: the list of commands, the help, and exit codes. Each command lives in
 * its own module (src/cli/<command>.ts) that adds its arguments, flags (declared once, as zod
 * schemas: flags.ts), help and action to the command declared here — and that module is loaded
 * only when its command is asked for (to run or for its help), so `rmq-plan size` never loads
 * what `bench` needs (amqplib, the fit, the broker clients) and starts fast.
 *
 * Exit codes (README "Exit codes"): 0 ok; 1 targets or budget not met; 2 bad input or usage
 * (commander's usage errors included); 3 broker or environment; 70 internal error (a bug).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import { configureCommand } from './shared/commander.js';
import { PROGRAM_NAME, reportError } from './shared/errors.js';

/** What a command module exports: it completes the command program.ts declared. */
export type DefineCommand = (command: Command, io: CliIo, setExitCode: (code: ExitCode) => void) => Command;

interface CommandEntry {
  name: string;
  /** The arguments as the command list shows them (the module declares them). */
  usage: string;
  description: string;
  load: () => Promise<{ defineCommand: DefineCommand }>;
}

/** Every command, in the order --help lists them. */
const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'size',
    usage: '[options] <workload>',
    description: 'recommend the cheapest cluster that meets every target, healthy and after failures',
    load: () => import('./size.js'),
  },
  {
    name: 'schema',
    usage: '[options]',
    description: "print the JSON Schema of the workload file, or of a command's JSON output",
    load: () => import('./schema.js'),
  },
  { name: 'init', usage: '[options] [file]', description: 'write a commented example workload file', load: () => import('./init.js') },
  {
    name: 'bench',
    usage: '[options]',
    description: 'measure a live RabbitMQ broker (max sustainable rates, latency vs load) to calibrate the model',
    load: () => import('./bench.js'),
  },
  {
    name: 'inspect',
    usage: '[options]',
    description: 'read a live cluster (management API) and write a workload file and cluster description from its real traffic',
    load: () => import('./inspect.js'),
  },
  {
    name: 'check',
    usage: '[options] <workload>',
    description: 'check a given cluster against the workload: utilisation, latency, cost, budget and growth runway (a CI gate)',
    load: () => import('./check.js'),
  },
  {
    name: 'report',
    usage: '[options]',
    description: 'write a self-contained HTML report of a bench run (measured and modelled latency vs load, max rates)',
    load: () => import('./report.js'),
  },
  {
    name: 'verify',
    usage: '[command]',
    description: 'prove the plan on a real cluster: failover (kill a node) or partition (cut the leader off) under a confirmed workload',
    load: () => import('./verify.js'),
  },
  {
    name: 'fit',
    usage: '[options] <runs...>',
    description: 'fit a calibration profile (for size --calibration) to saved bench runs',
    load: () => import('./fit.js'),
  },
  {
    name: 'compare',
    usage: '[options] <old> <new>',
    description: 'show what changed between two calibration profiles and what it means for capacity',
    load: () => import('./compare.js'),
  },
  {
    name: 'validate',
    usage: '[options] <runs...>',
    description: 'predict what bench runs measured with the model and report the error (maximum rates and p99)',
    load: () => import('./validate.js'),
  },
];

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

export function buildProgram(io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  const program = configureCommand(new Command(PROGRAM_NAME), io, PROGRAM_NAME)
    .description('Size a RabbitMQ cluster from a workload forecast: nodes, instance type, disks and quorum-queue layout.')
    .version(packageVersion(), '-v, --version')
    .showSuggestionAfterError(true)
    .helpCommand(false)
    .configureHelp({ subcommandTerm: (command) => subcommandTerm(command) })
    .addHelpText('after', MAIN_EXAMPLES);

  const defined = new Set<Command>();
  const define = async (command: Command): Promise<void> => {
    const entry = COMMANDS.find((c) => c.name === command.name());
    if (entry === undefined || defined.has(command)) return;
    defined.add(command);
    (await entry.load()).defineCommand(command, io, setExitCode);
  };
  for (const entry of COMMANDS) {
    configureCommand(program.command(entry.name).description(entry.description), io, `${PROGRAM_NAME} ${entry.name}`);
  }
  // The command asked for gets its flags just before commander parses them.
  program.hook('preSubcommand', (_program, command) => define(command));

  // `rmq-plan help [command…]`: the command's own help, once its module has defined it.
  program
    .command('help')
    .description('display help for command')
    .argument('[command...]', 'the command, e.g. size or verify failover')
    .action(async (names: string[]) => {
      let command: Command = program;
      for (const name of names) {
        const next = command.commands.find((c) => c.name() === name);
        if (next === undefined) {
          command.error(`unknown command '${name}'`, { code: 'commander.unknownCommand', exitCode: ExitCode.badInput });
        }
        await define(next);
        command = next;
      }
      command.outputHelp();
    });

  return program;
}

/** A command in the list: its name and usage from COMMANDS, so the list needs no command module. */
function subcommandTerm(command: Command): string {
  const entry = COMMANDS.find((c) => c.name === command.name());
  if (entry !== undefined) return `${entry.name} ${entry.usage}`;
  const args = command.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`));
  return [command.name(), command.options.length > 0 ? '[options]' : '', ...args].filter(Boolean).join(' ');
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
