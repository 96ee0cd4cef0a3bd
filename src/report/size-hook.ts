/**
 * `rmq-plan size --report <file>`: the size command's one-line hook calls this after printing
 * its own output, with the request it planned (the charts evaluate the plan's cluster at other
 * loads; the input files are not read again).
 */
import type { CliIo } from '../io/cli-io.js';
import type { PlanRequest, SizeResult } from '../model/types.js';
import type { WorkloadFile } from '../schema/workload.js';
import { sizeReportHtml } from './size-report.js';
import { writeReport } from './write.js';

export function writeSizeReport(path: string, file: string, workload: WorkloadFile, request: PlanRequest, result: SizeResult, io: CliIo): void {
  writeReport(path, sizeReportHtml(result, { file, workload, explain: false }, request), io);
}
