/**
 * What the fit reads from a bench run, per queue type: the steps and searches of the variant it
 * fits (classic: persistent or transient), the replicas per queue, and whether a step's machine
 * was CPU-saturated. Pure functions over BenchRunResult.
 */
import type { BenchRunResult, MaxRateSearch, QueueType, StepResult } from '../../bench/types.js';

/**
 * A local machine busier than 95 % of its cores at a search's maximum was CPU-bound: the broker
 * could not have had more CPU, so the maximum says nothing about its queue process. A saturated
 * machine reads 1.997 of 2 cores in os.cpus() deltas (measured: two `node -e 'for(;;){}'` loops
 * over 3 s on the project's 2-core machine); 95 % leaves room for sampling a 1.5–2 s window.
 * At the single-queue maxima on that machine it read 1.74–1.82 with /proc/stat showing ~0.2 cores
 * idle (classic 256 B at 35k msg/s): those maxima were set by the broker's serial processes, not CPU.
 */
export const CPU_SATURATED_FRACTION = 0.95;

/**
 * CPU used on the machine by neither the bench client nor the broker above which a step is
 * disturbed: the bench's own threshold (src/bench/step-runner.ts OTHER_PROCESSES_NOISE_CORES:
 * an idle machine with the broker running idles at ~0.02–0.05 cores, so 0.25 is another process at work).
 */
export const OTHER_PROCESSES_NOISE_CORES = 0.25;

/**
 * A client thread busier than 85 % of a core limited the step (the bench's own threshold,
 * src/bench/step-runner.ts CLIENT_SATURATION_SHARE: one event loop cannot do more than one core).
 * The bench also flags event-loop delay as client-limited; on a machine the broker and client
 * share, that delay comes from the machine being saturated, which is what a CPU-bound maximum is.
 */
export const CLIENT_SATURATION_SHARE = 0.85;

/**
 * Steps whose consumers' prefetch is at most this are set by the prefetch slots, not the broker's
 * ceilings (local broker, 1 KiB classic: 4,229 msg/s at prefetch 1, 10,904 at 10, 18,038 at 30,
 * 23,943 at 100, 27,854 at 1,000; docs/measurements/prefetch-4.3): they measure the prefetch loop
 * only (turnaround.ts) and are kept out of the CPU, ceiling and latency fits. Their CPU per
 * message is not the broker's batched cost either (146 core-µs at prefetch 1 against 43 at 100).
 */
export const PREFETCH_BOUND_MAX = 50;

/** Which classic variant to fit: the profile has one set of classic coefficients. */
export type ClassicChoice = 'auto' | 'persistent' | 'transient';

export interface Selection {
  queueType: QueueType;
  /** Classic: the chosen persistence; null for quorum and stream (always durable). */
  persistent: boolean | null;
  /** Whether the selected steps publish with confirms (the runs' confirm-on steps when they have any). */
  confirms: boolean;
  steps: StepResult[];
  searches: MaxRateSearch[];
  /** Replicas per queue in these steps (the most common count; other steps were dropped). */
  replicas: number | null;
  /** The searches whose consumers' prefetch bound them (PREFETCH_BOUND_MAX): for the prefetch loop only. */
  prefetchBound: MaxRateSearch[];
  notes: string[];
}

/** Replicas of the step's queues: the management API's member list, else 1 on a single node. */
export function stepReplicas(step: StepResult, run: BenchRunResult): number | null {
  const members = step.broker?.queues.map((q) => q.members.length).filter((n) => n > 0) ?? [];
  if (members.length > 0) return Math.max(...members);
  if (step.config.queueType === 'classic') return 1;
  const nodes = run.broker?.nodes.length ?? 0;
  return nodes === 1 ? 1 : null;
}

/**
 * Which consumers' acks to select: `each` one ack per delivery (what every per-message figure of a
 * profile is measured with), `batched` an ack every N > 1 deliveries (what an ack costs: acks.ts).
 */
