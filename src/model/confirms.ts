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
import { MICROS_PER_MS, MS_PER_SECOND } from './constants.js';
import type { QueueTypeCoefficients } from '../schema/profile.js';
import type { QueueType } from '../schema/workload.js';
import { clientNetworkMs, settleCommitMs } from './latency.js';

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

/**
 * Low-priority commands a Ra leader appends to its log at a time. Every quorum-queue enqueue is
 * one (rabbit_fifo_client:enqueue sends `ra:pipeline_command(Server, Cmd, Seq, low)`:
 * https://github.com/rabbitmq/rabbitmq-server/blob/main/deps/rabbit/src/rabbit_fifo_client.erl),
 * and the leader flushes them FLUSH_COMMANDS_SIZE at a time (16, ra's `src/ra_server.hrl`;
 * `low_priority_commands_flush_size`), each flush one write to the node's WAL.
 */
export const RA_LOW_PRIORITY_FLUSH_COMMANDS = 16;

/**
 * What a quorum queue's window loop waits beyond one commit when its window is larger than one
 * Ra flush (ms). Moving in step, a window of W > 16 enqueues reaches the WAL as two writes: the
 * first 16 after 16·D of the leader's work, the rest after W·D. The WAL syncs the first while the
 * second waits (a write arriving during a sync joins the next one: ra_log_wal batches what is
 * pending), so the window's last confirm comes at max(W·D, 16·D + f) + f instead of W·D + f:
 * max(0, f − (W − 16)·D) later. A window of at most 16 is one write; a window whose leader work
 * outlasts the sync leaves nothing to wait for.
 */
export function raFlushSplitMs(inFlight: number, fsyncMs: number, serialMs: number): number {
  if (!(inFlight > RA_LOW_PRIORITY_FLUSH_COMMANDS) || !Number.isFinite(inFlight)) return 0;
  return Math.max(0, fsyncMs - (inFlight - RA_LOW_PRIORITY_FLUSH_COMMANDS) * serialMs);
}

/**
 * Messages per second a closed loop of `inFlight` messages carries when it moves in step: each
 * cycle is one turnaround plus every message's turn at the serial stage, X(N) = N ÷ (Z + N·D) —
 * the pessimistic asymptotic bound of a closed queueing network (Lazowska, Zahorjan, Graham &
 * Sevcik, "Quantitative System Performance", 1984, §5.2). Both of a bench step's client loops
 * move in step: a publisher's window returns in batches of confirms (one per queue-process or WAL
 * batch) and is refilled at once, and a consumer gets its prefetch as one burst and acks it back to
 * back. Measured on the local broker (docs/validate.md): beyond a few messages each one in flight
 * adds the queue process's own service time to the cycle (confirm windows 5 → 50: 31 µs classic,
 * 54 µs quorum a message, against 36 and 51 µs of queue service). Infinity with nothing to wait for.
 */
export function lockstepLoopMsgPerSec(inFlight: number, turnaroundMs: number, serialMs: number): number {
  const cycleMs = turnaroundMs + inFlight * serialMs;
  return cycleMs > 0 ? (inFlight * MS_PER_SECOND) / cycleMs : Infinity;
}

/**
 * Deliveries that travel alone (profile: unbatchedDeliveryMicros, unbatchedInFlightMax). With few
 * unacknowledged deliveries per queue each is its own wake-up of the queue and channel processes,
 * its own socket write and its own ack frame; once more are in flight, what a cycle adds travels in
 * batches (an Erlang process drains its mailbox before it writes; rabbit_writer flushes once per
 * batch) at the queue process's own cost. Measured on the local broker (docs/measurements/prefetch-4.3):
 * up to a prefetch of ~10 each slot added 76–96 µs to the loop's cycle, beyond ~30 only 36–39 µs, the
 * queue process's batching cost; the broker's CPU per message fell from 146 (prefetch 1) to 43
 * core-µs (prefetch 100) on classic queues.
 */
export interface UnbatchedDeliveries {
  /** Serial time a delivery that travels alone adds over a batched one (ms). */
  extraMs: number;
  /** Deliveries in flight per queue up to which each travels alone. */
  upTo: number;
}

/** Every delivery batched: the loop's cycle is its turnaround and the queue process's service alone. */
export const ALL_BATCHED: UnbatchedDeliveries = { extraMs: 0, upTo: 0 };

/** What `inFlight` deliveries add to a loop's cycle travelling alone (ms): W × min(N, K). */
export function unbatchedTimeMs(unbatched: UnbatchedDeliveries, inFlight: number): number {
  return unbatched.extraMs * Math.min(inFlight, unbatched.upTo);
}

/** A queue type's unbatched deliveries from its profile coefficients (absent: all batched). */
export function unbatchedDeliveries(coeff: Pick<QueueTypeCoefficients, 'unbatchedDeliveryMicros' | 'unbatchedInFlightMax'>): UnbatchedDeliveries {
  const micros = coeff.unbatchedDeliveryMicros?.value ?? 0;
  const upTo = coeff.unbatchedInFlightMax?.value ?? 0;
  return micros > 0 && upTo > 0 ? { extraMs: micros / MICROS_PER_MS, upTo } : ALL_BATCHED;
}

/**
 * What one queue's consumers carry through their prefetch slots (msg/s): consumers × prefetch
 * deliveries in a loop in step (lockstepLoopMsgPerSec) through the slot's turnaround plus
 * processing plus what the first `upTo` deliveries in flight add travelling alone (a fixed sum for
 * a given N, so part of the cycle's turnaround), and the queue process's service; at most what
 * their processing allows, one message at a time each. The same bound for a bench step
 * (bench-prediction.ts) and a plan (warnings.ts).
 */
export function prefetchCarryMsgPerSec(
  consumersPerQueue: number,
  prefetch: number,
  turnaroundMs: number,
  processingMs: number,
  queueServiceMs: number,
  unbatched: UnbatchedDeliveries = ALL_BATCHED,
): number {
  const inFlight = consumersPerQueue * prefetch;
  const slots = lockstepLoopMsgPerSec(inFlight, turnaroundMs + processingMs + unbatchedTimeMs(unbatched, inFlight), queueServiceMs);
  const processing = processingMs > 0 ? (consumersPerQueue * MS_PER_SECOND) / processingMs : Infinity;
  return Math.min(slots, processing);
}

/**
 * One prefetch slot's turnaround for a plan's consumers (ms): the client round trip plus the
 * profile's measured turnaround (measured on the calibration machine's loopback; a replicated
 * queue adds a round trip to its commit), else plus the settlement's commit (a quorum ack is a Raft
 * command: the fsync, and a round trip to a follower when replicated).
 */
export function deliveryTurnaroundMs(measuredMs: number | undefined, queueType: QueueType, replicas: number, fsyncMs: number, rttMs: number): number {
  const broker = measuredMs !== undefined ? measuredMs + (replicas > 1 ? rttMs : 0) : settleCommitMs(queueType, replicas, fsyncMs, rttMs);
  return clientNetworkMs(rttMs) + broker;
}
