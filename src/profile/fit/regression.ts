/**
 * Linear least squares for the calibration fit, with non-negative coefficients (the profile's
 * schema requires every coefficient ≥ 0, and a negative cost means noise, not physics).
 *
 * The only module of the project that imports mathjs: it is loaded by the fit alone, never on
 * the `size` command's path. mathjs is built from its factories (https://mathjs.org/docs/custom_bundling.html)
 * so the bundle carries the LU decomposition and solver only, not the whole library.
 */
import { create, lupDependencies, lusolveDependencies, type MathArray } from 'mathjs';
import { rSquared } from '../../model/stats.js';

export { rSquared };

// The typings mark each dependency map optional; both exist in mathjs 15.
const { lup, lusolve } = create({ lupDependencies: lupDependencies!, lusolveDependencies: lusolveDependencies! });

/** One observation: the regressors x (same order as the coefficient names) and the response y. */
export interface Observation {
  x: readonly number[];
  y: number;
}

export interface LeastSquaresResult {
  /** Fitted coefficients, in the order of the regressors; ≥ 0 always. */
  coefficients: number[];
  /** Coefficients forced to 0 because the unconstrained fit made them negative. */
  clampedToZero: number[];
  /** 1 − SSres/SStot; null when y does not vary (SStot = 0). */
  r2: number | null;
  /** Fitted y per observation, in input order. */
  fitted: number[];
  /**
   * Standard error of each coefficient, in the order of the regressors: √(σ² · (XᵀX)⁻¹ⱼⱼ) over
   * the coefficients left free, σ² = residual sum of squares ÷ (n − free coefficients); null for a
   * coefficient held at 0, or when there are no more observations than free coefficients.
   */
  standardErrors: (number | null)[];
}

/** A fit that cannot be made: too few observations, or regressors that do not vary independently. */
export class NotIdentifiable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotIdentifiable';
  }
}

/**
 * Least squares y ≈ Σ βⱼ·xⱼ with every βⱼ ≥ 0 (active set: the most negative coefficient is fixed
 * at 0 and the rest refitted, until none is negative). Columns are scaled to unit RMS before the
 * normal equations are solved, so regressors of very different magnitudes (1, msg/s, msg/s × B)
 * do not make the system ill-conditioned.
 */
export function nonNegativeLeastSquares(observations: readonly Observation[]): LeastSquaresResult {
  const n = observations.length;
  const k = observations[0]?.x.length ?? 0;
  if (k === 0) throw new NotIdentifiable('no regressors');
  if (n < k) throw new NotIdentifiable(`${n} observation(s) for ${k} coefficient(s)`);
  const active = new Set<number>(Array.from({ length: k }, (_, j) => j));
  const clamped: number[] = [];
  let beta = new Array<number>(k).fill(0);
  for (;;) {
    const columns = [...active];
    const solved = columns.length === 0 ? [] : solveScaled(observations, columns);
    beta = new Array<number>(k).fill(0);
    columns.forEach((j, i) => (beta[j] = solved[i]!));
    let worst = -1;
    for (const j of columns) if (beta[j]! < 0 && (worst < 0 || beta[j]! < beta[worst]!)) worst = j;
    if (worst < 0) break;
    active.delete(worst);
    clamped.push(worst);
  }
  const fitted = observations.map((o) => o.x.reduce((a, xj, j) => a + xj * beta[j]!, 0));
  return {
    coefficients: beta,
    clampedToZero: clamped.sort((a, b) => a - b),
    r2: rSquared(
      observations.map((o) => o.y),
      fitted,
    ),
    fitted,
    standardErrors: standardErrors(observations, [...active], fitted, k),
  };
}

