/**
 * Disk demand on a node (docs/model.md "Per-node demand"): write bandwidth, IOPS and space.
 *
 * - Quorum queues write every message to the WAL, and again to segment files only when
 *   consumers fall behind: "if consumers keep up, messages are only written to disk once, but if
 *   consumers fall behind then messages can end up being written to disk twice"
 *   (https://www.rabbitmq.com/blog/2020/06/21/cluster-sizing-case-study-quorum-queues-part-1; also
 *   https://www.rabbitmq.com/blog/2020/04/21/quorum-queues-and-why-disks-matter); the profile's
 *   diskWritesPerMessage{KeepingUp,Lagging} carry the multipliers per queue type.
 * - The WAL batches the writes of every queue and channel on the node into one fsync, and fsyncs
 *   again as soon as the previous one finished, so fsyncs/s = min(messages/s, 1000 / fsync ms)
 *   (https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks: 15,493 fsyncs of 5.9 ms for
 *   1M messages on one connection).
 * - Space: the backlog each replica holds, the free-disk limit the broker keeps clear
 *   (production checklist: about the memory high watermark,
 *   https://www.rabbitmq.com/docs/production-checklist), and the quorum WAL.
 */
import type { QueueTypeCoefficients } from '../schema/profile.js';
import { BYTES_PER_GIB, MS_PER_SECOND } from './constants.js';

/** Body writes per message copy per replica; 0 for transient classic messages (never paged to disk by design). */
export function diskWritesPerCopy(coeff: QueueTypeCoefficients, lagging: boolean, writesToDisk: boolean): number {
  if (!writesToDisk) return 0;
  return lagging ? coeff.diskWritesPerMessageLagging.value : coeff.diskWritesPerMessageKeepingUp.value;
}

/** fsyncs per second for `copiesPerSec` durable writes: one per message at most, and no faster than the disk completes them. */
export function fsyncsPerSec(copiesPerSec: number, fsyncLatencyMs: number): number {
  if (copiesPerSec <= 0) return 0;
  return Math.min(copiesPerSec, MS_PER_SECOND / fsyncLatencyMs);
}

/**
 * IOPS a node asks of its volume: bandwidth in IOs of the disk's largest counted size, plus the
 * fsyncs of the quorum WAL and, separately, of the classic message store.
 */
export function diskIopsDemand(
  writeBytesPerSec: number,
  ioSizeBytes: number,
  quorumCopiesPerSec: number,
  classicFsyncCopiesPerSec: number,
  fsyncLatencyMs: number,
): number {
  return writeBytesPerSec / ioSizeBytes + fsyncsPerSec(quorumCopiesPerSec, fsyncLatencyMs) + fsyncsPerSec(classicFsyncCopiesPerSec, fsyncLatencyMs);
}

/** disk_free_limit in bytes: "watermark" means the memory high watermark (RAM × relative watermark). */
export function freeDiskLimitBytes(setting: number | 'watermark', memoryGiB: number, memoryHighWatermark: number): number {
  return setting === 'watermark' ? memoryGiB * BYTES_PER_GIB * memoryHighWatermark : setting;
}
