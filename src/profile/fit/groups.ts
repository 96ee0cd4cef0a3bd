/**
 * The coefficient groups of the calibration fit, each from one kind of measurement:
 * - CPU: broker core-µs per message = A + size × B over the steps at high load;
 * - ceiling: 10⁶ / single-queue max rate = a + size × b over the closed-loop searches;
 * - memory: broker memory against messages held (only when steps built a backlog);
 * - confirm floor: publish → confirm p50 at low load;
 * - the client's own CPU per message (what the bench cost on this machine; not in the profile).
 * Each returns a FitGroup (report.ts) with R² and residuals; nothing here writes the profile.
 */
import type { MaxRateSearch, StepResult } from '../../bench/types.js';
import { queueWaitP99Ms, sharedMachineWaitP99Ms } from '../../model/latency.js';
import { queueCeilingMsgPerSec } from '../../model/queue-ceiling.js';
import type { QueueTypeCoefficients } from '../../schema/profile.js';
import { NotIdentifiable, nonNegativeLeastSquares } from './regression.js';
import type { FitGroup, FitResidual, FitSearch } from './report.js';
import {
  brokerCores,
  brokerOnBenchMachine,
  disturbed,
  machineSaturated,
  searchClientSaturated,
  searchDisturbed,
  searchIsLowerBound,
  stepAtMax,
  stepRate,
  type Selection,
} from './samples.js';
import { leastSquaresLine, median, rSquared, weightedMedian } from '../../model/stats.js';
import { exactSize, int } from '../../format/numbers.js';

/** Seconds → µs and B → ns scale factors used to keep the regressors in the profile's units. */
const MICROS_PER_SECOND = 1e6;
const NANOS_PER_MICRO = 1000;
const MS_PER_MICRO = 1e-3;

/**
 * Open-loop steps at or below 30 % of the maximum count as "low load" for the commit floor: the
 * default latency curve's 10 % and 30 % levels (src/bench/matrix.ts), where an M/M/1 queue
 * (docs/model.md) adds on average ρ/(1−ρ) ≤ 0.43 of a service time.
 */
export const LOW_LOAD_FRACTION = 0.3;
/**
 * Steps must hold at least this many messages in their queues for the memory fit, so that the
 * backlog's footprint (50,000 × 65–400 B of metadata per message in the published profile =
 * 3–20 MB) stands out of the node's own memory churn (GC, statistics) between two samples. A
 * judgement, not a measurement: the bench's own steps never hold this many, so it has not been
 * exercised against a real broker.
 */
export const MIN_BACKLOG_MESSAGES = 50_000;
/** A memory slope with R² below this explains too little of the memory variation to be trusted. */
export const MIN_MEMORY_R2 = 0.5;

/** RMS and largest absolute residual percentage (null without residuals). */
export function residualStats(residuals: readonly FitResidual[]): Pick<FitGroup, 'rmsResidualPercent' | 'maxAbsResidualPercent'> {
  if (residuals.length === 0) return { rmsResidualPercent: null, maxAbsResidualPercent: null };
  const sq = residuals.reduce((a, r) => a + r.residualPercent ** 2, 0) / residuals.length;
  return { rmsResidualPercent: Math.sqrt(sq), maxAbsResidualPercent: Math.max(...residuals.map((r) => Math.abs(r.residualPercent))) };
}

/** (measured − fitted) ÷ fitted in percent (0 when both are 0, ∞ when only the fit is). */
export function residualPercent(measured: number, fitted: number): number {
  return fitted !== 0 ? ((measured - fitted) / fitted) * 100 : measured === 0 ? 0 : Infinity;
}

/** The fits of the plain steps a difference group's coefficients are taken against (what persistence adds, what an ack costs). */
export interface ReferenceFits {
  cpu: FitGroup;
  ceiling: FitGroup;
}

/** One point of a difference group: what was measured against what the reference fits give there. */
export function differenceResidual(
  label: string,
  stepIndex: number | null,
  sizeBytes: number,
  rate: number | null,
  measured: number,
  fitted: number,
): FitResidual {
  return { label, stepIndex, sizeBytes, rateMsgPerSec: rate, measured, fitted, residualPercent: residualPercent(measured, fitted) };
}

/** One coefficient a difference group measured (null: not measured): its profile name, its report parameter and its value. */
export interface DifferenceTerm {
  coefficient: string;
  parameter: string;
  value: number | null;
}

/**
 * A group whose coefficients are differences against another fit's (what persistence adds, what an
 * ack costs): fitted with the terms it measured, else not measured with every note as the reason.
 */
export function differenceGroup(equation: string, responseUnit: string, terms: readonly DifferenceTerm[], notes: string[], residuals: FitResidual[]): FitGroup {
  const measured = terms.filter((t): t is DifferenceTerm & { value: number } => t.value !== null);
  if (measured.length === 0) return notMeasured(equation, responseUnit, notes.join('; '));
  return {
    status: 'fitted',
    notes,
    equation,
    responseUnit,
    parameters: Object.fromEntries(measured.map((t) => [t.parameter, t.value])),
    coefficients: Object.fromEntries(measured.map((t) => [t.coefficient, t.value])),
    r2: null,
    points: residuals.length,
    ...residualStats(residuals),
    residuals,
  };
}

export function notMeasured(equation: string, responseUnit: string, reason: string): FitGroup {
  return {
    status: 'not-measured',
    notes: [reason],
    equation,
    responseUnit,
    parameters: {},
    coefficients: {},
    r2: null,
    points: 0,
    rmsResidualPercent: null,
    maxAbsResidualPercent: null,
    residuals: [],
  };
}

