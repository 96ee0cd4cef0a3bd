/**
 * The workload file: the single source of truth for validation, the TypeScript types the
 * model consumes, and the JSON Schema `rmq-plan schema` prints. Every default says why.
 */
import { z } from './zod.js';
import * as B from './bounds.js';
import { ByteSizeSchema } from './byte-size.js';
import { brokerNameSchema, labelSchema, proseSchema } from './text.js';
import { DEFAULT_RABBITMQ_VERSION, SUPPORTED_RABBITMQ_VERSIONS } from './rabbitmq-version.js';
import { int } from '../format/numbers.js';

export const WORKLOAD_FILE_VERSION = 1;

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/**
 * Queue names are <workload>[.gN][.sNN] and must fit an AMQP short string (255 bytes); 200
 * leaves room for the suffixes the planner adds (src/model/queue-names.ts).
 */
const WORKLOAD_NAME_MAX_CHARS = 200;

export const QueueTypeSchema = z
  .enum(['quorum', 'classic', 'stream'])
  .describe(
    'RabbitMQ queue type. quorum: replicated Raft log (the default for data safety); classic: single node, not replicated; stream: replicated append-only log.',
  );

const Auto = z.literal('auto');

export const PublishRateSchema = z
  .object({
    averageMsgPerSec: z.number().positive().max(B.MAX_MSG_PER_SEC).describe('Average publish rate today (month 0), messages per second.'),
    peakMsgPerSec: z
      .number()
      .positive()
      .max(B.MAX_MSG_PER_SEC)
      .optional()
      .describe('Sustained peak publish rate today; the cluster is sized for it. Give this or peakToAverageRatio.'),
    peakToAverageRatio: z
      .number()
      .min(1)
      .max(B.MAX_PEAK_TO_AVERAGE)
      .optional()
      .describe('Peak = average × this ratio, when the peak itself is not known. Give this or peakMsgPerSec.'),
    monthlyGrowthPercent: z
      .number()
      .gt(-100)
      .max(B.MAX_MONTHLY_GROWTH_PERCENT)
      .default(0)
      .describe('Compound growth per month, applied over cluster.forecast.horizonMonths. Default 0: no growth unless forecast.'),
    burst: z
      .object({
        msgPerSec: z.number().positive().max(B.MAX_MSG_PER_SEC).describe('Publish rate during a short burst above the sustained peak.'),
        durationSeconds: z.number().positive().max(B.MAX_BURST_SECONDS).describe('How long the burst lasts (at most a day).'),
      })
      .strict()
      .optional()
      .describe(
        'A short burst the cluster must absorb: the excess over what consumers drain is held as backlog (memory and disk), and the broker must not exceed 100% of any resource during it.',
      ),
  })
  .strict()
  .superRefine((rate, ctx) => {
    const given = Number(rate.peakMsgPerSec !== undefined) + Number(rate.peakToAverageRatio !== undefined);
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['peakMsgPerSec'],
        message: `expected exactly one of peakMsgPerSec or peakToAverageRatio, got ${given === 0 ? 'neither' : 'both'}`,
      });
    }
    if (rate.peakMsgPerSec !== undefined && rate.peakMsgPerSec < rate.averageMsgPerSec) {
      ctx.addIssue({
        code: 'custom',
        path: ['peakMsgPerSec'],
        message: `expected a peak ≥ averageMsgPerSec (${rate.averageMsgPerSec}), got ${rate.peakMsgPerSec}`,
      });
    }
    if (rate.burst && rate.peakMsgPerSec !== undefined && rate.burst.msgPerSec < rate.peakMsgPerSec) {
      ctx.addIssue({
        code: 'custom',
        path: ['burst', 'msgPerSec'],
        message: `expected a burst rate ≥ peakMsgPerSec (${rate.peakMsgPerSec}), got ${rate.burst.msgPerSec}`,
      });
    }
  });

export const MessageSizeSchema = z
  .union([
    ByteSizeSchema,
    z
      .object({
        p50: ByteSizeSchema.describe('Median message body size.'),
        p95: ByteSizeSchema.describe("95th percentile body size: bandwidth and CPU are sized on it, as the production checklist's network estimate does."),
        max: ByteSizeSchema.describe('Largest body: checked against max_message_size (16 MiB default).'),
      })
      .strict()
      .superRefine((size, ctx) => {
        if (!(size.p50 <= size.p95 && size.p95 <= size.max)) {
          ctx.addIssue({
            code: 'custom',
            path: [],
            message: `expected p50 ≤ p95 ≤ max, got p50=${size.p50}, p95=${size.p95}, max=${size.max}`,
          });
        }
      }),
  ])
  .describe('Message body size: one size for all messages, or {p50, p95, max}.');

