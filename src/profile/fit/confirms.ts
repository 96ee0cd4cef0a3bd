/**
 * What a publisher confirm costs the broker per message (confirmCpuMicros): the basic.ack the
 * broker sends back and its bookkeeping. The profile's publishCpuMicros includes it (calibration
 * and production publish with confirms); a workload without confirms is charged that much less.
 * Measured as the difference between the CPU fit of the steps with confirms (A + size × B) and the
 * broker CPU per message of the steps without, at the same size, at ≥ 90 % of their maximum: the
 * median over those steps. Pure.
 */
import { median } from '../../model/stats.js';
import { notMeasured, residualPercent, residualStats } from './groups.js';
import type { FitGroup, FitResidual } from './report.js';

export const CONFIRM_EQUATION =
  'with − without confirms at the same size: broker core-µs per message at ≥ 90 % of the maximum (A + size × B of the fit with confirms)';

const NANOS_PER_MICRO = 1000;

/** `withConfirms`: the CPU fit of the steps with confirms; `withoutConfirms`: that of the steps without (its residuals carry each point). */
export function fitConfirmCost(withConfirms: FitGroup, withoutConfirms: FitGroup): FitGroup {
  const a = withConfirms.parameters.aMicrosPerMessage;
  const b = withConfirms.parameters.bNanosPerByteAllHops;
  if (withConfirms.status !== 'fitted' || a === undefined || b === undefined) {
    return notMeasured(CONFIRM_EQUATION, 'core-µs/msg', 'no CPU fit of the steps with confirms to compare with');
  }
  if (withoutConfirms.residuals.length === 0) {
    return notMeasured(CONFIRM_EQUATION, 'core-µs/msg', `no step without confirms at high load with broker CPU (${withoutConfirms.notes[0] ?? 'no data'})`);
  }
  const residuals: FitResidual[] = withoutConfirms.residuals.map((r) => {
    const withAt = a + (r.sizeBytes * b) / NANOS_PER_MICRO;
    return { ...r, label: `${r.label} (without confirms)`, fitted: withAt, residualPercent: residualPercent(r.measured, withAt) };
  });
  const middle = median(residuals.map((r) => r.fitted - r.measured))!;
  const extra = Math.max(0, middle);
  const notes = middle < 0 ? ['the steps without confirms cost more CPU per message than the fit with them (noise): held at 0'] : [];
  return {
    status: 'fitted',
    notes,
    equation: CONFIRM_EQUATION,
    responseUnit: 'core-µs/msg',
    parameters: { confirmMicros: extra },
    coefficients: { confirmCpuMicros: extra },
    r2: null,
    points: residuals.length,
    ...residualStats(residuals),
    residuals,
  };
}
