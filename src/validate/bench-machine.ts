/**
 * The bench run's broker machine as the model sees it (cores, fsync, round trip, and where each
 * figure comes from), for the bench report's model curve and `rmq-plan validate`. The
 * predictions themselves are the model's (src/model/bench-prediction.ts).
 */
import type { BenchRunResult, StepResult } from '../bench/types.js';
import type { BenchNode } from '../model/index.js';
import { leastSquaresLine } from '../model/stats.js';
import type { Profile } from '../schema/profile.js';

export { benchSetup, modelCurve, modelP99Ms, modelSaturation, type BenchSetup, type Saturation } from '../model/index.js';

/**
 * Client ↔ broker round trip when the broker runs on the bench machine: loopback, tens of µs on
 * Linux (`ping -c 100 127.0.0.1`), below what a bench step's latency (hundreds of µs and up) shows.
 */
export const LOOPBACK_RTT_MS = 0;
/**
 * Round trip to a broker elsewhere: the workload file's default cluster.broker.interNodeRttMs
 * (src/schema/workload.ts), an assumption for one region; the bench does not measure it.
 */
export const REMOTE_RTT_MS = 1;
/** Where the fsync latency is unknown it is taken as 0: the quorum curve is then a lower bound. */
const UNKNOWN_FSYNC_MS = 0;

/** The machine the model is evaluated on, with where each figure comes from. */
export interface BenchMachine extends BenchNode {
  brokerCores: number;
  coresFrom: string;
  fsyncMs: number;
  fsyncFrom: string;
  rttMs: number;
  rttFrom: string;
}

/** The run's broker machine as the model sees it, or why it cannot be drawn. */
export function benchMachine(run: BenchRunResult, profile: Profile): BenchMachine | { missing: string } {
  const reported = run.broker?.nodes[0]?.processors ?? null;
  let brokerCores: number;
  let coresFrom: string;
  if (reported !== null && reported > 0) {
    brokerCores = reported;
    coresFrom = 'as the broker reported them';
  } else if (run.broker?.local) {
    brokerCores = run.client.cores;
    coresFrom = "the bench machine's (the broker runs on it)";
  } else if (profile.origin.coresPerNode !== undefined) {
    brokerCores = profile.origin.coresPerNode;
    coresFrom = "the profile's calibration hardware (the run does not say)";
  } else {
    return { missing: 'the run does not say how many cores the broker has, nor does the profile' };
  }
  const fsync = profile.origin.fsyncLatencyMs;
  const local = run.broker?.local === true;
  return {
    brokerCores,
    clientCores: 0,
    coresFrom,
    fsyncMs: fsync ?? UNKNOWN_FSYNC_MS,
    fsyncFrom:
      fsync !== undefined ? "the profile's origin.fsyncLatencyMs" : 'unknown (the profile carries none): taken as 0, so quorum curves are a lower bound',
    rttMs: local ? LOOPBACK_RTT_MS : REMOTE_RTT_MS,
    rttFrom: local ? 'loopback (broker on the bench machine)' : 'the workload default for one region (not measured)',
  };
}

/**
 * The load generator's cores at a delivered rate on the broker's machine, as the straight line
 * through a curve's steps (least squares; a client's CPU grows with what it sends and receives),
 * never below 0; 0 everywhere when the broker runs elsewhere (its machine does not share them).
 * `validate` takes each step's own figure; a model curve between steps needs the line.
 */
export function clientCoresLine(steps: readonly StepResult[], brokerLocal: boolean): (msgPerSec: number) => number {
  if (!brokerLocal || steps.length === 0) return () => 0;
  const { intercept, slope } = leastSquaresLine(
    steps.map((s) => s.rates.consumeMsgPerSec),
    steps.map((s) => s.cpu.clientCores),
  );
  return (msgPerSec) => Math.max(0, intercept + slope * msgPerSec);
}
