/**
 * The bench's defaults for what its flags (src/cli/bench.ts) leave out: the broker, and how long
 * to wait for it.
 */

/** The broker when neither --url nor RMQ_PLAN_URL is given: amqplib's own default. */
export const DEFAULT_URL = 'amqp://guest:guest@localhost:5672';
/** Environment variable holding the URL, so the password stays out of `ps` and shell history. */
export const URL_ENV = 'RMQ_PLAN_URL';
/** A publisher blocked by an alarm for 10 s is not a transient flow-control pause. */
export const DEFAULT_BLOCKED_TIMEOUT_SECONDS = 10;
/** Stop draining after 5 s without a delivery: consumers that keep up drain within milliseconds. */
export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 5;
