/**
 * One consumer: one channel with a prefetch, manual acks (batched with multiple=true every
 * ackEvery messages), optional simulated processing time, and per-message bookkeeping:
 * end-to-end latency and the integrity tracker.
 */
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Histogram } from 'hdr-histogram-js';
import { recordMicros } from './latency.js';
import { nowMicros, readHeader } from './message.js';
import type { IntegrityTracker } from '../broker/sequence-tracker.js';
import type { BacklogGate } from './backlog-gate.js';
import { ProcessingClock } from './processing-clock.js';
import { MICROS_PER_MS } from '../model/constants.js';
import type { QueueType } from './types.js';

export interface ConsumerSpec {
  index: number;
  queue: string;
  queueType: QueueType;
  /** Integrity group: the queue index, or the consumer index for streams (see IntegrityTracker). */
  group: number;
  prefetch: number;
  ackEvery: number;
  processingMs: number;
}

/** Shared by the consumers of one step. */
export interface ConsumerSink {
  tracker: IntegrityTracker;
  endToEnd: Histogram;
  /** Latencies are recorded for messages sent inside [windowStartMicros, windowEndMicros]. */
  windowStartMicros: number;
  windowEndMicros: number;
  /** Bodies without a bench header (should stay 0: the queues are the bench's own). */
  foreign: number;
  /** The probe's backlog bound, told of every delivery (null outside probes). */
  gate: BacklogGate | null;
}

export class Consumer {
  received = 0;
  receivedBytes = 0;
  /** Messages (and their bytes) done with: processed when the step simulates work, else as received. */
  settled = 0;
  settledBytes = 0;
  private unacked = 0;
  private lastDelivery: ConsumeMessage | null = null;
  private consumerTag: string | null = null;
  private readonly backlog: { msg: ConsumeMessage; arrivedMicros: number }[] = [];
  private processing = false;
  private readonly clock: ProcessingClock;

  constructor(
    private readonly channel: Channel,
    readonly spec: ConsumerSpec,
    private readonly sink: ConsumerSink,
  ) {
    this.clock = new ProcessingClock(spec.processingMs * MICROS_PER_MS);
  }

  async start(): Promise<void> {
    await this.channel.prefetch(this.spec.prefetch);
    // Streams: read from the first offset (the stream is new, so that is exactly this step's
    // messages); stream consumers need a prefetch and acks for credit (RabbitMQ streams guide).
    const args = this.spec.queueType === 'stream' ? { 'x-stream-offset': 'first' } : undefined;
    const ok = await this.channel.consume(this.spec.queue, (msg) => this.onDelivery(msg), {
      noAck: false,
      ...(args ? { arguments: args } : {}),
    });
    this.consumerTag = ok.consumerTag;
  }

  private onDelivery(msg: ConsumeMessage | null): void {
    if (msg === null) return; // consumer cancelled by the broker (queue deleted)
    const now = nowMicros();
    this.received++;
    this.receivedBytes += msg.content.length;
    this.sink.gate?.delivered();
    const h = readHeader(msg.content);
    if (h === null) this.sink.foreign++;
    else {
      if (h.sendMicros >= this.sink.windowStartMicros && h.sendMicros <= this.sink.windowEndMicros) {
        recordMicros(this.sink.endToEnd, now - h.sendMicros);
      }
      this.sink.tracker.record(this.spec.group, this.spec.index, h.publisherId, h.seq);
    }
    if (this.spec.processingMs > 0) {
      this.backlog.push({ msg, arrivedMicros: now });
      if (!this.processing) void this.processBacklog();
    } else {
      this.settle(msg);
    }
  }

  /**
   * Simulated work: one message at a time, each taking processingMs on the virtual clock
   * (processing-clock.ts), waited for with a timer, not a busy loop, so other consumers keep running.
   */
  private async processBacklog(): Promise<void> {
    this.processing = true;
    for (let head = this.backlog[0]; head !== undefined; head = this.backlog[0]) {
      const doneMicros = this.clock.completionMicros(head.arrivedMicros);
      const waitMicros = doneMicros - nowMicros();
      if (waitMicros > 0) {
        await new Promise<void>((r) => setTimeout(r, waitMicros / MICROS_PER_MS));
        continue;
      }
      this.backlog.shift();
      this.clock.complete(doneMicros);
      this.settle(head.msg);
    }
    this.processing = false;
  }

  private settle(msg: ConsumeMessage): void {
    this.settled++;
    this.settledBytes += msg.content.length;
    this.unacked++;
    this.lastDelivery = msg;
    if (this.unacked >= this.spec.ackEvery) this.flushAcks();
  }

  flushAcks(): void {
    if (this.unacked === 0 || this.lastDelivery === null) return;
    try {
      this.channel.ack(this.lastDelivery, true);
    } catch {
      // Channel already closed: the step is failing and reports why elsewhere.
    }
    this.unacked = 0;
  }

  /** Stop consuming and acknowledge what was received. */
  async stop(): Promise<void> {
    if (this.consumerTag !== null) {
      const tag = this.consumerTag;
      this.consumerTag = null;
      await this.channel.cancel(tag).catch(() => undefined);
    }
    this.flushAcks();
  }
}
