/**
 * Durations on the command line: "40s", "500ms", "2m", "1.5s", or a bare number of seconds.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Milliseconds, or undefined when the text is not a duration ≥ 0. */
export function parseDurationMs(raw: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m)?\s*$/i.exec(raw);
  if (m === null) return undefined;
  const value = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const ms = value * UNIT_MS[unit]!;
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** "12.3 s" with one decimal, for reports. */
export function formatSeconds(ms: number | null): string {
  if (ms === null) return 'n/a';
  return `${(ms / 1000).toFixed(1)} s`;
}
