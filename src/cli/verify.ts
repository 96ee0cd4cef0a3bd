/**
 * `rmq-plan verify failover|partition`: prove the plan's HA claims on a real cluster (docs/failover.md).
 * Flags and help only; the engine (src/failover, amqplib) loads when the command runs.
 *
 * Wire-up in program.ts (one line, next to bench and inspect):
 *   configure(addVerifyCommand(program, io, setExitCode), io, `${PROGRAM_NAME} verify`);
 */
import type { Command } from 'commander';
import type { ExitCode } from '../errors.js';
import type { VerifyFailoverFlags } from '../failover/options.js';
import type { VerifyPartitionFlags } from '../failover/partition-options.js';
import { configureCommand } from './shared/commander.js';
import { PROGRAM_NAME } from './shared/errors.js';
import type { CliIo } from '../io/cli-io.js';
import { formatHelp, JSON_ALIAS_HELP, wantsJson } from '../io/output-format.js';

const FAILOVER_EXAMPLES = `
Examples (the project's local 3-node cluster: scripts/broker/start.sh cluster):
  $ rmq-plan verify failover \\
      --urls amqp://guest:guest@127.0.0.1:5682,amqp://guest:guest@127.0.0.1:5683,amqp://guest:guest@127.0.0.1:5684 \\
      --queue-type quorum --rate 200 --duration 40s --kill-after 10s --restart-after 20s \\
      --kill-command 'scripts/broker/kill-node.sh {node}' --restart-command 'scripts/broker/restart-node.sh {node}'
  $ rmq-plan verify failover ... --queue-type classic        the same run on a classic queue, for comparison
  $ rmq-plan verify failover ... --format json > failover.json

Placeholders in the commands: {node} = position (1-based) in --urls of the node to kill (the
leader of the run's first queue), {nodeName} = its Erlang node name. --status-command also gets
{queue} and {vhost}, and {nodeName} = a running node to ask (the queue's leader), e.g.
  --status-command 'rabbitmq-queues -q -n {nodeName} quorum_status --vhost {vhost} {queue} --formatter json'

The run declares only its own queues (rmq-plan-failover-<run id>-q<i>) and deletes them at the
end, on error and on Ctrl-C; a node it killed is restarted (with --restart-command) before it exits.
Exit codes: 0 no confirmed message lost and service resumed while the node was down; 1 the
check failed (the report says why; a classic queue fails it); 2 bad flag; 3 broker or
management API trouble; 130 interrupted.`;

const PARTITION_EXAMPLES = `
Examples (the project's partition cluster: scripts/broker/netns-cluster.sh start; its URLs:
scripts/broker/netns-cluster.sh urls):
  $ rmq-plan verify partition --urls "$RMQ_PARTITION_URLS" \\
      --partition-command 'scripts/broker/netns-cluster.sh isolate {node}' \\
      --heal-command 'scripts/broker/netns-cluster.sh heal'
  $ rmq-plan verify partition ... --partition-after 10s --heal-after 30s --duration 45s --format json > partition.json

The run declares one quorum queue (rmq-plan-failover-<run id>-q0) on the node of the first URL,
which leads it. Two sides publish with confirms and consume: the majority side through the other
URLs, the minority side through the leader's URL only. --partition-command cuts {node} (the
leader's position in --urls; {nodeName} = its Erlang node name) off from the other nodes while
clients still reach every node; --heal-command undoes it, also on failure and on Ctrl-C.
Exit codes: 0 no confirmed message lost on either side, the majority served during the partition,
the minority confirmed nothing while cut off, all drained after the heal; 1 the check failed (the
report says why); 2 bad flag; 3 broker, management API or partition/heal command trouble; 130
interrupted.`;

