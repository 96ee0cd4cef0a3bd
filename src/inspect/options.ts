/**
 * The inspect command's flags, validated (pure). Every problem is one InputError line.
 */
import { InputError } from '../errors.js';
import { parseGroupBy, type GroupPattern } from './grouping.js';
import { parseMgmtUrl, type MgmtUrl } from '../broker/management-url.js';
import { redactUrl } from '../broker/redact.js';
import { STATS_INTERVAL_SECONDS } from './sampler.js';
import { parseDurationSeconds } from '../io/duration.js';

/** Default window: a minute shows a sustained rate, not a blip, and keeps the command interactive. */
export const DEFAULT_WINDOW_SECONDS = 60;
/** Default samples: 7 → one every 10 s over the default minute (two statistics refreshes each). */
export const DEFAULT_SAMPLES = 7;
/** At least 3 samples: two intervals, so that the peak and the average are not the same single figure. */
export const MIN_SAMPLES = 3;
/**
 * Samples at least two statistics intervals apart. A counter's value can be up to one interval
 * older than its timestamp, and which interval it lands in jitters: one 5 s interval rate of a
 * steady 100 msg/s queue read 84 and 116 msg/s (measured on the local broker, see
 * docs/inspect.md "Accuracy"); two intervals per sample halve that noise.
 */
export const MIN_SAMPLE_SPACING_SECONDS = 2 * STATS_INTERVAL_SECONDS;
/** The window must hold MIN_SAMPLES samples MIN_SAMPLE_SPACING_SECONDS apart. */
export const MIN_WINDOW_SECONDS = (MIN_SAMPLES - 1) * MIN_SAMPLE_SPACING_SECONDS;
/** Longest window: one hour keeps a run bounded; observe longer by running inspect at the busy hour. */
export const MAX_WINDOW_SECONDS = 3600;
/** Per-request timeout: 10 s is far above a healthy management API's answer time (tens of ms) yet fails fast. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
const MAX_TIMEOUT_SECONDS = 120;
/** The URL when --mgmt is absent: keeps the password out of `ps` and shell history (RMQ_PLAN_* like the bench's RMQ_PLAN_URL). */
export const MGMT_URL_ENV = 'RMQ_PLAN_MGMT_URL';

export interface RawInspectFlags {
  mgmt?: string;
  vhost?: string;
  groupBy?: string[];
  window?: string;
  samples?: string;
  timeout?: string;
  out?: string;
  clusterOut?: string;
  json?: boolean;
}

export interface InspectFlags {
  mgmt: MgmtUrl;
  vhost: string | null;
  groupBy: GroupPattern[];
  windowSeconds: number;
  samples: number;
  timeoutMs: number;
  out: string | null;
  clusterOut: string | null;
  json: boolean;
}

/** A flag value as echoed in a problem: quoted, with any user:password@ redacted (a URL pasted into the wrong flag). */
function shown(value: string | undefined): string {
  return JSON.stringify(redactUrl(value ?? ''));
}

export function parseInspectFlags(raw: RawInspectFlags, env: Record<string, string | undefined> = {}): InspectFlags {
  const problems: string[] = [];

  let mgmt: MgmtUrl | null = null;
  const mgmtText = raw.mgmt ?? env[MGMT_URL_ENV];
  if (mgmtText === undefined || mgmtText === '') {
    problems.push(`--mgmt: expected the management API URL, e.g. http://user:pass@host:15672 (or ${MGMT_URL_ENV}), got nothing`);
  } else {
    try {
      mgmt = parseMgmtUrl(mgmtText);
    } catch (err) {
      if (err instanceof InputError) problems.push(...err.problems);
      else throw err;
    }
  }

  let windowSeconds = DEFAULT_WINDOW_SECONDS;
  if (raw.window !== undefined) {
    const w = parseDurationSeconds(raw.window);
    if (w === undefined || w < MIN_WINDOW_SECONDS || w > MAX_WINDOW_SECONDS) {
      problems.push(`--window: expected ${MIN_WINDOW_SECONDS}s to ${MAX_WINDOW_SECONDS / 60}m (e.g. 60s, 5m), got ${shown(raw.window)}`);
    } else {
      windowSeconds = w;
    }
  }

  const maxSamples = Math.floor(windowSeconds / MIN_SAMPLE_SPACING_SECONDS) + 1;
  let samples = Math.min(DEFAULT_SAMPLES, maxSamples);
  if (raw.samples !== undefined) {
    const n = /^\s*\d+\s*$/.test(raw.samples) ? Number(raw.samples) : NaN;
    if (!Number.isInteger(n) || n < MIN_SAMPLES) {
      problems.push(`--samples: expected an integer ≥ ${MIN_SAMPLES}, got ${shown(raw.samples)}`);
    } else if (n > maxSamples) {
      problems.push(
        `--samples: expected at most ${maxSamples} over a ${windowSeconds}s window (samples at least ${MIN_SAMPLE_SPACING_SECONDS}s apart: the management API ` +
          `refreshes its counters every ${STATS_INTERVAL_SECONDS}s, so closer samples measure the refresh, not the traffic), got ${n}`,
      );
    } else {
      samples = n;
    }
  }

  let timeoutMs = DEFAULT_TIMEOUT_SECONDS * 1000;
  if (raw.timeout !== undefined) {
    const t = parseDurationSeconds(raw.timeout);
    if (t === undefined || t < 1 || t > MAX_TIMEOUT_SECONDS) {
      problems.push(`--timeout: expected 1s to ${MAX_TIMEOUT_SECONDS}s, got ${shown(raw.timeout)}`);
    } else {
      timeoutMs = t * 1000;
    }
  }

  let vhost: string | null = null;
  if (raw.vhost !== undefined) {
    if (raw.vhost === '') problems.push('--vhost: expected a vhost name such as /, got ""');
    else vhost = raw.vhost;
  }

  let groupBy: GroupPattern[] = [];
  try {
    groupBy = parseGroupBy(raw.groupBy ?? []);
  } catch (err) {
    if (err instanceof InputError) problems.push(...err.problems);
    else throw err;
  }

  for (const [flag, value] of [['--out', raw.out], ['--cluster-out', raw.clusterOut]] as const) {
    if (value !== undefined && value.trim() === '') problems.push(`${flag}: expected a file name, got ""`);
  }
  if (raw.out !== undefined && raw.out === raw.clusterOut) {
    problems.push(`--cluster-out: expected a different file than --out, got ${shown(raw.clusterOut)} for both`);
  }

  if (problems.length > 0 || mgmt === null) throw new InputError(problems);
  return {
    mgmt,
    vhost,
    groupBy,
    windowSeconds,
    samples,
    timeoutMs,
    out: raw.out ?? null,
    clusterOut: raw.clusterOut ?? null,
    json: raw.json ?? false,
  };
}
