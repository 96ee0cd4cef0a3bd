/**
 * fitProfile: a bench run → a calibration profile. Per queue type it fits the broker CPU per
 * message and per byte, the single-queue ceiling, the commit floor and (when the run built
 * backlogs) memory per queued message; every coefficient it cannot measure keeps the base
 * profile's value and says so in its source. Pure: no I/O, no clock (createdAt comes from the
 * run or the caller).
 */
import { QUEUE_TYPES, type BenchRunResult, type MaxRateSearch, type QueueType } from '../../bench/types.js';
import type { BenchNode } from '../../model/bench-prediction.js';
import type { Coefficient, Profile, QueueTypeCoefficients } from '../../schema/profile.js';
import { PROFILE_VERSION } from '../../schema/profile.js';
import {
  chooseCeilingSearches,
  describeSearches,
  fitCeiling,
  fitClientCpu,
  fitConfirmFloor,
  fitCpu,
  fitLatencyTail,
  fitMemory,
  fitQueueWaitVariability,
  highLoadSamples,
  cleanSamples,
  microsOf,
  notMeasured,
} from './groups.js';
import { FIT_REPORT_VERSION, type FitGroup, type FitReport, type FitResidual, type FitSearch, type QueueTypeFit } from './report.js';
import { brokerCores, PREFETCH_BOUND_MAX, selectSteps, stepAtMax, type ClassicChoice, type Selection } from './samples.js';
import { ACK_EQUATION, fitAckCost } from './acks.js';
import { fitDeliveryTurnaround } from './turnaround.js';
import { fitPersistence, PERSISTENCE_EQUATION } from './persistence.js';
import { CONFIRM_EQUATION, fitConfirmCost } from './confirms.js';
import { FOLLOWER_EQUATION, fitFollowerCpu } from './followers.js';

export interface FitOptions {
  /** ISO date of the profile; default the run's finishedAt (the fit never reads the clock). */
  createdAt?: string;
  /** Profile name; default "bench <runId>". */
  name?: string;
  /** Which classic variant the classic coefficients describe; default 'auto' (persistent when the run has it). */
  classic?: ClassicChoice;
  /**
   * Runs on a cluster beside `run`'s single node (merged): what a follower costs is fitted on
   * them with the single node's stages held fixed (followers.ts). Without, the base profile's
   * follower cost is scaled like the fitted stages.
   */
  clusterRun?: BenchRunResult;
}

export interface FitResult {
  profile: Profile;
  fit: FitReport;
}

/** Significant digits kept in fitted values: the measurements are good to a few percent at best. */
const SIGNIFICANT_DIGITS = 6;

function round(v: number): number {
  return Number(v.toPrecision(SIGNIFICANT_DIGITS));
}

interface SourceContext {
  runId: string;
  broker: string;
  baseName: string;
}

/** The message sizes of a group's points, "1024 B, 4096 B". */
function sizesOf(residuals: readonly FitResidual[]): string {
  return [...new Set(residuals.map((r) => r.sizeBytes))]
    .sort((a, b) => a - b)
    .map((s) => `${s} B`)
    .join(', ');
}

/** " ± 1.234" (one standard error) when the fit estimated one. */
function plusMinus(standardError: number | undefined): string {
  return standardError === undefined ? '' : ` ± ${standardError.toFixed(3)}`;
}

function r2Text(r2: number | null): string {
  return r2 === null ? 'R²=n/a' : `R²=${r2.toFixed(3)}`;
}

function fitted(ctx: SourceContext, steps: number, r2: number | null, detail: string): string {
  return `bench ${ctx.runId} on ${ctx.broker}, ${steps} steps, ${r2Text(r2)}: ${detail}`;
}

/** The base coefficient kept, with why. A source that already says "not measured by bench" is carried over as it is. */
function kept(ctx: SourceContext, base: Coefficient, reason: string): Coefficient {
  const source = base.source.startsWith('not measured by bench') ? base.source : `not measured by bench; from ${ctx.baseName} (${reason}): ${base.source}`;
  return { ...base, source };
}

/**
 * A base coefficient the run could not measure, carried to this machine by `factor` (what the
 * fitted figures it belongs to are to the base's, e.g. the CPU stages' stageScale), so a share of a
 * fitted cost is charged in this machine's units, not the base profile's; kept as it is when no
 * factor was measured.
 */
function scaledFromBase(ctx: SourceContext, base: Coefficient, factor: number | undefined, what: string, reason: string): Coefficient {
  if (factor === undefined || !Number.isFinite(factor) || factor <= 0) return kept(ctx, base, reason);
  return setCoefficient(
    base,
    base.value * factor,
    `not measured by bench (${reason}); ${ctx.baseName}'s ${base.value} ${base.unit} × ${factor.toFixed(4)}, the factor ${what} (bench ${ctx.runId}): ${base.source}`,
  );
}