export const PublisherConfirmsSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Publishers wait for broker confirms. Default true: without confirms a publisher cannot know a message was stored.'),
    inFlightPerChannel: z
      .union([z.number().int().positive().max(B.MAX_CONFIRM_WINDOW), Auto])
      .default('auto')
      .describe(
        'Unconfirmed messages a publisher channel keeps in flight. "auto" (default): rmq-plan recommends the smallest window that carries the rate at the modelled confirm latency (Little\'s law). A number caps each channel at inFlight ÷ confirm latency.',
      ),
  })
  .strict();

export const ConsumersSchema = z
  .object({
    count: z
      .union([z.number().int().positive().max(B.MAX_CONSUMERS), Auto])
      .default('auto')
      .describe(
        'Consumers for each fan-out group (spread over its queues). "auto" (default): enough to drain the peak at the target utilisation given processingTimeMs, at least one per queue.',
      ),
    processingTimeMs: z
      .number()
      .nonnegative()
      .max(B.MAX_PROCESSING_MS)
      .default(0)
      .describe('Time a consumer spends on one message before acking. Default 0: the broker, not the application, is being sized.'),
    prefetch: z
      .number()
      .int()
      .positive()
      .max(B.MAX_PREFETCH)
      .default(100)
      .describe(
        'basic.qos prefetch per consumer. Default 100: RabbitMQ docs (Consumer Acknowledgements) say values of 100 through 300 usually offer optimal throughput.',
      ),
    ackMode: z
      .enum(['manual', 'auto'])
      .default('manual')
      .describe(
        'manual: consumers ack after processing (at-least-once; the default because it is the safe mode); auto: the broker forgets a message once sent.',
      ),
    ackEvery: z
      .number()
      .int()
      .positive()
      .max(B.MAX_PREFETCH)
      .default(1)
      .describe('Consumers ack with multiple=true every N messages. Default 1: one ack per message, the common client default.'),
  })
  .strict();

export const ConnectionsSchema = z
  .object({
    publisherConnections: z
      .union([z.number().int().positive().max(B.MAX_CONNECTIONS), Auto])
      .default('auto')
      .describe('Publishing connections for this workload. "auto" (default): as few as carry the peak within the per-connection and confirm-window limits.'),
    consumerConnections: z
      .union([z.number().int().positive().max(B.MAX_CONNECTIONS), Auto])
      .default('auto')
      .describe('Consuming connections. "auto" (default): one per consumer.'),
    channelsPerConnection: z
      .number()
      .int()
      .positive()
      .max(2047)
      .default(1)
      .describe(
        'Channels on each connection. Default 1: RabbitMQ docs (Channels) say most applications use a single-digit number; each channel costs broker memory.',
      ),
    churnPerSec: z
      .number()
      .nonnegative()
      .max(B.MAX_CHURN_PER_SEC)
      .default(0)
      .describe('Connections opened (and closed) per second. Default 0: long-lived connections, as RabbitMQ recommends.'),
  })
  .strict();

export const WorkloadSchema = z
  .object({
    name: z
      .string()
      .regex(NAME_PATTERN, { message: 'a name of letters, digits, ".", "_" or "-"' })
      .max(WORKLOAD_NAME_MAX_CHARS)
      .describe(`Application or tenant name (at most ${WORKLOAD_NAME_MAX_CHARS} characters); queue names are derived from it.`),
    vhost: brokerNameSchema('virtual host name').default('/').describe('Virtual host (at most 255 bytes of UTF-8, no control characters). Default "/".'),
    publishRate: PublishRateSchema,
    messageSize: MessageSizeSchema,
    fanOut: z
      .number()
      .int()
      .positive()
      .max(B.MAX_QUEUES)
      .default(1)
      .describe('Queue groups each message is routed to (e.g. 3 subscribers of a fanout exchange). Default 1: point-to-point.'),
    queueType: QueueTypeSchema.default('quorum'),
    persistent: z.boolean().default(true).describe('delivery_mode=2. Default true. Quorum queues and streams store every message on disk whatever this says.'),
    publisherConfirms: PublisherConfirmsSchema.default({ enabled: true, inFlightPerChannel: 'auto' }),
    consumers: ConsumersSchema.default({ count: 'auto', processingTimeMs: 0, prefetch: 100, ackMode: 'manual', ackEvery: 1 }),
    queues: z
      .union([z.number().int().positive().max(B.MAX_QUEUES), Auto])
      .default('auto')
      .describe('Queues (shards) per fan-out group. "auto" (default): the planner chooses enough shards to keep each queue under its single-process ceiling.'),
    connections: ConnectionsSchema.default({
      publisherConnections: 'auto',
      consumerConnections: 'auto',
      channelsPerConnection: 1,
      churnPerSec: 0,
    }),
    latencyP99TargetMs: z
      .number()
      .positive()
      .max(B.MAX_LATENCY_TARGET_MS)
      .optional()
      .describe('End-to-end (publish to delivery) p99 latency target in milliseconds. Omit for no latency target.'),
    backlog: z
      .object({
        consumerOutageMinutes: z
          .number()
          .nonnegative()
          .max(B.MAX_OUTAGE_MINUTES)
          .default(0)
          .describe('Minutes of total consumer outage at peak rate the cluster must hold without a memory or disk alarm. Default 0.'),
      })
      .strict()
      .default({ consumerOutageMinutes: 0 }),
    messageTtl: z
      .boolean()
      .default(false)
      .describe('Messages carry a TTL (per-message or queue policy): quorum queues then keep 16 more bytes of metadata per message.'),
  })
  .strict()
  .superRefine((w, ctx) => {
    if (typeof w.queues === 'number' && w.fanOut * w.queues > B.MAX_QUEUES) {
      ctx.addIssue({
        code: 'custom',
        path: ['queues'],
        message: `expected fanOut × queues ≤ ${int(B.MAX_QUEUES)} queues for one workload, got ${w.fanOut} × ${w.queues} = ${int(w.fanOut * w.queues)}`,
      });
    }
  });

