/**
 * What a failover client (publisher or consumer of one queue) is told, and what it reports.
 */
import type { Options } from 'amqplib';

export interface ClientSpec {
  /** Queue index: also the publisher id in the message header. */
  index: number;
  queue: string;
  queueOptions: Options.AssertQueue;
  /** Index of the URL tried first (queue i: URL i mod n, the node its leader was declared on). */
  preferredUrl: number;
  messageSizeBytes: number;
  /** delivery_mode 2. */
  persistent: boolean;
  /** ms since the run started. */
  clock: () => number;
  log: (line: string) => void;
}

/** Something a client went through, for the report's event list. */
export interface ClientEvent {
  tMs: number;
  client: string;
  what: string;
}
