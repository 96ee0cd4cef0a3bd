/**
 * The bench engine against the real local broker (scripts/broker/start.sh): closed-loop searches,
 * open-loop tracking, integrity accounting, broker figures, cleanup, and refusing foreign queues.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newRunId } from '../../src/broker/run-id.js';
import { runPrefix } from '../../src/bench/queues.js';
import { runBench } from '../../src/bench/run-bench.js';
import { probeBacklogLimit } from '../../src/bench/backlog-gate.js';
import { BenchRunResultSchema } from '../../src/bench/types.js';
import { BrokerError } from '../../src/errors.js';
import { brokerUrl, mgmtUrl, requireBroker } from '../support/broker.js';
import { benchQueues, declareForeignQueue, deleteQueue, testMatrix, testOptions } from './support.js';

beforeAll(async () => {
  await requireBroker();
});

describe('bench on the live broker', () => {
  it('closed-loop search on classic and quorum: positive max rate, nothing lost, duplicated or reordered', async () => {
    const runId = newRunId();
    const matrix = testMatrix({ queueTypes: ['classic', 'quorum'], searchBudgetSeconds: 9 });
    const r = await runBench(testOptions(brokerUrl(), runId, matrix, { managementUrl: mgmtUrl() }));

    expect(BenchRunResultSchema.parse(r)).toEqual(r);
    expect(r.status).toBe('complete');
    expect(r.searches.map((s) => s.config.queueType)).toEqual(['classic', 'quorum']);
    for (const s of r.searches) {
      expect(s.probeMsgPerSec).toBeGreaterThan(0);
      expect(s.maxSustainedMsgPerSec).toBeGreaterThan(0);
      expect(s.trials.some((t) => t.sustained && t.targetMsgPerSec === s.maxSustainedMsgPerSec)).toBe(true);
    }
    for (const step of r.steps) {
      expect(step.integrity).toMatchObject({ lost: 0, duplicated: 0, reordered: 0, drained: true });
      expect(step.integrity.received).toBe(step.integrity.published);
      expect(step.latency.endToEnd.count).toBeGreaterThan(0);
      expect(step.latency.confirm?.count).toBeGreaterThan(0);
      expect(step.latency.confirm!.p50Micros).toBeLessThanOrEqual(step.latency.confirm!.p99Micros);
      expect(step.cpu.clientCores).toBeGreaterThan(0);
    }
    // Broker-side figures from the management API.
    expect(r.broker?.source).toBe('management');
    expect(r.broker?.rabbitmqVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.broker?.nodes[0]?.processors).toBeGreaterThan(0);
    const quorumStep = r.steps.find((s) => s.config.queueType === 'quorum')!;
    expect(quorumStep.broker?.queues[0]).toMatchObject({ type: 'quorum', leader: r.broker?.nodes[0]?.name });
    // Queues gone afterwards.
    expect(await benchQueues(runPrefix(runId))).toEqual([]);
    expect(r.cleanup.queuesLeft).toEqual([]);
  }, 60_000);

  it('a consumer with prefetch 1: the probe bounds its backlog, so the search has budget left for paced trials and finds a rate', async () => {
    const runId = newRunId();
    const matrix = testMatrix({ queueTypes: ['classic'], prefetch: 1, searchBudgetSeconds: 10 });
    const r = await runBench(testOptions(brokerUrl(), runId, matrix, { managementUrl: mgmtUrl() }));
    const [search] = r.searches;
    // Before the bound the probe piled up tens of thousands of messages whose drain took the whole
    // budget: no paced trial ran and the maximum read 0.
    expect(search!.trials.filter((t) => t.targetMsgPerSec !== null).length).toBeGreaterThan(0);
    expect(search!.maxSustainedMsgPerSec).toBeGreaterThan(0);
    const probe = r.steps.find((s) => s.kind === 'probe')!;
    expect(probe.integrity).toMatchObject({ lost: 0, duplicated: 0, drained: true });
    // Published − received at the window's end stays within the bound (2 × (window + prefetch), at least 2,000) plus one send batch.
    expect(probe.window.published - probe.window.consumed).toBeLessThanOrEqual(probeBacklogLimit(matrix.confirmWindow + matrix.prefetch) + 64);
    expect(await benchQueues(runPrefix(runId))).toEqual([]);
  }, 60_000);

  it('open-loop steps at a fixed low rate track the target within 10 % (classic and stream)', async () => {
    const runId = newRunId();
    const target = 400;
    const matrix = testMatrix({ queueTypes: ['classic', 'stream'], fixedRatesMsgPerSec: [target], durationSeconds: 2, warmupSeconds: 0.5 });
    const r = await runBench(testOptions(brokerUrl(), runId, matrix, { managementUrl: mgmtUrl() }));

    expect(r.steps.map((s) => [s.kind, s.config.queueType])).toEqual([
      ['open-loop', 'classic'],
      ['open-loop', 'stream'],
    ]);
    for (const step of r.steps) {
      expect(Math.abs(step.rates.publishMsgPerSec - target) / target).toBeLessThan(0.1);
      expect(Math.abs(step.rates.consumeMsgPerSec - target) / target).toBeLessThan(0.1);
      expect(step.integrity).toMatchObject({ lost: 0, duplicated: 0, reordered: 0, drained: true });
    }
    expect(await benchQueues(runPrefix(runId))).toEqual([]);
  }, 40_000);

  it('refuses to touch a queue it did not declare, and leaves that queue alone', async () => {
    const runId = newRunId();
    const foreign = `${runPrefix(runId)}s0-q0`;
    await declareForeignQueue(brokerUrl(), foreign);
    try {
      const matrix = testMatrix({ fixedRatesMsgPerSec: [100] });
      const err = await runBench(testOptions(brokerUrl(), runId, matrix, { managementUrl: mgmtUrl() })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BrokerError);
      expect((err as BrokerError).message).toMatch(new RegExp(`^queue "${foreign}" already exists in vhost "/" at amqp://guest:\\*\\*\\*\\*@`));
      expect(await benchQueues(runPrefix(runId))).toEqual([foreign]);
    } finally {
      await deleteQueue(brokerUrl(), foreign);
    }
  }, 30_000);
});
