/**
 * `rmq-plan check` and `rmq-plan report`: flags and help. The engines (src/check, src/report)
 * are imported only when the command runs, so other commands start fast.
 *
 * Wire-up in program.ts:
 *   configure(addCheckCommand(program, io, setExitCode), io, `${PROGRAM_NAME} check`);
 *   configure(addReportCommand(program, io, setExitCode), io, `${PROGRAM_NAME} report`);
 */
import type { Command } from 'commander';
import { CALIBRATION_OPTION_HELP, SHIPPED_PROFILE_NAMES } from '../calibration/shipped.js';
import type { ExitCode } from '../errors.js';
import type { CheckFlags } from '../check/options.js';
import type { CliIo } from '../io/cli-io.js';
import type { ReportFlags } from '../report/bench-command.js';

const CHECK_EXAMPLES = `
Examples:
  $ rmq-plan check workload.yaml --cluster cluster.yaml          a description from \`rmq-plan inspect\`
  $ rmq-plan check workload.yaml --instance-type m6i.xlarge --nodes 3 --disk gp3 --disk-size-gib 200
  $ rmq-plan check workload.yaml --cluster cluster.yaml --budget 1500 --max-utilization 0.7
  $ rmq-plan check workload.yaml --cluster cluster.yaml --format markdown > comment.md
  $ rmq-plan check workload.yaml --cluster cluster.yaml --format json | jq .runway.firstMiss
  $ rmq-plan check workload.yaml --cluster cluster.yaml --report report.html

A flag overrides the description's value. A description without instance types needs
--instance-type (network and disk bandwidth are not observable), or the machine described
with --network-gbps, --instance-disk-mbps, --instance-disk-iops and --price-per-hour-usd.
Exit codes: 0 every target and the budget hold at the forecast horizon; 1 one does not
(each failure named on its own line); 2 bad workload file, cluster description or flag.
Details: docs/check.md.`;

const REPORT_EXAMPLES = `
Examples:
  $ rmq-plan report --bench run.json --out bench-report.html                    model fitted from the run
  $ rmq-plan report --bench run.json --calibration published --out bench-report.html

For size and check reports use their --report flag. Details: docs/reports.md.`;

export function addCheckCommand(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  return program
    .command('check')
    .description('check a given cluster against the workload: utilisation, latency, cost, budget and growth runway (a CI gate)')
    .argument('<workload>', 'workload file (YAML or JSON)')
    .option('--cluster <file>', 'cluster description (YAML or JSON, as `rmq-plan inspect` writes it)')
    .option('--instance-type <name>', 'catalog instance type of every node, e.g. m6i.xlarge')
    .option('--nodes <n>', 'number of nodes')
    .option('--disk <name>', 'catalog disk option, e.g. gp3 (default: the cheapest allowed one that fits)')
    .option('--disk-size-gib <GiB>', 'volume size per node (default: sized to fit)')
    .option('--disk-iops <n>', 'provisioned IOPS of the volume (default: what its size includes)')
    .option('--disk-throughput-mbps <MB/s>', 'provisioned throughput of the volume (default: what its size includes)')
    .option('--replication-factor <n>', 'replicas per quorum/stream queue (default: 3, capped at the nodes)')
    .option('--queues <list>', 'queues per fan-out group by workload, e.g. orders=4,billing=1')
    .option('--vcpus <n>', 'a machine not in the catalog: vCPUs (default: the description\'s cores)')
    .option('--memory-gib <GiB>', 'a machine not in the catalog: RAM (default: the description\'s memory)')
    .option('--network-gbps <Gbps>', 'a machine not in the catalog: sustained network bandwidth')
    .option('--instance-disk-mbps <MB/s>', 'a machine not in the catalog: block-storage bandwidth')
    .option('--instance-disk-iops <n>', 'a machine not in the catalog: block-storage IOPS')
    .option('--price-per-hour-usd <usd>', 'a machine not in the catalog: price per node-hour')
    .option('--budget <usd>', 'override cluster.constraints.monthlyBudgetUsd (USD per month)')
    .option('--max-utilization <fraction>', 'override cluster.constraints.targetUtilization (healthy peak), e.g. 0.7')
    .option('--max-utilization-after-failure <fraction>', 'override cluster.constraints.maxUtilizationAfterFailure')
    .option('--horizon-months <months>', 'override cluster.forecast.horizonMonths (0–120)')
    .option('--runway-months <months>', 'months searched beyond the horizon for the first miss (default 60)')
    .option('--traffic-scale <factor>', 'multiply every publish rate (what-if), e.g. 1.5')
    .option('--catalog <file>', 'hardware catalog to use instead of the shipped one (JSON or YAML)')
    .option('--calibration <profile>', CALIBRATION_OPTION_HELP)
    .option('-f, --format <format>', 'output: table, json or markdown', 'table')
    .option('--report <file>', 'also write a self-contained HTML report with charts')
    .option('--width <columns>', 'lay the table out to this many columns (default: the terminal\'s, $COLUMNS, or 80)')
    .addHelpText('after', CHECK_EXAMPLES)
    .action(async (file: string, flags: CheckFlags) => {
      const { runCheckCommand } = await import('./check-run.js');
      setExitCode(await runCheckCommand(file, flags, io));
    });
}

export function addReportCommand(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  return program
    .command('report')
    .description('write a self-contained HTML report of a bench run (measured and modelled latency vs load, max rates)')
    .requiredOption('--bench <run.json>', 'a run written by `rmq-plan bench --out`')
    .requiredOption('--out <file>', 'where to write the HTML report')
    .option('--calibration <profile>', `profile for the model's curve: a file (from \`rmq-plan bench\`) or a shipped profile (${SHIPPED_PROFILE_NAMES.join(', ')}); default: fitted from the run itself`)
    .addHelpText('after', REPORT_EXAMPLES)
    .action(async (flags: ReportFlags) => {
      const { runBenchReport } = await import('../report/bench-command.js');
      setExitCode(await runBenchReport(flags, io));
    });
}
