/**
 * The human summary and the --json document of an inspection (pure).
 */
import type { InspectOutcome } from '../inspect/run.js';
import { formatPath } from '../io/zod-problems.js';
import { escapeControl } from '../schema/text.js';
import type { ClusterObservation, Derivation, RateFigures, WorkloadObservation } from '../inspect/derive.js';
import { gibOrMib } from '../format/numbers.js';

function rate(r: RateFigures | null): string {
  return r === null ? 'no data' : `avg ${r.averageMsgPerSec} / peak ${r.peakMsgPerSec} msg/s`;
}

export interface WrittenFiles {
  workload: string | null;
  cluster: string | null;
}

export function renderSummary(outcome: InspectOutcome, written: WrittenFiles): string {
  const { inspection, derivation, cluster } = outcome;
  const info = inspection.info;
  const c = derivation.clusterObservation;
  const lines: string[] = [];
  const versions = [info.rabbitmqVersion ? `RabbitMQ ${info.rabbitmqVersion}` : null, info.erlangVersion ? `Erlang ${info.erlangVersion}` : null]
    .filter(Boolean)
    .join(', ');
  lines.push(
    `Inspected ${inspection.source}${versions ? ` (${versions})` : ''}: ${cluster.nodes.length} node(s), ` +
      `${inspection.polls.length} samples over ${cluster.observed?.windowSeconds ?? inspection.windowSeconds} s.`,
  );
  for (const n of cluster.nodes) {
    lines.push(
      `  node ${n.name}${n.running ? '' : ' (DOWN)'}: ${n.cores} cores, memory limit ${gibOrMib(n.memoryLimitBytes)} (used ${gibOrMib(n.memoryUsedBytes)}), ` +
        `disk free ${gibOrMib(n.disk.freeBytes)}, file descriptors ${n.fileDescriptors.used ?? '?'}/${n.fileDescriptors.limit}`,
    );
  }
  lines.push(
    `  clients: ${c.connections} connections, ${c.channels} channels, ${c.consumers} consumers; ` +
      `churn ${c.connectionsOpenedPerSec} connections/s and ${c.channelsOpenedPerSec} channels/s opened`,
  );
  lines.push(
    `  cluster-wide: published ${rate(c.published)}, delivered ${rate(c.delivered)}` +
      (c.copiesPerPublish !== null ? `, ${c.copiesPerPublish} queue copies per published message` : ''),
  );
  lines.push(`Workloads (${derivation.workloads.length}):`);
  derivation.workloads.forEach((w, i) => {
    const file = outcome.workloadFile.workloads[i]!;
    const layout = cluster.workloads[i];
    const size = typeof file.messageSize === 'number' ? `${file.messageSize} B` : `p50 ${file.messageSize.p50} B`;
    const rf = layout && layout.queueType !== 'classic' ? `, ${layout.replicationFactor} replicas` : '';
    lines.push(`  ${w.name} (vhost ${w.vhost}, ${w.queues.length} ${w.queueType} queue(s)${rf}; ${w.groupedBy})`);
    lines.push(
      `    published ${rate(w.published)}, fan-out ${file.fanOut}, delivered ${rate(w.delivered)}, redelivered ${rate(w.redelivered)}; ` +
        `size ${size}; depth avg ${w.depthMessages.average} / max ${w.depthMessages.max}; consumers ${w.consumers.total}`,
    );
  });
  if (derivation.guessed.length > 0) {
    lines.push(`Guessed (not observable — check these): ${derivation.guessed.length}`);
    for (const g of derivation.guessed) lines.push(`  ${g.file === 'cluster' ? 'cluster: ' : ''}${g.path}: ${g.reason}`);
  }
  for (const note of derivation.notes) lines.push(`Note: ${note}`);
  const wrote = [written.workload, written.cluster].filter((x): x is string => x !== null);
  if (wrote.length > 0) lines.push(`Wrote ${wrote.join(' and ')}.`);
  if (written.workload !== null) lines.push(`Next: rmq-plan size ${written.workload}`);
  // Node, vhost and queue names come from the broker: none may drive the terminal.
  return lines.map(escapeControl).join('\n') + '\n';
}

/** Version of InspectReport's shape. */
export const INSPECT_REPORT_VERSION = 1;

/** `rmq-plan inspect --json`: both files, every figure's provenance, the guessed list, what was observed. */
export interface InspectReport {
  kind: 'rmq-plan-inspect';
  schemaVersion: typeof INSPECT_REPORT_VERSION;
  /** The management API inspected (credentials redacted). */
  source: string;
  endedAt: string;
  windowSeconds: number;
  samples: number;
  /** The workload file written (its own JSON Schema: `rmq-plan schema`). */
  workloadFile: Record<string, unknown>;
  /** The cluster description written (the format `rmq-plan check --cluster` reads). */
  cluster: Record<string, unknown>;
  guessed: Derivation['guessed'];
  provenance: { file: 'workload' | 'cluster'; path: string; kind: string; how: string }[];
  observed: { cluster: ClusterObservation; workloads: WorkloadObservation[] };
  notes: string[];
  written: WrittenFiles;
}

/** The --json document (InspectReport). */
export function renderJson(outcome: InspectOutcome, written: WrittenFiles): string {
  const d = outcome.derivation;
  const doc: InspectReport = {
    kind: 'rmq-plan-inspect',
    schemaVersion: INSPECT_REPORT_VERSION,
    source: outcome.inspection.source,
    endedAt: outcome.inspection.endedAt,
    windowSeconds: outcome.inspection.windowSeconds,
    samples: outcome.inspection.polls.length,
    workloadFile: d.workloadFile as Record<string, unknown>,
    cluster: d.cluster as Record<string, unknown>,
    guessed: d.guessed,
    provenance: [
      ...d.workloadProvenance.map((p) => ({ file: 'workload' as const, path: formatPath(p.path), kind: p.kind, how: p.how })),
      ...d.clusterProvenance.map((p) => ({ file: 'cluster' as const, path: formatPath(p.path), kind: p.kind, how: p.how })),
    ],
    observed: { cluster: d.clusterObservation, workloads: d.workloads },
    notes: d.notes,
    written,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
