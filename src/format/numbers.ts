/**
 * Every number rmq-plan prints, in one module with two policies, each for its place:
 *
 * - **Cells and figures** (tables, Markdown, HTML tiles): a few significant digits and the unit
 *   that reads best — `num` 12.34 → "12.3", `pct` 0.0523 → "5.2%", `bytes` → "1.5 GiB",
 *   `bytesPerSec` (decimal, as disks and NICs are rated), `usd` with cents, `plural`, `spread`
 *   (a resource's figure in its unit: render/quantity.ts).
 * - **Sentences and arithmetic** (shortfalls, hints, --explain): digits stated by the caller so
 *   that a line of arithmetic adds up as printed, and locale-free so the output is byte-identical
 *   on every machine — `fixed` (x, digits), `sig` (about three significant figures), `wholePct`,
 *   `binaryBytes`, `mbps`, `dollars`, `ms`.
 *
 * Pure (no I/O): the model's --explain lines use it as the renderers do.
 */
import { BYTES_PER_GIB, BYTES_PER_KB, BYTES_PER_KIB, BYTES_PER_MB, BYTES_PER_MIB } from './units.js';

/**
 * What `value.toLocaleString('en-US', { minimumFractionDigits, maximumFractionDigits })` prints —
 * the shortest decimal form of the value rounded half away from zero, thousands grouped — without
 * Intl: the first Intl call loads ICU's number formatting, ~12 ms of every `size` run
 * (docs/measurements/startup.md), and every machine prints the same.
 */
export function enUs(value: number, minimumFractionDigits: number, maximumFractionDigits: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '-∞' : 'NaN';
  // Beyond 10^21 String() switches to exponent form; no figure rmq-plan prints gets there.
  if (Math.abs(value) >= 1e21) return value.toLocaleString('en-US', { minimumFractionDigits, maximumFractionDigits });
  const shortest = String(Math.abs(value));
  // Round the decimal form (as Intl does: 1.005 → 1.01), not the binary value (toFixed: 1.00).
  const rounded = shortest.includes('e')
    ? Number(Math.abs(value).toFixed(maximumFractionDigits))
    : Math.round(Number(`${shortest}e${maximumFractionDigits}`)) / 10 ** maximumFractionDigits;
  let [whole = '0', frac = ''] = rounded.toFixed(maximumFractionDigits).split('.');
  frac = frac.replace(/0+$/, '').padEnd(minimumFractionDigits, '0');
  whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // As Intl: a negative value keeps its sign even when it rounds to 0 ("-0").
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return `${sign}${whole}${frac === '' ? '' : `.${frac}`}`;
}

// ---------------------------------------------------------------------------------------------
// Cells and figures

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const DECIMAL_RATE_UNITS = ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s'] as const;
/** Significant digits for figures under 100 (3 reads well and is what a review needs). */
const SIGNIFICANT_DIGITS = 3;

/** 12345.6 → "12,346"; 12.34 → "12.3"; 0.01234 → "0.0123"; -0 and tiny values → "0". */
export function num(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '-∞' : 'n/a';
  const abs = Math.abs(value);
  if (abs < 1e-9) return '0';
  if (abs >= 100) return enUs(value, 0, 0);
  return String(Number(value.toPrecision(SIGNIFICANT_DIGITS)));
}

