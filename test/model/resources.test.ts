/** Hand-computed cases for each resource module (test profile: test/support/test-profile.ts). */
import { describe, expect, it } from 'vitest';
import { fsyncBatchCapMsgPerSec, publisherConnectionsFor, recommendedConfirmWindow, windowCapMsgPerSec } from '../../src/model/confirms.js';
import {
  coresFor,
  cpuCapacityCores,
  followerCpuMicrosPerCopy,
  leaderCpuMicrosPerCopy,
  publishCpuMicrosPerMessage,
  usableCpuFraction,
} from '../../src/model/cpu.js';
import { diskIopsDemand, diskWritesPerCopy, freeDiskLimitBytes, fsyncsPerSec } from '../../src/model/disk.js';
import { givenVolume, newVolume, provisionVolume } from '../../src/model/disk-provisioning.js';
import { connectionsOnBusiestNode, fileDescriptorsOnNode } from '../../src/model/file-descriptors.js';
import {
  confirmFixedMs,
  consumerTimeP99Ms,
  cpuServers,
  cpuWaitP99Ms,
  deliveryFixedMs,
  erlangC,
  mm1WaitP99Seconds,
  mmcWaitP99Seconds,
  queueWaitP99Ms,
  schedulerSliceMs,
  sharedMachineWaitP99Ms,
} from '../../src/model/latency.js';
import { connectionMemoryBytes, memoryCapacityBytes, walMemoryBytes } from '../../src/model/memory.js';
import { egressBytes, ingressBytes, networkCapacityBytesPerSec, networkDemandBytesPerSec } from '../../src/model/network.js';
import { queueCeilingMsgPerSec, queueServiceMicrosPerMessage } from '../../src/model/queue-ceiling.js';
import { gp2, gp3, io2, pdSsd } from '../support/test-catalog.js';
import { MIB, testProfile } from '../support/test-profile.js';

const quorum = testProfile.queueTypes.quorum;
const classic = testProfile.queueTypes.classic;
const node = testProfile.node;
const GiB = 1024 ** 3;

describe('cpu', () => {
  it('per-message costs add a body hop per byte', () => {
    // quorum, 1,000 B at 1 ns/B = 1 µs per hop
    expect(publishCpuMicrosPerMessage(quorum, 1000)).toBe(11); // 10 + 1
    expect(leaderCpuMicrosPerCopy(quorum, 1000)).toBe(32); // 15 + 15 + 2 × 1
    expect(followerCpuMicrosPerCopy(quorum, 1000)).toBe(11); // 10 + 1
    // 10,000 msg/s × 32 µs = 320,000 µs/s = 0.32 cores
    expect(coresFor(10_000, 32)).toBeCloseTo(0.32, 12);
  });

  it('capacity follows the usable-fraction curve', () => {
    // points (4, 1.0), (16, 0.9), (36, 0.6): 8 vCPU → 1 − 0.1 × 4/12 = 0.96667; 48 → 0.6 (flat)
    expect(usableCpuFraction(2, node.cpuEfficiency)).toBe(1);
    expect(usableCpuFraction(8, node.cpuEfficiency)).toBeCloseTo(0.966667, 5);
    expect(usableCpuFraction(26, node.cpuEfficiency)).toBeCloseTo(0.75, 12);
    expect(usableCpuFraction(48, node.cpuEfficiency)).toBe(0.6);
    expect(cpuCapacityCores(8, node.cpuEfficiency)).toBeCloseTo(7.733333, 5);
  });
});

describe('queue ceiling', () => {
  it('is 10^6 / service µs', () => {
    // 25 µs + 1,000 B × 5 ns/B / 1000 = 30 µs → 33,333.3 msg/s
    expect(queueServiceMicrosPerMessage(quorum, 1000)).toBe(30);
    expect(queueCeilingMsgPerSec(quorum, 1000)).toBeCloseTo(33_333.333, 2);
    // classic 10 µs + 4,000 × 5 / 1000 = 30 µs → same ceiling
    expect(queueCeilingMsgPerSec(classic, 4000)).toBeCloseTo(33_333.333, 2);
  });
});

