/** Durations in reports (parsing: src/io/duration.ts). */

/** "12.3 s" with one decimal, for reports. */
export function formatSeconds(ms: number | null): string {
  if (ms === null) return 'n/a';
  return `${(ms / 1000).toFixed(1)} s`;
}
