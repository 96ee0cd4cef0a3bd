/**
 * The plan's queue layout as a reviewable shell script of `rabbitmqadmin` and
 * `rabbitmq-queues` / `rabbitmq-streams` commands with **explicit placement**:
 *
 * - every queue is declared on its planned leader node: `rabbitmqadmin declare queue … node=<node>`
 *   (the management API declares it on that node) with `x-queue-leader-locator: client-local`,
 *   so the leader is exactly the plan's (verified on 3.10.8);
 * - when a queue has as many replicas as the cluster has nodes, every node holds one and the
 *   initial group size says it all;
 * - with fewer replicas than nodes the broker would pick the other members itself (not
 *   zone-aware), so the queue starts with one member and the plan's members are added with
 *   `rabbitmq-queues add_member` (`rabbitmq-streams add_replica` for streams), which puts
 *   replicas in the zones the zone-loss check verified.
 *
 * The header lists node → zone and the zone-loss check. Nothing here runs anything. Pure.
 */
import type { EvaluatedPlan } from '../model/types.js';
import type { WorkloadFile } from '../schema/workload.js';
import { nodeZones } from './definitions.js';
import type { PlacedQueue, PlanPlacement } from './placement.js';
import { queueArguments } from './queue-arguments.js';
import { shellComment, shellQuote } from './shell-quote.js';
import { describeZoneFailures, type ZoneLossResult } from './zone-check.js';

export { shellQuote };


function declareLines(q: PlacedQueue, nodeNames: readonly string[], clusterNodes: number): string[] {
  const replicas = q.replicaNodes.length;
  const leader = nodeNames[q.replicaNodes[0]!]!;
  const replicated = q.queueType !== 'classic';
  // All nodes hold a replica: nothing to choose. Otherwise start with the leader alone and add the planned members.
  const addMembers = replicated && replicas > 1 && replicas < clusterNodes;
  const initial = addMembers ? 1 : replicas;
  const args = queueArguments(q.queueType, initial, 'explicit');
  const lines = [
    [
      '"${RABBITMQADMIN[@]}"',
      shellQuote(`--vhost=${q.vhost}`),
      'declare queue',
      shellQuote(`name=${q.name}`),
      'durable=true auto_delete=false',
      shellQuote(`node=${leader}`),
      shellQuote(`arguments=${JSON.stringify(args)}`),
    ].join(' '),
  ];
  if (addMembers) {
    const tool = q.queueType === 'stream' ? '"${RABBITMQ_STREAMS[@]}" add_replica' : '"${RABBITMQ_QUEUES[@]}" add_member';
    for (const n of q.replicaNodes.slice(1)) {
      // --vhost=… in one word: a virtual host that starts with "-" cannot be read as an option.
      lines.push(`${tool} ${shellQuote(`--vhost=${q.vhost}`)} ${shellQuote(q.name)} ${shellQuote(nodeNames[n]!)}`);
    }
  }
  return lines;
}

export function buildCommands(
  plan: EvaluatedPlan,
  workload: WorkloadFile,
  placement: PlanPlacement,
  zoneCheck: ZoneLossResult,
  nodeNames: readonly string[],
  file: string,
): string {
  const out: string[] = [];
  const rf = plan.replicationFactor;
  out.push('#!/usr/bin/env bash');
  const title = workload.name === undefined ? file : `${workload.name} (${file})`;
  out.push(shellComment(`Queue layout planned by \`rmq-plan size ${file} --emit commands\`: ${title}, ${plan.nodes} nodes${rf !== undefined ? `, replication factor ${rf}` : ''}.`));
  out.push('# Review, then run once against the cluster. Every queue is declared on its planned leader');
  out.push('# node (node=…, x-queue-leader-locator=client-local); queues with fewer replicas than nodes');
  out.push('# start with one member and get the planned members added, so replicas land in the planned zones.');
  out.push('#');
  out.push('# Tools (override to add connection options):');
  out.push("#   RABBITMQADMIN='rabbitmqadmin -H host -P 15672 -u admin -p secret'   (management plugin's CLI, /cli/rabbitmqadmin)");
  out.push("#   RABBITMQ_QUEUES='rabbitmq-queues -n rabbit@host1'   RABBITMQ_STREAMS='rabbitmq-streams -n rabbit@host1'");
  out.push('#');
  out.push('# Nodes and zones (plan node, RabbitMQ node, zone):');
  for (const nz of nodeZones(placement, nodeNames)) out.push(shellComment(`  node ${nz.node}  ${nz.name}  zone ${nz.zone}`));
  out.push(...zoneHeader(placement, zoneCheck));
  out.push('set -euo pipefail');
  out.push('read -r -a RABBITMQADMIN <<< "${RABBITMQADMIN:-rabbitmqadmin}"');
  out.push('read -r -a RABBITMQ_QUEUES <<< "${RABBITMQ_QUEUES:-rabbitmq-queues}"');
  out.push('read -r -a RABBITMQ_STREAMS <<< "${RABBITMQ_STREAMS:-rabbitmq-streams}"');
  const vhosts = [...new Set(placement.queues.map((q) => q.vhost))].filter((v) => v !== '/');
  if (vhosts.length > 0) {
    out.push('');
    out.push('# Virtual hosts (grant user permissions afterwards: rabbitmqctl set_permissions).');
    for (const v of vhosts) out.push(`"\${RABBITMQADMIN[@]}" declare vhost ${shellQuote(`name=${v}`)}`);
  }
  for (const w of plan.layout) {
    out.push('');
    const kind = w.queueType === 'classic' ? 'classic (not replicated)' : `${w.queueType}, ${w.replicationFactor} replicas each`;
    out.push(shellComment(`${w.workload} (vhost ${w.vhost}): ${w.totalQueues} ${w.totalQueues === 1 ? 'queue' : 'queues'}, ${kind}; leaders per node ${w.leadersPerNode.join('/')}`));
    for (const q of placement.queues.filter((p) => p.workload === w.workload)) out.push(...declareLines(q, nodeNames, placement.nodes));
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
    lines.push(`# Zone loss (${required}): every quorum queue/stream keeps a majority of its replicas after losing any one zone: OK (${zoneCheck.queuesChecked} checked).`);
  } else {
    lines.push(`# Zone loss (${required}): NOT SAFE, these queues lose their majority:`);
    for (const f of describeZoneFailures(zoneCheck)) lines.push(shellComment(`  ${f}`));
  }
  for (const c of zoneCheck.classicUnavailable) {
    lines.push(shellComment(`  zone ${c.zone + 1} lost: classic queues unavailable until it returns: ${c.queues.join(', ')}`));
  }
  return lines;
}
