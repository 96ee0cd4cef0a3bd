/**
 * Queue names, `<workload>.<group>.<shard>`: "orders.g0.s00"; with fanOut 1 just "orders.s00";
 * a single unsharded queue just "orders"; several groups of one queue "orders.g0", "orders.g1".
 */

/** Digits to print index values 0..count−1 with, at least `min`. */
function width(count: number, min: number): number {
  return Math.max(min, String(Math.max(0, count - 1)).length);
}

const MIN_SHARD_DIGITS = 2;
const MIN_GROUP_DIGITS = 1;

export function queueName(workload: string, fanOut: number, shards: number, group: number, shard: number): string {
  let name = workload;
  if (fanOut > 1) name += `.g${String(group).padStart(width(fanOut, MIN_GROUP_DIGITS), '0')}`;
  if (shards > 1) name += `.s${String(shard).padStart(width(shards, MIN_SHARD_DIGITS), '0')}`;
  return name;
}

/** Every queue of a workload, group by group, in declaration order. */
export function queueNames(workload: string, fanOut: number, shards: number): string[] {
  const names: string[] = [];
  for (let g = 0; g < fanOut; g++) for (let s = 0; s < shards; s++) names.push(queueName(workload, fanOut, shards, g, s));
  return names;
}
