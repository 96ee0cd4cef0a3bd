import { describe, expect, it } from 'vitest';
import { checkMaxMessageSize, forecastWorkload, growthFactor, messageSizes } from '../../src/model/forecast.js';
import { workload, workloadFile } from './helpers.js';

describe('forecast', () => {
  it('compounds monthly growth and applies the traffic scale', () => {
    // 1,000 msg/s × 1.1^12 × 2 = 1,000 × 3.138428376721 × 2 = 6,276.856753 msg/s
    const f = workloadFile([workload({ publishRate: { averageMsgPerSec: 400, peakMsgPerSec: 1000, monthlyGrowthPercent: 10 } })]);
    const fc = forecastWorkload(f.workloads[0]!, 12, 2);
    expect(fc.peakMsgPerSec).toBeCloseTo(6276.856753, 5);
    // average 400 × 3.1384 × 2 = 2,510.74
    expect(fc.averageMsgPerSec).toBeCloseTo(2510.742701, 5);
    expect(fc.burstMsgPerSec).toBeNull();
  });

  it('derives the peak from peakToAverageRatio and grows the burst too', () => {
    // peak = 400 × 2.5 = 1,000; burst 3,000 × 1.05^2 = 3,307.5 over 30 s
    const f = workloadFile([
      workload({
        publishRate: { averageMsgPerSec: 400, peakToAverageRatio: 2.5, monthlyGrowthPercent: 5, burst: { msgPerSec: 3000, durationSeconds: 30 } },
      }),
    ]);
    const fc = forecastWorkload(f.workloads[0]!, 2, 1);
    expect(fc.peakMsgPerSec).toBeCloseTo(1000 * 1.1025, 9);
    expect(fc.burstMsgPerSec).toBeCloseTo(3307.5, 9);
    expect(fc.burstDurationSeconds).toBe(30);
  });

  it('shrinks with negative growth', () => {
    expect(growthFactor(-10, 2)).toBeCloseTo(0.81, 12);
    expect(growthFactor(0, 120)).toBe(1);
  });

  it('sizes bandwidth on p95 and checks max against max_message_size', () => {
    expect(messageSizes(512)).toEqual({ p50Bytes: 512, sizingBytes: 512, maxBytes: 512 });
    expect(messageSizes({ p50: 100, p95: 2000, max: 9000 })).toEqual({ p50Bytes: 100, sizingBytes: 2000, maxBytes: 9000 });
    const MiB = 1024 * 1024;
    expect(checkMaxMessageSize(16 * MiB)).toBe('ok');
    expect(checkMaxMessageSize(16 * MiB + 1)).toBe('aboveDefault');
    expect(checkMaxMessageSize(512 * MiB + 1)).toBe('aboveCeiling');
  });
});
