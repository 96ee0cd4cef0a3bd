/**
 * The message sizes a bench-fitted profile was measured at, per queue type: the smallest and the
 * largest of the steps it was fitted on (profile.origin.steps; none for a published profile).
 * Per-byte costs outside that range are extrapolated from the line through it, and
 * docs/validate.md shows how far that can carry (16 KiB from 1 and 4 KiB: 23–69 % off), so
 * `size` warns and `validate` marks such rows. Pure.
 */
import type { Profile } from '../schema/profile.js';

export interface SizeRange {
  min: number;
  max: number;
}

/** Per queue type, the calibrated size range; empty when the profile records no steps. */
export function calibratedSizeRanges(profile: Profile): Map<string, SizeRange> {
  const sizes = new Map<string, SizeRange>();
  for (const s of profile.origin.steps ?? []) {
    if (typeof s !== 'object' || s === null) continue;
    const config: unknown = 'config' in s ? s.config : null;
    if (typeof config !== 'object' || config === null || !('queueType' in config) || !('messageSizeBytes' in config)) continue;
    const { queueType, messageSizeBytes } = config;
    if (typeof queueType !== 'string' || typeof messageSizeBytes !== 'number') continue;
    const range = sizes.get(queueType);
    sizes.set(
      queueType,
      range === undefined
        ? { min: messageSizeBytes, max: messageSizeBytes }
        : { min: Math.min(range.min, messageSizeBytes), max: Math.max(range.max, messageSizeBytes) },
    );
  }
  return sizes;
}

/** The size lies outside the range (per-byte costs extrapolated). */
export function outsideRange(sizeBytes: number, range: SizeRange): boolean {
  return sizeBytes < range.min || sizeBytes > range.max;
}