export const HaSchema = z
  .object({
    nodeFailuresToTolerate: z
      .number()
      .int()
      .min(0)
      .max(3)
      .default(1)
      .describe(
        'Nodes that may be lost at once while every target still holds. Default 1: the smallest highly available layout (3 nodes, replication factor 3). At most 3: quorum queues are not recommended on more than 7 replicas.',
      ),
    zones: z.number().int().positive().max(B.MAX_ZONES).default(1).describe('Availability zones the nodes are spread over evenly. Default 1.'),
    surviveZoneLoss: z
      .boolean()
      .default(false)
      .describe('Every target must still hold after losing a whole zone. Needs zones ≥ 3 so that quorum queues keep a majority.'),
  })
  .strict()
  .superRefine((ha, ctx) => {
    if (ha.surviveZoneLoss && ha.zones < 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['zones'],
        message: `expected zones ≥ 3 when surviveZoneLoss is true (with fewer zones one of them holds a majority of every quorum queue), got ${ha.zones}`,
      });
    }
  });

export const ConstraintsSchema = z
  .object({
    providers: z
      .array(z.enum(['aws', 'gcp', 'azure']))
      .min(1)
      .optional()
      .describe('Cloud providers allowed. Default: all in the catalog.'),
    instanceTypes: z.array(z.string().min(1)).min(1).optional().describe('Instance types allowed, by name. Default: all.'),
    instanceFamilies: z.array(z.string().min(1)).min(1).optional().describe('Instance families allowed (e.g. m6i). Default: all.'),
    categories: z
      .array(z.enum(['general', 'compute', 'memory']))
      .min(1)
      .optional()
      .describe('Instance categories allowed. Default: all.'),
    diskTypes: z.array(z.string().min(1)).min(1).optional().describe('Disk options allowed, by name (e.g. gp3). Default: all SSD options.'),
    minNodes: z.number().int().positive().max(50).default(1).describe('Fewest nodes. Default 1; HA needs raise it.'),
    maxNodes: z
      .number()
      .int()
      .positive()
      .max(50)
      .default(9)
      .describe("Most nodes. Default 9: RabbitMQ's production checklist advises independent clusters rather than node counts in double digits."),
    productionMinimums: z
      .boolean()
      .default(true)
      .describe('Only instance types with at least 4 vCPU and 4 GiB RAM (RabbitMQ production checklist minimum). Default true.'),
    targetUtilization: z
      .number()
      .gt(0)
      .max(1)
      .default(0.6)
      .describe(
        'Highest utilisation of any resource at peak on a healthy cluster. Default 0.6: the Confluent sizing calculator\'s default target and AWS MSK\'s "keep CPU under 60%" guidance for brokers.',
      ),
    maxUtilizationAfterFailure: z
      .number()
      .gt(0)
      .max(1)
      .default(0.8)
      .describe(
        'Highest utilisation of any resource at peak after the tolerated failures. Default 0.8: RabbitMQ nodes stop gaining throughput above ~90% CPU (Vanlightly 2020), so keep a margin below it.',
      ),
    monthlyBudgetUsd: z
      .number()
      .positive()
      .max(B.MAX_BUDGET_USD)
      .optional()
      .describe('Most the cluster may cost per month (instances + disks). Default: no budget.'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.minNodes > c.maxNodes) {
      ctx.addIssue({ code: 'custom', path: ['minNodes'], message: `expected minNodes ≤ maxNodes (${c.maxNodes}), got ${c.minNodes}` });
    }
    if (c.maxUtilizationAfterFailure < c.targetUtilization) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxUtilizationAfterFailure'],
        message: `expected ≥ targetUtilization (${c.targetUtilization}), got ${c.maxUtilizationAfterFailure}`,
      });
    }
  });

