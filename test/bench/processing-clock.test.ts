import { describe, expect, it } from 'vitest';
import { ProcessingClock } from '../../src/bench/processing-clock.js';

describe('a consumer’s simulated work on a virtual clock (processing-clock.ts)', () => {
  it('serves a queue of messages back to back: the n-th of a burst is done n × the service time after it arrived', () => {
    const clock = new ProcessingClock(50);
    const done: number[] = [];
    for (let i = 0; i < 10; i++) {
      const at = clock.completionMicros(1_000);
      clock.complete(at);
      done.push(at);
    }
    expect(done).toEqual([1050, 1100, 1150, 1200, 1250, 1300, 1350, 1400, 1450, 1500]);
  });

  it('starts a message that arrives while the consumer is idle at its arrival, not when the last one finished', () => {
    const clock = new ProcessingClock(200);
    clock.complete(clock.completionMicros(0));
    expect(clock.completionMicros(10_000)).toBe(10_200);
  });

  it('carries exactly 1 ÷ service time at saturation, however late the consumer wakes to settle (20,000 msg/s at 0.05 ms)', () => {
    const clock = new ProcessingClock(50);
    // 1 s of messages queued at t = 0, settled by a consumer that only wakes every 1.3 ms.
    let settled = 0;
    let last = 0;
    for (let wake = 1300; wake <= 1_000_000; wake += 1300) {
      for (let at = clock.completionMicros(0); at <= wake; at = clock.completionMicros(0)) {
        clock.complete(at);
        last = at;
        settled++;
      }
    }
    expect(settled).toBe(Math.floor(last / 50));
    expect(settled).toBeGreaterThanOrEqual(19_970);
  });
});
