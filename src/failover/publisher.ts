/**
 * A publisher that behaves like a careful production client through a node failure:
 *
 * - publisher confirms with a bounded window of unconfirmed messages;
 * - `mandatory` publishes: a returned message (no queue took it) is not a success;
 * - on a lost channel or connection it reconnects to the next reachable node (Connector:
 *   several URLs, bounded backoff), declares its queue again, and **re-publishes every message
 *   that was not confirmed** (with its original sequence number), then continues; nacked and
 *   returned messages are re-published too. Duplicates are therefore possible and counted by the
 *   consumer; a confirmed message is never given up on.
 *
 * Each message carries the bench header (src/bench/message.ts): publisher id = queue index,
 * sequence number, and its *first* send time, so end-to-end latency includes time spent waiting
 * for a node to come back.
 */
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { describeBrokerError } from '../broker/errors.js';
import { closeQuietly } from '../broker/connection.js';
import { makeBody, nowMicros, readHeader, stampBody } from '../bench/message.js';
import { Pacer } from '../broker/pacer.js';
import { parseBrokerUrl } from '../broker/amqp-url.js';
import type { ActivityTracker } from './activity.js';
import { Aborted, backoffMs, sleep, type Connector } from './connector.js';
import type { MessageLedger } from './ledger.js';
import type { ClientEvent, ClientSpec } from './client-spec.js';

/** Messages sent per event-loop turn before yielding to I/O (confirms, deliveries). */
const SEND_BATCH = 32;
/** How often an idle loop re-checks (stopping, retries) when nothing wakes it. */
const IDLE_POLL_MS = 50;
/**
 * Nacks that go on this long without a single confirm: the channel is reopened. Measured on
 * 3.10.8 (docs/failover.md): a channel opened while the quorum queue elects a new leader keeps
 * the dead leader and nacks every publish until the old node returns; a new channel looks the
 * leader up again. One second leaves room for an election (~0.5 s here) and costs little.
 */

/** The event a publisher records when the broker blocks its connection (a memory or disk alarm). */
export const BLOCKED_EVENT = 'blocked by the broker';
export const NACK_REOPEN_MS = 1_000;
/** Pause before re-publishing after a nack, doubling while nacks continue: no hot loop against a refusing queue. */
const NACK_BACKOFF_INITIAL_MS = 20;
const NACK_BACKOFF_MAX_MS = 500;

export class ReliablePublisher {
  /** Next new sequence number. */
  private next = 0;
  /** Sequence numbers to send again, ascending (order preserved as far as possible). */
  private readonly retry: number[] = [];
  /** Unconfirmed on the current channel: seq → channel generation. */
  private readonly pending = new Map<number, number>();
  /** Sequence numbers the broker returned (unroutable) on the current channel, awaiting their confirm. */
  private readonly returned = new Set<number>();
  /** First send time (µs, monotonic) per sequence number. */
  private firstSent = new Float64Array(4096);
  private readonly body: Buffer;
  private model: ChannelModel | null = null;
  private channel: ConfirmChannel | null = null;
  private generation = 0;
  private wake: (() => void) | null = null;
  private stopNew = false;
  private readonly pacer: Pacer;
  private failedOpens = 0;
  /** The run's stop signal, linked to stop(). */
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  /** When the current run of nacks began (ms since run start), null while confirms flow. */
  private nackStreakSinceMs: number | null = null;
  private nackStreak = 0;
  /** No re-publication before this time (ms since run start): the nack backoff. */
  private retryNotBeforeMs = 0;
  nacked = 0;
  /** Channels reopened because publishes kept being nacked. */
  reopenedAfterNacks = 0;
  returnedCount = 0;
  /** Confirms lost with their channel (re-published). */
  lostInFlight = 0;
  connects = 0;
  readonly events: ClientEvent[] = [];