/** An integer count with thousands separators. */
export function int(value: number): string {
  return enUs(value, 0, 0);
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
  return `$${enUs(value, 2, 2)}`;
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

// ---------------------------------------------------------------------------------------------
// Sentences and arithmetic

/** `x` with `digits` decimals and thousands separators: num(12345.6, 1) = "12,345.6". */
export function fixed(x: number, digits = 0): string {
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '-∞';
  if (Number.isNaN(x)) return 'NaN';
  const fixed = Math.abs(x).toFixed(digits);
  const [whole = '0', frac] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = x < 0 && Number(fixed) !== 0 ? '-' : '';
  return frac === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${frac}`;
}

/** About three significant figures: 1,234 / 123 / 12.3 / 1.23 / 0.123. */
export function sig(x: number): string {
  const a = Math.abs(x);
  if (!Number.isFinite(a)) return fixed(x);
  if (a >= 100) return fixed(x, 0);
  if (a >= 10) return fixed(x, 1);
  if (a >= 1) return fixed(x, 2);
  if (a === 0) return '0';
  return fixed(x, 3);
}

/** A fraction as a whole percentage: wholePct(0.456) = "46%". */
export function wholePct(x: number): string {
  if (!Number.isFinite(x)) return '∞%';
  return `${fixed(x * 100, 0)}%`;
}

/** Bytes in binary units: "512 B", "1.5 KiB", "4.00 GiB". */
export function binaryBytes(x: number): string {
  if (!Number.isFinite(x)) return fixed(x);
  const a = Math.abs(x);
  if (a >= BYTES_PER_GIB) return `${sig(x / BYTES_PER_GIB)} GiB`;
  if (a >= BYTES_PER_MIB) return `${sig(x / BYTES_PER_MIB)} MiB`;
  if (a >= BYTES_PER_KIB) return `${sig(x / BYTES_PER_KIB)} KiB`;
  return `${fixed(x, 0)} B`;
}

/** Bandwidth in catalog units (MB/s = 10^6 B/s). */
export function mbps(bytesPerSec: number): string {
  return `${sig(bytesPerSec / BYTES_PER_MB)} MB/s`;
}

/** Dollars: "$1,234" (cents below $100). */
export function dollars(x: number): string {
  return Math.abs(x) < 100 ? `$${fixed(x, 2)}` : `$${fixed(x, 0)}`;
}

/** Milliseconds: "2.90 ms". */
export function ms(x: number): string {
  return `${sig(x)} ms`;
}

// ---------------------------------------------------------------------------------------------
// Measurements (bench, verify, fit, validate, compare, inspect): what was measured or fitted, as
// the run reports it. A missing figure prints as the caller's mark.

const MICROS_PER_MS = 1000;
const MICROS_PER_SECOND = 1_000_000;
const MS_PER_SECOND = 1000;

/** Milliseconds from microseconds, fewer decimals for larger figures: 1,234 µs → "1.23", 56,789 → "56.8", 123,456 → "123". */
export function msFromMicros(micros: number): string {
  return (micros / MICROS_PER_MS).toFixed(micros < 10 * MICROS_PER_MS ? 2 : micros < 100 * MICROS_PER_MS ? 1 : 0);
}

/** A duration in microseconds: "1.23 s" from a second up, else "12.3 ms". */
export function microsDuration(micros: number): string {
  return micros >= MICROS_PER_SECOND ? `${(micros / MICROS_PER_SECOND).toFixed(2)} s` : `${(micros / MICROS_PER_MS).toFixed(1)} ms`;
}

/** Seconds from milliseconds, one decimal: "12.3 s"; "n/a" when missing. */
export function secondsFromMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? 'n/a' : `${(ms / MS_PER_SECOND).toFixed(1)} s`;
}

/** A figure with a fixed number of decimals, or `missing`: fixedOr(1.234, 2) = "1.23". */
export function fixedOr(v: number | null | undefined, digits: number, missing: string): string {
  return v === null || v === undefined ? missing : v.toFixed(digits);
}

/** A figure already in percent, one decimal: "12.3 %"; `missing` when there is none. */
export function percentOf(v: number | null, missing: string): string {
  return v === null ? missing : `${v.toFixed(1)} %`;
}

/** A whole figure from 100 up (thousands separated), else `digits` decimals: measured against predicted rates and p99s. */
export function wholeFrom100(v: number | null, digits: number, missing: string): string {
  if (v === null) return missing;
  return v >= 100 || digits === 0 ? int(v) : v.toFixed(digits);
}

/** A signed change in percent ("+12%", "−3.5%": U+2212 reads better than a hyphen next to numbers); null → "new". */
export function signedPct(v: number | null): string {
  if (v === null) return 'new';
  if (v === 0) return '0%';
  const rounded = Math.abs(v) >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}%`;
}

/**
 * A coefficient or capacity, fewer decimals for larger figures, thousands separated: 0–3 decimals,
 * two from `twoDecimalsBelow` down to 1 (compare uses 10, the fit report 100).
 */
export function compact(v: number, twoDecimalsBelow: 10 | 100 = 10): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= twoDecimalsBelow ? 1 : abs >= 1 ? 2 : 3;
  return enUs(v, 0, digits);
}

/** A message size as configured: "1 KiB", "16 MiB", or bytes when not a whole binary unit. */
export function exactSize(bytes: number): string {
  if (bytes >= BYTES_PER_MIB && bytes % BYTES_PER_MIB === 0) return `${bytes / BYTES_PER_MIB} MiB`;
  if (bytes >= BYTES_PER_KIB && bytes % BYTES_PER_KIB === 0) return `${bytes / BYTES_PER_KIB} KiB`;
  return `${bytes} B`;
}

/** Memory or disk as the management API reports it: "1.5 GiB" from a GiB up, else whole MiB; "?" when unknown. */
export function gibOrMib(bytes: number | undefined): string {
  if (bytes === undefined) return '?';
  return bytes >= BYTES_PER_GIB ? `${(bytes / BYTES_PER_GIB).toFixed(1)} GiB` : `${Math.round(bytes / BYTES_PER_MIB)} MiB`;
}
