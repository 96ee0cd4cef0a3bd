/** The few statistics the fit, the validation and inspect share: one definition each. */

/** The median (the mean of the middle two for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
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
