/**
 * Number formatting for shortfall and --explain lines. Locale-free on purpose: the output
 * must be byte-identical on every machine (no Intl, no toLocaleString).
 */
import { BYTES_PER_GIB, BYTES_PER_KIB, BYTES_PER_MB, BYTES_PER_MIB } from './constants.js';

/** `x` with `digits` decimals and thousands separators: num(12345.6, 1) = "12,345.6". */
export function num(x: number, digits = 0): string {
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
  if (!Number.isFinite(a)) return num(x);
  if (a >= 100) return num(x, 0);
  if (a >= 10) return num(x, 1);
  if (a >= 1) return num(x, 2);
  if (a === 0) return '0';
  return num(x, 3);
}

/** A fraction as a whole percentage: pct(0.456) = "46%". */
export function pct(x: number): string {
  if (!Number.isFinite(x)) return '∞%';
  return `${num(x * 100, 0)}%`;
}

/** Bytes in binary units: "512 B", "1.5 KiB", "4.00 GiB". */
export function bytes(x: number): string {
  if (!Number.isFinite(x)) return num(x);
  const a = Math.abs(x);
  if (a >= BYTES_PER_GIB) return `${sig(x / BYTES_PER_GIB)} GiB`;
  if (a >= BYTES_PER_MIB) return `${sig(x / BYTES_PER_MIB)} MiB`;
  if (a >= BYTES_PER_KIB) return `${sig(x / BYTES_PER_KIB)} KiB`;
  return `${num(x, 0)} B`;
}

/** Bandwidth in catalog units (MB/s = 10^6 B/s). */
export function mbps(bytesPerSec: number): string {
  return `${sig(bytesPerSec / BYTES_PER_MB)} MB/s`;
}

/** Dollars: "$1,234" (cents below $100). */
export function usd(x: number): string {
  return Math.abs(x) < 100 ? `$${num(x, 2)}` : `$${num(x, 0)}`;
}

/** Milliseconds: "2.90 ms". */
export function ms(x: number): string {
  return `${sig(x)} ms`;
}

/** "1 node" / "3 nodes". */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${num(n)} ${n === 1 ? word : pluralWord}`;
}
