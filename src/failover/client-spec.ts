/**
 * What a failover client (publisher or consumer of one queue) is told, and what it reports.
 */
import type { Options } from 'amqplib';

export interface ClientSpec {
  /** Client index: also the publisher id in the message header unless `publisherId` says otherwise. */
  index: number;
  /** Publisher id stamped in the message header (default: index). Several publishers on one queue need their own. */
  publisherId?: number;
  /** Integrity group of a consumer: the queue it reads (default: index). */
  group?: number;
  /** Name of the client in events and log lines, e.g. "minority publisher" (default: "publisher <index>"). */
  label?: string;
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
