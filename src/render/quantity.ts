/** A figure in its resource's unit, for a table cell (the numbers: src/format/numbers.ts). */
import { bytes, bytesPerSec, int, num, usd } from '../format/numbers.js';
import type { ResourceUnit } from '../model/types.js';

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
