/**
 * The commented example `rmq-plan init` writes. Every field of the workload schema appears,
 * either set or commented out with its default and the reason for it (a test checks that
 * the file validates and that no schema field is missing from it).
 */
export const INIT_TEMPLATE = `# rmq-plan workload file: the traffic one RabbitMQ cluster must carry.
#
#   rmq-plan size workload.yaml          recommend nodes, instance type, disks and queue layout
#   rmq-plan schema                      the JSON Schema of this file (for editor completion)
#
# Fields marked "required" must be set; every other field has the default shown (commented
# out) and the reason for it. Sizes accept bytes (4096) or units: KB/MB/GB (10^3), KiB/MiB/GiB (2^10).
# Unknown fields are errors, so a typo never silently falls back to a default.

version: 1                      # required: the file format version
name: example-cluster           # optional: a name for this plan, shown in reports
description: One cluster shared by the orders service and the email notifier.

cluster:
  ha:
    nodeFailuresToTolerate: 1   # default 1: the smallest highly available layout (3 nodes, quorum replication factor 3); 0 to 3
    zones: 1                    # default 1: availability zones the nodes are spread over evenly
    surviveZoneLoss: false      # default false: true requires every target to hold after losing a whole zone (needs zones >= 3)
  constraints:
    # providers: [aws, gcp, azure]        # default: every provider in the catalog
    # instanceTypes: [m6i.xlarge]         # default: every instance type (names as in the catalog)
    # instanceFamilies: [m6i, c6i]        # default: every family
    # categories: [general, compute, memory]  # default: every category
    # diskTypes: [gp3]                    # default: every SSD disk option
    minNodes: 1                 # default 1: HA needs raise it automatically
    maxNodes: 9                 # default 9: RabbitMQ's production checklist advises separate clusters over double-digit node counts
    productionMinimums: true    # default true: only instance types with >= 4 vCPU and 4 GiB RAM (production checklist minimum)
    targetUtilization: 0.6      # default 0.6: highest use of any resource at peak, healthy cluster (common broker sizing target)
    maxUtilizationAfterFailure: 0.8  # default 0.8: highest use after the tolerated failures (throughput stops growing near 90% CPU)
    # monthlyBudgetUsd: 2000              # default: no budget; instances + disks per month
  broker:
    rabbitmqVersion: "4.3"      # default 4.3: the release line the cluster will run (3.10 to 4.3); decides advice and emitted syntax
    memoryHighWatermark: 0.6    # default 0.6: vm_memory_high_watermark.relative in RabbitMQ 4.x (0.4 in 3.13 and older)
    diskFreeLimit: watermark    # default "watermark": a free-disk limit equal to the memory watermark (production checklist); or a size
    fileDescriptorLimit: 65536  # default 65536: the usual open-files limit; the checklist asks for at least 50,000
    interNodeRttMs: 1           # default 1: round trip between nodes in ms (one region); measure yours across zones
  forecast:
    horizonMonths: 12           # default 12: months of growth the plan must carry (a yearly planning cycle)

workloads:                      # required: one entry per application or tenant sharing the cluster
  - name: orders                # required: letters, digits, ".", "_" or "-"; queue names derive from it
    vhost: /                    # default "/"
    publishRate:                # required
      averageMsgPerSec: 800     # required: average publish rate today
      peakMsgPerSec: 2000       # the sustained peak today; give this or peakToAverageRatio
      # peakToAverageRatio: 2.5           # peak = average x ratio, when the peak itself is unknown
      monthlyGrowthPercent: 3   # default 0: compound growth per month over forecast.horizonMonths
      # burst:                            # default: none. A short burst above the peak, held as backlog
      #   msgPerSec: 6000
      #   durationSeconds: 60
    messageSize:                # required: one size (e.g. 2KiB) or p50/p95/max
      p50: 1KiB
      p95: 4KiB                 # bandwidth and CPU are sized on the p95
      max: 64KiB                # checked against max_message_size (16 MiB by default)
    fanOut: 1                   # default 1: queue groups each message is routed to (e.g. 3 subscribers of a fanout exchange)
    queueType: quorum           # default quorum: replicated and durable; classic (single node) or stream (replicated log)
    persistent: true            # default true: delivery_mode=2 (quorum queues and streams store every message anyway)
    publisherConfirms:
      enabled: true             # default true: without confirms a publisher cannot know a message was stored
      inFlightPerChannel: auto  # default auto: the smallest confirm window that carries the rate; or a number
    consumers:
      count: auto               # default auto: enough consumers to drain the peak, at least one per queue; or a number
      processingTimeMs: 2       # default 0: time a consumer spends per message before acking (its p99 share grows fast as consumers get busy)
      prefetch: 100             # default 100: RabbitMQ docs find 100-300 usually gives optimal throughput
      ackMode: manual           # default manual: ack after processing (at-least-once); auto: broker forgets on send
      ackEvery: 1               # default 1: one ack per message; N acks with multiple=true every N messages
    queues: auto                # default auto: shards per fan-out group chosen by the planner; or a number
    connections:
      publisherConnections: auto  # default auto: as few as carry the peak
      consumerConnections: auto   # default auto: one per consumer
      channelsPerConnection: 1    # default 1: most applications use a single-digit number of channels
      churnPerSec: 0              # default 0: connections opened per second (long-lived connections recommended)
    latencyP99TargetMs: 50      # default: no target. End-to-end (publish to delivery) p99 in ms
    backlog:
      consumerOutageMinutes: 10 # default 0: minutes of consumer outage at peak to hold without a memory or disk alarm
    messageTtl: false           # default false: true when messages carry a TTL (quorum queues keep 16 more bytes each)

  - name: email-notifications
    publishRate:
      averageMsgPerSec: 50
      peakToAverageRatio: 4
    messageSize: 2KiB
    latencyP99TargetMs: 500
`;
