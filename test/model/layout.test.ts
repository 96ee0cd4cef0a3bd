import { describe, expect, it } from 'vitest';
import { consumerConnectionCount, consumersPerGroup } from '../../src/model/clients.js';
import { buildContext } from '../../src/model/context.js';
import { buildLayout } from '../../src/model/layout.js';
import { countPerNode, placeQueues, zoneOfNodes } from '../../src/model/placement.js';
import { queueName, queueNames } from '../../src/model/queue-names.js';
import { majorityOf, maxReplicasPerZone, minNodesFor, minReplicationFactor, replicationFactorsFor } from '../../src/model/replication.js';
import { minimalShardCount, shardCount } from '../../src/model/shards.js';
import { request, workload, workloadFile } from './helpers.js';

describe('replication factor rules', () => {
  it('needs 2f+1 replicas, odd, at most min(N, 7)', () => {
    expect(replicationFactorsFor(3, 1, false)).toEqual([3]);
    expect(replicationFactorsFor(9, 1, false)).toEqual([3, 5, 7]);
    expect(replicationFactorsFor(5, 2, false)).toEqual([5]);
    expect(replicationFactorsFor(4, 2, false)).toEqual([]); // 2 failures need 5 replicas
    expect(replicationFactorsFor(2, 0, false)).toEqual([1]);
    expect(replicationFactorsFor(3, 0, true)).toEqual([3]); // zone loss: at least 3
  });

  it('majorities and zone caps', () => {
    expect(majorityOf(3)).toBe(2);
    expect(majorityOf(5)).toBe(3);
    expect(majorityOf(4)).toBe(3);
    expect(maxReplicasPerZone(3)).toBe(1);
    expect(maxReplicasPerZone(5)).toBe(2);
    expect(maxReplicasPerZone(7)).toBe(3);
    expect(minReplicationFactor(3, false)).toBe(7);
    // the cluster needs a majority of nodes up whatever the queue type (pause_minority)
    expect(minNodesFor(1, false)).toBe(3);
    expect(minNodesFor(2, false)).toBe(5);
    expect(minNodesFor(0, false)).toBe(1);
    expect(minNodesFor(0, true)).toBe(3);
  });
});

describe('shards', () => {
  it('auto: enough queues to stay under ceiling × target, and under the ceiling in a burst', () => {
    // ⌈100,000 / (33,333.3 × 0.6)⌉ = ⌈5.0⌉ = 5
    expect(minimalShardCount(100_000, null, 100_000 / 3, 0.6)).toBe(5);
    // burst 200,000 / 33,333.3 = 6 → 6
    expect(minimalShardCount(100_000, 200_000, 100_000 / 3, 0.6)).toBe(6);
    expect(minimalShardCount(10, null, 30_000, 0.6)).toBe(1);
  });

  it('spread rounds up to a multiple of the node count; fixed counts stay', () => {
    expect(shardCount('auto', 5, 4, 'spread')).toBe(8);
    expect(shardCount('auto', 5, 4, 'minimal')).toBe(5);
    expect(shardCount('auto', 1, 3, 'spread')).toBe(3);
    expect(shardCount(7, 5, 4, 'spread')).toBe(7);
  });
});

describe('queue names', () => {
  it('follows <workload>.<group>.<shard>', () => {
    expect(queueNames('orders', 1, 1)).toEqual(['orders']);
    expect(queueNames('orders', 1, 3)).toEqual(['orders.s00', 'orders.s01', 'orders.s02']);
    expect(queueNames('orders', 2, 1)).toEqual(['orders.g0', 'orders.g1']);
    expect(queueNames('orders', 2, 2)).toEqual(['orders.g0.s00', 'orders.g0.s01', 'orders.g1.s00', 'orders.g1.s01']);
    expect(queueName('orders', 12, 150, 11, 149)).toBe('orders.g11.s149');
    expect(queueName('orders', 12, 150, 0, 7)).toBe('orders.g00.s007');
  });
});

describe('placement', () => {
  it('round-robins leaders across workloads; replicas on consecutive nodes', () => {
    // workload A: 2 queues × 3 replicas, workload B: 3 classic queues, 3 nodes.
    // Leaders: A.q0→0, A.q1→1, B.q0→2, B.q1→0, B.q2→1.
    const [a, b] = placeQueues([2, 3], [3, 1], 3, null);
    expect([...a!.nodes]).toEqual([0, 1, 2, 1, 2, 0]);
    expect([...b!.nodes]).toEqual([2, 0, 1]);
    expect(countPerNode(a!, 3)).toEqual({ leaders: [1, 1, 0], replicas: [2, 2, 2] });
    expect(countPerNode(b!, 3)).toEqual({ leaders: [1, 1, 1], replicas: [1, 1, 1] });
  });

  it('spreads replicas so that no zone holds a majority', () => {
    // 4 nodes over 3 zones: zones [0, 1, 2, 0]. A queue led on node 3 would take nodes 3, 0, 1
    // (two in zone 0: losing zone 0 loses the majority); spread, it takes 3, 1, 2.
    const zones = zoneOfNodes(4, 3);
    expect(zones).toEqual([0, 1, 2, 0]);
    const plain = placeQueues([4], [3], 4, null)[0]!;
    const spread = placeQueues([4], [3], 4, zones)[0]!;
    expect([...plain.nodes.slice(9, 12)]).toEqual([3, 0, 1]);
    expect([...spread.nodes.slice(9, 12)]).toEqual([3, 1, 2]);
    for (let q = 0; q < 4; q++) {
      const inZone0 = [...spread.nodes.slice(q * 3, q * 3 + 3)].filter((n) => zones[n] === 0).length;
      expect(inZone0).toBeLessThanOrEqual(1);
    }
  });
});

describe('consumers and connections', () => {
  it('auto consumers: enough to drain at the target, at least one per queue', () => {
    // 1,000 msg/s × 5 ms = 5 busy consumers; ÷ 0.6 = 8.33 → 9
    expect(consumersPerGroup('auto', 2, 1000, 5, 0.6)).toBe(9);
    expect(consumersPerGroup('auto', 4, 1000, 0, 0.6)).toBe(4);
    expect(consumersPerGroup(3, 4, 1000, 5, 0.6)).toBe(3);
    // one connection per consumer over all groups: 9 × 3 groups
    expect(consumerConnectionCount('auto', 9, 3)).toBe(27);
    expect(consumerConnectionCount(5, 9, 3)).toBe(5);
  });

  it('a layout ties it together', () => {
    const ctx = buildContext(
      request(workloadFile([workload({ fanOut: 2, queues: 'auto', consumers: { processingTimeMs: 5 } }), workload({ name: 'audit', queueType: 'classic' })])),
    );
    const l = buildLayout(ctx, 3, 3, 'spread');
    expect(l.shards).toEqual([3, 3]); // minimal 1, spread to a multiple of 3
    expect(l.queues).toEqual([6, 3]);
    expect(l.replicasPerQueue).toEqual([3, 1]);
    expect(l.consumersPerGroup).toEqual([9, 3]);
    expect(l.consumerConnections).toEqual([18, 3]);
  });
});