  constructor(
    private readonly spec: ClientSpec,
    private readonly connector: Connector,
    private readonly ledger: MessageLedger,
    private readonly confirms: ActivityTracker,
    private readonly rateMsgPerSec: number,
    private readonly confirmWindow: number,
    private readonly runSignal: AbortSignal,
  ) {
    this.body = makeBody(spec.messageSizeBytes);
    this.pacer = new Pacer(rateMsgPerSec, nowMicros());
    runSignal.addEventListener('abort', () => this.abort.abort(), { once: true });
  }

  private get name(): string {
    return this.spec.label ?? `publisher ${this.spec.index}`;
  }

  /** Messages the pacer skipped because the publisher could not send (disconnected, window full). */
  get notOffered(): number {
    return this.pacer.forgiven;
  }

  get unsettled(): number {
    return this.retry.length + this.pending.size;
  }

  start(): void {
    this.done = this.loop().catch((err: unknown) => {
      if (!(err instanceof Aborted)) this.spec.log(`${this.name}: ${String((err as Error).message ?? err)}`);
    });
  }

  /** Stop creating new messages; keep re-publishing until everything sent is confirmed. */
  stopPublishing(): void {
    this.stopNew = true;
    this.wakeUp();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wakeUp();
    await this.done;
    const model = this.model;
    this.model = null;
    this.channel = null;
    if (model !== null) await closeQuietly(model);
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private waitWake(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, maxMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private event(what: string): void {
    this.events.push({ tMs: this.spec.clock(), client: this.name, what });
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    let sentThisTurn = 0;
    while (!signal.aborted) {
      if (this.channel === null) {
        await this.open();
        continue;
      }
      if (this.pending.size >= this.confirmWindow) {
        await this.waitWake(IDLE_POLL_MS);
        continue;
      }
      let seq: number;
      let republish = false;
      if (this.retry.length > 0 && this.spec.clock() < this.retryNotBeforeMs) {
        await sleep(Math.max(1, this.retryNotBeforeMs - this.spec.clock()), signal);
        continue;
      }
      if (this.retry.length > 0) {
        seq = this.retry.shift()!;
        republish = true;
      } else if (this.stopNew) {
        await this.waitWake(IDLE_POLL_MS);
        continue;
      } else {
        const now = nowMicros();
        if (this.pacer.available(now) === 0) {
          await sleep(Math.max(1, Math.floor(this.pacer.microsUntilNext(now) / 1000)), signal);
          continue;
        }
        this.pacer.consume(1);
        seq = this.next++;
      }
      const writable = this.send(seq, republish);
      if (!writable) {
        await this.waitWake(IDLE_POLL_MS);
        sentThisTurn = 0;
      } else if (++sentThisTurn >= SEND_BATCH) {
        sentThisTurn = 0;
        await new Promise<void>((r) => setImmediate(r));
      }
    }
  }

  private firstSendTime(seq: number): number {
    if (seq >= this.firstSent.length) {
      let size = this.firstSent.length;
      while (size <= seq) size *= 2;
      const next = new Float64Array(size);
      next.set(this.firstSent);
      this.firstSent = next;
    }
    if (this.firstSent[seq] === 0) this.firstSent[seq] = nowMicros();
    return this.firstSent[seq]!;
  }

  private send(seq: number, republish: boolean): boolean {
    const channel = this.channel!;
    const gen = this.generation;
    stampBody(this.body, this.spec.publisherId ?? this.spec.index, seq, this.firstSendTime(seq));
    this.pending.set(seq, gen);
    this.ledger.published(seq, republish);
    try {
      return channel.sendToQueue(this.spec.queue, this.body, { persistent: this.spec.persistent, mandatory: true }, (err) => this.onConfirm(seq, gen, err));
    } catch (err) {
      // The channel closed under us between the check and the send: its close handler re-queues.
      this.spec.log(`${this.name}: send failed: ${(err as Error).message}`);
      return false;
    }
  }

  private insertRetry(seq: number): void {
    let lo = 0;
    let hi = this.retry.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.retry[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    this.retry.splice(lo, 0, seq);
  }

  private onConfirm(seq: number, gen: number, err: unknown): void {
    if (this.pending.get(seq) !== gen) return;
    this.pending.delete(seq);
    const wasReturned = this.returned.delete(seq);
    if (err) {
      if (/channel closed/.test(String((err as Error).message))) this.lostInFlight++;
      else this.onNack(gen);
      this.insertRetry(seq);
    } else if (wasReturned) {
      this.returnedCount++;
      this.insertRetry(seq);
    } else {
      this.nackStreakSinceMs = null;
      this.nackStreak = 0;
      if (this.ledger.confirmed(seq)) this.confirms.record(this.spec.clock());
    }
    this.wakeUp();
  }

  private onNack(gen: number): void {
    this.nacked++;
    const now = this.spec.clock();
    this.nackStreakSinceMs ??= now;
    this.retryNotBeforeMs = now + Math.min(NACK_BACKOFF_MAX_MS, NACK_BACKOFF_INITIAL_MS * 2 ** Math.min(10, this.nackStreak++));
    if (now - this.nackStreakSinceMs >= NACK_REOPEN_MS && gen === this.generation) {
      this.nackStreakSinceMs = null;
      this.reopenedAfterNacks++;
      this.onLost(gen, `publishes nacked for ${NACK_REOPEN_MS / 1000} s: reopening`);
    }
  }

  private onLost(gen: number, why: string): void {
    // A stale generation, or a failure while still opening (open() handles that one).
    if (gen !== this.generation || this.model === null) return;
    this.generation++;
    this.channel = null;
    const model = this.model;
    this.model = null;
    // Whatever the closed channel did not confirm goes back to be sent again (amqplib also
    // fails their callbacks with "channel closed", which lands in onConfirm first).
    for (const [seq, g] of this.pending) {
      if (g === gen) {
        this.pending.delete(seq);
        this.lostInFlight++;
        this.insertRetry(seq);
      }
    }
    this.returned.clear();
    this.event(`lost connection (${why})`);
    if (model !== null) void closeQuietly(model);
    this.wakeUp();
  }

  private async open(): Promise<void> {
    const signal = this.abort.signal;
    const name = `${this.spec.queue}-publisher`;
    const { model, urlIndex } = await this.connector.connect(this.spec.preferredUrl, name, signal);
    const gen = this.generation;
    model.on('error', () => undefined);
    model.on('close', () => this.onLost(gen, 'connection closed'));
    // A resource alarm blocks every publisher: the run then measures the alarm, not a failover.
    model.on('blocked', (reason: unknown) => this.event(`${BLOCKED_EVENT} (${String(reason)})`));
    model.on('unblocked', () => this.event('unblocked by the broker'));
    try {
      const channel = await model.createConfirmChannel();
      channel.on('error', () => undefined);
      channel.on('close', () => this.onLost(gen, 'channel closed'));
      channel.on('return', (msg: ConsumeMessage) => {
        const h = readHeader(msg.content);
        if (h !== null) this.returned.add(h.seq);
      });
      channel.on('drain', () => this.wakeUp());
      await (channel as Channel).assertQueue(this.spec.queue, this.spec.queueOptions);
      if (gen !== this.generation) throw new Error('connection lost while declaring the queue');
      this.model = model;
      this.channel = channel;
      this.connects++;
      this.failedOpens = 0;
      this.event(`connected to node of URL ${urlIndex + 1}`);
    } catch (err) {
      const url = parseBrokerUrl(this.connector.urlAt(urlIndex));
      const line = describeBrokerError(err, url, `declaring ${this.spec.queue}`);
      this.event(`cannot use the queue: ${line}`);
      if (gen === this.generation) this.generation++;
      await closeQuietly(model);
      await sleep(backoffMs(this.failedOpens++), signal);
    }
  }
}