describe('disk', () => {
  it('writes per copy: keeping up, lagging, transient classic', () => {
    expect(diskWritesPerCopy(quorum, false, true)).toBe(1);
    expect(diskWritesPerCopy(quorum, true, true)).toBe(2);
    expect(diskWritesPerCopy(classic, true, false)).toBe(0);
  });

  it('IOPS = bytes ÷ IO size + fsyncs capped at 1000 / fsync ms', () => {
    expect(fsyncsPerSec(500, 1)).toBe(500);
    expect(fsyncsPerSec(5000, 2)).toBe(500);
    expect(fsyncsPerSec(0, 2)).toBe(0);
    // 10 MB/s ÷ 262,144 B = 38.147 + WAL min(10,000, 1,000) + classic min(200, 1,000)
    expect(diskIopsDemand(10e6, 262_144, 10_000, 200, 1)).toBeCloseTo(38.147 + 1000 + 200, 3);
  });

  it('free-disk limit: the memory watermark or a given size', () => {
    expect(freeDiskLimitBytes('watermark', 8, 0.6)).toBeCloseTo(8 * GiB * 0.6, 3);
    expect(freeDiskLimitBytes(50_000_000, 8, 0.6)).toBe(50_000_000);
  });
});

describe('disk provisioning', () => {
  it('gp3: size for space, buy IOPS and throughput above the included', () => {
    // 100 GiB × $0.08 = $8; IOPS 5,000 − 3,000 = 2,000 × $0.005 = $10; 200 − 125 = 75 MB/s × $0.04 = $3 → $21
    const v = provisionVolume(gp3, 99.2, 5000, 200, newVolume());
    expect(v).toEqual({ sizeGiB: 100, iops: 5000, throughputMBps: 200, monthlyUsd: 21, fits: true });
  });

  it('gp2: grows the volume to get IOPS', () => {
    // (1,000 − 100) / 3 = 300 GiB → 1,000 IOPS, 225 MB/s; 300 × $0.10 = $30
    const v = provisionVolume(gp2, 100, 1000, 10, newVolume());
    expect(v.sizeGiB).toBe(300);
    expect(v.iops).toBe(1000);
    expect(v.monthlyUsd).toBeCloseTo(30, 9);
    expect(v.fits).toBe(true);
  });

  it('io2: every IOPS bought; minimum size', () => {
    // max(4, 3) GiB... need 3 GiB → 4 GiB × $0.125 = $0.50 + 2,000 × $0.065 = $130 → $130.50
    const v = provisionVolume(io2, 3, 2000, 100, newVolume());
    expect(v).toEqual({ sizeGiB: 4, iops: 2000, throughputMBps: 500, monthlyUsd: 130.5, fits: true });
  });

  it('pd-ssd: IOPS only with size; picks the size that meets them', () => {
    // (9,000 − 6,000) / 30 = 100 GiB × $0.17 = $17
    const v = provisionVolume(pdSsd, 5, 9000, 100, newVolume());
    expect(v.sizeGiB).toBe(100);
    expect(v.monthlyUsd).toBeCloseTo(17, 9);
  });

  it('says when nothing fits', () => {
    const v = provisionVolume(gp3, 10, 20_000, 100, newVolume());
    expect(v.fits).toBe(false);
    expect(v.iops).toBe(16_000);
    const big = provisionVolume(gp3, 20_000, 100, 100, newVolume());
    expect(big.fits).toBe(false);
    expect(big.sizeGiB).toBe(16384);
  });

  it('a given volume gets what its size includes unless more was bought', () => {
    const v = givenVolume(gp3, 50, undefined, undefined, 60, 100, 10, newVolume());
    expect(v).toEqual({ sizeGiB: 50, iops: 3000, throughputMBps: 125, monthlyUsd: 4, fits: false });
    const w = givenVolume(gp3, 50, 4000, 125, 40, 3500, 10, newVolume());
    expect(w.iops).toBe(4000);
    expect(w.monthlyUsd).toBeCloseTo(4 + 1000 * 0.005, 9);
    expect(w.fits).toBe(true);
  });
});

