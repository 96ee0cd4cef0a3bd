/**
 * When things happened during a run, in ms since its start: per-second counts (the timeline)
 * and the longest stretch without any event (the availability gap). Times are passed in, so
 * this is pure and testable without a clock.
 */

export interface Gap {
  /** Longest interval without an event, ms. */
  longestMs: number;
  /** When it began and ended (ms since the run start); null when there was no event at all. */
  fromMs: number | null;
  toMs: number | null;
}

export class ActivityTracker {
  private readonly perSecond: number[] = [];
  /** Every event time, ascending (events are recorded as they happen): 8 bytes each. */
  private times = new Float64Array(1024);
  private size = 0;
  private lastMs: number | null = null;
  private longest = 0;
  private from: number | null = null;
  private to: number | null = null;
  count = 0;

  /**
   * `originMs`: the gap is measured from here when the first event comes late (a run whose
   * first confirm takes 3 s had a 3 s gap).
   */
  constructor(private readonly originMs = 0) {}

  record(tMs: number, n = 1): void {
    if (this.size === this.times.length) {
      const next = new Float64Array(this.times.length * 2);
      next.set(this.times);
      this.times = next;
    }
    const t = this.size > 0 ? Math.max(tMs, this.times[this.size - 1]!) : tMs;
    this.times[this.size] = t;
    this.size++;
    const second = Math.max(0, Math.floor(tMs / 1000));
    while (this.perSecond.length <= second) this.perSecond.push(0);
    this.perSecond[second]! += n;
    this.count += n;
    const prev = this.lastMs ?? this.originMs;
    if (tMs - prev > this.longest) {
      this.longest = tMs - prev;
      this.from = prev;
      this.to = tMs;
    }
    this.lastMs = Math.max(prev, tMs);
  }

  /** The gap up to `endMs` (a trailing silence counts: events that never resumed). */
  gap(endMs: number): Gap {
    const prev = this.lastMs ?? this.originMs;
    if (endMs - prev > this.longest) return { longestMs: endMs - prev, fromMs: prev, toMs: endMs };
    return { longestMs: this.longest, fromMs: this.from, toMs: this.to };
  }

  /**
   * The silence caused by something that happened between `fromMs` and `toMs` (a kill: the node
   * died somewhere in that window): the longest interval between consecutive events that
   * overlaps the window, counting the run's start and `endMs` as boundaries (a silence that
   * never ended lasts until the end).
   */
  gapAround(fromMs: number, toMs: number, endMs: number): Gap {
    const t = this.times;
    // First event after fromMs.
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid]! <= fromMs) lo = mid + 1;
      else hi = mid;
    }
    let prev = lo > 0 ? t[lo - 1]! : this.originMs;
    let best: Gap = { longestMs: -1, fromMs: null, toMs: null };
    for (let i = lo; ; i++) {
      const next = i < this.size ? t[i]! : endMs;
      if (next - prev > best.longestMs) best = { longestMs: next - prev, fromMs: prev, toMs: next };
      if (i >= this.size || next >= toMs) break;
      prev = next;
    }
    return best;
  }

  /** Index of the first event later than ms. */
  private firstIndexAfter(ms: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Events in (fromMs, toMs], exactly (not from the per-second counts). */
  countBetween(fromMs: number, toMs: number): number {
    return toMs <= fromMs ? 0 : this.firstIndexAfter(toMs) - this.firstIndexAfter(fromMs);
  }

  /** Time of the first event later than ms, or null. */
  firstAfter(ms: number): number | null {
    const i = this.firstIndexAfter(ms);
    return i < this.size ? this.times[i]! : null;
  }

  /** Events in [fromMs, toMs) per second, from the per-second counts (whole seconds). */
  ratePerSec(fromMs: number, toMs: number): number | null {
    const a = Math.ceil(fromMs / 1000);
    const b = Math.floor(toMs / 1000);
    if (b <= a) return null;
    let n = 0;
    for (let s = a; s < b; s++) n += this.perSecond[s] ?? 0;
    return n / (b - a);
  }

  /** Counts per second from the start up to `endMs`. */
  timeline(endMs: number): number[] {
    const seconds = Math.ceil(endMs / 1000);
    return Array.from({ length: seconds }, (_, s) => this.perSecond[s] ?? 0);
  }
}
