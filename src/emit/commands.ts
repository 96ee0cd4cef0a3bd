/**
 * The plan's queue layout as a reviewable shell script of `rabbitmqadmin` and
 * `rabbitmq-queues` / `rabbitmq-streams` commands with **explicit placement**, in the syntax of
 * the rabbitmqadmin that ships with the cluster's release line (cluster.broker.rabbitmqVersion):
 *
 * - 4.x, rabbitmqadmin v2 (`declare queue --name … --type …`): v2 cannot name a node, so each
 *   queue is declared through the HTTP API of its planned leader node (`NODE<n>_API`, default
 *   `--host <host of the node name> --port 15672`) with `x-queue-leader-locator: client-local`,
 *   which puts the leader on the node that serves the declaration (verified on 4.3.6);
 * - 3.x, rabbitmqadmin v1 (`declare queue name=… node=<node>`): the management API declares the
 *   queue on the named node (verified on 3.10.8);
 * - when a queue has as many replicas as the cluster has nodes, every node holds one and the
 *   initial group size says it all;
 * - with fewer replicas than nodes the broker would pick the other members itself (not
 *   zone-aware), so the queue starts with one member and the plan's members are added with
 *   `rabbitmq-queues add_member` (`rabbitmq-streams add_replica` for streams), which puts
 *   replicas in the zones the zone-loss check verified.
 *
 * Every user-controlled string is shell-quoted as one word (`--opt=value`, so a value starting
 * with "-" is never an option) or escaped in comments (shellComment). Nothing here runs anything. Pure.
 */
import { brokerFeatures, type BrokerFeatures } from '../model/broker-version.js';
import type { EvaluatedPlan } from '../model/types.js';
import type { WorkloadFile } from '../schema/workload.js';
import { nodeZones } from './definitions.js';
import type { PlacedQueue, PlanPlacement } from './placement.js';
import { queueArguments } from './queue-arguments.js';
import { shellComment, shellQuote } from './shell-quote.js';
import { describeZoneFailures, type ZoneLossResult } from './zone-check.js';

export { shellQuote };

/** The management API's default port (https://www.rabbitmq.com/docs/management#usage-ui). */
const MANAGEMENT_PORT = 15672;

/** Shell variable holding the rabbitmqadmin v2 endpoint options of plan node i (0-based). */
function nodeApiVar(i: number): string {
  return `NODE${i + 1}_API`;
}

/** The host part of an Erlang node name (rabbit@host → host); names are validated to [A-Za-z0-9_.-]. */
function hostOf(nodeName: string): string {
  return nodeName.slice(nodeName.indexOf('@') + 1);
}

function declareLines(q: PlacedQueue, nodeNames: readonly string[], clusterNodes: number, broker: BrokerFeatures): string[] {
  const replicas = q.replicaNodes.length;
  const leaderIndex = q.replicaNodes[0]!;
  const replicated = q.queueType !== 'classic';
  // All nodes hold a replica: nothing to choose. Otherwise start with the leader alone and add the planned members.
  const addMembers = replicated && replicas > 1 && replicas < clusterNodes;
  const initial = addMembers ? 1 : replicas;
  const args = queueArguments(q.queueType, initial, 'explicit', broker);
  const lines: string[] = [];
  if (broker.rabbitmqadmin === 'v2') {
    const { 'x-queue-type': _type, ...rest } = args;
    lines.push(
      [
        '"${RABBITMQADMIN[@]}"',
        `"\${${nodeApiVar(leaderIndex)}[@]}"`,
        'declare queue',
        shellQuote(`--vhost=${q.vhost}`),
        shellQuote(`--name=${q.name}`),
        `--type=${q.queueType}`,
        '--durable=true --auto-delete=false',
        shellQuote(`--arguments=${JSON.stringify(rest)}`),
      ].join(' '),
    );
  } else {
    lines.push(
      [
        '"${RABBITMQADMIN[@]}"',
        shellQuote(`--vhost=${q.vhost}`),
        'declare queue',
        shellQuote(`name=${q.name}`),
        'durable=true auto_delete=false',
        shellQuote(`node=${nodeNames[leaderIndex]!}`),
        shellQuote(`arguments=${JSON.stringify(args)}`),
      ].join(' '),
    );
  }
  if (addMembers) {
    const tool = q.queueType === 'stream' ? '"${RABBITMQ_STREAMS[@]}" add_replica' : '"${RABBITMQ_QUEUES[@]}" add_member';
    for (const n of q.replicaNodes.slice(1)) {
      lines.push(`${tool} ${shellQuote(`--vhost=${q.vhost}`)} ${shellQuote(q.name)} ${shellQuote(nodeNames[n]!)}`);
    }
  }
  return lines;
}