/** √(σ² (XᵀX)⁻¹ⱼⱼ) for the free columns (the classical OLS standard errors, given the held ones). */
function standardErrors(observations: readonly Observation[], columns: readonly number[], fitted: readonly number[], k: number): (number | null)[] {
  const out = new Array<number | null>(k).fill(null);
  const dof = observations.length - columns.length;
  if (dof <= 0 || columns.length === 0) return out;
  const rss = observations.reduce((a, o, i) => a + (o.y - fitted[i]!) ** 2, 0);
  const sigma2 = rss / dof;
  // (XᵀX)⁻¹ column by column: solve XᵀX v = eⱼ with the same scaled system (scaling cancels out below).
  const scale = columns.map((j) => Math.sqrt(observations.reduce((a, o) => a + o.x[j]! ** 2, 0) / observations.length));
  const m = columns.length;
  const xtx: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (const o of observations) {
    const row = columns.map((j, i) => o.x[j]! / scale[i]!);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) xtx[a]![b]! += row[a]! * row[b]!;
  }
  try {
    const lu = lup(xtx);
    columns.forEach((j, i) => {
      const unit = new Array<number>(m).fill(0);
      unit[i] = 1;
      const v = (lusolve(lu, unit).valueOf() as number[][]).map((r) => r[0]!);
      // Scaled inverse diagonal → the unscaled one: (XᵀX)⁻¹ᵢᵢ = (X̃ᵀX̃)⁻¹ᵢᵢ / sᵢ².
      const variance = (sigma2 * v[i]!) / scale[i]! ** 2;
      out[j] = variance >= 0 && Number.isFinite(variance) ? Math.sqrt(variance) : null;
    });
  } catch {
    return out;
  }
  return out;
}

/** Ordinary least squares on the given columns via the scaled normal equations (mathjs lusolve). */
function solveScaled(observations: readonly Observation[], columns: readonly number[]): number[] {
  const scale = columns.map((j) => Math.sqrt(observations.reduce((a, o) => a + o.x[j]! ** 2, 0) / observations.length));
  if (scale.some((s) => !(s > 0))) throw new NotIdentifiable('a regressor is zero in every observation');
  const m = columns.length;
  const xtx: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const xty: number[] = new Array<number>(m).fill(0);
  for (const o of observations) {
    const row = columns.map((j, i) => o.x[j]! / scale[i]!);
    for (let a = 0; a < m; a++) {
      xty[a]! += row[a]! * o.y;
      for (let b = 0; b < m; b++) xtx[a]![b]! += row[a]! * row[b]!;
    }
  }
  // One LU decomposition (partial pivoting) both checks the conditioning and solves: a
  // near-singular system solves to huge, cancelling coefficients.
  let solution: number[];
  try {
    const lu = lup(xtx);
    if (conditionTooPoor(lu.U as MathArray)) throw new NotIdentifiable('the regressors are nearly collinear');
    // Solving from a decomposition returns a mathjs Matrix; valueOf() is its nested array.
    const raw = lusolve(lu, xty).valueOf() as number[][];
    solution = raw.map((r) => r[0]!);
  } catch (error) {
    if (error instanceof NotIdentifiable) throw error;
    throw new NotIdentifiable(`the regressors are not independent (${error instanceof Error ? error.message : String(error)})`);
  }
  if (solution.some((v) => !Number.isFinite(v))) throw new NotIdentifiable('the regressors are not independent');
  return solution.map((v, i) => v / scale[i]!);
}

/**
 * Ratio of the smallest to the largest pivot of the scaled normal matrix below which the fit is
 * numerically meaningless (1e-10: double precision keeps ~16 digits, the squared system halves them).
 */
const MIN_PIVOT_RATIO = 1e-10;

/** The LU factor's pivots (U's diagonal) span more than MIN_PIVOT_RATIO: a (nearly) dependent column. */
function conditionTooPoor(upper: MathArray): boolean {
  const rows = upper as number[][];
  const pivots = rows.map((row, i) => Math.abs(row[i]!));
  const largest = Math.max(...pivots);
  const smallest = Math.min(...pivots);
  return !(largest > 0) || smallest / largest < MIN_PIVOT_RATIO;
}
