/** Messages between the main thread and a publisher worker thread (structured-clone safe). */
import type { PublisherFinal, PublisherGroupInit, PublisherSnapshot } from './publisher-group.js';

export type ToWorker =
  | { type: 'open'; init: PublisherGroupInit }
  | { type: 'start'; startMicros: number }
  | { type: 'window'; id: number; startMicros: number }
  | { type: 'snapshot'; id: number }
  | { type: 'stop'; id: number; confirmTimeoutMs: number }
  | { type: 'close'; id: number };

export type FromWorker =
  | { type: 'opened' }
  | { type: 'reply'; id: number; snapshot?: PublisherSnapshot; final?: PublisherFinal }
  /** The worker's group failed (connection lost, blocked too long…): a final one-line message. */
  | { type: 'failure'; message: string };