function toolHeader(broker: BrokerFeatures, nodeNames: readonly string[]): string[] {
  const out: string[] = [];
  out.push('# Tools (override to add connection options):');
  if (broker.rabbitmqadmin === 'v2') {
    out.push(
      shellComment(
        `  RABBITMQADMIN='rabbitmqadmin --username admin --password secret'   (rabbitmqadmin v2, as shipped with RabbitMQ ${broker.version}; no host here)`,
      ),
    );
    out.push("#   NODE<n>_API: the rabbitmqadmin options that reach node n's HTTP API; each queue is declared");
    out.push('#   through its planned leader node (x-queue-leader-locator=client-local), e.g.');
    out.push("#   NODE1_API='--host 10.0.0.11 --port 15672 --use-tls'");
  } else {
    out.push(
      shellComment(
        `  RABBITMQADMIN='rabbitmqadmin -H host -P 15672 -u admin -p secret'   (rabbitmqadmin v1, the management plugin's /cli/rabbitmqadmin for RabbitMQ ${broker.version})`,
      ),
    );
  }
  out.push("#   RABBITMQ_QUEUES='rabbitmq-queues -n rabbit@host1'   RABBITMQ_STREAMS='rabbitmq-streams -n rabbit@host1'");
  out.push('set -euo pipefail');
  out.push('read -r -a RABBITMQADMIN <<< "${RABBITMQADMIN:-rabbitmqadmin}"');
  out.push('read -r -a RABBITMQ_QUEUES <<< "${RABBITMQ_QUEUES:-rabbitmq-queues}"');
  out.push('read -r -a RABBITMQ_STREAMS <<< "${RABBITMQ_STREAMS:-rabbitmq-streams}"');
  if (broker.rabbitmqadmin === 'v2') {
    nodeNames.forEach((name, i) => {
      const v = nodeApiVar(i);
      out.push(`read -r -a ${v} <<< "\${${v}:---host ${hostOf(name)} --port ${MANAGEMENT_PORT}}"`);
    });
  }
  return out;
}

export function buildCommands(
  plan: EvaluatedPlan,
  workload: WorkloadFile,
  placement: PlanPlacement,
  zoneCheck: ZoneLossResult,
  nodeNames: readonly string[],
  file: string,
): string {
  const broker = brokerFeatures(workload.cluster.broker.rabbitmqVersion);
  const out: string[] = [];
  const rf = plan.replicationFactor;
  out.push('#!/usr/bin/env bash');
  const title = workload.name === undefined ? file : `${workload.name} (${file})`;
  out.push(
    shellComment(
      `Queue layout planned by \`rmq-plan size ${file} --emit commands\`: ${title}, ${plan.nodes} nodes${rf !== undefined ? `, replication factor ${rf}` : ''}, RabbitMQ ${broker.version}.`,
    ),
  );
  out.push('# Review, then run once against the cluster. Every queue is declared on its planned leader');
  out.push(
    broker.rabbitmqadmin === 'v2'
      ? "# node (through that node's HTTP API, x-queue-leader-locator=client-local); queues with fewer"
      : '# node (node=…, x-queue-leader-locator=client-local); queues with fewer',
  );
  out.push('# replicas than nodes start with one member and get the planned members added, so replicas');
  out.push('# land in the planned zones.');
  out.push('#');
  out.push('# Nodes and zones (plan node, RabbitMQ node, zone):');
  for (const nz of nodeZones(placement, nodeNames)) out.push(shellComment(`  node ${nz.node}  ${nz.name}  zone ${nz.zone}`));
  out.push(...zoneHeader(placement, zoneCheck));
  out.push('#');
  out.push(...toolHeader(broker, nodeNames));
  const vhosts = [...new Set(placement.queues.map((q) => q.vhost))].filter((v) => v !== '/');
  if (vhosts.length > 0) {
    out.push('');
    out.push('# Virtual hosts (grant user permissions afterwards: rabbitmqctl set_permissions).');
    for (const v of vhosts) {
      out.push(
        broker.rabbitmqadmin === 'v2'
          ? `"\${RABBITMQADMIN[@]}" "\${${nodeApiVar(0)}[@]}" declare vhost ${shellQuote(`--name=${v}`)}`
          : `"\${RABBITMQADMIN[@]}" declare vhost ${shellQuote(`name=${v}`)}`,
      );
    }
  }
  for (const w of plan.layout) {
    out.push('');
    const kind = w.queueType === 'classic' ? 'classic (not replicated)' : `${w.queueType}, ${w.replicationFactor} replicas each`;
    out.push(
      shellComment(
        `${w.workload} (vhost ${w.vhost}): ${w.totalQueues} ${w.totalQueues === 1 ? 'queue' : 'queues'}, ${kind}; leaders per node ${w.leadersPerNode.join('/')}`,
      ),
    );
    for (const q of placement.queues.filter((p) => p.workload === w.workload)) out.push(...declareLines(q, nodeNames, placement.nodes, broker));
  }
  out.push('');
  return out.join('\n');
}

function zoneHeader(placement: PlanPlacement, zoneCheck: ZoneLossResult): string[] {
  const lines: string[] = [];
  if (zoneCheck.zones <= 1) {
    lines.push('# Zones: 1 (no zone-loss requirement).');
    return lines;
  }
  const required = placement.surviveZoneLoss ? 'required' : 'not required';
  if (zoneCheck.ok) {
    lines.push(
      `# Zone loss (${required}): every quorum queue/stream keeps a majority of its replicas after losing any one zone: OK (${zoneCheck.queuesChecked} checked).`,
    );
  } else {
    lines.push(`# Zone loss (${required}): NOT SAFE, these queues lose their majority:`);
    for (const f of describeZoneFailures(zoneCheck)) lines.push(shellComment(`  ${f}`));
  }
  for (const c of zoneCheck.classicUnavailable) {
    lines.push(shellComment(`  zone ${c.zone + 1} lost: classic queues unavailable until it returns: ${c.queues.join(', ')}`));
  }
  return lines;
}