/**
 * A per-byte cost is a straight line between the sizes it was measured at; the broker's cost per
 * byte falls with size past a few KiB (docs/measurements/size-sweep-4.3), so beyond the largest
 * size the line overcharges and below the smallest it may undercharge: say which range it holds for.
 */
function perByteRangeNote(sizesBytes: readonly number[]): string {
  const lo = Math.min(...sizesBytes);
  const hi = Math.max(...sizesBytes);
  return `per-byte cost measured between ${exactSize(lo)} and ${exactSize(hi)}: outside that range it is extrapolated (bench the sizes you plan for)`;
}

function distinct(values: readonly number[]): number {
  return new Set(values).size;
}

// ---------------------------------------------------------------------------------------------
// CPU: core-µs per message at high load = A + size × B

/**
 * The CPU fit uses the steps that ran at ≥ 90 % of their configuration's maximum sustained rate:
 * the probe, the top paced trials and the failed ones (which deliver at capacity), and the 90 %
 * curve step. A message costs less broker CPU the busier the broker is (it batches more): on the
 * project's 2-core machine one classic queue (256 B) cost 46 core-µs/msg at 64 % of its maximum,
 * 38–40 at ≥ 90 % and 77 at 20 %; one quorum queue (256 B) 65–76 at 64–77 %, 52–58 at ≥ 90 % and
 * 146–191 at 20 % (step figures of the retired bench:accuracy runs, docs/fit.md:
 * cpu.brokerCoresMeasured ÷ rate). The fit predicts maximum throughput, so it takes the cost where
 * the maximum is reached; docs/fit.md says what that means for sizing at partial load.
 */
export const HIGH_LOAD_FRACTION = 0.9;

export interface PerMessageFit {
  microsPerMessage: number;
  /** Per body byte, over all the hops the response covers (core-ns/B). */
  nanosPerByte: number;
  /** The per-byte cost was measured (two sizes, or at matched rates), not the fallback. */
  perByteFitted: boolean;
  /** Standard errors of the two (null: not estimable, or the per-byte cost was not fitted). */
  microsPerMessageStdErr: number | null;
  nanosPerByteStdErr: number | null;
  r2: number | null;
  residuals: FitResidual[];
  notes: string[];
}

export interface CoreSample {
  step: StepResult;
  cores: number;
}

/** A sample's core-µs per message against the fit's (`fitted`). */
export function sampleResidual(s: CoreSample, fitted: number): FitResidual {
  const measured = microsOf(s);
  return {
    label: s.step.label,
    stepIndex: s.step.index,
    sizeBytes: s.step.config.messageSizeBytes,
    rateMsgPerSec: stepRate(s.step),
    measured,
    fitted,
    residualPercent: residualPercent(measured, fitted),
  };
}

/** Core-µs per message of a sample: its cores ÷ its rate. */
export function microsOf(s: CoreSample): number {
  return (s.cores / stepRate(s.step)) * MICROS_PER_SECOND;
}

/**
 * The mean of per-step estimates of a cost, held at ≥ 0, and its standard error (the spread ÷ √n;
 * null for one value): the per-message part once the per-byte one is given, a follower's cost.
 */
export function nonNegativeMean(values: readonly number[]): { value: number; stdErr: number | null } {
  const value = Math.max(0, values.reduce((acc, v) => acc + v, 0) / values.length);
  const stdErr = values.length > 1 ? Math.sqrt(values.reduce((acc, v) => acc + (v - value) ** 2, 0) / (values.length - 1) / values.length) : null;
  return { value, stdErr };
}

/**
 * Least squares of core-µs per message (cores ÷ rate) = A + size·B/1000 (A in core-µs/msg, B in
 * core-ns/B), both ≥ 0. With one message size B cannot be told from A: it is fixed at
 * `fallbackNanosPerByte` (scaling it like A was tried and predicted held-out sizes worse:
 * docs/calibration.md "Per-byte costs from one message size").
 */
export function fitPerMessage(samples: readonly CoreSample[], fallbackNanosPerByte: number, matched: MatchedPerByte | null = null): PerMessageFit {
  const notes: string[] = [];
  const perByteMeasured = distinct(samples.map((s) => s.step.config.messageSizeBytes)) >= 2;
  const perByteFitted = perByteMeasured || matched !== null;
  let a: number;
  let b: number;
  let aStdErr: number | null = null;
  let bStdErr: number | null = null;
  if (matched !== null) {
    // The per-byte cost measured at matched rates; A is what is left of each high-load sample of
    // the reference size (another size's maximum is reached at another rate, whose batching A is not).
    b = matched.nanosPerByte;
    bStdErr = matched.stdErrNanosPerByte;
    const atReference = samples.filter((s) => s.step.config.messageSizeBytes === matched.referenceSizeBytes);
    ({ value: a, stdErr: aStdErr } = nonNegativeMean(
      (atReference.length > 0 ? atReference : samples).map((s) => microsOf(s) - (s.step.config.messageSizeBytes * b) / NANOS_PER_MICRO),
    ));
    notes.push(matched.note, perByteRangeNote([matched.referenceSizeBytes, ...matched.sizesBytes]));
  } else if (perByteMeasured) {
    const result = nonNegativeLeastSquares(samples.map((s) => ({ x: [1, s.step.config.messageSizeBytes / NANOS_PER_MICRO], y: microsOf(s) })));
    [a, b] = [result.coefficients[0]!, result.coefficients[1]!];
    [aStdErr, bStdErr] = [result.standardErrors[0]!, result.standardErrors[1]!];
    if (result.clampedToZero.length > 0) notes.push('a coefficient fitted negative and was held at 0 (noise larger than its effect)');
    notes.push(perByteRangeNote(samples.map((s) => s.step.config.messageSizeBytes)));
  } else {
    b = fallbackNanosPerByte;
    ({ value: a, stdErr: aStdErr } = nonNegativeMean(samples.map((s) => microsOf(s) - (s.step.config.messageSizeBytes * b) / NANOS_PER_MICRO)));
    notes.push(`one message size only: the per-byte cost cannot be separated and was kept at ${fallbackNanosPerByte.toPrecision(4)} core-ns/B`);
  }
  const residuals = samples.map((s) => sampleResidual(s, a + (s.step.config.messageSizeBytes * b) / NANOS_PER_MICRO));
  return {
    microsPerMessage: a,
    nanosPerByte: b,
    microsPerMessageStdErr: aStdErr,
    nanosPerByteStdErr: bStdErr,
    perByteFitted,
    r2: perByteFitted
      ? rSquared(
          residuals.map((r) => r.measured),
          residuals.map((r) => r.fitted),
        )
      : null,
    residuals,
    notes,
  };
}

