/**
 * Hints for a missed latency target: they name the p99 term that is largest — the one --explain
 * shows largest — and each proposed change, applied to the file, brings that workload's p99 to
 * its target on the same cluster.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { evaluateCluster, clusterOf } from '../../src/model/cluster.js';
import { largestTerm } from '../../src/model/latency-hints.js';
import { plan } from '../../src/model/planner.js';
import type { WorkloadFileInput } from '../../src/schema/workload.js';
import { request, workload, workloadFile } from './helpers.js';
import { explainedLines, suggestionText } from '../../src/render/findings.js';

type WorkloadInput = WorkloadFileInput['workloads'][number];

/** Infeasible cases, each missed through a different term. */
const CASES: { name: string; term: string; workload: Partial<WorkloadInput>; cluster?: NonNullable<WorkloadFileInput['cluster']> }[] = [
  {
    name: 'busy consumers (the first example `init` wrote)',
    term: 'consumerMs',
    workload: { publishRate: { averageMsgPerSec: 800, peakMsgPerSec: 2000 }, consumers: { processingTimeMs: 5 }, latencyP99TargetMs: 50 },
  },
  {
    name: 'few queues near their ceiling',
    term: 'queueWaitMs',
    workload: { publishRate: { averageMsgPerSec: 18_000, peakMsgPerSec: 36_000 }, queues: 1, queueType: 'classic', persistent: false, latencyP99TargetMs: 0.1 },
    cluster: { broker: { interNodeRttMs: 0.01 } },
  },
];

const TERM_WORDS: Record<string, RegExp> = { consumerMs: /consumer ([\d.]+) ms/, queueWaitMs: /queue wait ([\d.]+) ms/ };

describe('latency hints', () => {
  for (const c of CASES) {
    it(`${c.name}: names the ${c.term} term, and the terms add up to the p99`, () => {
      const r = plan(request(workloadFile([workload(c.workload)], c.cluster)));
      expect(r.feasible).toBe(false);
      const closest = r.plan!;
      const miss = closest.latencyMisses[0]!;
      const sum = Object.values(miss.terms).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(miss.p99Ms, 9);
      expect(largestTerm(miss)).toBe(c.term);
      const hint = r.infeasibility!.suggestions.map(suggestionText).find((s) => s.startsWith(`${miss.workload}: p99`))!;
      expect(hint).toContain(`its largest term is the ${c.term === 'consumerMs' ? 'consumer' : 'queue wait'}`);
    });
  }

  it('the consumer fix, applied, meets the target on the same cluster', () => {
    const input = CASES[0]!.workload;
    const r = plan(request(workloadFile([workload(input)])));
    const hint = r.infeasibility!.suggestions.map(suggestionText).find((s) => s.includes('consumers.count:'))!;
    const count = Number(/consumers\.count: ([\d,]+) per queue group/.exec(hint)![1]!.replace(/,/g, ''));
    const fixed = workloadFile([workload({ ...input, consumers: { processingTimeMs: 5, count: count } })]);
    const again = evaluateCluster(request(fixed), clusterOf(r.plan!));
    expect(again.latencyMisses).toEqual([]);
    // …and one consumer fewer is not enough: the count is the smallest.
    const short = workloadFile([workload({ ...input, consumers: { processingTimeMs: 5, count: count - 1 } })]);
    expect(evaluateCluster(request(short), clusterOf(r.plan!)).latencyMisses.length).toBe(1);
  });

  it('the queue fix, applied, meets the target on the same cluster', () => {
    const { workload: input, cluster: clusterInput } = CASES[1]!;
    const r = plan(request(workloadFile([workload(input)], clusterInput)));
    const hint = r.infeasibility!.suggestions.map(suggestionText).find((s) => s.includes('queues:'))!;
    const queues = Number(/queues: ([\d,]+) per group/.exec(hint)![1]!.replace(/,/g, ''));
    const cluster = { ...clusterOf(r.plan!), queuesPerWorkload: { orders: queues } };
    expect(evaluateCluster(request(workloadFile([workload({ ...input, queues })], clusterInput)), cluster).latencyMisses).toEqual([]);
  });

  it('agrees with --explain: the term the hint names is the largest in the explained p99', () => {
    for (const c of CASES) {
      const r = plan(request(workloadFile([workload(c.workload)], c.cluster)));
      const explained = explainedLines(r.plan!.binding).find((l) => l.startsWith('p99 of orders ='))!;
      expect(explained).toBeDefined();
      const named = Number(TERM_WORDS[c.term]!.exec(explained)![1]);
      const terms = explained.split(' = ')[1]!;
      const all = [...terms.matchAll(/([\d.]+) ms/g)].map((m) => Number(m[1]));
      expect(named).toBe(Math.max(...all));
    }
  });

  it('the CLI prints the hint for the first example init wrote (shipped profile)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rmq-plan-hints-')), 'w.yaml');
    writeFileSync(file, stringify({ version: 1, workloads: [workload(CASES[0]!.workload)] }));
    const io = memoryIo();
    expect(await runCli(['size', file, '--explain', '--width', '1000'], io)).toBe(1);
    const explained = io.out.split('\n').find((l) => l.includes('p99 of orders ='))!;
    const consumer = Number(/consumer ([\d.]+) ms/.exec(explained)![1]);
    expect(io.out).toContain(`its largest term is the consumer (${consumer.toFixed(1)} ms`);
  });

  it('the infeasible fixture (a target under the commit floor): the hint names the largest term --explain shows, and fixes that alone suffice', async () => {
    const io = memoryIo();
    expect(await runCli(['size', 'fixtures/workloads/infeasible.yaml', '--explain', '--width', '1000'], io)).toBe(1);
    const explained = io.out.split('\n').find((l) => l.includes('p99 of matching ='))!;
    const terms = [...explained.split(' = ')[1]!.matchAll(/([a-zA-Z ]+?) ([\d.]+) ms/g)].map((m) => ({ name: m[1]!.trim(), ms: Number(m[2]) }));
    const largest = Math.max(...terms.map((t) => t.ms));
    const hint = /the floor's largest term is the ([a-z ]+) \(([\d.]+) ms\)/.exec(io.out)!;
    expect(Number(hint[2])).toBe(largest);
    expect(terms.find((t) => t.name.endsWith(hint[1]!))!.ms).toBe(largest);
    // A faster disk alone cannot fix it (fsync is 0.5 of a 1.5 ms excess): not proposed.
    expect(io.out).not.toMatch(/matching: .*a disk whose write/);
    expect(io.out).toMatch(/interNodeRttMs under 0\.250 ms/);
  });
});

describe('the target a hint proposes', () => {
  it('is the p99 rounded up to 3 significant digits, sub-millisecond too', () => {
    const r = plan(request(workloadFile([workload(CASES[1]!.workload)], CASES[1]!.cluster)));
    const hint = r.infeasibility!.suggestions.map(suggestionText).find((s) => s.includes('latencyP99TargetMs:'))!;
    const proposed = Number(/latencyP99TargetMs: ([\d.]+) or more/.exec(hint)![1]);
    const p99 = r.plan!.latencyMisses[0]!.p99Ms;
    expect(proposed).toBeGreaterThanOrEqual(p99);
    expect(proposed).toBeLessThan(p99 * 1.01);
  });
});
