import { MAX_BYTES } from './bounds.js';
import { z } from './zod.js';

/** Decimal (KB, MB, GB) and binary (KiB, MiB, GiB) units, as RabbitMQ's own config accepts both. */
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

export const BYTE_SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i;

/** Parses "4KiB", "1.5 MB", "512B" into bytes; undefined when the text is not a size. */
export function parseByteSize(text: string): number | undefined {
  const match = BYTE_SIZE_PATTERN.exec(text);
  if (!match) return undefined;
  const unitBytes = UNIT_BYTES[match[2]!.toLowerCase()];
  if (unitBytes === undefined) return undefined;
  return Math.round(Number(match[1]) * unitBytes);
}

/** The one size format of every flag (bench --sizes, compare --size, verify --message-size). */
export const SIZE_FORMAT = 'a size such as 512B, 1KiB or 1MB (a bare whole number is bytes)';

/** A flag's size in bytes: a bare whole number of bytes, or a number with a unit; undefined otherwise. */
export function parseSizeText(text: string): number | undefined {
  const t = text.trim();
  const bytes = /^\d+$/.test(t) ? Number(t) : parseByteSize(t);
  return bytes !== undefined && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** A size in bytes: a positive integer, or a string with a unit ("4KiB", "1MB"). */
export const ByteSizeSchema = z
  .union([z.number().int().positive().max(MAX_BYTES), z.string().regex(BYTE_SIZE_PATTERN, { message: 'a size such as 1024, "4KiB" or "1MB"' })])
  .transform((value, ctx) => {
    const bytes = typeof value === 'number' ? value : parseByteSize(value)!;
    // "0B", "0.1B" (rounds to 0) and a 400-digit number (Infinity) are not sizes.
    if (!(bytes >= 1 && bytes <= MAX_BYTES)) {
      ctx.addIssue({ code: 'custom', message: `expected a size from 1 B to 1 PiB, got ${JSON.stringify(value).slice(0, 40)}` });
      return z.NEVER;
    }
    return bytes;
  })
  .describe('Bytes: a positive integer, or a string with a unit: B, KB, MB, GB (10^3) or KiB, MiB, GiB (2^10).');
