/**
 * Publisher confirms and publisher connections (docs/model.md "Latency").
 *
 * Little's law: a channel with W unconfirmed messages in flight and confirm latency T carries
 * at most W / T messages per second, and carrying a rate λ needs W = λ·T.
 * Quorum queues also cap how much one channel can put behind one WAL fsync (channel flow
 * control, quorum_commands_soft_limit: https://www.rabbitmq.com/docs/quorum-queues): with m
 * messages per fsync per channel, one channel carries at most m × 1000 / fsync ms
 * (the ~10k msg/s single-connection ceiling in https://www.rabbitmq.com/blog/2024/08/21/amqp-benchmarks).
 */
import { MS_PER_SECOND } from './constants.js';

/** The smallest confirm window that carries `msgPerSec` on one channel at `confirmLatencyMs`: ⌈λ·T⌉, at least 1. */
export function recommendedConfirmWindow(msgPerSec: number, confirmLatencyMs: number): number {
  if (!Number.isFinite(confirmLatencyMs)) return Infinity;
  return Math.max(1, Math.ceil((msgPerSec * confirmLatencyMs) / MS_PER_SECOND - 1e-9));
}

/** Most messages per second a channel carries with window W at confirm latency T: W / T. */
export function windowCapMsgPerSec(window: number, confirmLatencyMs: number): number {
  if (confirmLatencyMs <= 0) return Infinity;
  return (window * MS_PER_SECOND) / confirmLatencyMs;
}

/** Most messages per second one channel can push through a quorum WAL: m × 1000 / fsync ms. */
export function fsyncBatchCapMsgPerSec(messagesPerFsyncPerChannel: number, fsyncLatencyMs: number): number {
  return (messagesPerFsyncPerChannel * MS_PER_SECOND) / fsyncLatencyMs;
}

/**
 * Publisher connections for `auto`: as few as carry the peak, each connection carrying
 * min(per-connection ceiling, channels × per-channel ceiling).
 */
export function publisherConnectionsFor(
  peakMsgPerSec: number,
  perConnectionCapMsgPerSec: number,
  channelsPerConnection: number,
  perChannelCapMsgPerSec: number,
): number {
  const perConnection = Math.min(perConnectionCapMsgPerSec, channelsPerConnection * perChannelCapMsgPerSec);
  if (!(perConnection > 0)) return Infinity;
  return Math.max(1, Math.ceil(peakMsgPerSec / perConnection - 1e-9));
}