function setCoefficient(base: Coefficient, value: number, source: string): Coefficient {
  return { value: round(Math.max(0, value)), unit: base.unit, source };
}

/** Probe and search steps of the given searches (their open-loop steps carry the search id too but do not set the maximum). */
function steps(sel: Selection, searchIds: ReadonlySet<string>): number {
  return sel.steps.filter((s) => s.kind !== 'open-loop' && s.searchId !== null && searchIds.has(s.searchId)).length;
}

function describeVariant(sel: Selection): string {
  if (sel.queueType !== 'classic') return sel.queueType;
  return `classic ${sel.persistent ? 'persistent' : 'transient'}`;
}

/** The classic variant `sel` fitted (its persistence), to select a run's other steps of the same kind. */
function sameVariant(sel: Selection): ClassicChoice {
  return sel.persistent === null ? 'auto' : sel.persistent ? 'persistent' : 'transient';
}

/** The coefficients every profile has (the optional ones are set on their own). */
type RequiredCoefficientName = Exclude<
  keyof QueueTypeCoefficients,
  | OptionalCoefficientName
  | 'coordinationPerExtraNode'
  | 'persistentCpuMicros'
  | 'persistentQueueServiceMicros'
  | 'confirmCpuMicros'
  | 'ackCpuMicros'
  | 'ackQueueServiceMicros'
>;

/** The optional coefficients a fit measures from one group each (setOptional; the others are set on their own). */
type OptionalCoefficientName =
  'latencyTailP99Ms' | 'confirmFloorMs' | 'queueWaitVariability' | 'deliveryTurnaroundMs' | 'unbatchedDeliveryMicros' | 'unbatchedInFlightMax';

/** A group's value when the group was fitted, else undefined. */
function ifFitted(group: FitGroup, value: number | undefined): number | undefined {
  return group.status === 'fitted' ? value : undefined;
}

/**
 * The bench machine during a search, as the model's bench prediction reads it: the broker's cores
 * (as it reported them, else the bench machine's) and, for a broker on the bench machine, the
 * cores its client used at the search's maximum. Round trip and fsync do not enter the loops fitted here.
 */
function benchNodeOf(run: BenchRunResult, search: MaxRateSearch): BenchNode {
  const step = stepAtMax(search, run.steps);
  return {
    brokerCores: run.broker?.nodes[0]?.processors ?? run.client.cores,
    clientCores: run.broker?.local === true && step !== null ? step.cpu.clientCores : 0,
    fsyncMs: 0,
    rttMs: 0,
  };
}

