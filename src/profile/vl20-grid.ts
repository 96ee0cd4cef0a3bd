/**
 * The published grid the default profile's cluster terms are fitted on and checked against:
 * Vanlightly's 2020 quorum-queue sizing case study ran one workload on 7 cluster shapes (AWS c5,
 * 3–9 nodes of 8, 16 or 36 vCPUs) × 3 EBS volume types and reported each cell's top throughput
 * ("leaderboard in terms of top throughput", RabbitMQ 3.8, 1 KiB, 100 quorum queues with
 * replication factor 3, 200 publishers with confirms, consumers acking every message).
 * https://www.rabbitmq.com/blog/2020/06/21/cluster-sizing-case-study-quorum-queues-part-1
 *
 * The split: the default profile is fitted on TRAINING_SHAPES (every volume type of 3 of the 7
 * shapes, spanning 8, 16 and 36 vCPUs and 3 and 9 nodes); the other 4 shapes (5 × 8, 5 × 16,
 * 7 × 8, 7 × 16) are held out: test/calibration/cluster-grid.test.ts predicts them through the
 * planner's own kernel and reports the error (docs/calibration.md, part B).
 */

export const VL20QQ_GRID_URL = 'https://www.rabbitmq.com/blog/2020/06/21/cluster-sizing-case-study-quorum-queues-part-1';
/** Where the volume types' IO latencies were read. */
export const VL20_IO_LATENCY_URL = 'https://www.rabbitmq.com/blog/2020/06/19/cluster-sizing-case-study-mirrored-queues-part-1';

/** The case study's EBS volume types. */
export type Vl20Volume = 'io1' | 'gp2' | 'st1';
export const VL20_VOLUMES: readonly Vl20Volume[] = ['io1', 'gp2', 'st1'];

/**
 * IO latency of each volume type in the case study: "We've gone from 0.5ms (io1), 2ms (gp2) to
 * 10ms (st1)" (measured under the mirrored-queue runs of the same study; assumption A23: the
 * quorum WAL's fsyncs saw the same). VL20_IO_LATENCY_URL.
 */
export const VL20_FSYNC_MS: Readonly<Record<Vl20Volume, number>> = { io1: 0.5, gp2: 2, st1: 10 };

/** One cell: a cluster shape on one volume type and the top throughput it reached. */
export interface GridCell {
  nodes: number;
  vcpusPerNode: number;
  volume: Vl20Volume;
  fsyncMs: number;
  msgPerSec: number;
}

/** "Cluster: N nodes, V vCPUs ... Rate: Xk msg/s" per volume section (io1, gp2, st1). VL20QQ_GRID_URL. */
const TOP_RATES: readonly { nodes: number; vcpusPerNode: number; msgPerSec: Readonly<Record<Vl20Volume, number>> }[] = [
  { nodes: 3, vcpusPerNode: 16, msgPerSec: { io1: 37_000, gp2: 36_000, st1: 27_000 } },
  { nodes: 3, vcpusPerNode: 36, msgPerSec: { io1: 40_000, gp2: 37_000, st1: 32_000 } },
  { nodes: 5, vcpusPerNode: 8, msgPerSec: { io1: 50_000, gp2: 42_000, st1: 37_000 } },
  { nodes: 5, vcpusPerNode: 16, msgPerSec: { io1: 53_000, gp2: 54_000, st1: 54_000 } },
  { nodes: 7, vcpusPerNode: 8, msgPerSec: { io1: 54_000, gp2: 54_000, st1: 50_000 } },
  { nodes: 7, vcpusPerNode: 16, msgPerSec: { io1: 65_000, gp2: 67_000, st1: 67_000 } },
  { nodes: 9, vcpusPerNode: 8, msgPerSec: { io1: 63_000, gp2: 66_000, st1: 62_000 } },
];

/** All 21 cells, shape by shape, volumes in VL20_VOLUMES order. */
export const VL20QQ_GRID: readonly GridCell[] = TOP_RATES.flatMap((shape) =>
  VL20_VOLUMES.map((volume) => ({
    nodes: shape.nodes,
    vcpusPerNode: shape.vcpusPerNode,
    volume,
    fsyncMs: VL20_FSYNC_MS[volume],
    msgPerSec: shape.msgPerSec[volume],
  })),
);

/** A shape's name as the study writes it: "3x16". */
export function shapeName(cell: { nodes: number; vcpusPerNode: number }): string {
  return `${cell.nodes}x${cell.vcpusPerNode}`;
}

/** The shapes the default profile is fitted on (every volume type of each). */
export const TRAINING_SHAPES: readonly string[] = ['3x16', '3x36', '9x8'];

export const TRAINING_CELLS: readonly GridCell[] = VL20QQ_GRID.filter((c) => TRAINING_SHAPES.includes(shapeName(c)));
export const HELD_OUT_CELLS: readonly GridCell[] = VL20QQ_GRID.filter((c) => !TRAINING_SHAPES.includes(shapeName(c)));