describe('network', () => {
  it('takes the busier direction × framing overhead', () => {
    const t = {
      clientPublishIn: 1e6,
      clientDeliverOut: 2e6,
      replicationIn: 3e6,
      replicationOut: 4e6,
      forwardedPublishIn: 0.5e6,
      forwardedPublishOut: 0.25e6,
      forwardedDeliverIn: 1e6,
      forwardedDeliverOut: 0.5e6,
    };
    expect(ingressBytes(t)).toBe(5.5e6);
    expect(egressBytes(t)).toBe(6.75e6);
    expect(networkDemandBytesPerSec(t, 1.1)).toBeCloseTo(7.425e6, 3);
    // 1.5 Gbps = 187.5 MB/s
    expect(networkCapacityBytesPerSec(1.5)).toBe(187.5e6);
  });
});

describe('memory and file descriptors', () => {
  it('WAL needs 3× its limit, 4× above the high-throughput threshold, none without quorum replicas', () => {
    expect(walMemoryBytes(node, true, 10_000)).toBe(3 * 512 * MIB);
    expect(walMemoryBytes(node, true, 10_001)).toBe(4 * 512 * MIB);
    expect(walMemoryBytes(node, false, 50_000)).toBe(0);
    expect(connectionMemoryBytes(node, 3)).toBe(160_000); // 100,000 + 3 × 20,000
    expect(memoryCapacityBytes(8, 0.6)).toBeCloseTo(8 * GiB * 0.6, 3);
  });

  it('file descriptors: 2 per connection + replicas', () => {
    expect(connectionsOnBusiestNode(10, 3)).toBe(4);
    expect(fileDescriptorsOnNode(4, 7)).toBe(15);
  });
});