/** The new coefficients of one queue type, and its part of the report. */
function fitQueueType(
  run: BenchRunResult,
  queueType: QueueType,
  baseProfile: Profile,
  ctx: SourceContext,
  classic: ClassicChoice,
  clusterRun: BenchRunResult | undefined,
): { coefficients: QueueTypeCoefficients; report: QueueTypeFit; searches: FitSearch[]; selection: Selection } {
  const base = baseProfile.queueTypes[queueType];
  const sel = selectSteps(run, queueType, classic);
  const chosen = chooseCeilingSearches(describeSearches(sel));
  const searches = chosen.searches;
  const none = `no ${queueType} steps in the run`;
  const empty = sel.steps.length === 0;
  const cpu = empty ? notMeasured('broker core-µs per message at ≥ 90 % of the maximum rate = A + size × B', 'core-µs/msg', none) : fitCpu(sel, base);
  const ceiling = empty ? notMeasured('10⁶ / single-queue max rate (µs/msg) = a + size × b', 'msg/s', none) : fitCeiling(searches, base, chosen.notes);
  const memory = empty ? notMeasured('broker memory (B) = m0 + messages held × replicas × k', 'B', none) : fitMemory(sel);
  const clientCpu = empty ? notMeasured('client core-µs per message at ≥ 90 % of the maximum rate = A + size × B', 'core-µs/msg', none) : fitClientCpu(sel);
  const confirmFloor = empty ? notMeasured('commit floor (ms)', 'ms', none) : fitConfirmFloor(sel);
  const latencyTail = empty ? notMeasured('latency tail (ms)', 'ms', none) : fitLatencyTail(sel);
  const variant = describeVariant(sel);

  const next: QueueTypeCoefficients = { ...base };
  const apply = (group: FitGroup, names: RequiredCoefficientName[], source: (name: RequiredCoefficientName) => string) => {
    for (const name of names) {
      const value = group.coefficients[name];
      if (group.status === 'fitted' && value !== undefined) next[name] = setCoefficient(base[name], value, source(name));
      else
        next[name] = kept(ctx, base[name], group.status === 'fitted' ? `${variant}: not separable in this run` : `${variant}: ${group.notes[0] ?? 'no data'}`);
    }
  };

  /** An optional coefficient: the group's value when it measured one, else the base profile's kept (with why), else absent. */
  const setOptional = (name: OptionalCoefficientName, value: number | undefined, unit: string, source: () => string, why: string) => {
    const prior = base[name];
    if (value !== undefined) next[name] = { value: round(value), unit, source: source() };
    else if (prior !== undefined) next[name] = kept(ctx, prior, why);
  };

  const cpuSizes = sizesOf(cpu.residuals);
  apply(cpu, ['publishCpuMicros', 'enqueueCpuMicros', 'deliverCpuMicros', 'replicaCpuMicros', 'cpuNanosPerByte'], (name) =>
    name === 'cpuNanosPerByte'
      ? fitted(
          ctx,
          cpu.points,
          cpu.r2,
          `${variant} broker CPU per message at ≥ 90 % of the maximum rate = A + size × B over ${cpuSizes}; B = ${cpu.parameters.bNanosPerByteAllHops?.toFixed(3)}${plusMinus(cpu.parameters.bStdErrNanosPerByteAllHops)} core-ns/B over ${cpu.parameters.bodyHops} body hops`,
        )
      : fitted(
          ctx,
          cpu.points,
          cpu.r2,
          `${variant} broker CPU per message at ≥ 90 % of the maximum rate = A + size × B over ${cpuSizes}; A = ${cpu.parameters.aMicrosPerMessage?.toFixed(3)}${plusMinus(cpu.parameters.aStdErrMicros)} core-µs/msg split in ${ctx.baseName}'s proportions (the bench measures only the sum)`,
        ),
  );
  if ((sel.replicas ?? 1) <= 1 && cpu.status === 'fitted') {
    // No followers to measure: the base's follower cost in the same proportion to the other stages
    // as in the base profile (A is split that way too), so a cluster on this hardware is charged
    // this machine's costs throughout, not the base's for replication alone.
    const k = cpu.parameters.stageScale;
    next.replicaCpuMicros =
      k !== undefined && base.replicaCpuMicros.value > 0
        ? setCoefficient(
            base.replicaCpuMicros,
            base.replicaCpuMicros.value * k,
            `not measured by bench (${variant}: the run's queues had no followers); ${ctx.baseName}'s ${base.replicaCpuMicros.value} core-µs × ${k.toFixed(4)}, the factor the fitted stages are to ${ctx.baseName}'s (bench ${ctx.runId}): ${base.replicaCpuMicros.source}`,
          )
        : kept(ctx, base.replicaCpuMicros, `${variant}: the run's queues had no followers`);
  }
  const followers = fitFollowers(clusterRun, sel, cpu, next, ctx);

  const usedIds = new Set(searches.filter((s) => s.usedForCeiling).map((s) => s.id));
  const ceilingSizes = sizesOf(ceiling.residuals);
  const lowerBound =
    ceiling.parameters.cpuBoundPoints !== undefined && ceiling.parameters.cpuBoundPoints > 0
      ? "; a lower bound: the machine's CPU was saturated at the maximum"
      : '';
  apply(ceiling, ['queueServiceMicros', 'queueServiceNanosPerByte'], () =>
    fitted(
      ctx,
      steps(sel, usedIds),
      ceiling.r2,
      `${variant} single-queue max sustained rate of ${ceiling.points} closed-loop search(es) over ${ceilingSizes}: 10⁶/rate = a + size × b, a = ${ceiling.parameters.aMicros?.toFixed(3)}${plusMinus(ceiling.parameters.aStdErrMicros)} µs, b = ${ceiling.parameters.bNanosPerByte?.toFixed(3)}${plusMinus(ceiling.parameters.bStdErrNanosPerByte)} ns/B${lowerBound}`,
    ),
  );

  apply(memory, ['memoryBytesPerQueuedMessage'], () => fitted(ctx, memory.points, memory.r2, `${variant} broker memory against messages held in the queues`));
  setOptional(
    'latencyTailP99Ms',
    ifFitted(latencyTail, latencyTail.coefficients.latencyTailP99Ms),
    'ms',
    () => fitted(ctx, latencyTail.points, null, `${variant} end-to-end p99 − p50 of the open-loop steps at ≤ 30 % of the maximum rate (median)`),
    `${variant}: ${latencyTail.notes[0] ?? 'no data'}`,
  );
  setOptional(
    'confirmFloorMs',
    ifFitted(confirmFloor, confirmFloor.parameters.floorMs),
    'ms',
    () =>
      fitted(
        ctx,
        confirmFloor.points,
        null,
        `${variant} publish → confirm p50 of the open-loop steps at the lowest load of the run (≤ 30 % of the maximum rate; median), this machine's client round trip included`,
      ),
    `${variant}: ${confirmFloor.notes[0] ?? 'no data'}`,
  );
  // The variability is read against the ceiling just fitted (else the base's).
  const queueWait = empty ? notMeasured('queue wait variability (×)', '×', none) : fitQueueWaitVariability(sel, next);
  setOptional(
    'queueWaitVariability',
    ifFitted(queueWait, queueWait.coefficients.queueWaitVariability),
    '×',
    () =>
      fitted(
        ctx,
        queueWait.points,
        null,
        `${variant} (p99 − low-load p99) ÷ M/M/1 queue wait p99 at the open-loop steps at ≥ 50 % of the maximum rate (median; Kingman's (c_a² + c_s²)/2)`,
      ),
    `${variant}: ${queueWait.notes[0] ?? 'no data'}`,
  );
  // The turnaround is read through the queue process just fitted (the loop's other stage).
  const { group: turnaround, identified } = fitDeliveryTurnaround(sel.prefetchBound, queueType, next, baseProfile, (search) => benchNodeOf(run, search));
  setOptional(
    'deliveryTurnaroundMs',
    ifFitted(turnaround, turnaround.parameters.turnaroundMs),
    'ms',
    () =>
      fitted(
        ctx,
        turnaround.points,
        null,
        `${variant} closed-loop searches with a prefetch of at most ${PREFETCH_BOUND_MAX}: the slot turnaround Z with which consumers × prefetch deliveries through it and the queue process carry each search's maximum (Z of Z + W × min(deliveries in flight, K); with one prefetch, the median)`,
      ),
    `${variant}: ${turnaround.notes[0] ?? 'no data'}`,
  );
  const loopHow = `${variant} closed-loop searches with a prefetch of at most ${PREFETCH_BOUND_MAX}: their turnarounds with every delivery batched, fitted as Z + W × min(deliveries in flight, K)`;
  const loopWhy = `${variant}: ${identified === 'turnaround' ? 'one prefetch measured (the turnaround only)' : (turnaround.notes[0] ?? 'no data')}`;
  setOptional(
    'unbatchedDeliveryMicros',
    ifFitted(turnaround, turnaround.coefficients.unbatchedDeliveryMicros),
    'µs/msg',
    () => fitted(ctx, turnaround.points, null, `${loopHow} (W)`),
    loopWhy,
  );
  setOptional(
    'unbatchedInFlightMax',
    ifFitted(turnaround, turnaround.coefficients.unbatchedInFlightMax),
    'deliveries',
    () => fitted(ctx, turnaround.points, null, `${loopHow} (K${identified === 'line' ? ': not identified, the largest measured' : ''})`),
    loopWhy,
  );
  const persistence = fitClassicPersistence(run, sel, base, { cpu, ceiling }, next, ctx);
  const confirmCost = fitConfirms(run, sel, base, cpu, next, ctx);
  const ackCost = fitAcks(run, sel, base, { cpu, ceiling }, next, ctx);
  if (base.coordinationPerExtraNode !== undefined) {
    next.coordinationPerExtraNode = kept(ctx, base.coordinationPerExtraNode, 'the bench does not measure it (fitted on published cluster throughputs)');
  }
  for (const name of ['memoryBytesPerQueue', 'diskWritesPerMessageKeepingUp', 'diskWritesPerMessageLagging'] as const) {
    next[name] = kept(ctx, base[name], empty ? `${variant}: ${none}` : 'the bench does not measure it');
  }

  const report: QueueTypeFit = {
    queueType,
    persistent: sel.persistent,
    replicas: sel.replicas,
    steps: sel.steps.length,
    searches: sel.searches.length,
    cpu: { ...cpu, notes: [...sel.notes, ...cpu.notes] },
    ceiling,
    memory,
    clientCpu,
    confirmFloor,
    latencyTail,
    queueWait,
    turnaround,
    persistence,
    confirmCost,
    ackCost,
    followers,
  };
  return { coefficients: next, report, searches, selection: sel };
}

