/**
 * The closed-loop throughput (Mean Value Analysis) worked by hand, and its physics: more messages
 * in flight never carry less, a longer delay never carries more, and no loop beats its busiest
 * stage (1 ÷ its demand per server) or its windows (in flight ÷ (delay + demands)).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closedLoopThroughputPerMs, type ClosedLoop } from '../../src/model/closed-loop.js';

describe('closed-loop throughput (MVA)', () => {
  it('one queue of 1 ms and no delay: 1 per ms whatever is in flight', () => {
    const loop: ClosedLoop = { delayMs: 0, centres: [{ demandMs: 1, servers: 1 }] };
    expect(closedLoopThroughputPerMs(loop, 1)).toBe(1);
    expect(closedLoopThroughputPerMs(loop, 2)).toBe(1);
  });

  it('a 9 ms delay and a 1 ms queue, by hand: X(1) = 1/10, X(2) = 2/10.1, X(3) = 3/(9 + 1 + 0.21782…)', () => {
    const loop: ClosedLoop = { delayMs: 9, centres: [{ demandMs: 1, servers: 1 }] };
    expect(closedLoopThroughputPerMs(loop, 1)).toBeCloseTo(0.1, 12);
    expect(closedLoopThroughputPerMs(loop, 2)).toBeCloseTo(2 / 10.1, 12);
    const q2 = (2 / 10.1) * 1.1;
    expect(closedLoopThroughputPerMs(loop, 3)).toBeCloseTo(3 / (9 + 1 + q2), 12);
  });

  it('two servers of 2 ms each (Seidmann): 1/2 per ms with one in flight, 1 per ms with many', () => {
    const loop: ClosedLoop = { delayMs: 0, centres: [{ demandMs: 2, servers: 2 }] };
    expect(closedLoopThroughputPerMs(loop, 1)).toBeCloseTo(0.5, 12);
    expect(closedLoopThroughputPerMs(loop, 10_000)).toBeCloseTo(1, 6);
  });

  it('nothing in flight carries nothing', () => {
    expect(closedLoopThroughputPerMs({ delayMs: 1, centres: [{ demandMs: 1, servers: 1 }] }, 0)).toBe(0);
  });

  const arbLoop = fc.record({
    delayMs: fc.double({ min: 0, max: 20, noNaN: true }),
    centres: fc.array(fc.record({ demandMs: fc.double({ min: 0.001, max: 2, noNaN: true }), servers: fc.integer({ min: 1, max: 8 }) }), {
      minLength: 1,
      maxLength: 4,
    }),
  });

  it('monotone and bounded: more in flight never less, more delay never more, never past the bottleneck or the windows', () => {
    fc.assert(
      fc.property(arbLoop, fc.integer({ min: 1, max: 2_000 }), fc.double({ min: 0, max: 10, noNaN: true }), (loop, n, extraDelay) => {
        const x = closedLoopThroughputPerMs(loop, n);
        expect(closedLoopThroughputPerMs(loop, n + 1)).toBeGreaterThanOrEqual(x * (1 - 1e-12));
        expect(closedLoopThroughputPerMs({ ...loop, delayMs: loop.delayMs + extraDelay }, n)).toBeLessThanOrEqual(x * (1 + 1e-12));
        const bottleneck = Math.min(...loop.centres.map((c) => c.servers / c.demandMs));
        expect(x).toBeLessThanOrEqual(bottleneck * (1 + 1e-9));
        const cycle = loop.delayMs + loop.centres.reduce((a, c) => a + c.demandMs, 0);
        expect(x).toBeLessThanOrEqual((n / cycle) * (1 + 1e-9));
      }),
      { seed: 20261207, numRuns: 200 },
    );
  });
});
