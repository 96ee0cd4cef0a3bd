/**
 * The RabbitMQ release line (cluster.broker.rabbitmqVersion) changes the advice and defaults,
 * never the arithmetic: the same workload on 3.13 and 4.3 gets the same plan, with each
 * release's own facts in its words.
 */
import { describe, expect, it } from 'vitest';
import { brokerFeatures, parseVersionNumber, supportedLine, SUPPORTED_RABBITMQ_VERSIONS } from '../../src/model/broker-version.js';
import { evaluateCluster } from '../../src/model/cluster.js';
import { plan } from '../../src/model/planner.js';
import { WorkloadFileSchema } from '../../src/schema/workload.js';
import { gp3, instance } from '../support/test-catalog.js';
import { request, workload, workloadFile } from './helpers.js';
import { warningText } from '../../src/render/warnings.js';
import { shortfallText } from '../../src/render/findings.js';

describe('release facts', () => {
  it('Khepri from 4.2, no partition-handling strategies from 4.3, no mirrored queues and 16 MiB max_message_size from 4.0, rabbitmqadmin v2 on 4.x', () => {
    const rows = SUPPORTED_RABBITMQ_VERSIONS.map((v) => {
      const f = brokerFeatures(v);
      return [
        v,
        f.metadataStore,
        f.partitionHandlingStrategies,
        f.mirroredClassicQueues,
        f.maxMessageSizeDefaultBytes / 2 ** 20,
        f.classicLeaderLocator,
        f.rabbitmqadmin,
        f.refusesTransientQueues,
      ];
    });
    expect(rows).toEqual([
      ['3.10', 'mnesia', true, true, 128, 'x-queue-master-locator', 'v1', false],
      ['3.11', 'mnesia', true, true, 128, 'x-queue-master-locator', 'v1', false],
      ['3.12', 'mnesia', true, true, 128, 'x-queue-master-locator', 'v1', false],
      ['3.13', 'mnesia', true, true, 128, 'x-queue-master-locator', 'v1', false],
      ['4.0', 'mnesia', true, false, 16, 'x-queue-leader-locator', 'v2', false],
      ['4.1', 'mnesia', true, false, 16, 'x-queue-leader-locator', 'v2', false],
      ['4.2', 'khepri', true, false, 16, 'x-queue-leader-locator', 'v2', false],
      ['4.3', 'khepri', false, false, 16, 'x-queue-leader-locator', 'v2', true],
    ]);
  });

  it('reads versions as brokers report them and names the unsupported ones', () => {
    expect(parseVersionNumber('4.3.6')).toEqual({ major: 4, minor: 3 });
    expect(parseVersionNumber('3.10.8-1')).toEqual({ major: 3, minor: 10 });
    expect(supportedLine('4.3.6')).toBe('4.3');
    expect(supportedLine('3.9.29')).toBeNull();
    expect(supportedLine('5.0.0')).toBeNull();
    expect(supportedLine('banana')).toBeNull();
  });

  it('the workload file defaults to 4.3 and refuses a release it does not know (exit 2 wording names the options)', () => {
    expect(workloadFile([workload()]).cluster.broker.rabbitmqVersion).toBe('4.3');
    const bad = WorkloadFileSchema.safeParse({
      version: 1,
      cluster: { broker: { rabbitmqVersion: '3.8' } },
      workloads: [{ name: 'a', publishRate: { averageMsgPerSec: 1, peakMsgPerSec: 1 }, messageSize: '1KiB' }],
    });
    expect(bad.success).toBe(false);
  });
});

describe('advice follows the release line', () => {
  const onTwoNodes = (rabbitmqVersion: '3.13' | '4.3') =>
    evaluateCluster(request(workloadFile([workload()], { broker: { rabbitmqVersion } })), { instanceType: instance('c6i.xlarge'), nodes: 2, disk: gp3 });

  it('losing the majority: pause_minority on 3.x, Khepri refusing metadata changes on 4.3; the arithmetic is the same', () => {
    const old = onTwoNodes('3.13');
    const now = onTwoNodes('4.3');
    expect(old.shortfalls.map(shortfallText).some((s) => /under pause_minority the survivors pause$/.test(s))).toBe(true);
    expect(now.shortfalls.map(shortfallText).some((s) => /Khepri\) refuses every metadata change/.test(s))).toBe(true);
    expect(now.shortfalls.map(shortfallText).join('\n')).not.toMatch(/pause_minority|autoheal/);
    expect(now.healthy).toEqual(old.healthy);
    expect(now.failures).toEqual(old.failures);
  });

  it('max_message_size: a 20 MiB message needs the limit raised on 4.x (16 MiB default), not on 3.13 (128 MiB)', () => {
    const big = (rabbitmqVersion: '3.13' | '4.3') =>
      plan(
        request(workloadFile([workload({ name: 'blobs', messageSize: { p50: 1000, p95: 2000, max: '20MiB' } })], { broker: { rabbitmqVersion } })),
      ).warnings.map(warningText);
    expect(big('4.3').some((w) => w.includes('max_message_size default'))).toBe(true);
    expect(big('3.13').some((w) => w.includes('max_message_size default'))).toBe(false);
  });
});
