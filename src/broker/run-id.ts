/**
 * The run id every command that declares queues puts in their names (bench, verify), so that a
 * run's queues are told apart from every other run's and from the user's own.
 */
/** Letters, digits, "-" and "_", starting with a letter or digit: safe in a queue name and a shell word. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
export const RUN_ID_FORMAT = 'letters, digits, "-" or "_" (1–40, starting with a letter or digit)';
/** Random bytes in a run id: 2^24 runs started in the same millisecond before a collision is likely. */
const RUN_ID_RANDOM_BYTES = 3;

/**
 * A fresh id: the time in base 36 (runs sort by start) and random hex. Web Crypto's global, not an
 * import of node:crypto: every command's flags import this module, and loading node:crypto cost
 * ~5 ms of each start-up (docs/measurements/startup.md); the global loads it on first use.
 */
export function newRunId(): string {
  const random = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(RUN_ID_RANDOM_BYTES)));
  return `${Date.now().toString(36)}${random.toString('hex')}`;
}
