/** `rmq-plan compare --json`: the coefficient differences and what they do to capacity. */
import type { CapacityChange } from './capacity.js';
import type { ProfileDiff } from './compare.js';

/** Version of CompareReport's shape. */
export const COMPARE_REPORT_VERSION = 1;

export interface CompareReport extends ProfileDiff {
  kind: 'rmq-plan-compare';
  schemaVersion: typeof COMPARE_REPORT_VERSION;
  capacity: CapacityChange[];
}
