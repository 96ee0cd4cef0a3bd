/**
 * `rmq-plan size --report <file>`: the size command's one-line hook calls this after printing
 * its own output. The request is built again from the same file and flags (cheap: the catalog
 * and profile are cached) because the charts evaluate the plan's cluster at other loads.
 */
import { buildPlanRequest, type SizeSettings } from '../commands/size.js';
import type { CliIo } from '../commands/shared/io.js';
import type { SizeResult } from '../model/types.js';
import { sizeReportHtml } from './size-report.js';
import { writeReport } from './write.js';

export function writeSizeReport(path: string, file: string, settings: SizeSettings, result: SizeResult, io: CliIo): void {
  const { request, workload } = buildPlanRequest(file, settings);
  writeReport(path, sizeReportHtml(result, { file, workload, explain: false }, request), io);
}