/** The highest sustained rate known for a step's configuration: its search's maximum, else the fastest step of the same size. */
function maxRateFor(step: StepResult, sel: Selection): number {
  const search: MaxRateSearch | undefined = sel.searches.find((s) => s.id === step.searchId);
  if (search !== undefined && search.maxSustainedMsgPerSec > 0) return search.maxSustainedMsgPerSec;
  const same = sel.steps.filter((s) => s.config.messageSizeBytes === step.config.messageSizeBytes && s.config.persistent === step.config.persistent);
  return Math.max(...same.map((s) => s.rates.consumeMsgPerSec));
}

/** The step ran at or above HIGH_LOAD_FRACTION of its configuration's maximum sustained rate. */
function atHighLoad(step: StepResult, sel: Selection): boolean {
  if (step.loadLevel !== null) return step.loadLevel >= HIGH_LOAD_FRACTION - 1e-9;
  const max = maxRateFor(step, sel);
  return max > 0 && stepRate(step) >= HIGH_LOAD_FRACTION * max;
}

const CPU_EQUATION = 'broker core-µs per message at ≥ 90 % of the maximum rate = A + size × B';
const CLIENT_EQUATION = 'client core-µs per message at ≥ 90 % of the maximum rate = A + size × B';

/** Steps with a rate, at high load; how many low-load ones were left out. */
export function highLoadSamples(sel: Selection, cores: (s: StepResult) => number | null): { samples: CoreSample[]; lowLoad: number } {
  const withRate: CoreSample[] = [];
  for (const step of sel.steps) {
    const c = cores(step);
    if (c !== null && stepRate(step) > 0) withRate.push({ step, cores: c });
  }
  const samples = withRate.filter((s) => atHighLoad(s.step, sel));
  return { samples, lowLoad: withRate.length - samples.length };
}

export function lowLoadNote(n: number): string[] {
  return n > 0
    ? [
        `${n} step(s) below ${HIGH_LOAD_FRACTION * 100} % of the maximum left out: a message costs more CPU when the broker batches less; this is the cost where the maximum is reached`,
      ]
    : [];
}

/** A per-byte CPU cost measured at matched rates (matchedRateNanosPerByte). */
export interface MatchedPerByte {
  /** Over all the body hops (core-ns/B). */
  nanosPerByte: number;
  stdErrNanosPerByte: number | null;
  referenceSizeBytes: number;
  /** The other sizes compared with it. */
  sizesBytes: number[];
  note: string;
}

/**
 * Steps below this share of their size's fastest step are left out (of the reference line and of
 * the comparison): below half the maximum more and more messages are their own wake-up (the local
 * calibration's 1 KiB steps cost 44–48 core-µs at 30 % load against 28–33 at 90 %,
 * docs/validate.md), a cost that grows faster than a line through the loaded steps carries.
 */
const MATCHED_REFERENCE_MIN_SHARE = 0.5;
/** The reference line needs this many steps (a line through two is not checked by anything). */
const MATCHED_REFERENCE_MIN_POINTS = 4;

/**
 * The per-byte CPU cost at matched rates: every loaded step of another size against the broker's
 * cores at the same rate on the reference size's line (the size with the most steps: broker cores
 * = C + rate × A, least squares over its loaded steps), per byte the size adds. At its own maximum
 * a larger message runs at a lower rate, where the broker batches less and each message costs
 * more; a line through the maxima charges that to the bytes, and carried to 16 KiB it overcharged
 * by a third (docs/validate.md, "Per-byte CPU at matched rates"). Only steps within the reference
 * line's range of rates count; the cost is the median of their extra CPU per added byte, each
 * weighted by the bytes it adds (a size close to the reference one adds few bytes and mostly
 * noise). Null when the run cannot give it (one size, too few reference steps, no other size
 * inside the range).
 */
