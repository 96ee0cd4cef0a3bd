import { describe, expect, it } from 'vitest';
import { ACK_EACH, ackCpuSavingMicros, ackQueueSavingMicros, acksPerDelivery } from '../../src/model/acks.js';
import { leaderCpuMicrosPerCopy } from '../../src/model/cpu.js';
import { queueCeilingMsgPerSec, queueServiceMicrosPerMessage } from '../../src/model/queue-ceiling.js';
import type { QueueTypeCoefficients } from '../../src/schema/profile.js';
import { testProfile } from '../support/test-profile.js';

const unit = (value: number, u: string) => ({ value, unit: u, source: 'test' });
/** Quorum of the test profile (deliver 15 core-µs, service 25 µs at 0 B) with an ack of 6 core-µs and 5 µs of queue time. */
const quorum: QueueTypeCoefficients = {
  ...testProfile.queueTypes.quorum,
  ackCpuMicros: unit(6, 'core-µs/ack'),
  ackQueueServiceMicros: unit(5, 'µs/ack'),
};

describe('consumer acks (acks.ts)', () => {
  it('counts the ack frames per delivery: 1 ÷ N with manual acks every N, none with automatic acks', () => {
    expect(acksPerDelivery(ACK_EACH)).toBe(1);
    expect(acksPerDelivery({ ackMode: 'manual', ackEvery: 10 })).toBeCloseTo(0.1, 12);
    expect(acksPerDelivery({ ackMode: 'auto', ackEvery: 10 })).toBe(0);
  });

  it('charges a profile measured with one ack per delivery exactly its figures for one ack per delivery', () => {
    expect(ackCpuSavingMicros(quorum, ACK_EACH)).toBe(0);
    expect(leaderCpuMicrosPerCopy(quorum, 1000)).toBe(leaderCpuMicrosPerCopy(testProfile.queueTypes.quorum, 1000));
    expect(queueCeilingMsgPerSec(quorum, 1000)).toBe(queueCeilingMsgPerSec(testProfile.queueTypes.quorum, 1000));
  });

  it('takes (1 − 1/N) of an ack off the leader CPU and the queue service time (hand-computed)', () => {
    const every10 = { ackMode: 'manual', ackEvery: 10 } as const;
    // Leader at 1,000 B: enqueue 15 + deliver 15 + 2 × 1 µs of body = 32; − 0.9 × 6 = 26.6.
    expect(leaderCpuMicrosPerCopy(quorum, 1000, false, every10)).toBeCloseTo(26.6, 10);
    // Service at 1,000 B: 25 + 5 = 30 µs; − 0.9 × 5 = 25.5 µs → 39,215.7 msg/s.
    expect(queueServiceMicrosPerMessage(quorum, 1000, false, every10)).toBeCloseTo(25.5, 10);
    expect(queueCeilingMsgPerSec(quorum, 1000, false, every10)).toBeCloseTo(1e6 / 25.5, 6);
    // Automatic acks: the whole ack.
    expect(leaderCpuMicrosPerCopy(quorum, 1000, false, { ackMode: 'auto', ackEvery: 1 })).toBeCloseTo(26, 10);
  });

  it('never charges less as consumers ack more often, and never takes off more than the figure holds', () => {
    let previousCpu = -Infinity;
    let previousService = -Infinity;
    for (const ackEvery of [1000, 100, 10, 3, 2, 1]) {
      const pattern = { ackMode: 'manual', ackEvery } as const;
      const cpu = leaderCpuMicrosPerCopy(quorum, 4096, false, pattern);
      const service = queueServiceMicrosPerMessage(quorum, 4096, false, pattern);
      expect(cpu).toBeGreaterThanOrEqual(previousCpu);
      expect(service).toBeGreaterThanOrEqual(previousService);
      previousCpu = cpu;
      previousService = service;
    }
    const huge = { ...quorum, ackCpuMicros: unit(1000, 'core-µs/ack'), ackQueueServiceMicros: unit(1000, 'µs/ack') };
    const auto = { ackMode: 'auto', ackEvery: 1 } as const;
    expect(ackCpuSavingMicros(huge, auto)).toBe(quorum.deliverCpuMicros.value);
    expect(ackQueueSavingMicros(huge, auto)).toBe(quorum.queueServiceMicros.value);
  });

  it('changes nothing for a profile without ack coefficients', () => {
    const auto = { ackMode: 'auto', ackEvery: 1 } as const;
    expect(leaderCpuMicrosPerCopy(testProfile.queueTypes.classic, 512, false, auto)).toBe(leaderCpuMicrosPerCopy(testProfile.queueTypes.classic, 512));
    expect(queueCeilingMsgPerSec(testProfile.queueTypes.classic, 512, false, auto)).toBe(queueCeilingMsgPerSec(testProfile.queueTypes.classic, 512));
  });
});
