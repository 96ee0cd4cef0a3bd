/**
 * What the RabbitMQ version the cluster will run changes for planning and for the emitted layout.
 * Pure data; each fact with its source (../shared/reference/rabbitmq-4x-and-platforms.md collects
 * them from the RabbitMQ docs and release notes).
 */

import { SUPPORTED_RABBITMQ_VERSIONS, type RabbitmqVersion } from '../schema/rabbitmq-version.js';

export { DEFAULT_RABBITMQ_VERSION, SUPPORTED_RABBITMQ_VERSIONS, type RabbitmqVersion } from '../schema/rabbitmq-version.js';

export interface VersionNumber {
  major: number;
  minor: number;
}

/** "4.3", "4.3.6", "3.10.8-1" → {major, minor}; null when it does not start with major.minor. */
export function parseVersionNumber(text: string): VersionNumber | null {
  const m = /^(\d{1,3})\.(\d{1,3})(?:\.\d+)?/.exec(text.trim());
  return m === null ? null : { major: Number(m[1]), minor: Number(m[2]) };
}

/** The supported release line a version belongs to ("4.3.6" → "4.3"), or null when unsupported. */
export function supportedLine(text: string): RabbitmqVersion | null {
  const v = parseVersionNumber(text);
  if (v === null) return null;
  const line = `${v.major}.${v.minor}`;
  return (SUPPORTED_RABBITMQ_VERSIONS as readonly string[]).includes(line) ? (line as RabbitmqVersion) : null;
}

function atLeast(v: RabbitmqVersion, major: number, minor: number): boolean {
  const n = parseVersionNumber(v)!;
  return n.major > major || (n.major === major && n.minor >= minor);
}

const MIB = 1024 * 1024;

export interface BrokerFeatures {
  version: RabbitmqVersion;
  /**
   * Where cluster metadata (queues, bindings, users) lives. Khepri, a Raft store, is the default
   * for new clusters from 4.2 and the only store from 4.3: a metadata change needs a majority of
   * the cluster's nodes (https://www.rabbitmq.com/docs/metadata-store).
   */
  metadataStore: 'mnesia' | 'khepri';
  /** pause_minority / autoheal exist (removed in 4.3 with Mnesia: https://www.rabbitmq.com/docs/partitions). */
  partitionHandlingStrategies: boolean;
  /** Classic mirrored queues exist (removed in 4.0: https://www.rabbitmq.com/docs/quorum-queues). */
  mirroredClassicQueues: boolean;
  /** max_message_size default: 16 MiB from 4.0, 128 MiB before (https://www.rabbitmq.com/docs/configure, 3.13 vs 4.0). */
  maxMessageSizeDefaultBytes: number;
  /** Classic queues take x-queue-leader-locator (4.x); before, x-queue-master-locator (3.10 refuses the leader form on classic queues). */
  classicLeaderLocator: 'x-queue-leader-locator' | 'x-queue-master-locator';
  /** Transient (non-durable) non-exclusive queues are refused (4.3: rabbitmq-server #15459). */
  refusesTransientQueues: boolean;
  /** The rabbitmqadmin that ships with the release line: v1 (Python, `declare queue name=…`) or v2 (Rust, `declare queue --name …`). */
  rabbitmqadmin: 'v1' | 'v2';
  /**
   * Quorum-queue in-memory metadata per message relative to the calibrated figure. Sources: the
   * 4.3 release notes say it was halved for messages up to 32 KiB; the quorum-queue docs page
   * still says "at least 32 bytes" for every release; the project measured the queue process's
   * share at 38 B (16 B bodies) and 23 B (1 KiB bodies) on 4.3.6, against 65 B and 53 B on
   * 3.10.8 (docs/measurements/memory.md, `MEASURE_GROUPS="msg-quorum-16 msg-quorum-1024" bash
   * scripts/measure-memory.sh 1`): the release notes and the measurement agree, the docs page
   * is stale. The shipped profile keeps the 3.10.8 figure (65 B; factor 1), which over-reserves
   * ~27 B per queued message on 4.3 — a conservative choice from one run on one machine; a
   * profile fitted on 4.3 (`rmq-plan bench --profile-out`) carries the measured value.
   */
  quorumMessageMemoryFactor: number;
}

export function brokerFeatures(version: RabbitmqVersion): BrokerFeatures {
  const four = atLeast(version, 4, 0);
  return {
    version,
    metadataStore: atLeast(version, 4, 2) ? 'khepri' : 'mnesia',
    partitionHandlingStrategies: !atLeast(version, 4, 3),
    mirroredClassicQueues: !four,
    maxMessageSizeDefaultBytes: four ? 16 * MIB : 128 * MIB,
    classicLeaderLocator: four ? 'x-queue-leader-locator' : 'x-queue-master-locator',
    refusesTransientQueues: atLeast(version, 4, 3),
    rabbitmqadmin: four ? 'v2' : 'v1',
    quorumMessageMemoryFactor: 1,
  };
}
