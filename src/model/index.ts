/**
 * The model's public API. Pure: no I/O, no clock, no randomness (docs/CONTRIBUTING-helpers.md).
 */
export { plan } from './planner.js';
export {
  evaluateCluster,
  evaluateClusterLatencies,
  evaluateClusterSummaries,
  evaluateClusterSummary,
  evaluateClusterUtilization,
  firstFailingMonth,
  trafficGrows,
  clusterOf,
  type ClusterLatencies,
  type ClusterSpec,
  type ClusterSummary,
  type DiskSpec,
  type RunwayMiss,
} from './cluster.js';
export type * from './types.js';
/** How far a figure may exceed its limit and still meet it (rounding), and the per-node resources: reports draw both. */
export { LIMIT_TOLERANCE } from './kernel.js';
export { NODE_RESOURCES } from './per-node.js';
export { median } from './stats.js';
/** What the workload file alone warrants saying (the same warnings `size` gives), for `check`. */
export { workloadWarnings } from './warnings.js';
export {
  benchSetup,
  modelCurve,
  modelP99Ms,
  modelSaturation,
  type BenchNode,
  type BenchSetup,
  type BenchStepShape,
  type Saturation,
} from './bench-prediction.js';