/**
 * What a follower costs (replicaCpuMicros), set on `next` when the calibration has a cluster run
 * and `sel` (the single node's steps) fitted the other stages; else why not, and `next` keeps what
 * fitQueueType gave it (the base's follower cost scaled like the fitted stages).
 */
function fitFollowers(clusterRun: BenchRunResult | undefined, sel: Selection, cpu: FitGroup, next: QueueTypeCoefficients, ctx: SourceContext): FitGroup {
  const not = (why: string) => notMeasured(FOLLOWER_EQUATION, 'core-µs/msg', why);
  if (clusterRun === undefined) return not('no run on a cluster in the calibration (a run on several nodes measures it)');
  if (sel.queueType === 'classic') return not('classic queues have no followers');
  if ((sel.replicas ?? 1) > 1) return not("the fitted steps had followers already: the CPU fit's split includes them");
  if (cpu.status !== 'fitted') return not(`the single-node stages were not fitted (${cpu.notes[0] ?? 'no data'})`);
  const nodes = clusterRun.broker?.nodes.length ?? 1;
  const group = fitFollowerCpu(selectSteps(clusterRun, sel.queueType, 'auto', sel.confirms), nodes, next);
  const value = group.coefficients.replicaCpuMicros;
  if (group.status === 'fitted' && value !== undefined) {
    next.replicaCpuMicros = setCoefficient(
      next.replicaCpuMicros,
      value,
      fitted(
        { ...ctx, runId: clusterRun.runId },
        group.points,
        null,
        `${sel.queueType} broker CPU per message at ≥ 90 % of the maximum rate on ${nodes} nodes with ${group.parameters.replicas} replicas per queue, less the single-node stages of bench ${ctx.runId}, × 1/(1 + σ(N − 1)), per follower: ${value.toFixed(3)}${plusMinus(group.parameters.followerStdErrMicros)} core-µs (mean)`,
      ),
    );
  }
  return group;
}

