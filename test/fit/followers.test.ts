/**
 * What a follower costs, from a calibration run on a cluster beside single-node runs
 * (src/profile/fit/followers.ts): synthetic runs built from known costs, so the fit must give back
 * the follower cost that went in; and the split of the runs by node count.
 */
import { describe, expect, it } from 'vitest';
import type { BenchRunResult } from '../../src/bench/types.js';
import { InputError } from '../../src/errors.js';
import { fitProfile } from '../../src/profile/fit/fit.js';
import { splitClusterRuns } from '../../src/profile/fit/merge.js';
import { testProfile, withCoefficients } from '../support/test-profile.js';
import { QUORUM_TRUTH, syntheticRun, type Truth } from './synthetic.js';

const SIZES = [1024, 4096];
/** The follower's own per-message cost (core-µs) the synthetic cluster is built with. */
const FOLLOWER_MICROS = 30;
const NODES = 3;
const SIGMA = 0.1;

/** `run` as if its quorum queues had `nodes` members on a cluster of `nodes` nodes. */
function onCluster(run: BenchRunResult, nodes: number): BenchRunResult {
  const names = Array.from({ length: nodes }, (_, i) => `rabbit@n${i + 1}`);
  return {
    ...run,
    broker: { ...run.broker!, nodes: names.map((name) => ({ ...run.broker!.nodes[0]!, name })) },
    steps: run.steps.map((s) => ({ ...s, broker: { ...s.broker!, queues: s.broker!.queues.map((q) => ({ ...q, members: names })) } })),
  };
}

/**
 * The cluster's true CPU per message, by hand: (publish + leader + 2 × follower) × (1 + σ × 2),
 * with three body hops on the leader's path and one per follower:
 * A = (80 + 2 × 30) × 1.2 = 168 core-µs; B = (3 + 2) hops × 3 ns/B per hop × 1.2 = 18 core-ns/B.
 */
const perHopNanos = QUORUM_TRUTH.bNanosPerByteAllHops / 3;
const coordination = 1 + SIGMA * (NODES - 1);
const CLUSTER_TRUTH: Truth = {
  ...QUORUM_TRUTH,
  aMicros: (QUORUM_TRUTH.aMicros + (NODES - 1) * FOLLOWER_MICROS) * coordination,
  bNanosPerByteAllHops: (3 + NODES - 1) * perHopNanos * coordination,
};
const base = withCoefficients(testProfile, 'quorum', { coordinationPerExtraNode: { value: SIGMA, unit: 'x', source: 'test' } });

function runs(noise: number): { single: BenchRunResult; cluster: BenchRunResult } {
  return {
    single: syntheticRun({ truths: { quorum: QUORUM_TRUTH }, sizes: SIZES, noise, seed: 41, runId: 'single' }),
    cluster: onCluster(syntheticRun({ truths: { quorum: CLUSTER_TRUTH }, sizes: SIZES, noise, seed: 42, runId: 'cluster' }), NODES),
  };
}

