/** What a report needs besides the SizeResult: where the input came from and how to render. */
import type { WorkloadFile } from '../schema/workload.js';

export interface ReportContext {
  /** The workload file as the user named it on the command line. */
  file: string;
  /** The validated workload file (after command-line overrides), for names and HA settings. */
  workload: WorkloadFile;
  /** Show the arithmetic behind the binding constraint (--explain). */
  explain: boolean;
  /** Terminal columns the table report lays out to (src/render/width.ts); none: as wide as it needs. */
  width?: number;
}
