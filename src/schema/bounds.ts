/**
 * Ranges of every numeric input, from the domain. Out of range is bad input (exit 2) naming the
 * field: nothing downstream ever sees a value that makes the search unbounded, a typed array
 * infinite or a number Infinity. Each bound says why it is where it is.
 */

/**
 * Publish rate of one workload, msg/s: 10 million, ~75× the largest published RabbitMQ cluster
 * figure (134k msg/s on a stream over the stream protocol, 3 × m7i.4xlarge; RabbitMQ blog 2024).
 * Also the bound on the forecast peak after growth and --traffic-scale.
 */
export const MAX_MSG_PER_SEC = 10_000_000;
/** Peak ÷ average: 1,000 (a workload idle 99.9% of the time is a batch job, not a rate). */
export const MAX_PEAK_TO_AVERAGE = 1_000;
/** Monthly growth: 100% (doubling every month); faster is not a forecast a cluster can be planned on. */
export const MAX_MONTHLY_GROWTH_PERCENT = 100;
/** A burst lasts at most a day; anything longer is the sustained peak. */
export const MAX_BURST_SECONDS = 86_400;
/**
 * Queues per fan-out group, and fan-out × queues per workload: 100,000. An empty queue costs
 * 68–126 kB per replica (docs/measurements/memory.md), so 100,000 queues hold ≥ 6.8 GB of RAM
 * per replica before any message: more is several clusters, not one plan.
 */
export const MAX_QUEUES = 100_000;
/** Consumers per fan-out group: 100,000 (one consumer per queue at MAX_QUEUES, and a margin). */
export const MAX_CONSUMERS = 100_000;
/**
 * Processing time per message: 30 minutes, RabbitMQ's default consumer timeout (1,800,000 ms;
 * https://www.rabbitmq.com/docs/consumers#acknowledgement-timeout): a delivery held longer
 * closes the consumer's channel.
 */
export const MAX_PROCESSING_MS = 1_800_000;
/** basic.qos prefetch-count is a 16-bit field in AMQP 0-9-1: at most 65,535. */
export const MAX_PREFETCH = 65_535;
/** Confirm window per channel: 1,000,000 (the bench's own bound; the broker keeps every unconfirmed message). */
export const MAX_CONFIRM_WINDOW = 1_000_000;
/**
 * Connections of one workload: 1,000,000, the largest published RabbitMQ connection test
 * (native MQTT, 1M connections on a 3-node cluster; RabbitMQ blog 2023-03-21).
 */
export const MAX_CONNECTIONS = 1_000_000;
/** New connections per second: 100,000 (connection setup costs ~ms of CPU; beyond this the plan is connection churn, not messaging). */
export const MAX_CHURN_PER_SEC = 100_000;
/** Latency target: a day, in ms; a longer "latency" is a backlog, which backlog.consumerOutageMinutes expresses. */
export const MAX_LATENCY_TARGET_MS = 86_400_000;
/** Consumer outage to absorb: a week, in minutes. */
export const MAX_OUTAGE_MINUTES = 10_080;
/** Availability zones: 6, as many as the largest public-cloud region has (AWS us-east-1). */
export const MAX_ZONES = 6;
/** Monthly budget: 1 billion USD. */
export const MAX_BUDGET_USD = 1_000_000_000;
/** Round trip between nodes: 10 s, in ms (beyond it no Raft heartbeat or consumer sees a cluster). */
export const MAX_RTT_MS = 10_000;
/** Open files per node: 2^31 − 1, the largest value a Linux RLIMIT_NOFILE can be set to (fs.nr_open caps it lower). */
export const MAX_FILE_DESCRIPTORS = 2_147_483_647;
/** Sizes: 1 PiB. Larger than any disk a node can have; keeps every byte count exact in a double. */
export const MAX_BYTES = 2 ** 50;
/** What --traffic-scale may multiply rates by: 10,000 (and the scaled forecast must still fit MAX_MSG_PER_SEC). */
export const MAX_TRAFFIC_SCALE = 10_000;
/** Nodes in one cluster: 50, as cluster.constraints.maxNodes (the production checklist advises separate clusters well before). */
export const MAX_NODES = 50;
/** vCPUs of one node: 1,024 (the largest cloud instances have 896: AWS u7in/u7i high-memory types). */
export const MAX_VCPUS = 1_024;
/** RAM of one node: 32 TiB, in GiB (AWS u7in-32tb.224xlarge, the largest cloud instance). */
export const MAX_MEMORY_GIB = 32_768;
/** Network of one node: 3,200 Gbit/s (AWS p5.48xlarge, the fastest cloud instance network). */
export const MAX_NETWORK_GBPS = 3_200;
/** Disk of one node: 1 PiB, in GiB. */
export const MAX_DISK_GIB = 1_048_576;
/** Disk bandwidth of one node: 100,000 MB/s (an order of magnitude above the fastest cloud block storage, io2 Block Express at 4,000 MB/s per volume). */
export const MAX_DISK_MBPS = 100_000;
/** Disk IOPS of one node: 10 million (an order of magnitude above local NVMe instance storage). */
export const MAX_DISK_IOPS = 10_000_000;
/** Price of one node: 10,000 USD/hour (the largest cloud instances cost ~400 USD/hour on demand). */
export const MAX_PRICE_PER_HOUR_USD = 10_000;
/** A unit price in a catalog (per GiB-month, per provisioned IOPS or MB/s): 1,000 USD, ~10,000× any cloud list price. */
export const MAX_UNIT_PRICE_USD = 1_000;
/** Disk write latency: 10 s, in ms (a disk slower than that is not a disk a broker runs on). */
export const MAX_DISK_LATENCY_MS = 10_000;
/** Hours in a month: 744 (31 days), the most a month has. */
export const HOURS_PER_MONTH_MAX = 744;
/** Instance types in one catalog: 5,000 (each cloud lists on the order of 1,000 instance types in all). */
export const MAX_CATALOG_INSTANCE_TYPES = 5_000;
/** Disk options in one catalog: 500 (each cloud offers about ten block-storage kinds). */
export const MAX_CATALOG_DISK_OPTIONS = 500;

/** Narrowest table layout (--width) that can still be read (stacked rows); below is refused. */
export const MIN_WIDTH = 40;
/** Widest table layout (--width) asked for; wider is refused as a likely typo. */
export const MAX_WIDTH = 1000;
