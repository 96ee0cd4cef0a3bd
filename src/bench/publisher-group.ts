/**
 * A set of publishers driven together, each on its own connection. The local group runs them
 * on the calling thread's event loop; worker-publisher-group.ts runs several local groups in
 * worker threads behind the same interface.
 */
import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import { BenchAbort, describeBrokerError } from '../broker/errors.js';
import { closeQuietly, openConnection, watchConnection, type ConnectionSettings, type FailureLatch } from '../broker/connection.js';
import { encodeHistogram } from './latency.js';
import { Publisher, type PublisherCounters, type PublisherSpec } from './publisher.js';
import { parseBrokerUrl } from '../broker/amqp-url.js';

export interface PublisherSnapshot extends PublisherCounters {
  /** Every publisher has stopped or reached its maxMessages. */
  finished: boolean;
  /** Cumulative CPU seconds of each publisher worker thread (empty when publishers run on the main thread). */
  threadCpuSeconds: Array<number | null>;
}

export interface PublisherFinal extends PublisherCounters {
  /** [publisher id, messages sent] for every publisher of the group. */
  sentByPublisher: Array<[number, number]>;
  /** HDR histograms of confirm latency (µs) in the window, compressed (one per thread). */
  confirmLatency: string[];
}

export interface PublisherGroup {
  open(): Promise<void>;
  start(startMicros: number): void;
  beginWindow(startMicros: number): Promise<void>;
  snapshot(): Promise<PublisherSnapshot>;
  /** Stop sending and wait at most confirmTimeoutMs for outstanding confirms. */
  stop(confirmTimeoutMs: number): Promise<PublisherFinal>;
  close(): Promise<void>;
}

export interface PublisherGroupInit {
  settings: ConnectionSettings;
  connectionNamePrefix: string;
  specs: PublisherSpec[];
  /** What the step is doing, for error messages ("running step 3 (classic 1 KiB)"). */
  phase: string;
}

export function sumCounters(list: PublisherCounters[]): PublisherCounters {
  return list.reduce((a, c) => ({ published: a.published + c.published, confirmed: a.confirmed + c.confirmed, nacked: a.nacked + c.nacked }), {
    published: 0,
    confirmed: 0,
    nacked: 0,
  });
}

export class LocalPublisherGroup implements PublisherGroup {
  private readonly connections: Array<{ model: ChannelModel; watch: { markClosing(): void } }> = [];
  private readonly publishers: Publisher[] = [];

  constructor(
    private readonly init: PublisherGroupInit,
    private readonly latch: FailureLatch,
  ) {}

  async open(): Promise<void> {
    const { settings, specs, connectionNamePrefix, phase } = this.init;
    const url = parseBrokerUrl(settings.url);
    for (const spec of specs) {
      const model = await openConnection(settings, `${connectionNamePrefix}pub-${spec.id}`);
      const watch = watchConnection(model, settings, this.latch, () => phase);
      this.connections.push({ model, watch });
      const channel: Channel | ConfirmChannel = spec.confirms ? await model.createConfirmChannel() : await model.createChannel();
      const fail = (err: Error) => this.latch.fail(new BenchAbort(describeBrokerError(err, url, phase)));
      channel.on('error', fail);
      this.publishers.push(new Publisher(channel, spec, fail));
    }
  }

  start(startMicros: number): void {
    for (const p of this.publishers) p.start(startMicros);
  }

  async beginWindow(startMicros: number): Promise<void> {
    for (const p of this.publishers) p.beginWindow(startMicros);
  }

  async snapshot(): Promise<PublisherSnapshot> {
    return {
      ...sumCounters(this.publishers.map((p) => p.counters())),
      finished: this.publishers.every((p) => p.finished),
      threadCpuSeconds: [],
    };
  }

  async stop(confirmTimeoutMs: number): Promise<PublisherFinal> {
    await Promise.all(this.publishers.map((p) => p.stop(confirmTimeoutMs)));
    return {
      ...sumCounters(this.publishers.map((p) => p.counters())),
      sentByPublisher: this.publishers.map((p) => [p.spec.id, p.published]),
      confirmLatency: this.publishers.filter((p) => p.spec.confirms).map((p) => encodeHistogram(p.confirmLatency)),
    };
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.watch.markClosing();
    await Promise.all(this.connections.map((c) => closeQuietly(c.model)));
    this.connections.length = 0;
  }
}