/**
 * What a confirm costs (confirmCpuMicros), set on `next`: from the run's steps without confirms
 * against the CPU fit of those with; the base profile's when the run has only one kind. When the
 * run has only steps without confirms, the fitted publish cost lacks the confirm: the base
 * profile's confirmCpuMicros is added to it (publishCpuMicros includes a confirm).
 */
function fitConfirms(
  run: BenchRunResult,
  sel: Selection,
  base: QueueTypeCoefficients,
  cpu: FitGroup,
  next: QueueTypeCoefficients,
  ctx: SourceContext,
): FitGroup {
  // A confirm not measured here is the base's, scaled like the fitted CPU stages (publishCpuMicros holds it).
  const keep = (reason: string) => {
    if (base.confirmCpuMicros !== undefined)
      next.confirmCpuMicros = scaledFromBase(ctx, base.confirmCpuMicros, cpu.parameters.stageScale, `the fitted CPU stages are to ${ctx.baseName}'s`, reason);
  };
  if (sel.steps.length === 0) {
    keep(`no ${sel.queueType} steps in the run`);
    return notMeasured(CONFIRM_EQUATION, 'core-µs/msg', `no ${sel.queueType} steps in the run`);
  }
  const variant = describeVariant(sel);
  if (!sel.confirms) {
    keep(`${variant}: the run's steps publish without confirms only`);
    const confirm = next.confirmCpuMicros?.value ?? 0;
    if (cpu.status === 'fitted' && confirm > 0) {
      next.publishCpuMicros = {
        ...next.publishCpuMicros,
        value: round(next.publishCpuMicros.value + confirm),
        source: `${next.publishCpuMicros.source}; + confirmCpuMicros ${confirm} from ${ctx.baseName} (the run published without confirms; publishCpuMicros includes one)`,
      };
    }
    return notMeasured(
      CONFIRM_EQUATION,
      'core-µs/msg',
      'only steps without confirms: the confirm cost is kept from the base profile and added to the publish cost',
    );
  }
  const without = selectSteps(run, sel.queueType, sameVariant(sel), false);
  if (without.steps.length === 0) {
    keep(`${variant}: the run has no steps without confirms`);
    return notMeasured(CONFIRM_EQUATION, 'core-µs/msg', 'no steps without confirms in the run');
  }
  const group = fitConfirmCost(cpu, fitCpu(without, base));
  const value = group.coefficients.confirmCpuMicros;
  if (group.status === 'fitted' && value !== undefined) {
    next.confirmCpuMicros = {
      value: round(Math.min(value, next.publishCpuMicros.value)),
      unit: 'core-µs/msg',
      source: fitted(
        ctx,
        group.points,
        null,
        `${variant} broker CPU per message with confirms (the fit) minus without, at the same size over ${sizesOf(group.residuals)} (median), at ≥ 90 % of the maximum rate`,
      ),
    };
  } else {
    keep(`${variant}: ${group.notes[0] ?? 'not measured'}`);
  }
  return group;
}

/**
 * Classic queues: what persistence adds (persistentCpuMicros, persistentQueueServiceMicros), set
 * on `next`. From the run's persistent classic steps against the transient fit when the run has
 * both; 0 when the classic coefficients were fitted on persistent steps (they include it); else
 * the base profile's.
 */
