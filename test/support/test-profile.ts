/**
 * TEST-ONLY calibration profile: round, plausible numbers chosen so that hand-computed test
 * cases stay readable. Not a measurement and not the shipped default
 * (data/profiles/published.json); never use it to size anything real.
 */
import { ProfileSchema, type Profile, type QueueTypeCoefficients } from '../../src/schema/profile.js';

const TEST = 'test-only value (test/support/test-profile.ts), not a measurement';

function c(value: number, unit: string) {
  return { value, unit, source: TEST };
}

function queueType(v: {
  publish: number;
  enqueue: number;
  replica: number;
  deliver: number;
  nsPerByte: number;
  service: number;
  serviceNsPerByte: number;
  memPerMsg: number;
  memPerQueue: number;
  writesKeepingUp: number;
  writesLagging: number;
}): QueueTypeCoefficients {
  return {
    publishCpuMicros: c(v.publish, 'core-µs/msg'),
    enqueueCpuMicros: c(v.enqueue, 'core-µs/msg'),
    replicaCpuMicros: c(v.replica, 'core-µs/msg'),
    deliverCpuMicros: c(v.deliver, 'core-µs/msg'),
    cpuNanosPerByte: c(v.nsPerByte, 'core-ns/B'),
    queueServiceMicros: c(v.service, 'µs/msg'),
    queueServiceNanosPerByte: c(v.serviceNsPerByte, 'ns/B'),
    memoryBytesPerQueuedMessage: c(v.memPerMsg, 'B/msg'),
    memoryBytesPerQueue: c(v.memPerQueue, 'B'),
    diskWritesPerMessageKeepingUp: c(v.writesKeepingUp, 'x'),
    diskWritesPerMessageLagging: c(v.writesLagging, 'x'),
  };
}

export const MIB = 1024 * 1024;

export const testProfile: Profile = ProfileSchema.parse({
  version: 1,
  name: 'test-only',
  description: 'Round numbers for unit tests; not a calibration.',
  origin: { kind: 'published', createdAt: '2000-01-01' },
  queueTypes: {
    // Quorum at 1,000 B: publish 11 µs, leader 15+15+2 = 32 µs, follower 10+1 = 11 µs,
    // queue service 25 + 5 = 30 µs → ceiling 33,333 msg/s.
    quorum: queueType({
      publish: 10,
      enqueue: 15,
      replica: 10,
      deliver: 15,
      nsPerByte: 1,
      service: 25,
      serviceNsPerByte: 5,
      memPerMsg: 32,
      memPerQueue: 50_000,
      writesKeepingUp: 1,
      writesLagging: 2,
    }),
    classic: queueType({
      publish: 10,
      enqueue: 10,
      replica: 0,
      deliver: 10,
      nsPerByte: 1,
      service: 10,
      serviceNsPerByte: 5,
      memPerMsg: 400,
      memPerQueue: 50_000,
      writesKeepingUp: 1,
      writesLagging: 1,
    }),
    stream: queueType({
      publish: 10,
      enqueue: 10,
      replica: 10,
      deliver: 10,
      nsPerByte: 1,
      service: 10,
      serviceNsPerByte: 2,
      memPerMsg: 0,
      memPerQueue: 50_000,
      writesKeepingUp: 1,
      writesLagging: 1,
    }),
  },
  node: {
    baselineMemoryBytes: c(100 * MIB, 'B'),
    memoryPerConnectionBytes: c(100_000, 'B'),
    memoryPerChannelBytes: c(20_000, 'B'),
    connectionOpenCpuMicros: c(200, 'core-µs'),
    quorumWalMaxBytes: c(512 * MIB, 'B'),
    quorumWalMemoryMultiplier: c(3, 'x'),
    quorumWalMemoryMultiplierHighThroughput: c(4, 'x'),
    highThroughputMsgPerSec: c(10_000, 'msg/s'),
    messagesPerFsyncPerChannel: c(64, 'msg'),
    maxPublishMsgPerSecPerConnection: c(50_000, 'msg/s'),
    networkOverheadFactor: c(1.1, 'x'),
    diskIoSizeBytes: c(262_144, 'B'),
    cpuEfficiency: [
      { vcpus: 4, usableFraction: 1, source: TEST },
      { vcpus: 16, usableFraction: 0.9, source: TEST },
      { vcpus: 36, usableFraction: 0.6, source: TEST },
    ],
  },
});

/** `profile` with some of one queue type's coefficients replaced (the rest, and the other types, as they are). */
export function withCoefficients(profile: Profile, queueType: keyof Profile['queueTypes'], overrides: Partial<QueueTypeCoefficients>): Profile {
  return { ...profile, queueTypes: { ...profile.queueTypes, [queueType]: { ...profile.queueTypes[queueType], ...overrides } } };
}
