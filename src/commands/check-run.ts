/**
 * `rmq-plan check <workload>`: parse flags → read the workload file (with the limit and budget
 * overrides) and the cluster description → resolve the cluster → evaluate it and its runway →
 * render → write the HTML report when asked. Exit 0 when every target and the budget hold,
 * 1 when one does not, 2 for bad input.
 */
import { loadCatalogFile, loadDefaultCatalog } from '../catalog/load.js';
import { buildPlanRequest, type SizeSettings } from './size.js';
import type { CliIo } from '../io/cli-io.js';
import { ExitCode } from '../errors.js';
import { validateWorkload } from '../io/workload-file.js';
import type { PlanRequest } from '../model/types.js';
import { readClusterFile } from '../check/cluster-file.js';
import { runCheck } from '../check/evaluate.js';
import { parseCheckFlags, type CheckFlags, type CheckSettings } from '../check/options.js';
import { runwayText } from '../check/phrases.js';
import { outputWidth } from '../render/width.js';
import type { CheckSource } from '../check/render-table.js';
import { resolveCluster } from '../check/resolve-cluster.js';
import type { CheckResult } from '../check/types.js';

/** Everything but the rendering (tests and bench:check call this). */
export function checkWorkload(file: string, settings: CheckSettings): CheckResult {
  const sizeSettings: SizeSettings = {
    format: settings.format,
    explain: false,
    trafficScale: settings.trafficScale,
    horizonMonths: settings.horizonMonths,
    catalogFile: settings.catalogFile,
    calibrationFile: settings.calibrationFile,
    overrides: settings.constraints.monthlyBudgetUsd !== undefined ? { monthlyBudgetUsd: settings.constraints.monthlyBudgetUsd } : {},
  };
  const { request: base } = buildPlanRequest(file, sizeSettings);
  const request = withLimits(base, settings, file);
  const catalog = settings.catalogFile ? loadCatalogFile(settings.catalogFile) : loadDefaultCatalog();
  const description = settings.clusterFile ? readClusterFile(settings.clusterFile) : null;
  const resolved = resolveCluster({
    workload: request.workload,
    workloadFile: file,
    catalog,
    allowedDiskOptions: base.diskOptions,
    description,
    descriptionFile: settings.clusterFile ?? null,
    flags: settings.cluster,
  });
  return runCheck({
    request,
    workloadFile: file,
    resolved,
    runwayMonthsBeyondHorizon: settings.runwayMonthsBeyondHorizon,
    profileName: request.profile.name,
  });
}

/** --max-utilization and --max-utilization-after-failure, validated with the file as a whole. */
function withLimits(request: PlanRequest, settings: CheckSettings, file: string): PlanRequest {
  const { targetUtilization, maxUtilizationAfterFailure } = settings.constraints;
  if (targetUtilization === undefined && maxUtilizationAfterFailure === undefined) return request;
  const w = request.workload;
  const merged = {
    ...w,
    cluster: {
      ...w.cluster,
      constraints: {
        ...w.cluster.constraints,
        ...(targetUtilization !== undefined ? { targetUtilization } : {}),
        ...(maxUtilizationAfterFailure !== undefined ? { maxUtilizationAfterFailure } : {}),
      },
    },
  };
  return { ...request, workload: validateWorkload(merged, `${file} (with command-line options)`) };
}

export async function renderCheckResult(result: CheckResult, source: CheckSource, settings: CheckSettings, io: CliIo): Promise<string> {
  switch (settings.format) {
    case 'json':
      return (await import('../check/render-json.js')).renderCheckJson(result, source, runwayText(result.runway).text);
    case 'markdown':
      return (await import('../check/render-markdown.js')).renderCheckMarkdown(result, source);
    case 'table': {
      const [{ renderCheckTable }, { colourEnabled, palette }] = await Promise.all([import('../check/render-table.js'), import('../render/colour.js')]);
      return renderCheckTable(result, source, palette(colourEnabled(io.env, io.stdoutIsTTY)), outputWidth(settings.width, io.stdoutColumns, io.env));
    }
  }
}

export async function runCheckCommand(file: string, flags: CheckFlags, io: CliIo): Promise<ExitCode> {
  const settings = parseCheckFlags(flags);
  const result = checkWorkload(file, settings);
  const source: CheckSource = { workloadFile: file, clusterFile: settings.clusterFile ?? null };
  io.stdout(await renderCheckResult(result, source, settings, io));
  if (settings.reportFile !== undefined) {
    const { checkReportHtml } = await import('../report/check-report.js');
    const { writeReport } = await import('../report/write.js');
    writeReport(settings.reportFile, checkReportHtml(result, source), io);
  }
  return result.verdict === 'pass' ? ExitCode.ok : ExitCode.targetsNotMet;
}
