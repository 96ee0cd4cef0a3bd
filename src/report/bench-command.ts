/**
 * `rmq-plan report --bench run.json --out report.html`: validate the run the bench wrote and
 * write its HTML report.
 */
import type { ReportFlags } from '../commands/check.js';
import type { CliIo } from '../commands/shared/io.js';
import { BenchRunResultSchema } from '../bench/types.js';
import { ExitCode, InputError } from '../errors.js';
import { parseDocumentText, readTextFile } from '../io/workload-file.js';
import { formatZodIssues } from '../io/zod-problems.js';
import { benchReportHtml } from './bench-report.js';
import { writeReport } from './write.js';

export async function runBenchReport(flags: ReportFlags, io: CliIo): Promise<ExitCode> {
  const path = flags.bench!;
  const data = parseDocumentText(readTextFile(path), path, 'json');
  const parsed = BenchRunResultSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new InputError(formatZodIssues(parsed.error.issues, path, BenchRunResultSchema));
  writeReport(flags.out!, benchReportHtml(parsed.data, path), io, '--out');
  return ExitCode.ok;
}