export type AckChoice = 'each' | 'batched';

/**
 * `confirms`: 'auto' takes the steps with publisher confirms when there are any (the profile's CPU
 * costs include a confirm; profile/fit/confirms.ts measures it from the others), else those without.
 * `acks`: the steps whose consumers ack each delivery (default) or every N > 1 (AckChoice).
 */
export function selectSteps(
  run: BenchRunResult,
  queueType: QueueType,
  classic: ClassicChoice,
  confirms: boolean | 'auto' = 'auto',
  acks: AckChoice = 'each',
): Selection {
  const notes: string[] = [];
  const ackMatches = (c: { ackEvery: number }) => (acks === 'each') === (c.ackEvery === 1);
  const ofTypeAnyAck = run.steps.filter((s) => s.config.queueType === queueType);
  const allOfType = ofTypeAnyAck.filter((s) => ackMatches(s.config));
  const otherAcks = ofTypeAnyAck.length - allOfType.length;
  if (otherAcks > 0 && acks === 'each') {
    notes.push(`${otherAcks} step(s) whose consumers ack every N > 1 deliveries set aside: they measure what an ack costs (the acks group)`);
  }
  const withConfirms = confirms === 'auto' ? allOfType.length === 0 || allOfType.some((s) => s.config.confirms) : confirms;
  const ofType = allOfType.filter((s) => s.config.confirms === withConfirms);
  let persistent: boolean | null = null;
  let steps = ofType;
  if (queueType === 'classic') {
    const hasPersistent = ofType.some((s) => s.config.persistent);
    const hasTransient = ofType.some((s) => !s.config.persistent);
    // auto: the transient steps give the classic coefficients and the persistent ones what persistence
    // adds (profile/fit/persistence.ts); a run with persistent steps only fits them as the whole cost.
    persistent = classic === 'persistent' ? true : classic === 'transient' ? false : !hasTransient;
    steps = ofType.filter((s) => s.config.persistent === persistent);
    if (classic === 'auto' && hasPersistent && hasTransient) {
      notes.push(
        'the run has persistent and transient classic steps: the classic coefficients are fitted on the transient ones, what persistence adds on the persistent ones',
      );
    } else if (classic === 'auto' && !hasPersistent && hasTransient) {
      notes.push('only transient classic steps: what persistence adds is not measured (kept from the base profile)');
    } else if (classic === 'auto' && hasPersistent && !hasTransient) {
      notes.push(
        'only persistent classic steps: the classic coefficients include what persistence adds (its own coefficients are set to 0); transient messages are over-charged',
      );
    }
  }
  const byReplicas = new Map<number | null, number>();
  for (const s of steps) {
    const r = stepReplicas(s, run);
    byReplicas.set(r, (byReplicas.get(r) ?? 0) + 1);
  }
  let replicas: number | null = null;
  let best = -1;
  for (const [r, n] of byReplicas) {
    if (n > best || (n === best && (r ?? 0) < (replicas ?? 0))) {
      best = n;
      replicas = r;
    }
  }
  if (byReplicas.size > 1) {
    const dropped = steps.filter((s) => stepReplicas(s, run) !== replicas).length;
    notes.push(`steps with different replica counts: kept the ${best} with ${replicas ?? 'unknown'} replica(s), dropped ${dropped}`);
    steps = steps.filter((s) => stepReplicas(s, run) === replicas);
  }
  const kept = new Set(steps.map((s) => s.searchId).filter((id): id is string => id !== null));
  const matching = run.searches.filter(
    (s) =>
      kept.has(s.id) &&
      s.config.queueType === queueType &&
      s.config.confirms === withConfirms &&
      ackMatches(s.config) &&
      (persistent === null || s.config.persistent === persistent),
  );
  const prefetchBound = matching.filter((s) => s.config.prefetch <= PREFETCH_BOUND_MAX);
  const searches = matching.filter((s) => s.config.prefetch > PREFETCH_BOUND_MAX);
  const boundSteps = steps.filter((s) => s.config.prefetch <= PREFETCH_BOUND_MAX).length;
  if (boundSteps > 0) {
    notes.push(
      `${boundSteps} step(s) with a prefetch of at most ${PREFETCH_BOUND_MAX}: their consumers' slots set the rate, so they measure the prefetch loop only`,
    );
    steps = steps.filter((s) => s.config.prefetch > PREFETCH_BOUND_MAX);
  }
  return { queueType, persistent, confirms: withConfirms, steps, searches, replicas, prefetchBound, notes };
}