export function matchedRateNanosPerByte(sel: Selection): MatchedPerByte | null {
  const usable = sel.steps.filter(
    (s) => s.kind !== 'probe' && s.sustained !== false && !disturbed(s) && brokerCores(s) !== null && stepRate(s) > 0 && s.config.confirms === sel.confirms,
  );
  const bySize = new Map<number, StepResult[]>();
  for (const s of usable) bySize.set(s.config.messageSizeBytes, [...(bySize.get(s.config.messageSizeBytes) ?? []), s]);
  if (bySize.size < 2) return null;
  // The size measured most (a calibration's curve size); on a tie the middle one of them, which
  // has sizes on both sides to compare with.
  const most = Math.max(...[...bySize.values()].map((steps) => steps.length));
  const tied = [...bySize.keys()].filter((size) => bySize.get(size)!.length === most).sort((a, b) => a - b);
  const referenceSizeBytes = tied[(tied.length - 1) >> 1]!;
  const all = bySize.get(referenceSizeBytes)!;
  const high = Math.max(...all.map(stepRate));
  const reference = all.filter((s) => stepRate(s) >= MATCHED_REFERENCE_MIN_SHARE * high);
  if (reference.length < MATCHED_REFERENCE_MIN_POINTS) return null;
  const line = leastSquaresLine(
    reference.map(stepRate),
    reference.map((s) => brokerCores(s)!),
  );
  const low = Math.min(...reference.map(stepRate));
  const slopes: { nanosPerByte: number; weight: number }[] = [];
  const sizesBytes = new Set<number>();
  for (const [size, steps] of bySize) {
    if (size === referenceSizeBytes) continue;
    const ownFastest = Math.max(...steps.map(stepRate));
    for (const s of steps) {
      const rate = stepRate(s);
      // Loaded by its own size's measure too, and inside the line's rates.
      if (rate < MATCHED_REFERENCE_MIN_SHARE * ownFastest || rate < low || rate > high) continue;
      const extraMicros = ((brokerCores(s)! - (line.intercept + line.slope * rate)) / rate) * MICROS_PER_SECOND;
      const addedBytes = size - referenceSizeBytes;
      slopes.push({ nanosPerByte: (extraMicros / addedBytes) * NANOS_PER_MICRO, weight: Math.abs(addedBytes) });
      sizesBytes.add(size);
    }
  }
  if (slopes.length === 0) return null;
  const fitted = weightedMedian(
    slopes.map((x) => x.nanosPerByte),
    slopes.map((x) => x.weight),
  )!;
  const weightSum = slopes.reduce((acc, x) => acc + x.weight, 0);
  const spread = slopes.length > 1 ? slopes.reduce((acc, x) => acc + x.weight * (x.nanosPerByte - fitted) ** 2, 0) / weightSum : null;
  const sizes = [...sizesBytes].sort((a, b) => a - b);
  return {
    nanosPerByte: Math.max(0, fitted),
    // The weighted spread of the slopes ÷ √n: the standard error of their centre.
    stdErrNanosPerByte: spread === null ? null : Math.sqrt(spread / slopes.length),
    referenceSizeBytes,
    sizesBytes: sizes,
    note: `per-byte cost at matched rates: ${slopes.length} step(s) of ${sizes.map(exactSize).join(', ')} against ${exactSize(referenceSizeBytes)}'s cores at the same rate (${reference.length} steps, ${int(low)}–${int(high)} msg/s), ${fitted.toFixed(3)} core-ns/B${fitted < 0 ? ' (held at 0)' : ''}; A is then what ${exactSize(referenceSizeBytes)}'s high-load steps leave`,
  };
}

/** Broker CPU per message and per byte, split over the profile's cost terms. */
export function fitCpu(sel: Selection, base: QueueTypeCoefficients): FitGroup {
  const measurable = sel.steps.some((s) => brokerCores(s) !== null);
  if (sel.steps.length > 0 && !measurable) {
    return notMeasured(CPU_EQUATION, 'core-µs/msg', 'broker CPU was not measurable (the broker does not run on the bench machine)');
  }
  const { samples: all, lowLoad } = highLoadSamples(sel, brokerCores);
  const { samples, notes: selectionNotes } = cleanSamples(all);
  const replicas = sel.replicas ?? 1;
  // Body hops on the node(s) per message: publish, leader enqueue and deliver, one per follower (docs/model.md).
  const hops = replicas + 2;
  const minPoints = 3;
  if (samples.length < minPoints)
    return notMeasured(CPU_EQUATION, 'core-µs/msg', `${samples.length} step(s) at high load with broker CPU figures; the fit needs ${minPoints}`);
  const fit = fitPerMessage(samples, hops * base.cpuNanosPerByte.value, matchedRateNanosPerByte(sel));
  const baseSum = base.publishCpuMicros.value + base.enqueueCpuMicros.value + base.deliverCpuMicros.value + (replicas - 1) * base.replicaCpuMicros.value;
  const k = baseSum > 0 ? fit.microsPerMessage / baseSum : NaN;
  const split = (v: number) => (Number.isFinite(k) ? v * k : fit.microsPerMessage / (replicas > 1 ? 4 : 3));
  const coefficients: Record<string, number> = {
    publishCpuMicros: split(base.publishCpuMicros.value),
    enqueueCpuMicros: split(base.enqueueCpuMicros.value),
    deliverCpuMicros: split(base.deliverCpuMicros.value),
  };
  if (replicas > 1) coefficients.replicaCpuMicros = split(base.replicaCpuMicros.value);
  if (fit.perByteFitted) coefficients.cpuNanosPerByte = fit.nanosPerByte / hops;
  return {
    status: 'fitted',
    notes: [
      ...lowLoadNote(lowLoad),
      ...selectionNotes,
      ...fit.notes,
      ...unsaturatedNote(samples),
      `A = ${fit.microsPerMessage.toFixed(3)} core-µs/msg is split in the base profile's proportions (${baseSum.toFixed(3)} core-µs/msg there, ×${Number.isFinite(k) ? k.toFixed(3) : 'n/a'}): the bench measures only their sum`,
    ],
    equation: CPU_EQUATION,
    responseUnit: 'core-µs/msg',
    parameters: {
      aMicrosPerMessage: fit.microsPerMessage,
      bNanosPerByteAllHops: fit.nanosPerByte,
      bodyHops: hops,
      ...(Number.isFinite(k) ? { stageScale: k } : {}),
      ...(fit.microsPerMessageStdErr !== null ? { aStdErrMicros: fit.microsPerMessageStdErr } : {}),
      ...(fit.nanosPerByteStdErr !== null ? { bStdErrNanosPerByteAllHops: fit.nanosPerByteStdErr } : {}),
    },
    coefficients,
    r2: fit.r2,
    points: samples.length,
    ...residualStats(fit.residuals),
    residuals: fit.residuals,
  };
}