function fitClassicPersistence(
  run: BenchRunResult,
  sel: Selection,
  base: QueueTypeCoefficients,
  transient: { cpu: FitGroup; ceiling: FitGroup },
  next: QueueTypeCoefficients,
  ctx: SourceContext,
): FitGroup {
  const names = ['persistentCpuMicros', 'persistentQueueServiceMicros'] as const;
  const units = { persistentCpuMicros: 'core-µs/msg', persistentQueueServiceMicros: 'µs/msg' } as const;
  const keep = (reason: string) => {
    for (const name of names) {
      const b = base[name];
      if (b !== undefined) next[name] = kept(ctx, b, reason);
    }
  };
  if (sel.queueType !== 'classic') {
    keep(`${sel.queueType} messages always persist`);
    return notMeasured(PERSISTENCE_EQUATION, 'core-µs/msg, µs/msg', `${sel.queueType} messages always persist: nothing to separate`);
  }
  if (sel.steps.length === 0) {
    keep('no classic steps in the run');
    return notMeasured(PERSISTENCE_EQUATION, 'core-µs/msg, µs/msg', 'no classic steps in the run');
  }
  if (sel.persistent === true) {
    for (const name of names) {
      next[name] = {
        value: 0,
        unit: units[name],
        source: fitted(ctx, sel.steps.length, null, 'the classic coefficients were fitted on persistent steps and include what persistence adds'),
      };
    }
    return notMeasured(PERSISTENCE_EQUATION, 'core-µs/msg, µs/msg', 'only persistent classic steps: included in the classic coefficients');
  }
  const persistentSel = selectSteps(run, 'classic', 'persistent');
  if (persistentSel.steps.length === 0) {
    keep('classic transient: the run has no persistent classic steps');
    return notMeasured(PERSISTENCE_EQUATION, 'core-µs/msg, µs/msg', 'no persistent classic steps in the run');
  }
  const chosen = chooseCeilingSearches(describeSearches(persistentSel));
  const group = fitPersistence(transient, fitCpu(persistentSel, base), fitCeiling(chosen.searches, base, chosen.notes));
  setDifferences(group, names, units, next, ctx, `classic persistent minus transient at the same size over ${sizesOf(group.residuals)} (median)`, (name) => {
    const b = base[name];
    if (b !== undefined) next[name] = kept(ctx, b, group.notes[0] ?? 'not measured');
  });
  return group;
}

/**
 * What a consumer ack costs (ackCpuMicros, ackQueueServiceMicros), set on `next`: from the run's
 * steps whose consumers ack every N > 1 deliveries against the fits of those that ack each one
 * (acks.ts); the base profile's when the run has none.
 */
function fitAcks(
  run: BenchRunResult,
  sel: Selection,
  base: QueueTypeCoefficients,
  each: { cpu: FitGroup; ceiling: FitGroup },
  next: QueueTypeCoefficients,
  ctx: SourceContext,
): FitGroup {
  const names = ['ackCpuMicros', 'ackQueueServiceMicros'] as const;
  const units = { ackCpuMicros: 'core-µs/ack', ackQueueServiceMicros: 'µs/ack' } as const;
  const variant = describeVariant(sel);
  // An ack not measured here is the base's, in this machine's units: the CPU one scaled like the
  // fitted CPU stages, the queue one like the fitted service time.
  const serviceScale =
    each.ceiling.status === 'fitted' && base.queueServiceMicros.value > 0 ? next.queueServiceMicros.value / base.queueServiceMicros.value : undefined;
  const keepBase = (name: (typeof names)[number], reason: string) => {
    const b = base[name];
    if (b === undefined) return;
    next[name] =
      name === 'ackCpuMicros'
        ? scaledFromBase(ctx, b, each.cpu.parameters.stageScale, `the fitted CPU stages are to ${ctx.baseName}'s`, reason)
        : scaledFromBase(ctx, b, serviceScale, `the fitted queue service time is to ${ctx.baseName}'s`, reason);
  };
  const batched = selectSteps(run, sel.queueType, sameVariant(sel), sel.confirms, 'batched');
  if (batched.steps.length === 0) {
    for (const name of names) keepBase(name, `${variant}: the run has no steps whose consumers ack every N > 1 deliveries`);
    return notMeasured(
      ACK_EQUATION,
      'core-µs/ack, µs/ack',
      'no steps whose consumers ack every N > 1 deliveries in the run (bench --ack-every 10 measures it)',
    );
  }
  const { samples } = cleanSamples(highLoadSamples(batched, brokerCores).samples);
  const cpuPoints = samples.map((sample) => ({ sample, microsPerMessage: microsOf(sample), ackEvery: sample.step.config.ackEvery }));
  const everyOf = new Map(batched.searches.map((s) => [s.id, s.config.ackEvery]));
  const ceilingPoints = chooseCeilingSearches(describeSearches(batched)).searches.map((search) => ({ search, ackEvery: everyOf.get(search.id) ?? 1 }));
  const group = fitAckCost(each, cpuPoints, ceilingPoints);
  const every = [...new Set(batched.steps.map((s) => s.config.ackEvery))].sort((x, y) => x - y).join(', ');
  setDifferences(
    group,
    names,
    units,
    next,
    ctx,
    `${variant}, consumers acking every ${every} deliveries against one ack each at the same size over ${sizesOf(group.residuals)}, the difference ÷ (1 − 1/N) (median)`,
    (name) =>
      keepBase(name, `${variant}: ${group.notes.find((n) => n.startsWith(name === 'ackCpuMicros' ? 'CPU' : 'service')) ?? group.notes[0] ?? 'not measured'}`),
  );
  return group;
}

/** Coefficients measured as a difference against the fits of the plain steps: a CPU one, then a queue-service one. */
type DifferenceName = 'persistentCpuMicros' | 'persistentQueueServiceMicros' | 'ackCpuMicros' | 'ackQueueServiceMicros';

