import { describe, expect, it } from 'vitest';
import { counterRates, nodeResets, queueResets, referenceTimesMs, summarize, sumRates } from '../../src/inspect/rates.js';
import { inspectionOf } from './support/snapshots.js';

const T = 1_700_000_000_000;
const ref = [T, T + 10_000, T + 20_000, T + 30_000];
const c = (value: number, atMs: number | null) => ({ value, atMs });

describe('rates from sampled counters', () => {
  it('divides counter deltas by the broker timestamps, not the poll times', () => {
    // The third sample is 5 s late (the statistics refreshed late): 1500 messages over 15 s.
    const rates = counterRates([c(0, T), c(1000, T + 10_000), c(2500, T + 25_000), c(3000, T + 30_000)], ref);
    expect(rates).toEqual([100, 100, 100]);
  });

  it('a counter that went down was reset (leader moved, node restarted): that interval is unknown, the next ones count again', () => {
    expect(counterRates([c(5000, T), c(200, T + 10_000), c(2200, T + 20_000)], ref)).toEqual([null, 200]);
  });

  it('knows nothing about an interval whose statistics did not refresh', () => {
    expect(counterRates([c(100, T), c(100, T)], ref)).toEqual([null]);
  });

  it('counts an object that appeared from the previous poll time, and a vanished one as 0', () => {
    expect(counterRates([null, c(500, T + 10_000), null], ref)).toEqual([50, 0]);
  });

  it('an object without statistics (never any traffic) has rate 0', () => {
    expect(counterRates([c(0, null), c(0, null), c(0, null)], ref)).toEqual([0, 0]);
  });

  it('sums per interval; an unknown interval stays unknown', () => {
    expect(
      sumRates(
        [
          [1, 2, null],
          [10, 20, 30],
        ],
        3,
      ),
    ).toEqual([11, 22, null]);
  });

  it('averages over time and takes the highest interval as the peak', () => {
    expect(summarize([100, 300, 200], ref)).toEqual({ averagePerSec: 200, peakPerSec: 300, intervals: 3 });
    expect(summarize([100, null, 400], ref)).toEqual({ averagePerSec: 250, peakPerSec: 400, intervals: 2 });
    expect(summarize([null, null], ref)).toBeNull();
  });

  it('places polls on the broker clock even when the client clock is off', () => {
    const inspection = inspectionOf({ queues: [{ name: 'q', publishPerSec: 10 }] });
    // The fixtures' client clock runs 2 s ahead; reference times are the broker's.
    expect(referenceTimesMs(inspection.polls)).toEqual(inspection.polls.map((p) => p.clientTimeMs - 2000));
  });
});

describe('counter resets from the cluster: a node lost or restarted, a quorum leader moved', () => {
  const node = (name: string, running: boolean, uptimeMs: number | null) => ({ name, running, uptimeMs });

  it('a node gone, or restarted between polls (uptime went down), loses its statistics; a node coming back does not', () => {
    const polls = [
      [node('a', true, 100_000), node('b', true, 100_000)],
      [node('a', true, 115_000), node('b', false, null)], // b killed
      [node('a', true, 130_000), node('b', true, 4_000)], // b back: adds counters from 0
      [node('a', true, 3_000), node('b', true, 19_000)], // a restarted between polls
    ];
    expect(nodeResets(polls).map((s) => [...s])).toEqual([['b'], [], ['a']]);
  });

  it('a queue whose leader moved, or whose leader node restarted, has an unknown interval', () => {
    const lost = [new Set<string>(), new Set<string>(['b']), new Set<string>()];
    expect(queueResets(['a', 'b', 'b', 'b'], lost)).toEqual([true, true, false]);
    // Missing at a poll (created or deleted): left to counterRates.
    expect(queueResets([undefined, 'a', 'a', undefined], lost)).toEqual([false, false, false]);
  });

  it('counterRates leaves a known reset interval unknown even when the counter has passed its old value', () => {
    const ref = [T, T + 10_000, T + 20_000];
    // Leader moved in interval 0: the new leader counted 2,000 since, more than the old 500.
    expect(counterRates([c(500, T), c(2_000, T + 10_000), c(4_000, T + 20_000)], ref, [true, false])).toEqual([null, 200]);
  });
});
