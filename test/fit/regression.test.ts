/**
 * The least-squares core of the fit: exact recovery, non-negativity, badly scaled regressors,
 * and refusing fits the data cannot support.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotIdentifiable, nonNegativeLeastSquares, rSquared } from '../../src/profile/fit/regression.js';

describe('nonNegativeLeastSquares', () => {
  it('recovers an exact linear relation with regressors of very different magnitudes', () => {
    // cores = 0.15 + rate × 36 µs + rate × size × 3 ns, rates 10³–10⁴ msg/s, sizes 256 B–64 KiB.
    const obs = [];
    for (const rate of [1000, 3000, 9000]) {
      for (const size of [256, 4096, 65536]) {
        obs.push({ x: [1, rate / 1e6, (rate * size) / 1e9], y: 0.15 + (rate * 36) / 1e6 + (rate * size * 3) / 1e9 });
      }
    }
    const r = nonNegativeLeastSquares(obs);
    expect(r.coefficients[0]).toBeCloseTo(0.15, 9);
    expect(r.coefficients[1]).toBeCloseTo(36, 6);
    expect(r.coefficients[2]).toBeCloseTo(3, 6);
    expect(r.r2).toBeCloseTo(1, 12);
    expect(r.clampedToZero).toEqual([]);
  });

  it('gives the classical standard errors, by hand: y = 1, 3, 2, 4 at x = 1..4', () => {
    // OLS: slope 0.8, intercept 0.5; residuals −0.3, 0.9, −0.9, 0.3 ⇒ RSS 1.8, σ² = 1.8 / (4 − 2) = 0.9;
    // Sxx = 5 ⇒ SE(slope) = √(0.9 / 5) = 0.42426, SE(intercept) = √(0.9 · (1/4 + 2.5² / 5)) = 1.16190.
    const r = nonNegativeLeastSquares([1, 2, 3, 4].map((x, i) => ({ x: [1, x], y: [1, 3, 2, 4][i]! })));
    expect(r.coefficients[0]).toBeCloseTo(0.5, 9);
    expect(r.coefficients[1]).toBeCloseTo(0.8, 9);
    expect(r.standardErrors[0]).toBeCloseTo(1.1619, 4);
    expect(r.standardErrors[1]).toBeCloseTo(0.42426, 5);
    // Exact data: no spread; as many points as coefficients: not estimable.
    expect(nonNegativeLeastSquares([1, 2, 3].map((x) => ({ x: [1, x], y: 2 + 3 * x }))).standardErrors.map((e) => e! < 1e-9)).toEqual([true, true]);
    expect(nonNegativeLeastSquares([1, 2].map((x) => ({ x: [1, x], y: 1 + x }))).standardErrors).toEqual([null, null]);
  });

  it('holds a coefficient that fits negative at 0 and refits the others', () => {
    // y = 2x exactly but the points suggest a negative intercept once noise is added.
    const obs = [
      { x: [1, 1], y: 1.7 },
      { x: [1, 2], y: 3.8 },
      { x: [1, 3], y: 5.9 },
    ];
    const unconstrainedIntercept = -0.4;
    expect(1.7 - 2.1 * 1).toBeCloseTo(unconstrainedIntercept, 9);
    const r = nonNegativeLeastSquares(obs);
    expect(r.clampedToZero).toEqual([0]);
    expect(r.coefficients[0]).toBe(0);
    // Through the origin: Σxy / Σx² = (1.7 + 7.6 + 17.7) / 14.
    expect(r.coefficients[1]).toBeCloseTo(27 / 14, 9);
  });

  it('refuses collinear regressors and too few observations', () => {
    expect(() => nonNegativeLeastSquares([{ x: [1, 2], y: 1 }])).toThrow(NotIdentifiable);
    const collinear = [1, 2, 3].map((v) => ({ x: [v, 2 * v], y: v }));
    expect(() => nonNegativeLeastSquares(collinear)).toThrow(NotIdentifiable);
    const zeroColumn = [1, 2, 3].map((v) => ({ x: [1, 0], y: v }));
    expect(() => nonNegativeLeastSquares(zeroColumn)).toThrow(/zero in every observation/);
  });

  it('rSquared: 1 for a perfect fit, null without variation', () => {
    expect(rSquared([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(rSquared([2, 2], [2, 2])).toBeNull();
    expect(rSquared([1, 2, 3], [2, 2, 2])).toBe(0);
  });
});

describe('mathjs stays off the size path', () => {
  it('only src/profile/fit/regression.ts imports mathjs', () => {
    const root = new URL('../../src', import.meta.url).pathname;
    const importers: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /from ['"]mathjs['"]|import\(['"]mathjs['"]\)/.test(readFileSync(p, 'utf8'))) importers.push(p.slice(root.length + 1));
      }
    };
    walk(root);
    expect(importers).toEqual(['profile/fit/regression.ts']);
  });

  it('compare and the fit command registration do not import the regression module statically', () => {
    for (const file of ['cli/compare.ts', 'cli/fit.ts', 'profile/compare.ts', 'profile/capacity.ts', 'profile/fit/report.ts']) {
      const text = readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8');
      expect(text, file).not.toMatch(
        /^import (?!type )[^;]*from '(\.\/|\.\.\/(profile\/)?fit\/|\.\.\/profile\/fit\/)(regression|groups|fit|files|samples)\.js'/m,
      );
    }
  });
});