/**
 * Sets each of `names` (its CPU coefficient first, its queue-service one second) that `group`
 * measured on `next`, with a source saying how (`how`, then what was compared); `otherwise` sets
 * the ones it did not. The persistence and ack groups' shared ending.
 */
function setDifferences<N extends DifferenceName>(
  group: FitGroup,
  names: readonly [N, N],
  units: Record<N, string>,
  next: QueueTypeCoefficients,
  ctx: SourceContext,
  how: string,
  otherwise: (name: N) => void,
): void {
  for (const name of names) {
    const value = group.coefficients[name];
    if (group.status !== 'fitted' || value === undefined) {
      otherwise(name);
      continue;
    }
    const what = name === names[0] ? 'broker CPU per message at ≥ 90 % of the maximum rate' : 'single-queue service time 10⁶ / max sustained rate';
    next[name] = { value: round(value), unit: units[name], source: fitted(ctx, group.points, null, `${how}: ${what}`) };
  }
}

/** messagesPerFsyncPerChannel from the quorum searches: one channel carried λ at commit floor F ⇒ ≥ λ·F/1000 per fsync. */
function fitMessagesPerFsync(quorum: { report: QueueTypeFit; searches: FitSearch[] }, base: Coefficient, baseName: string): FitGroup {
  const equation = 'messages per fsync per channel ≥ per-channel max rate × commit floor (ms) ÷ 1000';
  const floor = quorum.report.confirmFloor;
  if (floor.status !== 'fitted') return notMeasured(equation, 'msg', `no quorum commit floor (${floor.notes[0] ?? 'no data'})`);
  const floorMs = floor.parameters.floorMs!;
  const usable = quorum.searches.filter((s) => s.maxSustainedMsgPerSec > 0);
  if (usable.length === 0) return notMeasured(equation, 'msg', 'no sustained quorum search');
  const perChannel = Math.max(...usable.map((s) => s.maxSustainedMsgPerSec / s.publishers));
  const lowerBound = (perChannel * floorMs) / 1000;
  const group: FitGroup = {
    status: 'fitted',
    notes: [],
    equation,
    responseUnit: 'msg',
    parameters: { perChannelMaxMsgPerSec: perChannel, floorMs, lowerBound },
    coefficients: { messagesPerFsyncPerChannel: lowerBound },
    r2: null,
    points: usable.length,
    rmsResidualPercent: null,
    maxAbsResidualPercent: null,
    residuals: [],
  };
  if (lowerBound <= base.value) {
    return {
      ...group,
      status: 'not-measured',
      coefficients: {},
      notes: [
        `the run only bounds it from below (one channel carried ${Math.round(perChannel)} msg/s at a ${floorMs.toFixed(2)} ms floor ⇒ ≥ ${lowerBound.toFixed(1)}), which does not exceed ${baseName}'s ${base.value}`,
      ],
    };
  }
  group.notes.push('a lower bound: the channel may have been limited by CPU or the queue rather than by fsync batching');
  return group;
}

