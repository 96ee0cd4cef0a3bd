/**
 * Detects lost and duplicated messages of one publisher as seen by one receiving group, with
 * bounded memory however long the run: a ring bitmap over the last WINDOW sequence numbers.
 * Everything below the window's base has been decided (received, or counted lost).
 *
 * Reordering is judged separately per (consumer, publisher) stream, because competing
 * consumers on one queue legitimately interleave (see IntegrityTracker).
 */

/**
 * Sequence numbers a message may arrive late by and still be matched. Must exceed anything the
 * broker can legitimately hold back: confirm window + prefetch × consumers (a few thousand with
 * the default matrix); 2^18 costs 32 KiB per (group, publisher).
 */
export const SEQUENCE_WINDOW = 1 << 18;

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class SequenceTracker {
  private readonly bits = new Uint32Array(SEQUENCE_WINDOW / 32);
  /** Every seq < base is decided. */
  private base = 0;
  private lostDecided = 0;
  received = 0;
  duplicated = 0;

  /** Record an arrival; returns false for a duplicate (or an arrival older than the window). */
  record(seq: number): boolean {
    if (seq < this.base) {
      // Either seen before or already written off as lost: a late duplicate either way.
      this.duplicated++;
      return false;
    }
    if (seq >= this.base + SEQUENCE_WINDOW) this.advance(seq - SEQUENCE_WINDOW + 1);
    const i = seq % SEQUENCE_WINDOW;
    const word = i >>> 5;
    const mask = 1 << (i & 31);
    if ((this.bits[word]! & mask) !== 0) {
      this.duplicated++;
      return false;
    }
    this.bits[word]! |= mask;
    this.received++;
    return true;
  }

  private advance(newBase: number): void {
    const distance = newBase - this.base;
    if (distance >= SEQUENCE_WINDOW) {
      let set = 0;
      for (const w of this.bits) set += popcount32(w);
      this.lostDecided += distance - set;
      this.bits.fill(0);
    } else {
      for (let s = this.base; s < newBase; s++) {
        const i = s % SEQUENCE_WINDOW;
        const word = i >>> 5;
        const mask = 1 << (i & 31);
        if ((this.bits[word]! & mask) === 0) this.lostDecided++;
        else this.bits[word]! &= ~mask;
      }
    }
    this.base = newBase;
  }

  /** Messages 0..expected-1 that never arrived. */
  lost(expected: number): number {
    let missing = this.lostDecided;
    const end = Math.min(expected, this.base + SEQUENCE_WINDOW);
    for (let s = this.base; s < end; s++) {
      const i = s % SEQUENCE_WINDOW;
      if ((this.bits[i >>> 5]! & (1 << (i & 31))) === 0) missing++;
    }
    if (expected > this.base + SEQUENCE_WINDOW) missing += expected - (this.base + SEQUENCE_WINDOW);
    return missing;
  }
}

export interface IntegrityTotals {
  received: number;
  lost: number;
  duplicated: number;
  reordered: number;
}

/**
 * Integrity over a step. A *group* is a set of consumers that share the messages of one queue:
 * the queue for classic and quorum queues (competing consumers), each consumer on its own for
 * streams (every stream consumer reads every message).
 */
export class IntegrityTracker {
  private readonly trackers = new Map<number, SequenceTracker>();
  /** Last seq per (consumer, publisher): FIFO per queue means one consumer sees each publisher's messages in order. */
  private readonly lastSeq = new Map<number, number>();
  private reordered = 0;

  constructor(private readonly publishers: number) {}

  record(group: number, consumer: number, publisherId: number, seq: number): void {
    const key = group * this.publishers + publisherId;
    let t = this.trackers.get(key);
    if (t === undefined) {
      t = new SequenceTracker();
      this.trackers.set(key, t);
    }
    const fresh = t.record(seq);
    if (!fresh) return;
    const streamKey = consumer * this.publishers + publisherId;
    const last = this.lastSeq.get(streamKey);
    if (last !== undefined && seq < last) this.reordered++;
    else this.lastSeq.set(streamKey, seq);
  }

  /**
   * Totals, given what each publisher sent and which groups should have received it
   * (`groupsOf(publisherId)`).
   */
  totals(sentByPublisher: readonly number[], groupsOf: (publisherId: number) => readonly number[]): IntegrityTotals {
    let received = 0;
    let lost = 0;
    let duplicated = 0;
    sentByPublisher.forEach((sent, p) => {
      for (const g of groupsOf(p)) {
        const t = this.trackers.get(g * this.publishers + p);
        if (t === undefined) {
          lost += sent;
          continue;
        }
        received += t.received;
        duplicated += t.duplicated;
        lost += t.lost(sent);
      }
    });
    return { received, lost, duplicated, reordered: this.reordered };
  }
}
