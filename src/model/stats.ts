/** The few statistics the fit, the validation and inspect share: one definition each. */

/** The median (the mean of the middle two for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The value at which the weights below and above it each reach half of their sum; null for no values. */
export function weightedMedian(values: readonly number[], weights: readonly number[]): number | null {
  if (values.length === 0) return null;
  const order = values.map((v, i) => ({ v, w: weights[i]! })).sort((a, b) => a.v - b.v);
  const half = order.reduce((acc, x) => acc + x.w, 0) / 2;
  let below = 0;
  for (const x of order) {
    below += x.w;
    if (below >= half) return x.v;
  }
  return order[order.length - 1]!.v;
}

/** Coefficient of determination 1 − SSres/SStot; null when the measurements do not vary. */
export function rSquared(measured: readonly number[], fitted: readonly number[]): number | null {
  const mean = measured.reduce((a, v) => a + v, 0) / Math.max(1, measured.length);
  let ssTot = 0;
  let ssRes = 0;
  measured.forEach((v, i) => {
    ssTot += (v - mean) ** 2;
    ssRes += (v - fitted[i]!) ** 2;
  });
  return ssTot > 0 ? 1 - ssRes / ssTot : null;
}

/** Ordinary least squares y = intercept + slope·x, with the means (slope 0 when x does not vary). */
export function leastSquaresLine(xs: readonly number[], ys: readonly number[]): { intercept: number; slope: number; meanX: number; meanY: number } {
  const n = Math.max(1, xs.length);
  const meanX = xs.reduce((a, x) => a + x, 0) / n;
  const meanY = ys.reduce((a, y) => a + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  xs.forEach((x, i) => {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (ys[i]! - meanY);
  });
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { intercept: meanY - slope * meanX, slope, meanX, meanY };
}