describe('latency', () => {
  it("the scheduler's slice: 0.75 ms × (1 + log₂ min(CPUs, 8)), as the Linux kernel scales it", () => {
    expect(schedulerSliceMs(1)).toBe(0.75);
    expect(schedulerSliceMs(2)).toBe(1.5);
    expect(schedulerSliceMs(3)).toBe(1.5);
    expect(schedulerSliceMs(4)).toBe(2.25);
    expect(schedulerSliceMs(8)).toBe(3);
    expect(schedulerSliceMs(64)).toBe(3);
  });

  it('a CPU shared with the load generator: M/M/c over its cores, each serving a 1.5 ms slice (2 cores)', () => {
    // ρ 0.85 on 2 cores: a = 1.7, B(1) = 1.7/2.7, B(2) = 1.7·B(1)/(2 + 1.7·B(1)) = 0.348613,
    // C = B(2)/(1 − 0.85 × (1 − B(2))) = 0.781082; p99 = ln(100·C)/(2 × 666.67/s × 0.15) = 21.79 ms.
    expect(sharedMachineWaitP99Ms(0.85, 2)).toBeCloseTo(21.79, 2);
    expect(sharedMachineWaitP99Ms(0.85, 2)).toBeCloseTo(mmcWaitP99Seconds(0.85, 2, 1000 / 1.5) * 1000, 12);
    expect(sharedMachineWaitP99Ms(0, 2)).toBe(0);
    expect(sharedMachineWaitP99Ms(1, 2)).toBe(Infinity);
    // More load never waits less.
    let previous = 0;
    for (let rho = 0.05; rho < 1; rho += 0.05) {
      const wait = sharedMachineWaitP99Ms(rho, 2);
      expect(wait).toBeGreaterThanOrEqual(previous);
      previous = wait;
    }
  });

  it('M/M/1 p99 wait = ln(100ρ) / (μ(1−ρ))', () => {
    // ρ 0.5, μ 1,000/s: ln 50 / 500 = 3.91202 / 500 = 7.824 ms
    expect(mm1WaitP99Seconds(0.5, 1000)).toBeCloseTo(Math.log(50) / 500, 12);
    expect(mm1WaitP99Seconds(0.01, 1000)).toBe(0);
    expect(mm1WaitP99Seconds(1, 1000)).toBe(Infinity);
    // queue at 20,000 of 33,333 msg/s: ρ 0.6 → ln 60 / (33,333 × 0.4) s = 0.30708 ms
    expect(queueWaitP99Ms(20_000, 100_000 / 3)).toBeCloseTo((Math.log(60) / ((100_000 / 3) * 0.4)) * 1000, 9);
    // CPU of one usable core at 50% with a 50 µs message: μ 20,000/s → ln 50 / 10,000 s = 0.3912 ms
    expect(cpuWaitP99Ms(0.5, 50, 1.8)).toBeCloseTo(Math.log(50) / 10, 9);
  });

  it('Erlang C and the M/M/c p99 wait', () => {
    // c = 2, a = 1: B(1) = 1/2, B(2) = 0.5 / 2.5 = 0.2, C = 0.2 / (1 − 0.5 × 0.8) = 1/3
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    // one server: C = ρ, and the M/M/c p99 is the M/M/1 one
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
    expect(mmcWaitP99Seconds(0.7, 1, 1000)).toBeCloseTo(mm1WaitP99Seconds(0.7, 1000), 12);
    // c = 2, ρ 0.5, μ 1,000/s: ln(100/3) / (2 × 1,000 × 0.5) s = 3.5066 ms
    expect(mmcWaitP99Seconds(0.5, 2, 1000) * 1000).toBeCloseTo(Math.log(100 / 3), 9);
    // 16 servers at ρ 0.16: C ≈ 1.6e-8, fewer than 1% wait → p99 wait 0
    expect(erlangC(16, 16 * 0.16)).toBeLessThan(0.01);
    expect(mmcWaitP99Seconds(0.16, 16, 1000)).toBe(0);
    expect(mmcWaitP99Seconds(1, 16, 1000)).toBe(Infinity);
    // the CPU's servers: whole usable cores, at least one
    expect(cpuServers(14.4)).toBe(14);
    expect(cpuServers(0.9)).toBe(1);
    // 14.4 usable cores at 90%, 500 µs a message: the M/M/c wait with 14 servers
    expect(cpuWaitP99Ms(0.9, 500, 14.4)).toBeCloseTo(mmcWaitP99Seconds(0.9, 14, 2000) * 1000, 12);
  });

  it('M/M/c: at the same utilisation, more cores never wait longer', () => {
    for (const rho of [0.05, 0.3, 0.6, 0.8, 0.95, 0.99]) {
      let previous = Infinity;
      for (let c = 1; c <= 192; c++) {
        const wait = mmcWaitP99Seconds(rho, c, 2000);
        expect(wait, `ρ ${rho}, c ${c}`).toBeLessThanOrEqual(previous + 1e-15);
        previous = wait;
      }
    }
  });

  it('consumer: processing time + waiting for a busy consumer', () => {
    // 50 msg/s at 10 ms: ρ 0.5, μ 100/s → 10 + 1000 × ln 50 / 50 = 10 + 78.24 ms
    expect(consumerTimeP99Ms(50, 10)).toBeCloseTo(10 + (1000 * Math.log(50)) / 50, 9);
    expect(consumerTimeP99Ms(50, 0)).toBe(0);
  });

  it('fixed costs by queue type', () => {
    expect(deliveryFixedMs('quorum', 3, 0.5, 1)).toBe(1.5); // fsync + replication round trip
    expect(deliveryFixedMs('quorum', 1, 0.5, 1)).toBe(0.5);
    expect(deliveryFixedMs('stream', 3, 0.5, 1)).toBe(1); // no fsync
    expect(deliveryFixedMs('classic', 1, 0.5, 1)).toBe(0);
    expect(confirmFixedMs('classic', true, 1, 0.5, 1)).toBe(0.5); // confirmed after fsync
    expect(confirmFixedMs('classic', false, 1, 0.5, 1)).toBe(0);
  });
});

describe("publisher confirms (Little's law)", () => {
  it('window = ⌈rate × latency⌉; cap = window / latency', () => {
    expect(recommendedConfirmWindow(10_000, 3)).toBe(30);
    expect(recommendedConfirmWindow(10, 0.5)).toBe(1);
    expect(windowCapMsgPerSec(100, 5)).toBe(20_000);
    // 64 messages per 5.9 ms fsync: the ~10k msg/s single-channel ceiling
    expect(fsyncBatchCapMsgPerSec(64, 5.9)).toBeCloseTo(10_847.46, 2);
  });

  it('auto publisher connections carry the peak', () => {
    // per connection min(50,000, 1 × 64,000) → ⌈100,000 / 50,000⌉ = 2
    expect(publisherConnectionsFor(100_000, 50_000, 1, 64_000)).toBe(2);
    // per connection min(50,000, 2 × 10,000) = 20,000 → 5
    expect(publisherConnectionsFor(100_000, 50_000, 2, 10_000)).toBe(5);
    expect(publisherConnectionsFor(10, 50_000, 1, Infinity)).toBe(1);
  });
});
