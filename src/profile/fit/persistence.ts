/**
 * What persistence adds to a classic message (persistentCpuMicros, persistentQueueServiceMicros):
 * a persistent classic message is written to its queue's store (and, with confirms, waits for its
 * share of an fsync), work a transient one does not do. Measured as the difference between the
 * run's persistent classic steps and the transient fit at the same message size: the broker CPU
 * per message at high load, and the single-queue service time 10⁶ / maximum rate. Taken as the
 * median difference over the persistent points, so one size of persistent steps is enough (the
 * extra is taken as size-independent: docs/fit.md "Persistence"). Pure.
 */
import { MICROS_PER_SECOND, NANOS_PER_MICRO } from '../../model/constants.js';
import { median } from '../../model/stats.js';
import type { FitGroup, FitResidual } from './report.js';
import { differenceGroup, differenceResidual, type ReferenceFits } from './groups.js';

export const PERSISTENCE_EQUATION =
  'persistent − transient at the same size: broker core-µs per message at ≥ 90 % of the maximum (A + size × B of the transient fit), and 10⁶ / single-queue max rate (a + size × b)';

/**
 * `persistentCpu` and `persistentCeiling`: the CPU and ceiling fits of the persistent classic
 * steps alone (their residuals carry each point's measured figure and size).
 */
export function fitPersistence(transient: ReferenceFits, persistentCpu: FitGroup, persistentCeiling: FitGroup): FitGroup {
  const a = transient.cpu.parameters.aMicrosPerMessage;
  const b = transient.cpu.parameters.bNanosPerByteAllHops;
  const sa = transient.ceiling.parameters.aMicros;
  const sb = transient.ceiling.parameters.bNanosPerByte;
  const notes: string[] = [];
  const residuals: FitResidual[] = [];
  let cpuExtra: number | null = null;
  let serviceExtra: number | null = null;
  if (transient.cpu.status === 'fitted' && a !== undefined && b !== undefined && persistentCpu.residuals.length > 0) {
    const diffs = persistentCpu.residuals.map((r) => {
      const transientAt = a + (r.sizeBytes * b) / NANOS_PER_MICRO;
      residuals.push(differenceResidual(`${r.label} (CPU, core-µs/msg)`, r.stepIndex, r.sizeBytes, r.rateMsgPerSec, r.measured, transientAt));
      return r.measured - transientAt;
    });
    cpuExtra = Math.max(0, median(diffs)!);
  } else {
    notes.push(
      `CPU: ${transient.cpu.status !== 'fitted' ? 'no transient CPU fit to compare with' : 'no persistent classic step with broker CPU at high load'}`,
    );
  }
  if (transient.ceiling.status === 'fitted' && sa !== undefined && sb !== undefined && persistentCeiling.residuals.length > 0) {
    const diffs = persistentCeiling.residuals.map((r) => {
      const transientMicros = sa + (r.sizeBytes * sb) / NANOS_PER_MICRO;
      residuals.push(
        differenceResidual(`${r.label} (service, µs/msg)`, r.stepIndex, r.sizeBytes, r.rateMsgPerSec, MICROS_PER_SECOND / r.measured, transientMicros),
      );
      return MICROS_PER_SECOND / r.measured - transientMicros;
    });
    serviceExtra = Math.max(0, median(diffs)!);
    if (persistentCeiling.parameters.cpuBoundPoints !== undefined && persistentCeiling.parameters.cpuBoundPoints > 0) {
      notes.push("service: the machine's CPU was saturated at the persistent maximum: the extra service time is an upper bound");
    }
  } else {
    notes.push(`service: ${transient.ceiling.status !== 'fitted' ? 'no transient ceiling fit to compare with' : 'no persistent classic closed-loop search'}`);
  }
  return differenceGroup(
    PERSISTENCE_EQUATION,
    'core-µs/msg, µs/msg',
    [
      { coefficient: 'persistentCpuMicros', parameter: 'cpuExtraMicros', value: cpuExtra },
      { coefficient: 'persistentQueueServiceMicros', parameter: 'serviceExtraMicros', value: serviceExtra },
    ],
    notes,
    residuals,
  );
}
