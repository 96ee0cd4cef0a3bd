/**
 * `rmq-plan validate`: the model against measurements it was (or was not) fitted on. For every
 * closed-loop search of the given bench runs, the model's saturation rate against the maximum
 * sustained rate measured; for every open-loop step, the model's p99 at the rate the step
 * delivered against the p99 it measured — on the broker machine the run recorded (its cores; a
 * same-machine client's cores taken from the broker's), with the predictions `size` and `check`
 * are built from (src/model/bench-prediction.ts). Pure: runs and profile are passed in.
 */
import type { BenchRunResult, MaxRateSearch, StepResult } from '../bench/types.js';
import { benchSetup, median, modelP99Ms, modelSaturation, type BenchNode, type Saturation } from '../model/index.js';
import { calibratedSizeRanges, outsideRange } from '../model/calibrated-sizes.js';
import { benchMachine } from './bench-machine.js';
import type { Profile } from '../schema/profile.js';
import { searchIsLowerBound, stepReplicas } from '../profile/fit/samples.js';
import { ratioWithin, repeatability, type RepeatableMeasurement, type Repeatability } from './repeatability.js';
import { shape, type StepShape } from './step-shape.js';

export type { StepShape } from './step-shape.js';

export const VALIDATION_REPORT_VERSION = 1;
/** A p99 prediction within this factor of the measurement counts as "within" (issue 10's target at 50–90% load). */
export const P99_FACTOR_TARGET = 2;

/** One prediction against what a run measured (the measurement's fields: RepeatableMeasurement). */
export interface ValidationRow extends RepeatableMeasurement {
  /** The model's figure; null when it has none (see note). */
  predicted: number | null;
  /** |predicted − measured| ÷ measured × 100. */
  errorPercent: number | null;
  /** p99 rows: predicted ÷ measured. */
  factor: number | null;
  /** max-rate rows: what the model says saturates first. */
  bindsOn: Saturation | null;
  /** Why the row is not counted in the summary (client-limited, no rate sustained, multi-node…), else null. */
  excluded: string | null;
  /** p99 rows: the measured rate is past the model's saturation, so it predicts no steady state (an unbounded p99): counted as a miss. */
  beyondSaturation: boolean;
  /** The message sizes the profile was fitted on for this queue type (a bench-fitted profile), else null. */
  calibratedSizesBytes: { min: number; max: number } | null;
  /** The row's message size lies outside calibratedSizesBytes: its per-byte costs are extrapolated from them. */
  sizeExtrapolated: boolean;
}

export interface ErrorSummary {
  /** Rows judged (not excluded), including p99 rows beyond the model's saturation. */
  rows: number;
  /** Of those, p99 rows the model cannot predict (past its saturation rate): misses with no finite error. */
  beyondSaturation: number;
  medianErrorPercent: number | null;
  worstErrorPercent: number | null;
  worstLabel: string | null;
}

export interface ValidationReport {
  kind: 'rmq-plan-validation';
  schemaVersion: typeof VALIDATION_REPORT_VERSION;
  profile: string;
  maxErrorPercent: number;
  files: string[];
  rows: ValidationRow[];
  summary: {
    maxRate: ErrorSummary;
    p99: ErrorSummary & { withinFactor: number; factorTarget: number };
  };
  /**
   * How closely the runs given repeat themselves where two of them measured the same
   * configuration (in-sample runs included: it is the measurements' noise, not the fit's), in the
   * model's own terms: the floor under the error a model can be judged to.
   */
  repeatability: Repeatability;
  /** The median max-rate error is at most maxErrorPercent (and there was at least one row to judge). */
  ok: boolean;
  notes: string[];
}

export interface RunInput {
  file: string;
  run: BenchRunResult;
}

function errorPercent(predicted: number, measured: number): number {
  return (Math.abs(predicted - measured) / measured) * 100;
}

function summarize(rows: readonly ValidationRow[]): ErrorSummary {
  const judged = rows.filter((r) => r.excluded === null);
  const counted = judged.filter((r) => r.errorPercent !== null);
  const worst = counted.reduce<ValidationRow | null>((w, r) => (w === null || r.errorPercent! > w.errorPercent! ? r : w), null);
  return {
    rows: judged.length,
    beyondSaturation: judged.filter((r) => r.beyondSaturation).length,
    medianErrorPercent: median(counted.map((r) => r.errorPercent!)),
    worstErrorPercent: worst?.errorPercent ?? null,
    worstLabel: worst === null ? null : `${worst.label} (${worst.file})`,
  };
}

/** The step a search's maximum was measured on: the sustained trial with the highest target. */
function bestStep(run: BenchRunResult, search: MaxRateSearch): StepResult | null {
  let best: StepResult | null = null;
  for (const t of search.trials) {
    if (!t.sustained) continue;
    const step = run.steps[t.stepIndex];
    if (step && (best === null || step.rates.publishMsgPerSec > best.rates.publishMsgPerSec)) best = step;
  }
  return best;
}

/** What a bench-fitted profile records of the steps it was made from (origin.steps): each step's `startedAt|label`, to recognise in-sample runs. */
function fittedStepKeys(profile: Profile): Set<string> {
  const keys = new Set<string>();
  for (const s of profile.origin.steps ?? []) {
    if (typeof s === 'object' && s !== null && 'startedAt' in s && 'label' in s) keys.add(`${String(s.startedAt)}|${String(s.label)}`);
  }
  return keys;
}

