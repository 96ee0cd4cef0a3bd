/**
 * Per-queue bookkeeping of a failover run, exact for every message: one byte of state per
 * sequence number (published / confirmed / received), so "confirmed but never delivered" is a
 * count, not an estimate. Runs are bounded (options.ts caps rate × duration), so the array stays
 * small: 200 msg/s for 40 s is 8 KB.
 *
 * Duplicates and reordering are counted by the bench's IntegrityTracker (src/broker/sequence-tracker.ts);
 * this ledger answers what it cannot: which of the *confirmed* messages never arrived.
 */

const PUBLISHED = 1;
const CONFIRMED = 2;
const RECEIVED = 4;
const INITIAL_CAPACITY = 4096;

export interface LedgerTotals {
  /** Distinct sequence numbers published at least once. */
  published: number;
  /** Publish calls, re-publications included. */
  publishAttempts: number;
  /** Messages sent again after a lost connection, a nack or a return. */
  republished: number;
  /** Distinct messages the broker confirmed. */
  confirmed: number;
  /** Distinct messages received by the consumer. */
  received: number;
  /** Confirmed, never received: the number that must be 0. */
  confirmedLost: number;
  /** Published, never confirmed (given up when the run ended). */
  unconfirmed: number;
  /** Received although never confirmed (confirm lost with its connection; delivered anyway). */
  receivedUnconfirmed: number;
}

export class MessageLedger {
  private state = new Uint8Array(INITIAL_CAPACITY);
  private highest = 0;
  private publishAttempts = 0;
  private republished = 0;
  private confirmedCount = 0;
  private receivedCount = 0;

  private ensure(seq: number): void {
    if (seq < this.state.length) return;
    let size = this.state.length;
    while (size <= seq) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.state);
    this.state = next;
  }

  published(seq: number, republish: boolean): void {
    this.ensure(seq);
    this.state[seq]! |= PUBLISHED;
    this.highest = Math.max(this.highest, seq + 1);
    this.publishAttempts++;
    if (republish) this.republished++;
  }

  /** Returns true the first time seq is confirmed. */
  confirmed(seq: number): boolean {
    this.ensure(seq);
    if (this.state[seq]! & CONFIRMED) return false;
    this.state[seq]! |= CONFIRMED;
    this.confirmedCount++;
    return true;
  }

  isConfirmed(seq: number): boolean {
    return seq < this.state.length && (this.state[seq]! & CONFIRMED) !== 0;
  }

  /** Returns true the first time seq arrives. */
  received(seq: number): boolean {
    this.ensure(seq);
    if (this.state[seq]! & RECEIVED) return false;
    this.state[seq]! |= RECEIVED;
    this.receivedCount++;
    return true;
  }

  /** Confirmed messages not (yet) delivered: the consumer side's backlog of what must arrive. */
  get confirmedUndelivered(): number {
    let n = 0;
    for (let s = 0; s < this.highest; s++) if ((this.state[s]! & (CONFIRMED | RECEIVED)) === CONFIRMED) n++;
    return n;
  }

  get confirmedTotal(): number {
    return this.confirmedCount;
  }

  get receivedTotal(): number {
    return this.receivedCount;
  }

  totals(): LedgerTotals {
    let published = 0;
    let unconfirmed = 0;
    let receivedUnconfirmed = 0;
    for (let s = 0; s < this.highest; s++) {
      const v = this.state[s]!;
      if (v & PUBLISHED) published++;
      if (v & PUBLISHED && !(v & CONFIRMED)) unconfirmed++;
      if (v & RECEIVED && !(v & CONFIRMED)) receivedUnconfirmed++;
    }
    return {
      published,
      publishAttempts: this.publishAttempts,
      republished: this.republished,
      confirmed: this.confirmedCount,
      received: this.receivedCount,
      confirmedLost: this.confirmedUndelivered,
      unconfirmed,
      receivedUnconfirmed,
    };
  }
}
