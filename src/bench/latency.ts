/**
 * Latency recording in microseconds with an HDR histogram (3 significant digits: ±0.1 %),
 * mergeable across worker threads through its compressed encoding.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from './types.js';

/** Highest latency tracked precisely: 10 minutes in µs; the histogram auto-resizes beyond it. */
const HIGHEST_TRACKABLE_MICROS = 600_000_000;
/** Three significant digits: 0.1 % value resolution (HdrHistogram's usual choice). */
const SIGNIFICANT_DIGITS = 3;

export function newLatencyHistogram(): Histogram {
  return build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_MICROS,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    autoResize: true,
  });
}

/** Record one latency; sub-microsecond values count as 1 µs (the histogram's floor). */
export function recordMicros(h: Histogram, micros: number): void {
  h.recordValue(Math.max(1, Math.round(micros)));
}

export function encodeHistogram(h: Histogram): string {
  return encodeIntoCompressedBase64(h);
}

export function mergeEncoded(into: Histogram, encoded: string): void {
  into.add(decodeFromCompressedBase64(encoded));
}

export function summarize(h: Histogram): LatencySummary {
  if (h.totalCount === 0) {
    return { count: 0, meanMicros: 0, p50Micros: 0, p95Micros: 0, p99Micros: 0, p999Micros: 0, maxMicros: 0 };
  }
  return {
    count: h.totalCount,
    meanMicros: Math.round(h.mean),
    p50Micros: h.getValueAtPercentile(50),
    p95Micros: h.getValueAtPercentile(95),
    p99Micros: h.getValueAtPercentile(99),
    p999Micros: h.getValueAtPercentile(99.9),
    maxMicros: h.maxValue,
  };
}