export function validateRuns(inputs: readonly RunInput[], profile: Profile, maxErrorPercent: number): ValidationReport {
  const rows: ValidationRow[] = [];
  const notes: string[] = [];
  const repeatable: RepeatableMeasurement[] = [];
  const fitted = fittedStepKeys(profile);
  const sizes = calibratedSizeRanges(profile);
  const sizeFields = (config: StepShape): Pick<ValidationRow, 'calibratedSizesBytes' | 'sizeExtrapolated'> => {
    const range = sizes.get(config.queueType) ?? null;
    return {
      calibratedSizesBytes: range,
      sizeExtrapolated: range !== null && outsideRange(config.messageSizeBytes, range),
    };
  };
  for (const { file, run } of inputs) {
    // A run the profile was fitted on predicts itself: its rows prove nothing and are not counted.
    const inSample = run.steps.some((s) => fitted.has(`${s.startedAt}|${s.label}`));
    if (inSample) notes.push(`${file}: the profile "${profile.name}" was fitted on this run: its rows are in-sample and not counted`);
    const m = benchMachine(run, profile);
    if ('missing' in m) {
      notes.push(`${file}: not predicted: ${m.missing}`);
      continue;
    }
    const local = run.broker?.local === true;
    const brokerNodes = run.broker?.nodes.length ?? 1;
    // A cluster on the bench machine (a local test cluster) shares that machine's cores.
    const node = (step: StepResult | null): BenchNode => ({
      brokerCores: m.brokerCores,
      clientCores: local && step !== null ? step.cpu.clientCores : 0,
      fsyncMs: m.fsyncMs,
      rttMs: m.rttMs,
      nodes: brokerNodes,
      sharedMachine: local && brokerNodes > 1,
      replicas: (step === null ? null : stepReplicas(step, run)) ?? 1,
    });
    for (const search of run.searches) {
      const step = bestStep(run, search);
      const saturation = modelSaturation(benchSetup(profile, node(step), search.config));
      const measured = search.maxSustainedMsgPerSec;
      const unusable =
        measured <= 0
          ? 'no rate was sustained'
          : search.clientLimited
            ? 'client-limited: the load generator, not the broker, set the maximum'
            : searchIsLowerBound(search)
              ? "a lower bound: every paced trial was sustained before the search's time ran out (the maximum is at least this)"
              : null;
      const excluded = (inSample ? 'in-sample: the profile was fitted on this run' : null) ?? unusable;
      const config = shape(search.config);
      const predicted = Number.isFinite(saturation.msgPerSec) ? saturation.msgPerSec : null;
      const row: ValidationRow = {
        file,
        runId: run.runId,
        kind: 'max-rate',
        label: search.label,
        config,
        brokerNodes,
        loadLevel: null,
        measured,
        predicted,
        errorPercent: predicted === null || measured <= 0 ? null : errorPercent(predicted, measured),
        factor: predicted === null || measured <= 0 ? null : predicted / measured,
        bindsOn: saturation.by,
        excluded,
        beyondSaturation: false,
        ...sizeFields(config),
      };
      rows.push(row);
      if (unusable === null) repeatable.push(row);
    }
    for (const step of run.steps) {
      if (step.kind !== 'open-loop') continue;
      const measured = step.latency.endToEnd.p99Micros / 1000;
      const rate = step.rates.consumeMsgPerSec;
      const p99 = modelP99Ms(benchSetup(profile, node(step), step.config), rate);
      const predicted = Number.isFinite(p99) ? p99 : null;
      const unusable = step.clientLimited ? 'client-limited step' : step.latency.endToEnd.count === 0 || measured <= 0 ? 'no latency measured' : null;
      const excluded = (inSample ? 'in-sample: the profile was fitted on this run' : null) ?? unusable;
      const config = shape(step.config);
      const row: ValidationRow = {
        file,
        runId: run.runId,
        kind: 'p99',
        label: step.label,
        config,
        brokerNodes,
        loadLevel: step.loadLevel,
        measured,
        predicted,
        errorPercent: predicted === null || measured <= 0 ? null : errorPercent(predicted, measured),
        factor: predicted === null || measured <= 0 ? null : predicted / measured,
        bindsOn: null,
        excluded,
        beyondSaturation: predicted === null,
        ...sizeFields(config),
      };
      rows.push(row);
      if (unusable === null) repeatable.push(row);
    }
  }
  const maxRate = summarize(rows.filter((r) => r.kind === 'max-rate'));
  const p99Rows = rows.filter((r) => r.kind === 'p99');
  const within = p99Rows.filter((r) => r.excluded === null && r.factor !== null && ratioWithin(r.factor, P99_FACTOR_TARGET)).length;
  const extrapolatedRows = rows.filter((r) => r.excluded === null && r.sizeExtrapolated).length;
  if (extrapolatedRows > 0) {
    notes.push(
      `${extrapolatedRows} judged row(s) are at message sizes outside those the profile was fitted on: their per-byte costs are extrapolated (bench and fit at those sizes to predict them from measurement)`,
    );
  }
  if (maxRate.rows === 0) notes.push('no maximum-rate search could be judged: the verdict needs at least one (bench with a closed-loop search)');
  return {
    kind: 'rmq-plan-validation',
    schemaVersion: VALIDATION_REPORT_VERSION,
    profile: profile.name,
    maxErrorPercent,
    files: inputs.map((i) => i.file),
    rows,
    summary: { maxRate, p99: { ...summarize(p99Rows), withinFactor: within, factorTarget: P99_FACTOR_TARGET } },
    repeatability: repeatability(repeatable, P99_FACTOR_TARGET),
    ok: maxRate.medianErrorPercent !== null && maxRate.medianErrorPercent <= maxErrorPercent,
    notes,
  };
}
