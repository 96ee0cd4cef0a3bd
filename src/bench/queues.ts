/**
 * The bench's own queues. Every name starts with the run prefix `rmq-plan-bench-<runid>-`; a name
 * is checked passively first and the bench refuses to run if it already exists, so it never
 * publishes to, consumes from or deletes a queue it did not declare. Only queues recorded as
 * declared here are ever deleted.
 *
 * An admin connection that never publishes does the declaring and deleting, so it stays usable
 * when the broker blocks publishing connections (memory/disk alarm) and cleanup still works.
 */
import type { Channel, ChannelModel, Options } from 'amqplib';
import { BenchAbort, isChannelEnded } from '../broker/errors.js';
import { closeQuietly, openConnection, type ConnectionSettings } from '../broker/connection.js';
import type { QueueType, StepConfig } from './types.js';
import type { BrokerUrl } from '../broker/amqp-url.js';

export const QUEUE_PREFIX = 'rmq-plan-bench-';

/**
 * Safety net if the bench dies without cleaning up (kill -9, power loss): classic and quorum
 * queues delete themselves after 5 minutes without consumers (x-expires; queue TTL docs,
 * https://www.rabbitmq.com/docs/ttl#queue-ttl). Streams do not support x-expires.
 */
export const QUEUE_EXPIRES_MS = 300_000;
/** Bound on deleting one step's queues (a stream's deletion removes its segment files). */
const DELETE_TIMEOUT_MS = 10_000;

export function runPrefix(runId: string): string {
  return `${QUEUE_PREFIX}${runId}-`;
}

export function queueArguments(type: QueueType): Record<string, unknown> {
  if (type === 'stream') return { 'x-queue-type': 'stream' };
  return { 'x-queue-type': type, 'x-expires': QUEUE_EXPIRES_MS };
}

export function queueOptions(config: Pick<StepConfig, 'queueType' | 'persistent'>): Options.AssertQueue {
  return {
    // Always durable: quorum queues and streams must be, and RabbitMQ 4.3 refuses transient
    // (non-durable) non-exclusive classic queues (rabbitmq-server #15459). A "transient" step is
    // about the messages (delivery mode 1, not written for durability), which is what costs or
    // saves the broker work; the queue's own durability only decides whether its definition
    // survives a restart.
    durable: true,
    autoDelete: false,
    exclusive: false,
    arguments: queueArguments(config.queueType),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BenchAbort(`${what}: no answer from the broker within ${ms / 1000} s`)), ms);
    }),
  ]);
}

export class QueueRegistry {
  /** Pending or open admin connection and channel (memoised promises: concurrent steps share them). */
  private admin: Promise<ChannelModel> | null = null;
  private channel: Promise<Channel> | null = null;
  /** Queues this run declared (or asked for, unanswered) and has not deleted yet. */
  private readonly declared = new Set<string>();
  deletedCount = 0;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly url: BrokerUrl,
    readonly prefix: string,
  ) {}

  queueName(stepIndex: number, queueIndex: number): string {
    return `${this.prefix}s${stepIndex}-q${queueIndex}`;
  }

  get outstanding(): string[] {
    return [...this.declared];
  }

  /** The admin connection, (re)opened on demand: a forced close during a step must not prevent cleanup. */
  connect(): Promise<ChannelModel> {
    if (this.admin !== null) return this.admin;
    const pending = openConnection(this.settings, `${this.prefix}admin`).then((model) => {
      model.on('error', () => undefined);
      model.on('close', () => {
        if (this.admin === pending) {
          this.admin = null;
          this.channel = null;
        }
      });
      return model;
    });
    this.admin = pending;
    pending.catch(() => {
      if (this.admin === pending) this.admin = null;
    });
    return pending;
  }

  private adminChannel(): Promise<Channel> {
    if (this.channel !== null) return this.channel;
    const pending = this.connect().then(async (model) => {
      const ch = await model.createChannel();
      ch.on('error', () => undefined);
      ch.on('close', () => {
        if (this.channel === pending) this.channel = null;
      });
      return ch;
    });
    this.channel = pending;
    pending.catch(() => {
      if (this.channel === pending) this.channel = null;
    });
    return pending;
  }

  /**
   * Runs an idempotent operation (declare, delete) on the admin channel, once more on a fresh
   * channel when the first one ended under it: the broker closes a channel when an earlier
   * operation on it fails (e.g. deleting a large quorum queue can time out under load), and
   * every operation queued behind that one is rejected without a reply code.
   */
  private async onAdminChannel<T>(operation: (ch: Channel) => Promise<T>): Promise<T> {
    const first = this.adminChannel();
    try {
      return await operation(await first);
    } catch (err) {
      if (!isChannelEnded(err)) throw err;
      if (this.channel === first) this.channel = null; // whether or not its 'close' event came first
      return operation(await this.adminChannel());
    }
  }

  /** True if a queue of that name exists (passive declare on a throwaway channel: a miss closes it with 404). */
  async exists(name: string): Promise<boolean> {
    const model = await this.connect();
    const ch = await model.createChannel();
    ch.on('error', () => undefined);
    try {
      await ch.checkQueue(name);
      await ch.close().catch(() => undefined);
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) return false;
      throw err;
    }
  }

  /** Declare a step's queues, refusing any name that already exists. */
  async declareStep(stepIndex: number, config: StepConfig): Promise<string[]> {
    const names = Array.from({ length: config.queues }, (_, i) => this.queueName(stepIndex, i));
    for (const name of names) {
      if (await this.exists(name)) {
        throw new BenchAbort(
          `queue "${name}" already exists in vhost "${this.url.vhost}" at ${this.url.redacted}: ` +
            'rmq-plan bench only uses queues it declares itself (choose another --run-id)',
        );
      }
      // Counted as declared before the broker answers: a broker that dies after creating the queue
      // but before its declare-ok reaches us leaves it behind, and the cleanup and the run's
      // report must know it may be there. A refusal from the broker (a reply code) created nothing.
      this.declared.add(name);
      try {
        await this.onAdminChannel((ch) => ch.assertQueue(name, queueOptions(config)));
      } catch (err) {
        if (typeof (err as { code?: unknown }).code === 'number') this.declared.delete(name);
        throw err;
      }
    }
    return names;
  }

  private async deleteNames(names: string[]): Promise<void> {
    for (const name of names) {
      if (!this.declared.has(name)) continue;
      await this.onAdminChannel((ch) => ch.deleteQueue(name));
      this.declared.delete(name);
      this.deletedCount++;
    }
  }

  /** Delete one step's queues (bounded). */
  async deleteStep(stepIndex: number): Promise<void> {
    const mine = [...this.declared].filter((n) => n.startsWith(`${this.prefix}s${stepIndex}-`));
    await withTimeout(this.deleteNames(mine), DELETE_TIMEOUT_MS, 'deleting the step queues');
  }

  /** Delete everything still declared; never throws. Returns the names that could not be deleted. */
  async deleteAll(timeoutMs: number): Promise<string[]> {
    try {
      await withTimeout(this.deleteNames([...this.declared]), timeoutMs, 'deleting the bench queues');
    } catch {
      // Reported through the returned list.
    }
    return [...this.declared];
  }

  async close(): Promise<void> {
    const pending = this.admin;
    this.admin = null;
    this.channel = null;
    if (pending === null) return;
    const model = await pending.catch(() => null);
    if (model !== null) await closeQuietly(model);
  }
}
