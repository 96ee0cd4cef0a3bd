/**
 * What inspect is asked to do (InspectFlags, from src/cli/inspect.ts) and the bounds of its flags.
 */
import type { GroupPattern } from './grouping.js';
import type { MgmtUrl } from '../broker/management-url.js';
import { STATS_INTERVAL_SECONDS } from './sampler.js';

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
export const MAX_TIMEOUT_SECONDS = 120;
/** The URL when --mgmt is absent: keeps the password out of `ps` and shell history (RMQ_PLAN_* like the bench's RMQ_PLAN_URL). */
export const MGMT_URL_ENV = 'RMQ_PLAN_MGMT_URL';

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
