/**
 * The plan's queue layout as a RabbitMQ definitions document
 * (https://www.rabbitmq.com/docs/definitions), importable with `rabbitmqctl import_definitions`,
 * the management UI or `POST /api/definitions`.
 *
 * Leader placement: a definitions import runs on one node and cannot name a node per queue, so
 * quorum queues and streams carry `x-queue-leader-locator: balanced` (the broker puts each new
 * leader on the node leading the fewest), classic queues too on 4.x (`x-queue-master-locator:
 * min-masters` on 3.x, which rejects the leader form on classic queues).
 * On a cluster without other queues this reproduces the plan's even spread; for the exact
 * per-queue placement (and zone-aware members when replicas < nodes) use `--emit commands`.
 *
 * No policies are emitted: only one policy applies to a queue (the highest priority), so a
 * policy matching the plan's queues would silently shadow the operator's own. Everything the
 * layout needs is in the queue arguments.
 *
 * The `rmq_plan` key is metadata for people (node → zone table, the zone-loss check, the planned
 * placement); RabbitMQ ignores top-level keys it does not know (verified on 3.10.8).
 */
import { brokerFeatures } from '../model/broker-version.js';
import type { EvaluatedPlan } from '../model/types.js';
import type { WorkloadFile } from '../schema/workload.js';
import type { PlanPlacement } from './placement.js';
import { shellQuote } from './shell-quote.js';
import { queueArguments } from './queue-arguments.js';
import type { ZoneLossResult } from './zone-check.js';
import { describeZoneFailures } from './zone-check.js';

export interface DefinitionsQueue {
  name: string;
  vhost: string;
  durable: boolean;
  auto_delete: boolean;
  arguments: Record<string, string | number>;
}

export interface NodeZone {
  /** 1-based, as reports print nodes. */
  node: number;
  name: string;
  /** 1-based. */
  zone: number;
}

export interface DefinitionsDocument {
  rmq_plan: {
    generatedBy: string;
    /** The RabbitMQ release line the document was written for (cluster.broker.rabbitmqVersion). */
    rabbitmqVersion: string;
    /** The workload file given to `size`, and the plan name it declares (if any). */
    workloadFile: string;
    planName: string | null;
    nodes: number;
    replicationFactor: number | null;
    nodeZones: NodeZone[];
    leaderPlacement: string;
    zoneLoss: { required: boolean; zones: number; ok: boolean; queuesChecked: number; failures: string[] };
    placement: { vhost: string; queue: string; type: string; leader: string; replicas: string[] }[];
    /**
     * Run after importing: RabbitMQ 3.10 declares imported queues concurrently, so `balanced`
     * (which counts the leaders already placed) can put a queue on a node that is one ahead;
     * `rabbitmq-queues rebalance quorum` evens the plan's quorum queues out again.
     */
    afterImport: string[];
    notes: string[];
  };
  vhosts: { name: string }[];
  queues: DefinitionsQueue[];
  exchanges: never[];
  bindings: never[];
  policies: never[];
}

/** A regular-expression literal for text (RabbitMQ patterns are PCRE-like). */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `rabbitmq-queues rebalance quorum` limited to the plan's quorum queues, one per vhost. The
 * queue pattern follows the naming scheme of src/model/queue-names.ts: <workload>[.gN][.sNN].
 */
export function rebalanceCommands(queues: readonly { workload: string; vhost: string; queueType: string }[]): string[] {
  const byVhost = new Map<string, Set<string>>();
  for (const q of queues) {
    if (q.queueType !== 'quorum') continue;
    if (!byVhost.has(q.vhost)) byVhost.set(q.vhost, new Set());
    byVhost.get(q.vhost)!.add(q.workload);
  }
  return [...byVhost].map(([vhost, workloads]) => {
    const names = [...workloads].map(escapeRegExp).join('|');
    return `rabbitmq-queues rebalance quorum --vhost-pattern ${shellQuote(`^${escapeRegExp(vhost)}$`)} --queue-pattern ${shellQuote(`^(${names})(\\.g[0-9]+)?(\\.s[0-9]+)?$`)}`;
  });
}

export function nodeZones(placement: PlanPlacement, nodeNames: readonly string[]): NodeZone[] {
  return nodeNames.map((name, i) => ({ node: i + 1, name, zone: placement.zoneOfNode[i]! + 1 }));
}

export function buildDefinitions(
  plan: EvaluatedPlan,
  workload: WorkloadFile,
  placement: PlanPlacement,
  zoneCheck: ZoneLossResult,
  nodeNames: readonly string[],
  file: string,
): DefinitionsDocument {
  const vhosts = [...new Set(placement.queues.map((q) => q.vhost))];
  const broker = brokerFeatures(workload.cluster.broker.rabbitmqVersion);
  const queues: DefinitionsQueue[] = placement.queues.map((q) => ({
    name: q.name,
    vhost: q.vhost,
    durable: true,
    auto_delete: false,
    arguments: queueArguments(q.queueType, q.replicaNodes.length, 'balanced', broker),
  }));
  const notes = [
    (broker.classicLeaderLocator === 'x-queue-leader-locator'
      ? 'Leaders: x-queue-leader-locator=balanced lets the broker spread leaders; '
      : 'Leaders: x-queue-leader-locator=balanced (quorum, stream) and x-queue-master-locator=min-masters (classic) let the broker spread leaders; ') +
      'the exact nodes may differ from "placement" below, the spread does not on a cluster without other queues. `rmq-plan size --emit commands` places every queue explicitly.',
    'No policies: only one policy applies per queue, so one matching these queues would shadow your own.',
    'After importing, run the "afterImport" commands: RabbitMQ imports queues concurrently, so balanced can leave one node a leader ahead; rebalance evens out the plan\'s quorum queues.',
  ];
  const replicated = placement.queues.filter((q) => q.queueType !== 'classic');
  if (replicated.some((q) => q.replicaNodes.length < placement.nodes) && placement.spreadOverZones) {
    notes.push(
      'Replicas < nodes with zones: a definitions import lets the broker choose the members (not zone-aware). Use `--emit commands` to place members in the zones checked below.',
    );
  }
  if (vhosts.some((v) => v !== '/'))
    notes.push('New vhosts are created without user permissions: grant them (rabbitmqctl set_permissions) before clients connect.');
  return {
    rmq_plan: {
      generatedBy: 'rmq-plan size --emit definitions',
      rabbitmqVersion: broker.version,
      workloadFile: file,
      planName: workload.name ?? null,
      nodes: plan.nodes,
      replicationFactor: plan.replicationFactor ?? null,
      nodeZones: nodeZones(placement, nodeNames),
      leaderPlacement: 'balanced',
      zoneLoss: {
        required: placement.surviveZoneLoss,
        zones: zoneCheck.zones,
        ok: zoneCheck.ok,
        queuesChecked: zoneCheck.queuesChecked,
        failures: describeZoneFailures(zoneCheck),
      },
      afterImport: rebalanceCommands(placement.queues),
      placement: placement.queues.map((q) => ({
        vhost: q.vhost,
        queue: q.name,
        type: q.queueType,
        leader: nodeNames[q.replicaNodes[0]!]!,
        replicas: q.replicaNodes.map((n) => nodeNames[n]!),
      })),
      notes,
    },
    vhosts: vhosts.map((name) => ({ name })),
    queues,
    exchanges: [],
    bindings: [],
    policies: [],
  };
}