describe('the follower cost from a cluster run', () => {
  it('gives back the follower cost the cluster was built with (hand-computed: 168 core-µs per message before its body bytes, on 3 nodes)', () => {
    expect(CLUSTER_TRUTH.aMicros).toBeCloseTo(168, 9);
    const { single, cluster } = runs(0);
    const { profile, fit } = fitProfile(single, base, { clusterRun: cluster });
    const quorum = fit.queueTypes.find((q) => q.queueType === 'quorum')!;
    expect(quorum.followers.status).toBe('fitted');
    expect(quorum.followers.parameters).toMatchObject({ replicas: 3, nodes: 3 });
    expect(quorum.followers.parameters.coordinationFactor).toBeCloseTo(1.2, 9);
    expect(profile.queueTypes.quorum.replicaCpuMicros.value).toBeCloseTo(FOLLOWER_MICROS, 1);
    expect(profile.queueTypes.quorum.replicaCpuMicros.source).toMatch(/^bench cluster on .*per follower: 30\.000/);
    // The other stages are the single node's, untouched by the cluster run.
    const alone = fitProfile(single, base).profile.queueTypes.quorum;
    expect(profile.queueTypes.quorum.publishCpuMicros).toEqual(alone.publishCpuMicros);
    expect(profile.queueTypes.quorum.queueServiceMicros).toEqual(alone.queueServiceMicros);
    expect(fit.notes.join(' ')).toMatch(/run cluster on 3 nodes measured what a follower costs \(quorum\)/);
  });

  // A difference of two noisy figures: 3 % of the cluster's 168 core-µs is 5 core-µs, and the single
  // node's stages carry their own; shared by two followers that is up to ~15 % of 30 core-µs.
  it('stays within 20 % with 3 % noise on every figure, and says how sure it is', () => {
    const { single, cluster } = runs(0.03);
    const { profile, fit } = fitProfile(single, base, { clusterRun: cluster });
    const followers = fit.queueTypes.find((q) => q.queueType === 'quorum')!.followers;
    expect(Math.abs(profile.queueTypes.quorum.replicaCpuMicros.value - FOLLOWER_MICROS) / FOLLOWER_MICROS).toBeLessThan(0.2);
    expect(followers.parameters.followerStdErrMicros).toBeGreaterThan(0);
    expect(followers.residuals.length).toBe(followers.points);
  });

  it('a cluster costs more CPU per message than one node: the fitted follower cost is never negative', () => {
    const { single } = runs(0);
    // A "cluster" run as cheap per message as the single node: nothing left for the followers.
    const cheap = onCluster(syntheticRun({ truths: { quorum: QUORUM_TRUTH }, sizes: SIZES, noise: 0, seed: 42, runId: 'cheap' }), NODES);
    const { profile } = fitProfile(single, base, { clusterRun: cheap });
    expect(profile.queueTypes.quorum.replicaCpuMicros.value).toBe(0);
  });

  it('without a cluster run the follower cost is the base one scaled like the fitted stages, and the report says why', () => {
    const { single } = runs(0);
    const { profile, fit } = fitProfile(single, base);
    const quorum = fit.queueTypes.find((q) => q.queueType === 'quorum')!;
    expect(quorum.followers.status).toBe('not-measured');
    expect(quorum.followers.notes[0]).toMatch(/no run on a cluster/);
    expect(profile.queueTypes.quorum.replicaCpuMicros.source).toMatch(/^not measured by bench/);
  });

  it('a cluster run whose CPU the bench could not read (its nodes elsewhere) measures nothing, and the notes say so', () => {
    const { single, cluster } = runs(0);
    const remote = { ...cluster, steps: cluster.steps.map((s) => ({ ...s, cpu: { ...s.cpu, brokerCoresMeasured: null, brokerCoresEstimate: null } })) };
    const { profile, fit } = fitProfile(single, base, { clusterRun: remote });
    expect(fit.notes.join(' ')).toMatch(/run cluster on 3 nodes measured no follower cost: the cluster's CPU was not measurable/);
    expect(profile.queueTypes.quorum.replicaCpuMicros.source).toMatch(/^not measured by bench/);
  });

  it('classic queues have no followers to measure', () => {
    const { single, cluster } = runs(0);
    const { fit } = fitProfile(single, base, { clusterRun: cluster });
    expect(fit.queueTypes.find((q) => q.queueType === 'classic')!.followers.notes[0]).toMatch(/classic queues have no followers/);
  });

  it("the profile lists the cluster run's steps among those it was made from (validate counts them as in-sample)", () => {
    const { single, cluster } = runs(0);
    const { profile } = fitProfile(single, base, { clusterRun: cluster });
    expect(profile.origin.steps).toHaveLength(single.steps.length + cluster.steps.length);
  });
});

describe('splitClusterRuns', () => {
  it('puts single-node runs to the stages and cluster runs apart', () => {
    const { single, cluster } = runs(0);
    const repeat = syntheticRun({ truths: { quorum: QUORUM_TRUTH }, sizes: SIZES, noise: 0, seed: 43, runId: 'repeat' });
    expect(splitClusterRuns([single, cluster, repeat])).toEqual({ stages: [single, repeat], cluster: [cluster] });
  });

  it('leaves runs of one node count together, and refuses any other mix with one line naming the counts', () => {
    const { single, cluster } = runs(0);
    expect(splitClusterRuns([single, single])).toEqual({ stages: [single, single], cluster: [] });
    expect(splitClusterRuns([cluster, cluster])).toEqual({ stages: [cluster, cluster], cluster: [] });
    const five = onCluster(single, 5);
    expect(() => splitClusterRuns([single, cluster, five])).toThrow(InputError);
    expect(() => splitClusterRuns([single, cluster, five])).toThrow(
      /^runs: broker\.nodes: expected runs on one node, optionally with runs on one cluster size \(what a follower costs\), got runs on 1, 3, 5 nodes$/,
    );
    expect(() => splitClusterRuns([cluster, five])).toThrow(/got runs on 3, 5 nodes/);
  });

  it('refuses runs from different broker versions', () => {
    const { single, cluster } = runs(0);
    const other = { ...cluster, broker: { ...cluster.broker!, rabbitmqVersion: '4.3.6' } };
    expect(() => splitClusterRuns([single, other])).toThrow(InputError);
    expect(() => splitClusterRuns([single, other])).toThrow(/runs\[1\]: broker\.rabbitmqVersion: expected 3\.13\.7 like runs\[0\], got 4\.3\.6/);
  });
});