/**
 * When no step at high load had the machine's CPU saturated, a serial process (one queue's, one
 * connection's) set the maxima, and the CPU read there includes what the broker could have given
 * more work (on the project's machine 1.0–1.2 broker cores at every 1-queue maximum with 0.3–0.5
 * of the machine idle: docs/validate.md, the stream set): A is then an upper bound, and runs with
 * several queues come out slow (4 publishers and queues: 8–20 % in the standard recordings).
 */
function unsaturatedNote(samples: readonly CoreSample[]): string[] {
  const read = samples.map((s) => machineSaturated(s.step)).filter((v): v is boolean => v !== null);
  if (read.length === 0 || read.some((v) => v)) return [];
  return [
    "no step at high load saturated the machine's CPU: serial processes set these maxima, so A is an upper bound on what a message costs when more queues share the work (bench several queues, e.g. --queues 4 -x 4 -y 4, to measure it saturated)",
  ];
}

/**
 * Steps disturbed by other processes are left out when at least 3 clean ones cover the same
 * message sizes; otherwise all are kept (the broker process's own CPU time per message is little
 * affected by sharing the machine) and a note says so.
 */
export function cleanSamples(all: CoreSample[]): { samples: CoreSample[]; notes: string[] } {
  const clean = all.filter((s) => !disturbed(s.step));
  if (clean.length === all.length) return { samples: all, notes: [] };
  const sizes = (list: CoreSample[]) => distinct(list.map((s) => s.step.config.messageSizeBytes));
  if (clean.length >= 3 && sizes(clean) === sizes(all)) {
    return { samples: clean, notes: [`${all.length - clean.length} step(s) left out: other processes used the machine during them`] };
  }
  return {
    samples: all,
    notes: [`${all.length - clean.length} of ${all.length} steps were disturbed by other processes on the machine (kept: too few clean ones)`],
  };
}

/** The bench client's own CPU per message on this machine (for the accuracy check and the report). */
export function fitClientCpu(sel: Selection): FitGroup {
  const { samples, lowLoad } = highLoadSamples(sel, (s) => s.cpu.clientCores);
  if (samples.length < 3) return notMeasured(CLIENT_EQUATION, 'core-µs/msg', `${samples.length} step(s) at high load; the fit needs 3`);
  const fit = fitPerMessage(samples, 0);
  return {
    status: 'fitted',
    notes: [...lowLoadNote(lowLoad), ...fit.notes],
    equation: CLIENT_EQUATION,
    responseUnit: 'core-µs/msg',
    parameters: { aMicrosPerMessage: fit.microsPerMessage, bNanosPerByte: fit.nanosPerByte },
    coefficients: {},
    r2: fit.r2,
    points: samples.length,
    ...residualStats(fit.residuals),
    residuals: fit.residuals,
  };
}

// ---------------------------------------------------------------------------------------------
// Queue ceiling: 10⁶ / max rate = a + size × b

const CEILING_EQUATION = '10⁶ / single-queue max rate (µs/msg) = a + size × b';

/** The closed-loop searches of a selection as the fit sees them. */
export function describeSearches(sel: Selection): FitSearch[] {
  return sel.searches.map((s) => {
    const atMax = stepAtMax(s, sel.steps);
    const clientLimited = searchClientSaturated(s, sel.steps);
    return {
      id: s.id,
      label: s.label,
      queueType: s.config.queueType,
      persistent: s.config.persistent,
      sizeBytes: s.config.messageSizeBytes,
      queues: s.config.queues,
      publishers: s.config.publishers,
      maxSustainedMsgPerSec: s.maxSustainedMsgPerSec,
      cpuBound: atMax === null ? null : machineSaturated(atMax),
      lowerBound: searchIsLowerBound(s),
      clientLimited,
      disturbed: searchDisturbed(s, sel.steps),
      usedForCeiling: s.maxSustainedMsgPerSec > 0 && s.config.queues === 1 && !clientLimited,
    };
  });
}

/**
 * Searches disturbed by other processes are left out of the ceiling fit (usedForCeiling false),
 * unless that would lose a message size the fit needs (then all are used and a note says so).
 */
export function chooseCeilingSearches(searches: readonly FitSearch[]): { searches: FitSearch[]; notes: string[] } {
  const candidates = searches.filter((s) => s.usedForCeiling);
  const clean = candidates.filter((s) => !s.disturbed);
  const sizes = (list: readonly FitSearch[]) => new Set(list.map((s) => s.sizeBytes)).size;
  if (clean.length === candidates.length) return { searches: [...searches], notes: [] };
  if (clean.length > 0 && sizes(clean) === sizes(candidates)) {
    return {
      searches: searches.map((s) => (s.disturbed ? { ...s, usedForCeiling: false } : s)),
      notes: [`${candidates.length - clean.length} search(es) left out: other processes used the machine during them`],
    };
  }
  return {
    searches: [...searches],
    notes: [
      `${candidates.length - clean.length} of ${candidates.length} searches were disturbed by other processes on the machine (used anyway: leaving them out would lose a message size); their maxima may be low`,
    ],
  };
}

