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
 * the object did not exist then. A counter that went down was reset (queue re-declared, node
 * restarted): the new value is what was counted since the reset.
 */
export function counterRates(series: (Counter | null)[], refTimesMs: number[]): IntervalRate[] {
  const rates: IntervalRate[] = [];
  for (let k = 0; k + 1 < series.length; k++) {
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
    const delta = from === null ? to.value : to.value >= from.value ? to.value - from.value : to.value;
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
