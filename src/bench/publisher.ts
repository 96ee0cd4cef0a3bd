/**
 * One publisher: one channel, one queue, its own sequence numbers. Honours backpressure
 * (publish() returning false waits for the channel's 'drain'), bounds unconfirmed messages to
 * the confirm window, and paces fixed rates with the drift-free token bucket.
 */
import type { Channel, ConfirmChannel } from 'amqplib';
import type { Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram, recordMicros } from './latency.js';
import { makeBody, nowMicros, stampBody } from './message.js';
import { Pacer } from '../broker/pacer.js';
import { BacklogGate, type BacklogGateSpec } from './backlog-gate.js';

/**
 * Messages sent per turn of the event loop before yielding to I/O (confirms, socket writes,
 * deliveries). Large enough to amortise the yield, small enough to keep consumer latency honest.
 */
const SEND_BATCH = 64;
/** How long a publisher held by the backlog gate waits before looking again (ms: setTimeout's floor). */
const BACKLOG_RECHECK_MS = 1;

export interface PublisherSpec {
  id: number;
  queue: string;
  messageSizeBytes: number;
  persistent: boolean;
  confirms: boolean;
  confirmWindow: number;
  /** This publisher's share of the target rate (msg/s), or null for as fast as possible. */
  rateMsgPerSec: number | null;
  /** Stop after this many messages, or null. */
  maxMessages: number | null;
  /** Hold while this many messages wait to be delivered (the unpaced probe), or null. */
  backlogGate: BacklogGateSpec | null;
}

export interface PublisherCounters {
  published: number;
  confirmed: number;
  nacked: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const yieldToIo = () => new Promise<void>((r) => setImmediate(r));

export class Publisher {
  published = 0;
  confirmed = 0;
  nacked = 0;
  private inFlight = 0;
  private stopping = false;
  /** Resolver of the loop's current wait, and what it waits for. */
  private wake: (() => void) | null = null;
  private waitingFor: 'drain' | 'window' | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly body: Buffer;
  /** Confirm latencies of messages sent at or after windowStartMicros. */
  readonly confirmLatency: Histogram = newLatencyHistogram();
  private windowStartMicros = Number.POSITIVE_INFINITY;
  private readonly publishOptions;
  private readonly gate: BacklogGate | null;

  constructor(
    private readonly channel: Channel | ConfirmChannel,
    readonly spec: PublisherSpec,
    /** Called if sending throws (the channel or connection closed under us). */
    private readonly onFailure: (err: Error) => void,
  ) {
    this.body = makeBody(spec.messageSizeBytes);
    this.publishOptions = { persistent: spec.persistent };
    const g = spec.backlogGate;
    this.gate = g === null ? null : new BacklogGate(g.buffer, g.limit, g.deliveriesPerMessage);
    channel.on('drain', () => this.wakeUp('drain'));
  }

  start(startMicros: number): void {
    const pacer = this.spec.rateMsgPerSec === null ? null : new Pacer(this.spec.rateMsgPerSec, startMicros);
    this.loopDone = this.loop(pacer).catch((err: Error) => {
      this.stopping = true;
      this.onFailure(err);
    });
  }

  /** From now on record confirm latencies (the measurement window began). */
  beginWindow(startMicros: number): void {
    this.confirmLatency.reset();
    this.windowStartMicros = startMicros;
  }

  counters(): PublisherCounters {
    return { published: this.published, confirmed: this.confirmed, nacked: this.nacked };
  }

  /** Stop publishing; then wait (at most timeoutMs) for outstanding confirms. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.wakeUp(null);
    await this.loopDone;
    const deadline = Date.now() + timeoutMs;
    while (this.spec.confirms && this.inFlight > 0 && Date.now() < deadline) await sleep(5);
  }

  /** Finished sending: stopped, or reached maxMessages. */
  get finished(): boolean {
    return this.stopping || (this.spec.maxMessages !== null && this.published >= this.spec.maxMessages);
  }

  /** Wake the loop if it waits for `reason` (null: whatever it waits for). */
  private wakeUp(reason: 'drain' | 'window' | null): void {
    if (this.wake === null || (reason !== null && reason !== this.waitingFor)) return;
    const w = this.wake;
    this.wake = null;
    this.waitingFor = null;
    w();
  }

  private waitFor(reason: 'drain' | 'window'): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.waitingFor = reason;
    });
  }

  private async loop(pacer: Pacer | null): Promise<void> {
    const { confirms, confirmWindow, maxMessages } = this.spec;
    while (!this.stopping) {
      if (maxMessages !== null && this.published >= maxMessages) return;
      if (confirms && this.inFlight >= confirmWindow) {
        await this.waitFor('window');
        continue;
      }
      if (this.gate?.full()) {
        await sleep(BACKLOG_RECHECK_MS);
        continue;
      }
      let n = SEND_BATCH;
      if (pacer !== null) {
        const now = nowMicros();
        const allowed = pacer.available(now);
        if (allowed === 0) {
          await sleep(Math.max(1, Math.floor(pacer.microsUntilNext(now) / 1000)));
          continue;
        }
        n = Math.min(n, allowed);
      }
      if (confirms) n = Math.min(n, confirmWindow - this.inFlight);
      if (maxMessages !== null) n = Math.min(n, maxMessages - this.published);
      let sent = 0;
      let writable = true;
      while (sent < n && writable) {
        writable = this.sendOne();
        sent++;
      }
      pacer?.consume(sent);
      if (!writable) {
        // Backpressure: amqplib's channel buffer is full; 'drain' (or stop) wakes us.
        await this.waitFor('drain');
      } else {
        await yieldToIo();
      }
    }
  }

  private sendOne(): boolean {
    const seq = this.published;
    const sentAt = nowMicros();
    stampBody(this.body, this.spec.id, seq, sentAt);
    this.published++;
    this.gate?.sent();
    if (!this.spec.confirms) return this.channel.sendToQueue(this.spec.queue, this.body, this.publishOptions);
    this.inFlight++;
    return (this.channel as ConfirmChannel).sendToQueue(this.spec.queue, this.body, this.publishOptions, (err) => {
      this.inFlight--;
      if (err) this.nacked++;
      else {
        this.confirmed++;
        if (sentAt >= this.windowStartMicros) recordMicros(this.confirmLatency, nowMicros() - sentAt);
      }
      // amqplib settles a whole batch of confirms (multiple=true) in one synchronous pass; the
      // loop resumes in a microtask after it, so waking at the first free slot costs one wake-up
      // per batch while keeping the window full (Little's law: rate = window / confirm latency).
      this.wakeUp('window');
    });
  }
}
