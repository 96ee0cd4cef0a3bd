/**
 * The probe's bound on the backlog it builds: publishers hold while more than `limit` of the
 * messages they sent have not been delivered yet. Without it an unpaced probe against a slow
 * consumer (a small prefetch, processing time) piles up tens of thousands of messages that the
 * drain then spends the search's whole budget on, and the publishers' busy event loop slows the
 * consumers it measures (prefetch 1 on the local broker: 265 msg/s consumed by the unbounded
 * probe against ~3,300 msg/s paced). Counters live in a SharedArrayBuffer so publishers in worker
 * threads (`--workers`) read the same figures as the main thread's consumers.
 */

/** Slot of the deliveries the publishers have caused (messages × deliveries per message). */
const SENT = 0;
/** Slot of the deliveries the consumers have received. */
const DELIVERED = 1;
const SLOTS = 2;

/** What a publisher needs to honour the gate (structured-clone safe: the buffer is shared, not copied). */
export interface BacklogGateSpec {
  buffer: SharedArrayBuffer;
  /** Undelivered messages above which publishers hold. */
  limit: number;
  /** Deliveries one published message causes (streams: every consumer of the stream reads it). */
  deliveriesPerMessage: number;
}

/** The smallest bound: a few batches of the publisher, whatever the windows. */
export const MIN_PROBE_BACKLOG = 2_000;
/**
 * The bound as a multiple of what the clients themselves keep in flight (publishers' confirm
 * windows + consumers' prefetch): room for both to stay full, so a broker-bound probe (the
 * calibration runs' 1,000 + 1,000) never meets it.
 */
export const PROBE_BACKLOG_FACTOR = 2;

/** Undelivered messages a probe may build with these clients in flight. */
export function probeBacklogLimit(clientsInFlight: number): number {
  return Math.max(MIN_PROBE_BACKLOG, Math.ceil(PROBE_BACKLOG_FACTOR * clientsInFlight));
}

export function newBacklogBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
}

/** A view of the shared counters; one per thread (a publisher's knows the deliveries each of its messages causes). */
export class BacklogGate {
  private readonly counts: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly limit: number,
    private readonly deliveriesPerMessage = 1,
  ) {
    this.counts = new Int32Array(buffer);
  }

  /** One message published: the deliveries it will cause. */
  sent(): void {
    Atomics.add(this.counts, SENT, this.deliveriesPerMessage);
  }

  delivered(): void {
    Atomics.add(this.counts, DELIVERED, 1);
  }

  /** More than the limit is waiting to be delivered: the publisher should hold. */
  full(): boolean {
    return Atomics.load(this.counts, SENT) - Atomics.load(this.counts, DELIVERED) > this.limit;
  }
}
