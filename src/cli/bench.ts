/**
 * `rmq-plan bench`: flags and help. The command body (src/bench/command.ts, which loads amqplib)
 * is imported only when bench runs, so other commands start fast.
 *
 * Wire-up in program.ts:  configure(addBenchCommand(program, io, setExitCode), io, `${PROGRAM_NAME} bench`);
 */
import type { Command } from 'commander';
import type { ExitCode } from '../errors.js';
import type { BenchFlags } from '../bench/options.js';
import type { CliIo } from '../io/cli-io.js';
import { formatHelp, JSON_ALIAS_HELP, wantsJson } from '../io/output-format.js';

const BENCH_EXAMPLES = `
Examples:
  $ rmq-plan bench --quick                                   ~10 s smoke run against amqp://localhost
  $ RMQ_PLAN_URL=amqp://user:pass@host:5672/vhost rmq-plan bench --out run.json
  $ rmq-plan bench --queue-types classic,quorum --sizes 1KiB --persistent true --out run.json
  $ rmq-plan bench --queue-types quorum --sizes 1024 --rates 1000,5000   fixed rates, no search
  $ rmq-plan bench --format json > run.json                         nothing but JSON on stdout
  $ rmq-plan bench --out run.json --profile-out profile.json  measure, then fit a profile
  $ rmq-plan bench --url amqps://user:pass@host:5671 --ca ca.pem --cert client.pem --key client.key
  $ rmq-plan bench -x 4 -y 4 -s 1KiB -c 100 -q 300 -z 2m      PerfTest's short flags

PerfTest's short flags mean what they mean there: -x publishers, -y consumers, -s sizes,
-c confirm window, -q prefetch, -r rates, -z the whole run's time (PerfTest's --time). Its -u
(queue name) has no counterpart: the bench names and cleans up its own queues.

The bench declares only its own queues (rmq-plan-bench-<run id>-…), refuses names that exist,
and deletes them at the end, on error and on Ctrl-C. Details: docs/bench.md.
Exit codes: 0 ok, 2 bad flag, 3 broker trouble (partial results still printed / written),
130 interrupted (queues deleted).`;

/** Adds the bench subcommand to the program and returns it (program.ts configures its output). */
export function addBenchCommand(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  return program
    .command('bench')
    .description('measure a live RabbitMQ broker (max sustainable rates, latency vs load) to calibrate the model')
    .option('--url <url>', 'broker URL amqp(s)://user:pass@host:port/vhost (default: $RMQ_PLAN_URL or amqp://guest:guest@localhost:5672)')
    .option('--mgmt <url>', 'management API base URL, as inspect and verify name it (default: same host, port 15672 / 15671, same credentials)')
    .option('--management-url <url>', 'the same as --mgmt (kept as an alias)')
    .option('--no-management', 'do not use the management API (no broker-side figures)')
    .option('--ca <files...>', 'TLS: CA certificate(s), PEM')
    .option('--cert <file>', 'TLS: client certificate, PEM')
    .option('--key <file>', 'TLS: client private key, PEM')
    .option('--insecure', 'TLS: do not verify the broker certificate')
    .option('--quick', 'quick preset: classic transient 1 KiB, short steps (~10 s)')
    .option('--queue-types <list>', 'queue types: classic,quorum,stream')
    .option('-s, --sizes <list>', 'message sizes, e.g. 128,1KiB,16KiB')
    .option('--persistent <list>', 'classic queues: true,false (persistent, transient or both)')
    .option('-x, --publishers <list>', 'publishers per step (one connection each), e.g. 1,4')
    .option('-y, --consumers <list>', 'consumers per step (one connection each)')
    .option('--queues <list>', 'queues per step (publisher i uses queue i mod queues)')
    .option('--no-confirms', 'publish without publisher confirms')
    .option('-c, --confirm-window <n>', 'unconfirmed messages in flight per publisher (default 1000)')
    .option('-q, --prefetch <n>', 'consumer prefetch (default 1000)')
    .option('--ack-every <n>', 'acknowledge every n messages with multiple=true (default 1)')
    .option('--processing-ms <ms>', 'simulated consumer work per message (default 0)')
    .option('-r, --rates <list>', 'fixed open-loop rates (msg/s) instead of the max-rate search')
    .option('--load-levels <list>', 'latency curve load levels as fractions of the max (default 0.1,0.3,0.5,0.7,0.9)')
    .option('--curve-sizes <list>', 'message sizes that get the latency curve (default 1KiB)')
    .option('--no-curve', 'max-rate searches only, no latency curve')
    .option('--duration <time>', 'measurement window per step, e.g. 2s or 500ms (default 2s)')
    .option('--warmup <time>', 'warm-up before each window (default 500ms)')
    .option('--max-messages <n>', 'stop publishing after n messages per step')
    .option('--search-time <time>', 'time budget of each max-rate search (default 20s)')
    .option('-z, --total-time <time>', 'overall time budget (default 7m); remaining steps are skipped')
    .option('--workers <n>', 'publisher threads: 1 = main event loop, n > 1 = n worker threads (default 1)')
    .option('--connect-timeout <time>', 'connection timeout (default 5s)')
    .option('--blocked-timeout <time>', 'give up when the broker blocks publishers (alarm) this long (default 10s)')
    .option('--drain-timeout <time>', 'stop draining after this long without a delivery (default 5s)')
    .option('--run-id <id>', 'run id in queue names (default: random)')
    .option('--out <file>', 'write the run (steps, searches, broker figures) as JSON')
    .option('-f, --format <format>', formatHelp('nothing but the run JSON on stdout'))
    .option('--json', JSON_ALIAS_HELP)
    .option('--profile-out <file>', 'also fit a calibration profile from this run and write it here (for size --calibration)')
    .option('--base-profile <profile>', 'with --profile-out: keep this profile\'s values where the run measures nothing (default: shipped published)')
    .addHelpText('after', BENCH_EXAMPLES)
    .action(async (flags: BenchFlags & { format?: string }) => {
      const { runBenchCommand } = await import('./bench-run.js');
      setExitCode((await runBenchCommand({ ...flags, json: wantsJson(flags) }, io)) as ExitCode);
    });
}
