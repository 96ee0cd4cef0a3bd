/** The configuration of a bench step or search as `validate` reports it (and groups repeats by). */
import type { BenchRunResult } from '../bench/types.js';

export interface StepShape {
  queueType: string;
  messageSizeBytes: number;
  persistent: boolean;
  confirmWindow: number | null;
  publishers: number;
  consumers: number;
  queues: number;
  prefetch: number;
  /** Consumers ack every this many deliveries (multiple=true beyond 1). */
  ackEvery: number;
}

export function shape(c: BenchRunResult['steps'][number]['config']): StepShape {
  return {
    queueType: c.queueType,
    messageSizeBytes: c.messageSizeBytes,
    persistent: c.persistent,
    confirmWindow: c.confirms ? c.confirmWindow : null,
    publishers: c.publishers,
    consumers: c.consumers,
    queues: c.queues,
    prefetch: c.prefetch,
    ackEvery: c.ackEvery,
  };
}
