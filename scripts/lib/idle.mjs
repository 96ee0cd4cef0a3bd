/**
 * Waiting for a quiet machine before a measurement (the bench scripts): other work disturbs the
 * figures (broker and client share the cores), so a run waits until the machine has been nearly
 * idle for a 2 s sample — below 0.3 busy cores (an idle broker and OS use a few hundredths of a
 * core) — or gives up after `waitSeconds` and reports how busy it was.
 */
import os from 'node:os';

export const IDLE_BUSY_CORES = 0.3;
export const IDLE_SAMPLE_MS = 2000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Cores the whole machine kept busy over `ms` (os.cpus() deltas). */
export async function busyCores(ms) {
  const snap = () =>
    os.cpus().reduce(
      (a, c) => ({
        busy: a.busy + c.times.user + c.times.nice + c.times.sys + c.times.irq,
        total: a.total + c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle,
      }),
      { busy: 0, total: 0 },
    );
  const a = snap();
  await sleep(ms);
  const b = snap();
  return ((b.busy - a.busy) / Math.max(1, b.total - a.total)) * os.cpus().length;
}

/** Samples until the machine is idle or `waitSeconds` have passed; the last sample's busy cores. */
export async function waitIdle(waitSeconds) {
  const deadline = Date.now() + waitSeconds * 1000;
  let busy = await busyCores(IDLE_SAMPLE_MS);
  while (busy > IDLE_BUSY_CORES && Date.now() < deadline) busy = await busyCores(IDLE_SAMPLE_MS);
  return busy;
}
