/**
 * The validation report as text: one line per prediction (measured, predicted, error), then the
 * medians and the worst, and the verdict against --max-error.
 */
import type { ValidationReport, ValidationRow } from '../../validate/validate.js';
import { exactSize, percentOf, wholeFrom100 } from '../../format/numbers.js';

const LABEL_WIDTH = 40;

function clip(s: string, width: number): string {
  return s.length <= width ? s.padEnd(width) : `${s.slice(0, width - 1)}…`;
}

/** A size outside the profile's calibrated ones: its per-byte costs are carried beyond what was measured. */
function extrapolated(r: ValidationRow): string {
  const range = r.calibratedSizesBytes;
  if (!r.sizeExtrapolated || range === null) return '';
  return `; ${exactSize(r.config.messageSizeBytes)} is outside the calibrated ${exactSize(range.min)}–${exactSize(range.max)}`;
}

function line(r: ValidationRow): string {
  const unit = r.kind === 'max-rate' ? 'msg/s' : 'ms';
  const digits = r.kind === 'max-rate' ? 0 : 2;
  const tail =
    r.excluded !== null
      ? `not counted: ${r.excluded}`
      : r.beyondSaturation
        ? "past the model's saturation: no steady state predicted (a miss)"
        : r.kind === 'max-rate'
          ? `model binds on ${r.bindsOn ?? '?'}${extrapolated(r)}`
          : `×${r.factor === null ? '—' : r.factor.toFixed(2)}${extrapolated(r)}`;
  return `  ${clip(r.label, LABEL_WIDTH)} ${wholeFrom100(r.measured, digits, '—').padStart(9)} ${wholeFrom100(r.predicted, digits, '—').padStart(9)} ${unit.padEnd(5)} ${percentOf(r.errorPercent, '—').padStart(8)}  ${tail}`;
}

/** The runs against each other where they repeat a configuration: the noise the model's error sits on. */
function repeatLines(v: ValidationReport): string[] {
  const m = v.repeatability.maxRate;
  const p = v.repeatability.p99;
  if (m.pairs === 0 && p.pairs === 0) return [];
  const out = ['Repeats (runs that measured the same configuration, each taken as the prediction of the other):'];
  if (m.pairs > 0) {
    out.push(
      `  maximum rate: ${m.pairs} pairs, median difference ${percentOf(m.medianDifferencePercent, '—')}, worst ${percentOf(m.worstDifferencePercent, '—')}${m.worstLabel ? ` (${m.worstLabel})` : ''}`,
    );
  }
  if (p.pairs > 0) {
    out.push(
      `  p99: ${p.pairs} pairs, median difference ${percentOf(p.medianDifferencePercent, '—')}, ${p.withinFactor} of ${p.pairs} within a factor of ${p.factorTarget} of each other`,
    );
  }
  return out;
}

export function renderValidation(v: ValidationReport): string {
  const out: string[] = [];
  out.push(`Validation of profile "${v.profile}" against ${v.files.length} bench run${v.files.length === 1 ? '' : 's'}: ${v.files.join(', ')}`);
  for (const kind of ['max-rate', 'p99'] as const) {
    const rows = v.rows.filter((r) => r.kind === kind);
    if (rows.length === 0) continue;
    out.push('');
    out.push(kind === 'max-rate' ? 'Maximum sustained rate (closed-loop searches)' : 'p99 end to end at the delivered rate (open-loop steps)');
    out.push(`  ${'step'.padEnd(LABEL_WIDTH)} ${'measured'.padStart(9)} ${'predicted'.padStart(9)} ${''.padEnd(5)} ${'error'.padStart(8)}`);
    for (const r of rows) out.push(line(r));
  }
  const m = v.summary.maxRate;
  const p = v.summary.p99;
  out.push('');
  out.push(
    `Maximum rate: ${m.rows} judged, median error ${percentOf(m.medianErrorPercent, '—')}, worst ${percentOf(m.worstErrorPercent, '—')}${m.worstLabel ? ` (${m.worstLabel})` : ''}`,
  );
  out.push(
    `p99: ${p.rows} judged, median error ${percentOf(p.medianErrorPercent, '—')} (of the ${p.rows - p.beyondSaturation} with a finite prediction), worst ${percentOf(p.worstErrorPercent, '—')}; ${p.withinFactor} of ${p.rows} within a factor of ${p.factorTarget}${p.beyondSaturation > 0 ? `, ${p.beyondSaturation} past the model's saturation` : ''}`,
  );
  out.push(...repeatLines(v));
  for (const note of v.notes) out.push(`note: ${note}`);
  out.push(
    v.ok
      ? `OK: median maximum-rate error ${percentOf(m.medianErrorPercent, '—')} ≤ ${v.maxErrorPercent} %`
      : m.medianErrorPercent === null
        ? 'FAILED: nothing to judge'
        : `FAILED: median maximum-rate error ${percentOf(m.medianErrorPercent, '—')} > ${v.maxErrorPercent} % (--max-error)`,
  );
  return `${out.join('\n')}\n`;
}
