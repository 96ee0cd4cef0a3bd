/**
 * Memory (docs/model.md "Per-node demand"), compared with RAM × vm_memory_high_watermark
 * (the alarm that blocks publishers: https://www.rabbitmq.com/docs/memory).
 *
 * - Quorum queues keep ≥ 32 B of metadata per message per replica, +16 B with any TTL, and never
 *   keep bodies in memory (https://www.rabbitmq.com/docs/quorum-queues, "Resource Use").
 * - A node hosting quorum replicas needs "at least 3 times the memory of the effective WAL file
 *   size limit ... 4 times is a good starting point" for high-throughput systems (same page);
 *   the profile's quorumWal* coefficients carry the limit, the multipliers and the threshold.
 * - Connections and channels cost memory each (https://www.rabbitmq.com/docs/memory-use).
 */
import type { NodeCoefficients } from '../schema/profile.js';
import { BYTES_PER_GIB } from './constants.js';

/** RAM a node reserves for the quorum WAL: 0 without quorum replicas, else WAL limit × (high-throughput ? 4 : 3)-style multiplier. */
export function walMemoryBytes(node: NodeCoefficients, hostsQuorumReplica: boolean, quorumCopiesPerSec: number): number {
  if (!hostsQuorumReplica) return 0;
  const highThroughput = quorumCopiesPerSec > node.highThroughputMsgPerSec.value;
  const multiplier = highThroughput ? node.quorumWalMemoryMultiplierHighThroughput.value : node.quorumWalMemoryMultiplier.value;
  return node.quorumWalMaxBytes.value * multiplier;
}

/** Memory of one client connection with its channels (B). */
export function connectionMemoryBytes(node: NodeCoefficients, channelsPerConnection: number): number {
  return node.memoryPerConnectionBytes.value + channelsPerConnection * node.memoryPerChannelBytes.value;
}

/** What a node may use before the memory alarm: RAM × high watermark (B). */
export function memoryCapacityBytes(memoryGiB: number, memoryHighWatermark: number): number {
  return memoryGiB * BYTES_PER_GIB * memoryHighWatermark;
}
