/**
 * A consumer that rides through a node failure like a production client: manual acks with a
 * prefetch; when its channel or connection is lost, or the broker cancels it (the queue's node
 * went away), it reconnects to the next reachable node, declares the queue again and resumes.
 * Messages delivered but not acknowledged before the loss are redelivered by the broker, so the
 * consumer counts duplicates (IntegrityTracker) and never treats a redelivery as new.
 */
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Histogram } from 'hdr-histogram-js';
import { describeBrokerError } from '../broker/errors.js';
import { closeQuietly } from '../broker/connection.js';
import { recordMicros } from '../bench/latency.js';
import { nowMicros, readHeader } from '../bench/message.js';
import type { IntegrityTracker } from '../broker/sequence-tracker.js';
import { parseBrokerUrl } from '../broker/amqp-url.js';
import type { ActivityTracker } from './activity.js';
import type { ClientEvent, ClientSpec } from './client-spec.js';
import { Aborted, backoffMs, sleep, type Connector } from './connector.js';
import type { MessageLedger } from './ledger.js';

export class ReliableConsumer {
  private model: ChannelModel | null = null;
  private channel: Channel | null = null;
  private generation = 0;
  private failedOpens = 0;
  private wake: (() => void) | null = null;
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  deliveries = 0;
  redelivered = 0;
  /** Bodies without the run's header (should stay 0: the queue is the run's own). */
  foreign = 0;
  connects = 0;
  readonly events: ClientEvent[] = [];

  constructor(
    private readonly spec: ClientSpec,
    private readonly connector: Connector,
    /** The ledger of the queue's one publisher, or of each publisher by its id (several publishers on one queue). */
    private readonly ledger: MessageLedger | ((publisherId: number) => MessageLedger | undefined),
    private readonly integrity: IntegrityTracker,
    private readonly fresh: ActivityTracker,
    private readonly endToEnd: Histogram,
    private readonly prefetch: number,
    runSignal: AbortSignal,
  ) {
    runSignal.addEventListener('abort', () => this.abort.abort(), { once: true });
  }

  private get name(): string {
    return this.spec.label ?? `consumer ${this.spec.index}`;
  }

  start(): void {
    this.done = this.loop().catch((err: unknown) => {
      if (!(err instanceof Aborted)) this.spec.log(`${this.name}: ${String((err as Error).message ?? err)}`);
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.done;
    const model = this.model;
    this.model = null;
    this.channel = null;
    if (model !== null) await closeQuietly(model);
  }

  private event(what: string): void {
    this.events.push({ tMs: this.spec.clock(), client: this.name, what });
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      if (this.channel === null) {
        await this.open();
        continue;
      }
      // Connected: sleep until the connection is lost (onLost wakes us) or the run stops.
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (signal.aborted) resolve();
      });
      this.wake = null;
    }
  }

  private onLost(gen: number, why: string): void {
    if (gen !== this.generation || this.model === null) return;
    this.generation++;
    this.channel = null;
    const model = this.model;
    this.model = null;
    this.event(`lost connection (${why})`);
    void closeQuietly(model);
    this.wake?.();
  }

  private onMessage(msg: ConsumeMessage | null, channel: Channel, gen: number): void {
    if (msg === null) {
      // basic.cancel from the broker: the queue went away with its node (or was deleted).
      this.onLost(gen, 'consumer cancelled by the broker');
      return;
    }
    this.deliveries++;
    if (msg.fields.redelivered) this.redelivered++;
    const h = readHeader(msg.content);
    if (h === null) this.foreign++;
    else {
      this.integrity.record(this.spec.group ?? this.spec.index, this.spec.index, h.publisherId, h.seq);
      const ledger = typeof this.ledger === 'function' ? this.ledger(h.publisherId) : this.ledger;
      if (ledger === undefined) this.foreign++;
      else if (ledger.received(h.seq)) {
        this.fresh.record(this.spec.clock());
        recordMicros(this.endToEnd, nowMicros() - h.sendMicros);
      }
    }
    try {
      channel.ack(msg);
    } catch {
      // The channel closed under us: the broker redelivers the message to the next consumer.
    }
  }

  private async open(): Promise<void> {
    const signal = this.abort.signal;
    const { model, urlIndex } = await this.connector.connect(this.spec.preferredUrl, `${this.spec.queue}-consumer`, signal);
    const gen = this.generation;
    model.on('error', () => undefined);
    model.on('close', () => this.onLost(gen, 'connection closed'));
    try {
      const channel = await model.createChannel();
      channel.on('error', () => undefined);
      channel.on('close', () => this.onLost(gen, 'channel closed'));
      await channel.prefetch(this.prefetch);
      await channel.assertQueue(this.spec.queue, this.spec.queueOptions);
      this.model = model;
      this.channel = channel;
      await channel.consume(this.spec.queue, (msg) => this.onMessage(msg, channel, gen), { noAck: false });
      if (gen !== this.generation) return; // lost while subscribing: the loop reopens
      this.connects++;
      this.failedOpens = 0;
      this.event(`consuming via node of URL ${urlIndex + 1}`);
    } catch (err) {
      const line = describeBrokerError(err, parseBrokerUrl(this.connector.urlAt(urlIndex)), `consuming from ${this.spec.queue}`);
      this.event(`cannot consume: ${line}`);
      if (gen === this.generation) this.generation++;
      this.model = null;
      this.channel = null;
      await closeQuietly(model);
      await sleep(backoffMs(this.failedOpens++), signal);
    }
  }
}
