/**
 * Shards (queues per fan-out group), docs/model.md "Layout": a queue is one Erlang process, so
 * the per-queue rate λ/S must stay under the queue ceiling × target utilisation (and under the
 * ceiling itself during a burst). `auto` picks S = max(1, ⌈λ / (ceiling·target)⌉); the planner
 * also tries rounding S up to a multiple of N so that leaders spread evenly.
 */
export type ShardPolicy = 'minimal' | 'spread';
export const SHARD_POLICIES: readonly ShardPolicy[] = ['minimal', 'spread'];

/** Guards ⌈x⌉ against float noise such as 3.0000000000000004. */
const CEIL_EPSILON = 1e-9;

export function ceilCount(x: number): number {
  return Math.ceil(x - CEIL_EPSILON);
}

/** Fewest shards that keep each queue under its ceiling: at peak × target, and at the burst rate × 100%. */
export function minimalShardCount(peakMsgPerSec: number, burstMsgPerSec: number | null, ceilingMsgPerSec: number, targetUtilization: number): number {
  let shards = Math.max(1, ceilCount(peakMsgPerSec / (ceilingMsgPerSec * targetUtilization)));
  if (burstMsgPerSec !== null) shards = Math.max(shards, ceilCount(burstMsgPerSec / ceilingMsgPerSec));
  return shards;
}

/** Shards per group: the fixed count, or `auto` under the policy. */
export function shardCount(spec: number | 'auto', minimal: number, nodes: number, policy: ShardPolicy): number {
  if (spec !== 'auto') return spec;
  if (policy === 'spread') return Math.ceil(minimal / nodes) * nodes;
  return minimal;
}