/** Fits a calibration profile to a bench run. Pure. */
export function fitProfile(run: BenchRunResult, base: Profile, options: FitOptions = {}): FitResult {
  const brokerVersion = run.broker?.rabbitmqVersion ?? null;
  const ctx: SourceContext = {
    runId: run.runId,
    broker: brokerVersion === null ? 'an unknown RabbitMQ version' : `RabbitMQ ${brokerVersion}`,
    baseName: base.name,
  };
  const createdAt = options.createdAt ?? run.finishedAt;
  const classic = options.classic ?? 'auto';
  const fits = new Map(QUEUE_TYPES.map((q) => [q, fitQueueType(run, q, base, ctx, classic, options.clusterRun)] as const));
  const quorum = fits.get('quorum')!;
  const classicFit = fits.get('classic')!;

  const notes: string[] = [];
  if (run.status !== 'complete')
    notes.push(`the run is ${run.status}${run.error ? ` (${run.error})` : ''}: the fit uses the ${run.steps.length} step(s) it completed`);
  if (run.broker === null || !run.broker.local)
    notes.push('the broker is not on the bench machine: broker CPU (and so the CPU coefficients) cannot be measured');
  const cluster = options.clusterRun;
  if (cluster !== undefined) {
    const on = `run ${cluster.runId} on ${cluster.broker?.nodes.length ?? 'an unknown number of'} nodes`;
    const measured = QUEUE_TYPES.filter((q) => fits.get(q)!.report.followers.status === 'fitted');
    notes.push(
      measured.length > 0
        ? `${on} measured what a follower costs (${measured.join(', ')}); every other coefficient comes from the single-node run(s)`
        : `${on} measured no follower cost: ${quorum.report.followers.notes[0] ?? 'no data'}`,
    );
  }
  const flagged = run.steps.filter((s) => s.clientLimited).length;
  if (flagged > 0) {
    notes.push(
      `the bench flagged ${flagged} step(s) as client-limited (a client thread above 85 % of a core, or its event loop delayed > 100 ms); only searches whose client thread saturated are left out of the ceiling fit`,
    );
  }

  // Commit floor: quorum first (a quorum commit waits for the fsync), else classic persistent.
  let fsync: FitReport['fsyncLatencyMs'];
  if (quorum.report.confirmFloor.status === 'fitted') {
    fsync = { value: round(quorum.report.confirmFloor.parameters.floorMs!), from: `quorum confirm p50 at low load, bench ${run.runId}` };
  } else if (classicFit.report.persistent === true && classicFit.report.confirmFloor.status === 'fitted') {
    fsync = { value: round(classicFit.report.confirmFloor.parameters.floorMs!), from: `classic persistent confirm p50 at low load, bench ${run.runId}` };
  } else {
    fsync = { value: base.origin.fsyncLatencyMs ?? null, from: `not measured by bench; from ${base.name}` };
  }

  const messagesPerFsync = fitMessagesPerFsync(quorum, base.node.messagesPerFsyncPerChannel, base.name);
  const node = { ...base.node };
  for (const [name, coeff] of Object.entries(base.node) as [keyof Profile['node'], Profile['node'][keyof Profile['node']]][]) {
    if (name === 'cpuEfficiency') continue;
    (node as unknown as Record<string, Coefficient>)[name] = kept(ctx, coeff as Coefficient, 'the bench does not measure it');
  }
  const m = messagesPerFsync.coefficients.messagesPerFsyncPerChannel;
  if (messagesPerFsync.status === 'fitted' && m !== undefined) {
    node.messagesPerFsyncPerChannel = setCoefficient(
      base.node.messagesPerFsyncPerChannel,
      m,
      fitted(
        ctx,
        quorum.selection.steps.length,
        null,
        `one publishing channel carried ${Math.round(messagesPerFsync.parameters.perChannelMaxMsgPerSec!)} msg/s at a ${messagesPerFsync.parameters.floorMs!.toFixed(2)} ms commit floor ⇒ ≥ ${m.toFixed(1)} messages per fsync (a lower bound)`,
      ),
    );
  } else {
    node.messagesPerFsyncPerChannel = kept(ctx, base.node.messagesPerFsyncPerChannel, messagesPerFsync.notes[0] ?? 'not measured');
  }

  const report: FitReport = {
    kind: 'rmq-plan-fit-report',
    schemaVersion: FIT_REPORT_VERSION,
    runId: run.runId,
    runStatus: run.status,
    brokerVersion,
    baseProfile: base.name,
    createdAt,
    queueTypes: QUEUE_TYPES.map((q) => fits.get(q)!.report),
    fsyncLatencyMs: fsync,
    messagesPerFsync,
    searches: QUEUE_TYPES.flatMap((q) => fits.get(q)!.searches),
    notes,
  };

  const brokerNodes = run.broker?.nodes ?? [];
  const local = run.broker?.local === true;
  const cores = brokerNodes[0]?.processors ?? (local ? run.client.cores : null);
  const memory = local ? run.client.totalMemoryBytes : null;
  const gib = memory === null ? null : memory / 2 ** 30;
  const hardware = [
    local ? run.client.cpuModel : 'remote broker',
    cores === null ? null : `${cores} cores`,
    gib === null ? null : `${gib.toFixed(1)} GiB`,
    local ? 'broker and bench client on the same machine' : null,
  ]
    .filter((p): p is string => p !== null)
    .join(', ');

  const profile: Profile = {
    version: PROFILE_VERSION,
    name: options.name ?? `bench ${run.runId}`,
    description: `Fitted by rmq-plan bench from run ${run.runId} (${run.status}) against ${ctx.broker} on ${hardware}; coefficients the run did not measure come from "${base.name}".`,
    origin: {
      kind: 'bench',
      createdAt,
      ...(brokerVersion !== null ? { brokerVersion } : {}),
      ...(run.broker?.erlangVersion ? { erlangVersion: run.broker.erlangVersion } : {}),
      ...(brokerNodes.length > 0 ? { nodes: brokerNodes.length } : {}),
      ...(cores !== null ? { coresPerNode: cores } : {}),
      ...(memory !== null ? { memoryBytesPerNode: memory } : {}),
      hardware,
      ...(fsync.value !== null ? { fsyncLatencyMs: fsync.value } : {}),
      matrix: run.matrix,
      // validate recognises every run the profile was made from by these (the cluster run's too).
      steps: [...run.steps, ...(cluster?.steps ?? [])],
      fit: report,
    },
    queueTypes: {
      quorum: quorum.coefficients,
      classic: classicFit.coefficients,
      stream: fits.get('stream')!.coefficients,
    },
    node,
  };
  return { profile, fit: report };
}