/** `searches` as chooseCeilingSearches marked them; `selectionNotes` are its notes. */
export function fitCeiling(searches: readonly FitSearch[], base: QueueTypeCoefficients, selectionNotes: readonly string[] = []): FitGroup {
  const used = searches.filter((s) => s.usedForCeiling);
  const skipped = searches.filter((s) => !s.usedForCeiling && !s.disturbed).length;
  if (used.length === 0) {
    const reason =
      searches.length === 0
        ? 'no closed-loop search in the run'
        : `none of the ${searches.length} search(es) measured one queue's maximum (no sustained rate, several queues, or client-limited)`;
    return notMeasured(CEILING_EQUATION, 'msg/s', reason);
  }
  const notes: string[] = [...selectionNotes];
  if (skipped > 0) notes.push(`${skipped} search(es) not used: no sustained rate, more than one queue, or limited by the client`);
  const serviceMicros = (s: FitSearch) => MICROS_PER_SECOND / s.maxSustainedMsgPerSec;
  let a: number;
  let b: number;
  let r2: number | null;
  let stdErrs: Record<string, number> = {};
  const perByteMeasured = distinct(used.map((s) => s.sizeBytes)) >= 2;
  if (perByteMeasured) {
    const result = nonNegativeLeastSquares(used.map((s) => ({ x: [1, s.sizeBytes / NANOS_PER_MICRO], y: serviceMicros(s) })));
    [a, b] = [result.coefficients[0]!, result.coefficients[1]!];
    r2 = result.r2;
    const [aSe, bSe] = result.standardErrors;
    stdErrs = { ...(aSe != null ? { aStdErrMicros: aSe } : {}), ...(bSe != null ? { bStdErrNanosPerByte: bSe } : {}) };
    if (result.clampedToZero.length > 0) notes.push('a coefficient fitted negative and was held at 0 (noise larger than its effect)');
    notes.push(perByteRangeNote(used.map((s) => s.sizeBytes)));
  } else {
    b = base.queueServiceNanosPerByte.value;
    a = nonNegativeMean(used.map((s) => serviceMicros(s) - (s.sizeBytes * b) / NANOS_PER_MICRO)).value;
    r2 = null;
    notes.push(`one message size only: the per-byte service time was kept at ${b.toPrecision(4)} ns/B`);
  }
  const cpuBound = used.filter((s) => s.cpuBound === true).length;
  if (cpuBound > 0) {
    notes.push(
      `${cpuBound} of ${used.length} maxima were reached with the machine's CPU saturated: there the broker's CPU, not its queue process, set the maximum, so the fitted ceiling is a lower bound on this hardware`,
    );
  }
  const lower = used.filter((s) => s.lowerBound).length;
  if (lower > 0) notes.push(`${lower} search(es) never failed a trial before their budget ran out: their maximum is a lower bound`);
  const residuals: FitResidual[] = used.map((s) => {
    const fitted = MICROS_PER_SECOND / (a + (s.sizeBytes * b) / NANOS_PER_MICRO);
    return {
      label: s.label,
      stepIndex: null,
      sizeBytes: s.sizeBytes,
      rateMsgPerSec: s.maxSustainedMsgPerSec,
      measured: s.maxSustainedMsgPerSec,
      fitted,
      residualPercent: residualPercent(s.maxSustainedMsgPerSec, fitted),
    };
  });
  const coefficients: Record<string, number> = { queueServiceMicros: a };
  if (perByteMeasured) coefficients.queueServiceNanosPerByte = b;
  return {
    status: 'fitted',
    notes,
    equation: CEILING_EQUATION,
    responseUnit: 'msg/s',
    parameters: { aMicros: a, bNanosPerByte: b, cpuBoundPoints: cpuBound, ...stdErrs },
    coefficients,
    r2,
    points: used.length,
    ...residualStats(residuals),
    residuals,
  };
}

// ---------------------------------------------------------------------------------------------
// Memory per queued message

const MEMORY_EQUATION = 'broker memory (B) = m0 + messages held × replicas × k';

/** Messages held at the end of a step's window: its growth rate over warm-up and window (the queue starts empty). */
export function backlogAtWindowEnd(step: StepResult): number {
  const growth = step.window.published - step.window.consumed;
  const seconds = step.config.durationSeconds;
  return seconds > 0 ? Math.max(0, growth * ((step.config.warmupSeconds + seconds) / seconds)) : 0;
}

