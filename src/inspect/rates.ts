/**
 * Rates from sampled counters (pure). A counter read at poll k is a cumulative count with the
 * broker's timestamp of it; the rate over interval k (poll k → poll k+1) is Δcount ÷ Δtime.
 * The window's average is the time-weighted mean of the interval rates, its peak the highest
 * interval rate: so the peak is "sustained over one sampling interval", not a 5-second blip.
 */
import type { Counter, Poll } from './snapshot.js';

/** One interval's rate (per second), or null when it cannot be known (no fresh sample). */
export type IntervalRate = number | null;

export interface RateSummary {
  averagePerSec: number;
  peakPerSec: number;
  /** Intervals that had a rate; fewer than polls − 1 when the statistics did not refresh. */
  intervals: number;
}

const MS_PER_SECOND = 1000;

/**
 * The broker's clock at each poll. Counters carry broker timestamps; objects without samples
 * (never any traffic) need a time too, and mixing the client's clock with the broker's would
 * add their offset to an interval. So a poll's reference time is the newest broker timestamp in
 * it, and a poll without any is placed at its client time shifted by the median offset
 * (broker − client) of the polls that have one.
 */
export function referenceTimesMs(polls: Poll[]): number[] {
  const brokerTimes = polls.map((p) => newestTimestamp(p));
  const offsets = polls
    .map((p, i) => (brokerTimes[i] === null ? null : brokerTimes[i]! - p.clientTimeMs))
    .filter((o): o is number => o !== null)
    .sort((a, b) => a - b);
  const offset = offsets.length > 0 ? offsets[Math.floor(offsets.length / 2)]! : 0;
  return polls.map((p, i) => brokerTimes[i] ?? p.clientTimeMs + offset);
}

function newestTimestamp(p: Poll): number | null {
  let newest: number | null = null;
  const see = (c: Counter): void => {
    if (c.atMs !== null && (newest === null || c.atMs > newest)) newest = c.atMs;
  };
  see(p.overview.publish);
  see(p.overview.deliverGet);
  see(p.overview.confirm);
  for (const q of p.queues) see(q.publish);
  return newest;
}

/**
 * Interval rates of one object's counter. `series[k]` is the counter at poll k, or null when
 * the object did not exist then. A counter that went down was reset (queue re-declared, its
 * node restarted, a quorum queue's leader moved to another node, which counts from 0): what was
 * counted before the reset within the interval is unknown, so the interval is unknown (null), not
 * the lower figure counted since (measured: a leader moved by a node kill read 91 msg/s for a
 * steady 200 msg/s when the reset interval counted).
 */
export function counterRates(series: (Counter | null)[], refTimesMs: number[], resetIn: readonly boolean[] = []): IntervalRate[] {
  const rates: IntervalRate[] = [];
  for (let k = 0; k + 1 < series.length; k++) {
    if (resetIn[k] === true) {
      // Known to have restarted from 0 in this interval (see nodeResets, queueResets), even if it
      // has since counted past its old value: what it counted before the reset is unknown.
      rates.push(null);
      continue;
    }
    const from = series[k] ?? null;
    const to = series[k + 1] ?? null;
    if (to === null) {
      rates.push(0); // gone: contributes nothing from here on
      continue;
    }
    const t0 = from?.atMs ?? refTimesMs[k]!;
    const t1 = to.atMs ?? refTimesMs[k + 1]!;
    const dtMs = t1 - t0;
    if (dtMs <= 0) {
      // No fresh sample since the previous poll: the interval cannot be measured.
      rates.push(from !== null && to.value === from.value && from.atMs === null && to.atMs === null ? 0 : null);
      continue;
    }
    if (from !== null && to.value < from.value) {
      rates.push(null);
      continue;
    }
    const delta = from === null ? to.value : to.value - from.value;
    rates.push((delta / dtMs) * MS_PER_SECOND);
  }
  return rates;
}

/** Sum of several objects' interval rates; an interval any of them cannot measure is unknown. */
export function sumRates(list: IntervalRate[][], intervals: number): IntervalRate[] {
  const out: IntervalRate[] = [];
  for (let k = 0; k < intervals; k++) {
    let total: number | null = 0;
    for (const rates of list) {
      const r = rates[k] ?? null;
      if (r === null) {
        total = null;
        break;
      }
      total += r;
    }
    out.push(total);
  }
  return out;
}

/** Average (time-weighted) and peak of interval rates; null when no interval was measurable. */
export function summarize(rates: IntervalRate[], refTimesMs: number[]): RateSummary | null {
  let weighted = 0;
  let durationMs = 0;
  let peak = 0;
  let intervals = 0;
  rates.forEach((r, k) => {
    if (r === null) return;
    const dt = Math.max(refTimesMs[k + 1]! - refTimesMs[k]!, 0);
    intervals++;
    peak = Math.max(peak, r);
    if (dt > 0) {
      weighted += r * dt;
      durationMs += dt;
    }
  });
  if (intervals === 0) return null;
  const average = durationMs > 0 ? weighted / durationMs : peak;
  return { averagePerSec: average, peakPerSec: Math.max(peak, average), intervals };
}

/** What the reset detection needs of a node at one poll. */
export interface NodeAtPoll {
  name: string;
  running: boolean;
  uptimeMs: number | null;
}

/**
 * Per interval k (poll k → k+1), the nodes whose statistics were lost in it: a node that was
 * running at poll k and is not at k+1 (gone, with the counts it contributed), or whose uptime went
 * down (restarted in between, even if it is back). A node coming back adds counters from 0 and
 * loses nothing, so it is not a reset of cluster-wide sums.
 */
export function nodeResets(polls: readonly (readonly NodeAtPoll[])[]): Set<string>[] {
  const out: Set<string>[] = [];
  for (let k = 0; k + 1 < polls.length; k++) {
    const next = new Map(polls[k + 1]!.map((n) => [n.name, n]));
    const lost = new Set<string>();
    for (const n of polls[k]!) {
      if (!n.running) continue;
      const m = next.get(n.name);
      if (m === undefined || !m.running) lost.add(n.name);
      else if (n.uptimeMs !== null && m.uptimeMs !== null && m.uptimeMs < n.uptimeMs) lost.add(n.name);
    }
    out.push(lost);
  }
  return out;
}

/**
 * Per interval, whether a queue's counters restarted from 0: its leader (or, for a classic queue,
 * its node) changed — a new quorum leader counts from 0 — or that node lost its statistics
 * (nodeResets). A queue missing at either poll is left to counterRates (created or gone).
 */
export function queueResets(leaders: readonly (string | null | undefined)[], lostNodes: readonly Set<string>[]): boolean[] {
  const out: boolean[] = [];
  for (let k = 0; k + 1 < leaders.length; k++) {
    const a = leaders[k];
    const b = leaders[k + 1];
    if (a === undefined || b === undefined) out.push(false);
    else out.push(a !== b || (a !== null && lostNodes[k]!.has(a)));
  }
  return out;
}
