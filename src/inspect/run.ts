/**
 * One inspection end to end: read the cluster over the window, derive the workload file and the
 * cluster description, validate both with their schemas, render them as commented YAML.
 */
import { BrokerError } from '../errors.js';
import { WorkloadFileSchema, type WorkloadFile } from '../schema/workload.js';
import { ClusterDescriptionSchema, type ClusterDescription } from '../schema/cluster.js';
import { ManagementClient, type HttpTransport } from '../broker/management.js';
import { derive, type Derivation } from './derive.js';
import type { InspectFlags } from './options.js';
import { NOT_OBSERVABLE_FIELDS, renderYaml } from './render-yaml.js';
import { collectInspection } from './sampler.js';
import type { Inspection } from './snapshot.js';

export interface InspectRuntime {
  transport?: HttpTransport;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (message: string) => void;
}

export interface InspectOutcome {
  inspection: Inspection;
  derivation: Derivation;
  /** The workload file after schema validation (defaults filled in). */
  workloadFile: WorkloadFile;
  cluster: ClusterDescription;
  workloadYaml: string;
  clusterYaml: string;
}

export async function runInspect(flags: InspectFlags, runtime: InspectRuntime = {}): Promise<InspectOutcome> {
  const client = new ManagementClient(flags.mgmt, {
    timeoutMs: flags.timeoutMs,
    timeoutFlag: '--timeout',
    ...(runtime.transport ? { transport: runtime.transport } : {}),
  });
  const inspection = await collectInspection(client, {
    windowSeconds: flags.windowSeconds,
    samples: flags.samples,
    vhost: flags.vhost,
    ...(runtime.now ? { now: runtime.now } : {}),
    ...(runtime.sleep ? { sleep: runtime.sleep } : {}),
    ...(runtime.onProgress ? { onProgress: runtime.onProgress } : {}),
  });
  return deriveAndRender(inspection, flags);
}

/** The pure half: what was read → validated files and their YAML. */
export function deriveAndRender(inspection: Inspection, flags: Pick<InspectFlags, 'groupBy' | 'vhost'>): InspectOutcome {
  const derivation = derive(inspection, { groupBy: flags.groupBy, vhost: flags.vhost });
  if (derivation.workloads.length === 0) {
    // An empty cluster is a normal situation, not a bug: there is nothing to derive a workload
    // from. Exit 3 (the environment cannot answer), one line, nothing written.
    const where = flags.vhost === null ? 'the cluster' : `vhost "${flags.vhost}"`;
    throw new BrokerError(
      `${inspection.source}: ${where} has no queues, so there is no traffic to derive a workload file from; inspect while the applications run, or write one with \`rmq-plan init\``,
    );
  }
  // Both must validate: a failure here is a bug in the derivation, not the user's input.
  const workloadFile = WorkloadFileSchema.parse(derivation.workloadFile);
  const cluster = ClusterDescriptionSchema.parse(derivation.cluster);

  const header = [
    `rmq-plan workload file written by \`rmq-plan inspect\` from ${inspection.source}, ${inspection.endedAt}.`,
    'Each figure says how it was obtained: measured (read from the management API), estimated (derived: the method',
    'is given) or guessed (not observable: check it). Fields not written use the schema defaults; not observable at all:',
    `${NOT_OBSERVABLE_FIELDS}.`,
    'Next: rmq-plan size <this file>',
  ];
  const itemComments = derivation.workloads.map((w, i) => ({
    path: ['workloads', i],
    lines: [`${w.name}: ${w.queues.length} ${w.queueType} queue(s) in vhost ${w.vhost}, grouped as ${w.groupedBy}`],
  }));
  const workloadYaml = renderYaml(derivation.workloadFile, { header, provenance: derivation.workloadProvenance, itemComments });
  const clusterYaml = renderYaml(derivation.cluster, {
    header: [
      `rmq-plan cluster description written by \`rmq-plan inspect\` from ${inspection.source}, ${inspection.endedAt}.`,
      'Not observable through the management API: instanceType, zone, disk.sizeGiB, disk.type: set them for `rmq-plan check`.',
    ],
    provenance: derivation.clusterProvenance,
  });
  return { inspection, derivation, workloadFile, cluster, workloadYaml, clusterYaml };
}
