/**
 * Throughput of a closed loop: a fixed number of messages in flight (publishers × confirm window)
 * cycling through the broker's stages, each publisher sending the next message when one is
 * confirmed. Exact Mean Value Analysis of a single-class closed queueing network (Reiser &
 * Lavenberg, "Mean-Value Analysis of Closed Multichain Queuing Networks", JACM 27(2), 1980):
 *
 *   Rₖ(n) = Dₖ · (1 + Qₖ(n − 1))        residence at queueing centre k with n in flight
 *   X(n)  = n ÷ (Z + Σₖ Rₖ(n))           throughput
 *   Qₖ(n) = X(n) · Rₖ(n)                 Little's law per centre
 *
 * Z is the pure delay of a cycle (round trip, fsync), Dₖ the service demand of a message at
 * centre k. A centre of c parallel servers (the node's cores) is Seidmann's approximation: a
 * single server of demand D ÷ c plus a delay of D × (c − 1) ÷ c (Seidmann, Schweitzer &
 * Shalev-Oren, "Computerized closed queueing network models of flexible manufacturing
 * systems", 1987). With few messages in flight the loop is bound by Z and the windows (Little's
 * law, the confirm window's limit); with many by the busiest centre (1 ÷ max Dₖ). Pure.
 */

export interface ClosedCentre {
  /** Service demand of one message, ms (over all servers of the centre). */
  demandMs: number;
  /** Parallel servers (1 for a queue process, the usable cores for the CPU). */
  servers: number;
}

export interface ClosedLoop {
  /** Delay every message sees once per cycle, ms (client round trip, fsync). */
  delayMs: number;
  centres: ClosedCentre[];
}

/**
 * Past this many messages in flight the recursion stops when the throughput has converged to the
 * bottleneck's (relative change below CONVERGED): bench windows go up to 10⁶ per publisher.
 */
const CONVERGED = 1e-9;
const MAX_ITERATIONS = 1_000_000;

/** Messages per ms the loop carries with `inFlight` messages circulating (0 with none). */
export function closedLoopThroughputPerMs(loop: ClosedLoop, inFlight: number): number {
  const n = Math.floor(inFlight);
  if (n <= 0) return 0;
  const single = loop.centres
    .filter((c) => c.demandMs > 0)
    .map((c) => ({ d: c.demandMs / Math.max(1, c.servers), delay: (c.demandMs * (Math.max(1, c.servers) - 1)) / Math.max(1, c.servers) }));
  const delay = loop.delayMs + single.reduce((a, c) => a + c.delay, 0);
  const q = new Float64Array(single.length);
  const r = new Float64Array(single.length);
  let x = 0;
  const steps = Math.min(n, MAX_ITERATIONS);
  for (let k = 1; k <= steps; k++) {
    let total = delay;
    for (let i = 0; i < single.length; i++) {
      r[i] = single[i]!.d * (1 + q[i]!);
      total += r[i]!;
    }
    const next = total > 0 ? k / total : Infinity;
    for (let i = 0; i < single.length; i++) q[i] = next * r[i]!;
    const converged = x > 0 && Math.abs(next - x) / x < CONVERGED;
    x = next;
    if (converged) break;
  }
  return x;
}
