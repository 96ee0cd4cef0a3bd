import { describe, expect, it } from 'vitest';
import { utilisationBar } from '../../src/render/bars.js';
import { bytes, bytesPerSec, num, pct, usd } from '../../src/format/numbers.js';
import { quantity } from '../../src/render/quantity.js';
import { money, round } from '../../src/render/json/size.js';

describe('human number formatting', () => {
  it('num: separators above 100, 3 significant digits below', () => {
    expect(num(12345.6)).toBe('12,346');
    expect(num(12.345)).toBe('12.3');
    expect(num(0.012345)).toBe('0.0123');
    expect(num(3)).toBe('3');
    expect(num(-0)).toBe('0');
    expect(num(Number.POSITIVE_INFINITY)).toBe('∞');
  });

  it('pct', () => {
    expect(pct(0.523)).toBe('52%');
    expect(pct(0.0523)).toBe('5.2%');
    expect(pct(0.0001)).toBe('0%');
    expect(pct(1.5)).toBe('150%');
  });

  it('binary bytes, decimal rates', () => {
    expect(bytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(bytes(512)).toBe('512 B');
    expect(bytesPerSec(125e6)).toBe('125 MB/s');
    expect(bytesPerSec(1.25e9)).toBe('1.25 GB/s');
  });

  it('quantities by unit', () => {
    expect(quantity(0.9, 'cores')).toBe('0.9 cores');
    expect(quantity(18000, 'msgPerSec')).toBe('18,000 msg/s');
    expect(quantity(65536, 'count')).toBe('65,536');
    expect(quantity(400.5, 'usdPerMonth')).toBe('$400.50/mo');
    expect(usd(1234.5)).toBe('$1,234.50');
  });
});

describe('utilisation bar', () => {
  it('fills to the utilisation and marks the limit', () => {
    expect(utilisationBar(0.5, 0.6)).toBe('█████·│····');
    expect(utilisationBar(0, 0.8)).toBe('········│··');
  });

  it('uses eighth blocks for partial cells', () => {
    expect(utilisationBar(0.25, 0.6)).toBe('██▌···│····');
  });

  it('is full past 100% and always the same width', () => {
    expect(utilisationBar(3, 0.8)).toBe('████████│██');
    for (const u of [0, 0.01, 0.33, 0.99, 1, 7]) expect([...utilisationBar(u, 0.6)]).toHaveLength(11);
  });
});

describe('JSON rounding', () => {
  it('keeps integers, rounds other numbers to 4 significant digits', () => {
    expect(round(65536)).toBe(65536);
    expect(round(0.123456)).toBe(0.1235);
    expect(round(123456.789)).toBe(123500);
    expect(round(-0)).toBe(0);
  });

  it('money to the cent', () => {
    expect(money(420.4849)).toBe(420.48);
    expect(money(0.001)).toBe(0);
  });
});
