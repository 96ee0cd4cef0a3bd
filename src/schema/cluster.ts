/**
 * The cluster description: a cluster that exists (or is proposed) — its nodes and where each
 * workload's queues live. `rmq-plan inspect` writes one from a live cluster; a later `check`
 * evaluates it with the same model `size` uses: the nodes give the capacities (cores, memory,
 * disk, file descriptors; or an instance type to look up in the catalog), the queue layout gives
 * the leaders and replicas per node that the model otherwise derives from its own placement.
 *
 * Workloads are matched to the workload file by name. Everything not observable through the
 * management API (instance type, disk size and type, zones) is optional: `check` falls back to
 * what the description does give, or asks for it.
 */
import { z } from './zod.js';
import * as B from './bounds.js';
import { brokerNameSchema } from './text.js';
import { QueueTypeSchema } from './workload.js';

export const CLUSTER_DESCRIPTION_VERSION = 1;

const NodeNameSchema = z.string().min(1).describe('Erlang node name, e.g. rabbit@host-1.');

export const ClusterNodeSchema = z
  .object({
    name: NodeNameSchema,
    running: z.boolean().default(true).describe('The node was up when observed. A node that is down counts as lost.'),
    zone: z
      .number()
      .int()
      .nonnegative()
      .max(B.MAX_ZONES - 1)
      .optional()
      .describe('Availability zone index (0-based). Not observable through the management API: set it for zone-loss checks.'),
    instanceType: z
      .string()
      .min(1)
      .optional()
      .describe('Catalog instance type (e.g. m6i.xlarge). Not observable: set it so `check` knows network and disk bandwidth.'),
    cores: z.number().int().positive().max(B.MAX_VCPUS).describe('Cores the Erlang VM schedules on ("processors" in /api/nodes).'),
    memoryLimitBytes: z
      .number()
      .int()
      .positive()
      .max(B.MAX_MEMORY_GIB * 2 ** 30)
      .describe('Memory high watermark in bytes (mem_limit): RAM × vm_memory_high_watermark. Above it publishers are blocked.'),
    memoryBytes: z
      .number()
      .int()
      .positive()
      .max(B.MAX_MEMORY_GIB * 2 ** 30)
      .optional()
      .describe('Installed RAM. Not reported by the management API; inspect estimates it as mem_limit ÷ the default watermark of the version.'),
    memoryUsedBytes: z.number().int().nonnegative().optional().describe('Memory in use when observed (peak over the samples).'),
    disk: z
      .object({
        freeBytes: z.number().int().nonnegative().optional().describe('Free space on the data volume when observed.'),
        freeLimitBytes: z.number().int().nonnegative().optional().describe('disk_free_limit: below it publishers are blocked.'),
        sizeGiB: z.number().positive().max(B.MAX_DISK_GIB).optional().describe('Volume size. Not observable: set it for backlog checks.'),
        type: z.string().min(1).optional().describe('Catalog disk option (e.g. gp3). Not observable.'),
      })
      .strict()
      .default({}),
    fileDescriptors: z
      .object({
        limit: z.number().int().positive().max(B.MAX_FILE_DESCRIPTORS).describe('fd_total: open files the node may use.'),
        used: z.number().int().nonnegative().optional().describe('fd_used when observed (peak over the samples).'),
      })
      .strict(),
  })
  .strict();

export const ClusterQueueSchema = z
  .object({
    name: z.string().min(1),
    leader: z.string().min(1).nullable().describe('Node of the leader (quorum, stream) or of the queue process (classic); null when unknown.'),
    members: z.array(z.string().min(1)).describe('Nodes holding a replica, leader included. One entry for classic queues.'),
    online: z.array(z.string().min(1)).optional().describe('Members that were running (quorum, stream).'),
  })
  .strict();

export const ClusterWorkloadLayoutSchema = z
  .object({
    name: z.string().min(1).describe('The workload of the workload file this layout belongs to.'),
    vhost: brokerNameSchema('virtual host name').default('/'),
    queueType: QueueTypeSchema,
    replicationFactor: z.number().int().positive().max(B.MAX_NODES).describe('Replicas per queue (the most common member count); 1 for classic.'),
    fanOut: z.number().int().positive().max(B.MAX_QUEUES).default(1).describe('Queue groups each message is routed to.'),
    queuesPerGroup: z.number().int().positive().max(B.MAX_QUEUES).describe('Queues (shards) per fan-out group.'),
    queues: z.array(ClusterQueueSchema).min(1).max(B.MAX_QUEUES).describe('The actual queues, with their leader and members.'),
  })
  .strict();

export const ClientsSchema = z
  .object({
    connections: z.number().int().nonnegative(),
    channels: z.number().int().nonnegative(),
    consumers: z.number().int().nonnegative(),
    connectionsOpenedPerSec: z.number().nonnegative().describe('Connection churn over the window.'),
    connectionsClosedPerSec: z.number().nonnegative(),
    channelsOpenedPerSec: z.number().nonnegative(),
    channelsClosedPerSec: z.number().nonnegative(),
  })
  .strict();

export const ClusterDescriptionSchema = z
  .object({
    version: z.literal(CLUSTER_DESCRIPTION_VERSION).describe('Cluster description format version: 1.'),
    name: z.string().min(1).optional().describe('Cluster name (cluster_name).'),
    observed: z
      .object({
        source: z.string().min(1).describe('Management API URL, without credentials.'),
        at: z.string().min(1).describe('ISO time the window ended.'),
        windowSeconds: z.number().positive(),
        samples: z.number().int().positive(),
        rabbitmqVersion: z.string().optional(),
        erlangVersion: z.string().optional(),
      })
      .strict()
      .optional()
      .describe('Where and when this description was read (absent for a hand-written, proposed cluster).'),
    nodes: z.array(ClusterNodeSchema).min(1).max(B.MAX_NODES),
    workloads: z.array(ClusterWorkloadLayoutSchema).default([]),
    clients: ClientsSchema.optional().describe('Client connections seen (informational; the workload file carries what the model uses).'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const nodeNames = new Set(c.nodes.map((n) => n.name));
    c.workloads.forEach((w, wi) => {
      w.queues.forEach((q, qi) => {
        for (const m of [...q.members, ...(q.leader ? [q.leader] : [])]) {
          if (!nodeNames.has(m)) {
            ctx.addIssue({
              code: 'custom',
              path: ['workloads', wi, 'queues', qi, 'members'],
              message: `expected a node listed in nodes, got "${m}"`,
            });
          }
        }
      });
    });
  });

export type ClusterDescriptionInput = z.input<typeof ClusterDescriptionSchema>;
export type ClusterDescription = z.output<typeof ClusterDescriptionSchema>;
export type ClusterNode = ClusterDescription['nodes'][number];
export type ClusterWorkloadLayout = ClusterDescription['workloads'][number];