export const BrokerSettingsSchema = z
  .object({
    rabbitmqVersion: z
      .enum(SUPPORTED_RABBITMQ_VERSIONS)
      .default(DEFAULT_RABBITMQ_VERSION)
      .describe(
        `RabbitMQ release line the cluster will run (${SUPPORTED_RABBITMQ_VERSIONS.join(', ')}). Default ${DEFAULT_RABBITMQ_VERSION}: the current release, the one rmq-plan is tested on. It decides the advice (Khepri majority from 4.2, no pause_minority/autoheal from 4.3, no mirrored queues from 4.0), the max_message_size default (16 MiB from 4.0, 128 MiB before), and the emitted layout (x-queue-leader-locator and rabbitmqadmin v2 on 4.x).`,
      ),
    memoryHighWatermark: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.6)
      .describe('vm_memory_high_watermark.relative. Default 0.6: the RabbitMQ 4.x default (3.13 and older: 0.4).'),
    diskFreeLimit: z
      .union([ByteSizeSchema, z.literal('watermark')])
      .default('watermark')
      .describe('disk_free_limit. Default "watermark": the production checklist recommends a free-disk limit about equal to the memory high watermark.'),
    fileDescriptorLimit: z
      .number()
      .int()
      .positive()
      .max(B.MAX_FILE_DESCRIPTORS)
      .default(65536)
      .describe('Open files per node. Default 65536: the usual ERL_MAX_PORTS default (RabbitMQ networking guide); the checklist asks for at least 50,000.'),
    interNodeRttMs: z
      .number()
      .positive()
      .max(B.MAX_RTT_MS)
      .default(1)
      .describe(
        'Round trip between nodes, ms: a quorum commit waits for it. Default 1 ms: an assumption for nodes in one region; measure yours (e.g. ping between zones) and set it.',
      ),
  })
  .strict();

export const ClusterSchema = z
  .object({
    ha: HaSchema.default({ nodeFailuresToTolerate: 1, zones: 1, surviveZoneLoss: false }),
    constraints: ConstraintsSchema.default({
      minNodes: 1,
      maxNodes: 9,
      productionMinimums: true,
      targetUtilization: 0.6,
      maxUtilizationAfterFailure: 0.8,
    }),
    broker: BrokerSettingsSchema.default({
      rabbitmqVersion: DEFAULT_RABBITMQ_VERSION,
      memoryHighWatermark: 0.6,
      diskFreeLimit: 'watermark',
      fileDescriptorLimit: 65536,
      interNodeRttMs: 1,
    }),
    forecast: z
      .object({
        horizonMonths: z.number().int().min(0).max(120).default(12).describe('Months of growth the plan must carry. Default 12: a yearly planning cycle.'),
      })
      .strict()
      .default({ horizonMonths: 12 }),
  })
  .strict();

export const WorkloadFileSchema = z
  .object({
    version: z.literal(WORKLOAD_FILE_VERSION).describe('Workload file format version: 1.'),
    name: labelSchema('plan name').optional().describe('A name for this cluster plan (one line, at most 200 characters).'),
    description: proseSchema().optional().describe('Free text (line breaks allowed, no other control characters).'),
    cluster: ClusterSchema.default({
      ha: { nodeFailuresToTolerate: 1, zones: 1, surviveZoneLoss: false },
      constraints: { minNodes: 1, maxNodes: 9, productionMinimums: true, targetUtilization: 0.6, maxUtilizationAfterFailure: 0.8 },
      broker: {
        rabbitmqVersion: DEFAULT_RABBITMQ_VERSION,
        memoryHighWatermark: 0.6,
        diskFreeLimit: 'watermark',
        fileDescriptorLimit: 65536,
        interNodeRttMs: 1,
      },
      forecast: { horizonMonths: 12 },
    }),
    workloads: z.array(WorkloadSchema).min(1).describe('Applications (tenants) sharing the cluster.'),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.workloads.forEach((w, index) => {
      const first = seen.get(w.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['workloads', index, 'name'],
          message: `expected a unique workload name, got "${w.name}" again (first at workloads[${first}])`,
        });
      } else {
        seen.set(w.name, index);
      }
    });
  });

/** The workload file as written (defaults may be missing). */
export type WorkloadFileInput = z.input<typeof WorkloadFileSchema>;
/** The workload file after validation, with every default filled in. */
export type WorkloadFile = z.output<typeof WorkloadFileSchema>;
export type Workload = WorkloadFile['workloads'][number];
export type Cluster = WorkloadFile['cluster'];
export type QueueType = z.output<typeof QueueTypeSchema>;
export type MessageSize = Workload['messageSize'];