export function addVerifyCommand(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  const verify = program.command('verify').description('prove the plan on a real cluster: failover (kill a node) or partition (cut the leader off) under a confirmed workload');
  const failover = verify
    .command('failover')
    .description('kill and restart a node under a confirmed workload; report the availability gap, catch-up and confirmed messages lost')
    .option('--urls <list>', 'AMQP URLs of the cluster nodes, comma-separated (default: $RMQ_PLAN_URLS)')
    .option('--mgmt <url>', 'management API base URL, http://user:pass@host:15672 (default: from the first URL)')
    .option('--queue-type <type>', 'quorum or classic', 'quorum')
    .option('--queues <n>', 'queues (each with a publisher and a consumer); queue i is declared on URL i mod n (default 1)')
    .option('--rate <msg/s>', 'total publish rate over all queues (default 200)')
    .option('--message-size <bytes>', 'message size in bytes (default 1024)')
    .option('--confirm-window <n>', 'unconfirmed messages in flight per publisher (default 100)')
    .option('--prefetch <n>', 'consumer prefetch (default 100)')
    .option('--persistent <bool>', 'classic only: durable queue and persistent messages (true, default) or transient (false)')
    .option('--duration <time>', 'how long to publish, e.g. 40s (default 40s)')
    .option('--kill-after <time>', 'when to run --kill-command (default 10s)')
    .option('--restart-after <time>', 'when to run --restart-command (default 20s)')
    .option('--kill-command <cmd>', "kills a node, e.g. 'scripts/broker/kill-node.sh {node}' (required)")
    .option('--restart-command <cmd>', "restarts it, e.g. 'scripts/broker/restart-node.sh {node}'")
    .option('--status-command <cmd>', 'prints `rabbitmq-queues quorum_status` JSON for {queue} in {vhost}: measures the log catch-up')
    .option('--drain-timeout <time>', 'after publishing stops, wait this long for outstanding confirms and deliveries (default 20s)')
    .option('--catch-up-timeout <time>', 'wait this long after the restart for the member to catch up (default 60s)')
    .option('--command-timeout <time>', 'bound on each kill/restart command (default 2m)')
    .option('--connect-timeout <time>', 'bound on each connection attempt (default 5s)')
    .option('--run-id <id>', 'run id in queue names (default: random)')
    .option('-f, --format <format>', formatHelp('nothing but the report on stdout'))
    .option('--json', JSON_ALIAS_HELP)
    .addHelpText('after', FAILOVER_EXAMPLES)
    .action(async (flags: VerifyFailoverFlags & { format?: string }) => {
      const { runVerifyFailoverCommand } = await import('../failover/command.js');
      setExitCode((await runVerifyFailoverCommand({ ...flags, json: wantsJson(flags) }, io)) as ExitCode);
    });
  const partition = verify
    .command('partition')
    .description("cut the test queue's leader off from the other nodes under a confirmed workload, heal it; report what each side saw and confirmed messages lost")
    .option('--urls <list>', 'AMQP URLs of the cluster nodes (at least 3), comma-separated; the first one leads the test queue (default: $RMQ_PLAN_URLS)')
    .option('--mgmt <url>', 'management API base URL, http://user:pass@host:15672 (default: from the first URL)')
    .option('--rate <msg/s>', 'publish rate of each side (default 100)')
    .option('--message-size <bytes>', 'message size in bytes (default 1024)')
    .option('--confirm-window <n>', 'unconfirmed messages in flight per publisher (default 100)')
    .option('--prefetch <n>', 'consumer prefetch (default 100)')
    .option('--duration <time>', 'how long to publish, e.g. 45s (default 45s)')
    .option('--partition-after <time>', 'when to run --partition-command (default 10s)')
    .option('--heal-after <time>', 'when to run --heal-command (default 30s)')
    .option('--partition-command <cmd>', "cuts node {node} off from the others, e.g. 'scripts/broker/netns-cluster.sh isolate {node}' (required)")
    .option('--heal-command <cmd>', "undoes it, e.g. 'scripts/broker/netns-cluster.sh heal' (required)")
    .option('--drain-timeout <time>', 'after publishing stops, wait this long for outstanding confirms and deliveries (default 30s)')
    .option('--command-timeout <time>', 'bound on each partition/heal command (default 1m)')
    .option('--connect-timeout <time>', 'bound on each connection attempt (default 5s)')
    .option('--run-id <id>', 'run id in the queue name (default: random)')
    .option('-f, --format <format>', formatHelp('nothing but the report on stdout'))
    .option('--json', JSON_ALIAS_HELP)
    .addHelpText('after', PARTITION_EXAMPLES)
    .action(async (flags: VerifyPartitionFlags & { format?: string }) => {
      const { runVerifyPartitionCommand } = await import('../failover/partition-command.js');
      setExitCode((await runVerifyPartitionCommand({ ...flags, json: wantsJson(flags) }, io)) as ExitCode);
    });
  // program.ts configures `verify` itself; its subcommands report usage errors the same way.
  configureCommand(failover, io, `${PROGRAM_NAME} verify failover`);
  configureCommand(partition, io, `${PROGRAM_NAME} verify partition`);
  return verify;
}
