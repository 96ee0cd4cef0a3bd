/**
 * Several bench runs against the same broker as one run for the fit: repeated and interleaved
 * runs average out run-to-run noise (±40 % on a shared 2-core machine). Steps are renumbered and
 * search ids prefixed per run so that nothing collides; the first run's broker and client stand
 * for all (the runs must come from the same broker — checked by version and node count).
 */
import { InputError } from '../../errors.js';
import type { BenchRunResult, MaxRateSearch, StepResult } from '../../bench/types.js';

/** Run ids joined with "+" for a few runs; "<first>+<n>-more" beyond, so names and sources stay readable. */
const MAX_JOINED_RUN_IDS = 3;

function mergedId(runs: readonly BenchRunResult[]): string {
  if (runs.length <= MAX_JOINED_RUN_IDS) return runs.map((r) => r.runId).join('+');
  return `${runs[0]!.runId}+${runs.length - 1}-more`;
}

/** Broker nodes the run recorded (0 when it recorded no broker). */
function nodeCount(run: BenchRunResult): number {
  return run.broker?.nodes.length ?? 0;
}

/** One line per run whose RabbitMQ version differs from the first run's: runs merged or fitted together must come from one broker version. */
function versionProblems(runs: readonly BenchRunResult[]): string[] {
  const expected = runs[0]?.broker?.rabbitmqVersion ?? null;
  const problems: string[] = [];
  runs.forEach((r, i) => {
    const got = r.broker?.rabbitmqVersion ?? null;
    if (got !== expected) problems.push(`runs[${i}]: broker.rabbitmqVersion: expected ${expected ?? 'null'} like runs[0], got ${got ?? 'null'}`);
  });
  return problems;
}

export function mergeRuns(runs: readonly BenchRunResult[], runId?: string): BenchRunResult {
  const first = runs[0];
  if (first === undefined) throw new InputError(['runs: (list): expected at least one bench run, got none']);
  if (runs.length === 1 && runId === undefined) return first;
  const problems = versionProblems(runs);
  runs.forEach((r, i) => {
    if (nodeCount(r) !== nodeCount(first)) problems.push(`runs[${i}]: broker.nodes: expected ${nodeCount(first)} node(s) like runs[0], got ${nodeCount(r)}`);
  });
  if (problems.length > 0) throw new InputError(problems);

  const steps: StepResult[] = [];
  const searches: MaxRateSearch[] = [];
  for (const r of runs) {
    const offset = steps.length;
    const id = (searchId: string | null) => (searchId === null ? null : `${r.runId}/${searchId}`);
    for (const s of r.steps) steps.push({ ...s, index: s.index + offset, searchId: id(s.searchId) });
    for (const s of r.searches) {
      searches.push({ ...s, id: id(s.id)!, trials: s.trials.map((t) => ({ ...t, stepIndex: t.stepIndex + offset })) });
    }
  }
  const statuses = new Set(runs.map((r) => r.status));
  const byTime = [...runs].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  return {
    ...first,
    runId: runId ?? mergedId(runs),
    status: statuses.size === 1 ? first.status : statuses.has('failed') ? 'failed' : 'partial',
    startedAt: byTime[0]!.startedAt,
    finishedAt: byTime.reduce((a, r) => (r.finishedAt > a ? r.finishedAt : a), byTime[0]!.finishedAt),
    steps,
    searches,
    warnings: runs.flatMap((r) => r.warnings),
    error: runs.map((r) => r.error).find((e) => e !== null) ?? null,
    cleanup: {
      queuesDeleted: runs.reduce((a, r) => a + r.cleanup.queuesDeleted, 0),
      queuesLeft: runs.flatMap((r) => r.cleanup.queuesLeft),
    },
  };
}

/**
 * Single-node runs and runs on a cluster, apart: the cluster's measure what a follower costs on
 * top of the stages the single node measured (followers.ts). Runs that all have one node count
 * are all `stages`. Runs on one node and on one cluster size split; any other mix is refused.
 */
export function splitClusterRuns(runs: readonly BenchRunResult[]): { stages: BenchRunResult[]; cluster: BenchRunResult[] } {
  const counts = new Set(runs.map(nodeCount));
  if (counts.size === 1) return { stages: [...runs], cluster: [] };
  if (counts.size !== 2 || !counts.has(1) || counts.has(0)) {
    const list = [...counts].sort((a, b) => a - b).map((n) => (n === 0 ? 'an unknown number of' : String(n)));
    throw new InputError([
      `runs: broker.nodes: expected runs on one node, optionally with runs on one cluster size (what a follower costs), got runs on ${list.join(', ')} nodes`,
    ]);
  }
  const problems = versionProblems(runs);
  if (problems.length > 0) throw new InputError(problems);
  return { stages: runs.filter((r) => nodeCount(r) === 1), cluster: runs.filter((r) => nodeCount(r) > 1) };
}