export function fitMemory(sel: Selection): FitGroup {
  const withMemory = sel.steps.filter((s) => s.broker !== null && s.broker.memUsedBytes !== null);
  const backlogSteps = withMemory.filter((s) => backlogAtWindowEnd(s) >= MIN_BACKLOG_MESSAGES);
  const minSteps = 3;
  if (backlogSteps.length < minSteps) {
    return notMeasured(
      MEMORY_EQUATION,
      'B',
      `the run has ${backlogSteps.length === 0 ? 'no backlog steps' : `${backlogSteps.length} backlog step(s), the fit needs ${minSteps}`} (steps holding ≥ ${int(MIN_BACKLOG_MESSAGES)} messages with the broker's memory figure)`,
    );
  }
  const replicas = sel.replicas ?? 1;
  let result;
  try {
    result = nonNegativeLeastSquares(withMemory.map((s) => ({ x: [1, backlogAtWindowEnd(s) * replicas], y: s.broker!.memUsedBytes! })));
  } catch (error) {
    if (!(error instanceof NotIdentifiable)) throw error;
    return notMeasured(MEMORY_EQUATION, 'B', `backlog steps do not separate memory per message (${error.message})`);
  }
  const [m0, k] = [result.coefficients[0]!, result.coefficients[1]!];
  const residuals: FitResidual[] = withMemory.map((s, i) => ({
    label: s.label,
    stepIndex: s.index,
    sizeBytes: s.config.messageSizeBytes,
    rateMsgPerSec: null,
    measured: s.broker!.memUsedBytes!,
    fitted: result.fitted[i]!,
    residualPercent: residualPercent(s.broker!.memUsedBytes!, result.fitted[i]!),
  }));
  const group: FitGroup = {
    status: 'fitted',
    notes: [],
    equation: MEMORY_EQUATION,
    responseUnit: 'B',
    parameters: { m0Bytes: m0, kBytesPerMessage: k },
    coefficients: { memoryBytesPerQueuedMessage: k },
    r2: result.r2,
    points: withMemory.length,
    ...residualStats(residuals),
    residuals,
  };
  if (result.r2 === null || result.r2 < MIN_MEMORY_R2 || !(k > 0)) {
    return {
      ...group,
      status: 'not-measured',
      coefficients: {},
      notes: [`memory did not follow the backlog (R² ${result.r2 === null ? 'n/a' : result.r2.toFixed(2)} < ${MIN_MEMORY_R2}, slope ${k.toFixed(1)} B/msg)`],
    };
  }
  return group;
}

// ---------------------------------------------------------------------------------------------
// Confirm floor: publish → confirm p50 at low load

const FLOOR_EQUATION = 'commit floor (ms) = median publish → confirm p50 of the open-loop steps at the lowest load';

type Step = Selection['steps'][number];

/** Load fractions this close are one load level (a step's delivered rate wanders around its target). */
const LOAD_LEVEL_TOLERANCE = 0.05;

/** Open-loop steps of the selection, kept by `keep`, at or below LOW_LOAD_FRACTION of their configuration's maximum. */
function lowLoadSteps(sel: Selection, keep: (s: Step) => boolean): Step[] {
  return sel.steps.filter((s) => {
    if (s.kind !== 'open-loop' || !keep(s)) return false;
    if (s.loadLevel !== null) return s.loadLevel <= LOW_LOAD_FRACTION + 1e-9;
    const max = maxRateFor(s, sel);
    return max > 0 && stepRate(s) <= LOW_LOAD_FRACTION * max;
  });
}

/** A group whose figure is the median of one value per step; each step's value is its residual's "measured". */
function medianGroup(
  steps: readonly Step[],
  values: readonly number[],
  fields: { equation: string; unit: string; note: string; parameter: string; coefficient?: keyof QueueTypeCoefficients },
): FitGroup {
  const value = median(values)!; // callers pass at least one step
  const residuals: FitResidual[] = steps.map((s, i) => ({
    label: s.label,
    stepIndex: s.index,
    sizeBytes: s.config.messageSizeBytes,
    rateMsgPerSec: stepRate(s),
    measured: values[i]!,
    fitted: value,
    residualPercent: residualPercent(values[i]!, value),
  }));
  return {
    status: 'fitted',
    notes: [fields.note],
    equation: fields.equation,
    responseUnit: fields.unit,
    parameters: { [fields.parameter]: value },
    coefficients: fields.coefficient === undefined ? {} : { [fields.coefficient]: value },
    r2: null,
    points: steps.length,
    ...residualStats(residuals),
    residuals,
  };
}

/** A step's load as a fraction of its configuration's maximum: its load level, else its rate over the search's maximum. */
function loadFraction(s: Step, sel: Selection): number {
  if (s.loadLevel !== null) return s.loadLevel;
  const max = maxRateFor(s, sel);
  return max > 0 ? stepRate(s) / max : Infinity;
}

/**
 * The commit floor: the publish → confirm median of the open-loop steps at the lowest load the run
 * has (at most LOW_LOAD_FRACTION of the maximum). The lowest, because the floor is the confirm
 * window's turnaround: a confirm at a higher load already waits behind other messages (classic
 * 1 KiB on the local broker: 0.4 ms at 2,100 msg/s, 0.7 ms at 8,400).
 */
export function fitConfirmFloor(sel: Selection): FitGroup {
  const confirmed = (s: Step) => s.latency.confirm !== null && s.latency.confirm.count > 0;
  const candidates = lowLoadSteps(sel, confirmed);
  const lowest = Math.min(...candidates.map((s) => loadFraction(s, sel)));
  const low = candidates.filter((s) => loadFraction(s, sel) <= lowest + LOAD_LEVEL_TOLERANCE);
  if (low.length === 0) {
    return notMeasured(
      FLOOR_EQUATION,
      'ms',
      sel.steps.some((s) => s.kind === 'open-loop' && confirmed(s))
        ? `no open-loop step at or below ${LOW_LOAD_FRACTION * 100} % of the maximum rate`
        : 'no open-loop step with publisher confirms',
    );
  }
  const group = medianGroup(
    low,
    low.map((s) => s.latency.confirm!.p50Micros * MS_PER_MICRO),
    {
      equation: FLOOR_EQUATION,
      unit: 'ms',
      note: "the floor includes one loopback client round trip and the broker's own work: an upper bound on the disk's fsync latency",
      parameter: 'floorMs',
      coefficient: 'confirmFloorMs',
    },
  );
  // The mean is reported beside the median: at a low load it is the median plus the bursts of a
  // publisher with a large window, which the window's loop (its turnaround) should not carry.
  const meanMs = median(low.map((s) => s.latency.confirm!.meanMicros * MS_PER_MICRO))!;
  return { ...group, parameters: { ...group.parameters, meanMs } };
}

