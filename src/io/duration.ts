/**
 * The one duration format of every flag (bench, inspect, verify): "500ms", "5s", "2m", "1h",
 * "1.5s"; a bare number is seconds.
 */

const DURATION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?\s*$/i;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** How the format is named in errors. */
export const DURATION_FORMAT = 'a duration like 500ms, 5s, 2m or 1h (a bare number is seconds)';

/** Seconds, or undefined when the text is not a duration ≥ 0. */
export function parseDurationSeconds(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const seconds = Number(m[1]) * UNIT_SECONDS[(m[2] ?? 's').toLowerCase()]!;
  return Number.isFinite(seconds) ? seconds : undefined;
}

/** "1h", "2m", "40s", "500ms": the largest unit that says it exactly (limits in error messages). */
export function formatDuration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  if (Number.isInteger(seconds)) return `${seconds}s`;
  return `${Math.round(seconds * 1000)}ms`;
}