/** Broker cores over a step's window: the broker process's own CPU, else machine − client; null for a remote broker. */
export function brokerCores(step: StepResult): number | null {
  return step.cpu.brokerCoresMeasured ?? step.cpu.brokerCoresEstimate;
}

/** Messages the broker handled per second in the window: the mean of the publish and consume rates (both sides cost CPU). */
export function stepRate(step: StepResult): number {
  return (step.rates.publishMsgPerSec + step.rates.consumeMsgPerSec) / 2;
}

/** The broker ran on the bench machine in this step (its CPU is known only then). */
export function brokerOnBenchMachine(step: StepResult): boolean {
  return step.cpu.brokerCoresEstimate !== null || step.cpu.brokerCoresMeasured !== null;
}

/** The machine was CPU-saturated in this step (local broker only; null when the broker is remote). */
export function machineSaturated(step: StepResult): boolean | null {
  if (!brokerOnBenchMachine(step)) return null;
  return step.cpu.machineBusyCores >= CPU_SATURATED_FRACTION * step.cpu.machineCores;
}

/** The step that sustained the search's maximum (its highest sustained paced trial). */
export function stepAtMax(search: MaxRateSearch, steps: readonly StepResult[]): StepResult | null {
  const trial = search.trials.find((t) => t.sustained && t.targetMsgPerSec !== null && t.targetMsgPerSec === search.maxSustainedMsgPerSec);
  if (trial === undefined) return null;
  return steps.find((s) => s.index === trial.stepIndex) ?? null;
}

/**
 * The search never failed a trial (its budget ran out going up): the true maximum is higher. A
 * failure run again (superseded) does not count: its re-run holds the verdict.
 */
export function searchIsLowerBound(search: MaxRateSearch): boolean {
  return !search.trials.some((t) => t.targetMsgPerSec !== null && !t.sustained && t.superseded !== true);
}

/** Cores used by other processes during the step (machine − client − broker process); null when the broker's own CPU is unknown. */
export function otherProcessesCores(step: StepResult): number | null {
  if (step.cpu.brokerCoresMeasured === null) return null;
  return step.cpu.machineBusyCores - step.cpu.clientCores - step.cpu.brokerCoresMeasured;
}

/** Another process took a noticeable share of the machine during the step. */
export function disturbed(step: StepResult): boolean {
  const other = otherProcessesCores(step);
  return other !== null && other > OTHER_PROCESSES_NOISE_CORES;
}

/** Any step of the search was disturbed by other processes: its verdicts, and so its maximum, may be too low. */
export function searchDisturbed(search: MaxRateSearch, steps: readonly StepResult[]): boolean {
  const indices = new Set(search.trials.map((t) => t.stepIndex));
  return steps.some((s) => indices.has(s.index) && disturbed(s));
}

/** One of the search's paced trials (not its unpaced probe) saturated a client thread: the maximum is the client's. */
export function searchClientSaturated(search: MaxRateSearch, steps: readonly StepResult[]): boolean {
  const indices = new Set(search.trials.filter((t) => t.targetMsgPerSec !== null).map((t) => t.stepIndex));
  return steps.some((s) => indices.has(s.index) && s.cpu.clientBusiestThreadShare > CLIENT_SATURATION_SHARE);
}
