/**
 * Known traffic for the inspect tests, generated with the project's bench step runner
 * (src/bench/step-runner.ts): each `startTraffic` runs one bench step (its own queues, publishers
 * paced at a fixed target rate, consumers) in the background. `measuring` resolves once the step
 * has warmed up and is in its measurement window; `done` gives the bench's own measured rates.
 * The step deletes its queues when it ends; `stopAll` cleans up whatever is left.
 */
import { parseBrokerUrl } from '../../../src/broker/amqp-url.js';
import { QueueRegistry, runPrefix } from '../../../src/bench/queues.js';
import { runStep, type StepEnv } from '../../../src/bench/step-runner.js';
import type { ConnectionSettings } from '../../../src/broker/connection.js';
import type { StepConfig, StepResult } from '../../../src/bench/types.js';

/** Bounds for the bench connections and drain (seconds-scale: these are local test brokers). */
const CONNECT_TIMEOUT_MS = 5_000;
const BLOCKED_TIMEOUT_MS = 10_000;
const DRAIN_TIMEOUT_MS = 5_000;
const CLEANUP_TIMEOUT_MS = 10_000;

export interface TrafficSpec {
  queueType: StepConfig['queueType'];
  queues: number;
  targetRateMsgPerSec: number;
  messageSizeBytes: number;
  warmupSeconds: number;
  durationSeconds: number;
  persistent?: boolean;
  prefetch?: number;
}

export interface Traffic {
  spec: TrafficSpec;
  queueNames: string[];
  measuring: Promise<void>;
  done: Promise<StepResult>;
}

export class TrafficGenerator {
  private readonly registry: QueueRegistry;
  private readonly env: StepEnv;
  private readonly controller = new AbortController();
  private readonly measuringResolvers = new Map<number, () => void>();
  private nextIndex = 0;
  readonly prefix: string;

  constructor(amqpUrl: string, runId: string) {
    const url = parseBrokerUrl(amqpUrl);
    const settings: ConnectionSettings = {
      url: amqpUrl,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      tls: { ca: [], cert: null, key: null, insecure: false },
      blockedTimeoutMs: BLOCKED_TIMEOUT_MS,
    };
    this.prefix = runPrefix(runId);
    this.registry = new QueueRegistry(settings, url, this.prefix);
    this.env = {
      settings,
      url,
      registry: this.registry,
      mgmt: null,
      brokerPids: [],
      workers: 1,
      drainTimeoutMs: DRAIN_TIMEOUT_MS,
      confirmTimeoutMs: DRAIN_TIMEOUT_MS,
      signal: this.controller.signal,
      onProgress: (p) => {
        if (p.phase === 'measure') this.measuringResolvers.get(p.index)?.();
      },
    };
  }

  start(spec: TrafficSpec): Traffic {
    const index = this.nextIndex++;
    const config: StepConfig = {
      queueType: spec.queueType,
      messageSizeBytes: spec.messageSizeBytes,
      publishers: spec.queues,
      consumers: spec.queues,
      queues: spec.queues,
      persistent: spec.persistent ?? true,
      confirms: true,
      confirmWindow: 100,
      prefetch: spec.prefetch ?? 50,
      ackEvery: 1,
      consumerProcessingMs: 0,
      targetRateMsgPerSec: spec.targetRateMsgPerSec,
      durationSeconds: spec.durationSeconds,
      warmupSeconds: spec.warmupSeconds,
      maxMessages: null,
    };
    const measuring = new Promise<void>((resolve) => this.measuringResolvers.set(index, resolve));
    const done = runStep(config, { index, label: `inspect-test-${index}`, kind: 'open-loop', searchId: null, loadLevel: null }, this.env);
    // A failing step must not leave `measuring` hanging.
    done.catch(() => this.measuringResolvers.get(index)?.());
    const queueNames = Array.from({ length: spec.queues }, (_, i) => this.registry.queueName(index, i));
    return { spec, queueNames, measuring, done };
  }

  /** Stops every step still running and deletes every queue the generator declared. */
  async stopAll(): Promise<string[]> {
    this.controller.abort();
    const left = await this.registry.deleteAll(CLEANUP_TIMEOUT_MS);
    await this.registry.close();
    return left;
  }
}