// ---------------------------------------------------------------------------------------------
// Latency tail: end-to-end p99 − p50 at low load

const TAIL_EQUATION = 'latency tail (ms) = median over the low-load steps of end-to-end p99 − p50';

/**
 * The broker's tail at low load: how far end-to-end p99 sits above p50 when nothing queues. The
 * model's p99 at low load is its fixed costs (about the measured p50), so this spread is what it
 * would otherwise miss (docs/model.md "What the latency model leaves out").
 */
export function fitLatencyTail(sel: Selection): FitGroup {
  const low = lowLoadSteps(sel, (s) => s.latency.endToEnd.count > 0);
  if (low.length === 0) return notMeasured(TAIL_EQUATION, 'ms', `no open-loop step at or below ${LOW_LOAD_FRACTION * 100} % of the maximum rate`);
  return medianGroup(
    low,
    low.map((s) => Math.max(0, s.latency.endToEnd.p99Micros - s.latency.endToEnd.p50Micros) * MS_PER_MICRO),
    {
      equation: TAIL_EQUATION,
      unit: 'ms',
      note: 'measured on this machine with its client: a shared or busy machine widens the tail',
      parameter: 'tailMs',
      coefficient: 'latencyTailP99Ms',
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Queue wait variability: Kingman's factor on the M/M/1 queue wait

const VARIABILITY_EQUATION =
  'queue wait variability (×) = median over the steps at ≥ 50 % of the maximum of (p99 − low-load p99 − shared-machine CPU wait) ÷ M/M/1 queue wait p99';
/** Open-loop steps at or above this share of the maximum carry the queueing the variability is fitted from. */
const LOADED_FRACTION = 0.5;
/** Fewest loaded steps with a measurable excess for a variability fit. */
const MIN_VARIABILITY_POINTS = 2;

/** The step's wait for a CPU among broker and client threads on one machine (0 when the broker is remote). */
function sharedMachineWaitMs(step: StepResult): number {
  if (!brokerOnBenchMachine(step) || !(step.cpu.machineCores > 0)) return 0;
  const wait = sharedMachineWaitP99Ms(step.cpu.machineBusyCores / step.cpu.machineCores, step.cpu.machineCores);
  return Number.isFinite(wait) ? wait : 0;
}

/**
 * How much more the busiest queue makes a message wait than an M/M/1 queue would (Kingman's
 * (c_a² + c_s²)/2): at each loaded open-loop step, the p99 above the low-load p99 over the M/M/1
 * queue-wait p99 at that step's per-queue rate and the fitted ceiling. The broker's CPU wait is
 * folded in (on the slow side: it makes the factor larger, never smaller); the wait for a CPU
 * among the broker's and a same-machine load generator's threads is not (latency.ts
 * sharedMachineWaitP99Ms at the step's measured busy share): it is the machine's, and the
 * prediction adds it back only where the client shares the broker's machine.
 */
export function fitQueueWaitVariability(sel: Selection, coeff: QueueTypeCoefficients): FitGroup {
  const low = lowLoadSteps(sel, (s) => s.latency.endToEnd.count > 0);
  if (low.length === 0) return notMeasured(VARIABILITY_EQUATION, '×', `no open-loop step at or below ${LOW_LOAD_FRACTION * 100} % of the maximum rate`);
  const baselineMs = median(low.map((s) => s.latency.endToEnd.p99Micros * MS_PER_MICRO))!;
  const loaded = sel.steps.filter((s) => {
    if (s.kind !== 'open-loop' || s.latency.endToEnd.count === 0) return false;
    if (s.loadLevel !== null) return s.loadLevel >= LOADED_FRACTION - 1e-9;
    const max = maxRateFor(s, sel);
    return max > 0 && stepRate(s) >= LOADED_FRACTION * max;
  });
  const steps: Step[] = [];
  const factors: number[] = [];
  for (const step of loaded) {
    const c = step.config;
    const perQueue = (stepRate(step) * Math.ceil(c.publishers / c.queues)) / c.publishers;
    const mm1Ms = queueWaitP99Ms(perQueue, queueCeilingMsgPerSec(coeff, c.messageSizeBytes));
    const excessMs = step.latency.endToEnd.p99Micros * MS_PER_MICRO - baselineMs - sharedMachineWaitMs(step);
    if (mm1Ms > 0 && Number.isFinite(mm1Ms) && excessMs > 0) {
      steps.push(step);
      factors.push(excessMs / mm1Ms);
    }
  }
  if (steps.length < MIN_VARIABILITY_POINTS) {
    return notMeasured(
      VARIABILITY_EQUATION,
      '×',
      `${steps.length} open-loop step(s) at ≥ ${LOADED_FRACTION * 100} % of the maximum with latency above the low-load p99 (needs ${MIN_VARIABILITY_POINTS})`,
    );
  }
  const group = medianGroup(steps, factors, {
    equation: VARIABILITY_EQUATION,
    unit: '×',
    note: `low-load p99 ${baselineMs.toFixed(2)} ms; the factor grows with load when the queue's wait rises faster than M/M/1 (its median is kept)`,
    parameter: 'factor',
    coefficient: 'queueWaitVariability',
  });
  return { ...group, parameters: { ...group.parameters, baselineMs } };
}
