/**
 * Human formatting of the model's numbers for the table and Markdown reports: units, thousands
 * separators and a few significant digits. The JSON report does not use these (it keeps
 * numbers as numbers); see json.ts.
 */
import type { ResourceUnit } from '../model/types.js';

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const DECIMAL_RATE_UNITS = ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s'] as const;
const BYTES_PER_KIB = 1024;
const BYTES_PER_KB = 1000;
/** Significant digits for figures under 100 (3 reads well and is what a review needs). */
const SIGNIFICANT_DIGITS = 3;

/** 12345.6 → "12,346"; 12.34 → "12.3"; 0.01234 → "0.0123"; -0 and tiny values → "0". */
export function num(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '-∞' : 'n/a';
  const abs = Math.abs(value);
  if (abs < 1e-9) return '0';
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(SIGNIFICANT_DIGITS)));
}

/** An integer count with thousands separators. */
export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** 0.523 → "52%"; 0.0523 → "5.2%"; 0.004 → "0.4%". */
export function pct(fraction: number): string {
  // Unbounded (a saturated queue, CPU or consumer) is not "not applicable".
  if (fraction === Number.POSITIVE_INFINITY) return '∞';
  if (!Number.isFinite(fraction)) return 'n/a';
  const percent = fraction * 100;
  if (Math.abs(percent) >= 10) return `${Math.round(percent)}%`;
  if (Math.abs(percent) < 0.05) return '0%';
  return `${Number(percent.toFixed(1))}%`;
}

/** Bytes with binary prefixes: 1610612736 → "1.5 GiB". */
export function bytes(value: number): string {
  return scaled(value, BYTES_PER_KIB, BINARY_UNITS);
}

/** Bytes per second with decimal prefixes (how disks and NICs are rated): 125e6 → "125 MB/s". */
export function bytesPerSec(value: number): string {
  return scaled(value, BYTES_PER_KB, DECIMAL_RATE_UNITS);
}

function scaled(value: number, step: number, units: readonly string[]): string {
  let index = 0;
  let scaledValue = value;
  while (Math.abs(scaledValue) >= step && index < units.length - 1) {
    scaledValue /= step;
    index++;
  }
  return `${num(scaledValue)} ${units[index]!}`;
}

/** US dollars with cents: 1234.5 → "$1,234.50". */
export function usd(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A quantity in the model's unit, for a table cell. */
export function quantity(value: number, unit: ResourceUnit): string {
  switch (unit) {
    case 'cores':
      return `${num(value)} cores`;
    case 'msgPerSec':
      return `${num(value)} msg/s`;
    case 'bytesPerSec':
      return bytesPerSec(value);
    case 'iops':
      // An I/O is whole: no fractional IOPS for people (below one a second is "< 1").
      return value > 0 && value < 0.5 ? '< 1 IOPS' : `${int(value)} IOPS`;
    case 'bytes':
      return bytes(value);
    case 'count':
      return int(value);
    case 'ms':
      // An infinite p99: no steady state (the shortfalls say what saturates).
      return value === Number.POSITIVE_INFINITY ? 'unbounded' : `${num(value)} ms`;
    case 'usdPerMonth':
      return `${usd(value)}/mo`;
  }
}

/** "1 node", "3 nodes". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${int(count)} ${count === 1 ? noun : pluralNoun}`;
}

/** Per-node counts as a compact range: [2,2,1] → "1–2"; [3,3,3] → "3". */
export function spread(values: readonly number[]): string {
  if (values.length === 0) return '0';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? int(min) : `${int(min)}–${int(max)}`;
}
