/**
 * `rmq-plan size <workload>`: parse flags → read and validate the workload file → apply the
 * what-if overrides → load catalog and calibration profile → plan → render. Exit 0 when the
 * plan meets every target, 1 when it cannot (the report is still printed), 2 for bad input.
 */
import { assertForecastWithinBounds } from './shared/forecast-bounds.js';
import { loadCatalogFile, loadDefaultCatalog } from '../catalog/load.js';
import { loadDefaultProfile, loadProfileArgument } from '../calibration/default-profile.js';
import { ExitCode } from '../errors.js';
import { readWorkloadFile, validateWorkload } from '../io/workload-file.js';
import { plan } from '../model/planner.js';
import type { PlanRequest, SizeResult } from '../model/types.js';
import type { ReportContext } from '../render/context.js';
import { outputWidth } from '../render/width.js';
import type { WorkloadFile } from '../schema/workload.js';
import { selectHardware } from './shared/hardware.js';
import type { CliIo } from '../io/cli-io.js';
import {
  FlagProblems,
  parseFieldList,
  parseFieldNumber,
  parseFormat,
  parseTrafficScale,
  parseWidth,
  type OutputFormat,
} from '../io/flag-options.js';

/** The flags as commander hands them over: raw strings, checked here. */
export interface SizeFlags {
  format?: string;
  explain?: boolean;
  trafficScale?: string;
  horizonMonths?: string;
  catalog?: string;
  calibration?: string;
  providers?: string;
  maxNodes?: string;
  budget?: string;
  /** --emit definitions|commands and --emit-nodes (src/emit): print the layout instead of the report. */
  emit?: string;
  emitNodes?: string;
  /** --report <file>: also write the HTML report (src/report). */
  report?: string;
  /** --width <columns>: the table's width (default: the terminal's, $COLUMNS, or 80). */
  width?: string;
}

export interface SizeSettings {
  format: OutputFormat;
  explain: boolean;
  trafficScale: number;
  horizonMonths: number | undefined;
  catalogFile: string | undefined;
  calibrationFile: string | undefined;
  overrides: { providers?: string[]; maxNodes?: number; monthlyBudgetUsd?: number };
  /** --width, when given. */
  width?: number;
}

export function parseSizeFlags(flags: SizeFlags): SizeSettings {
  const problems = new FlagProblems();
  const format = parseFormat(flags.format, problems);
  const trafficScale = parseTrafficScale(flags.trafficScale, problems);
  const horizonMonths = parseFieldNumber('--horizon-months', flags.horizonMonths, ['cluster', 'forecast', 'horizonMonths'], problems);
  const providers = parseFieldList('--providers', flags.providers, ['cluster', 'constraints', 'providers'], problems);
  const maxNodes = parseFieldNumber('--max-nodes', flags.maxNodes, ['cluster', 'constraints', 'maxNodes'], problems);
  const budget = parseFieldNumber('--budget', flags.budget, ['cluster', 'constraints', 'monthlyBudgetUsd'], problems);
  const width = parseWidth(flags.width, problems);
  problems.throwIfAny();
  return {
    ...(width !== undefined ? { width } : {}),
    format,
    explain: flags.explain === true,
    trafficScale,
    horizonMonths,
    catalogFile: flags.catalog,
    calibrationFile: flags.calibration,
    overrides: {
      ...(providers ? { providers } : {}),
      ...(maxNodes !== undefined ? { maxNodes } : {}),
      ...(budget !== undefined ? { monthlyBudgetUsd: budget } : {}),
    },
  };
}

/** The workload with the command-line overrides applied, validated again as a whole (e.g. minNodes ≤ --max-nodes). */
export function applyOverrides(workload: WorkloadFile, settings: SizeSettings, file: string): WorkloadFile {
  const { overrides, horizonMonths } = settings;
  if (Object.keys(overrides).length === 0 && horizonMonths === undefined) return workload;
  const merged = {
    ...workload,
    cluster: {
      ...workload.cluster,
      constraints: { ...workload.cluster.constraints, ...overrides },
      forecast: { ...workload.cluster.forecast, ...(horizonMonths !== undefined ? { horizonMonths } : {}) },
    },
  };
  return validateWorkload(merged, `${file} (with command-line options)`);
}

/** What the planner is asked, from the workload file and the flags (also used by bench:size to time the planner alone). */
export function buildPlanRequest(file: string, settings: SizeSettings): { request: PlanRequest; workload: WorkloadFile } {
  const workload = applyOverrides(readWorkloadFile(file), settings, file);
  assertForecastWithinBounds(workload, file, settings.horizonMonths ?? workload.cluster.forecast.horizonMonths, settings.trafficScale);
  const catalog = settings.catalogFile ? loadCatalogFile(settings.catalogFile) : loadDefaultCatalog();
  // --calibration: a profile file or a shipped profile's name (e.g. published-lab).
  const profile = settings.calibrationFile ? loadProfileArgument(settings.calibrationFile) : loadDefaultProfile();
  const hardware = selectHardware(catalog, workload, file);
  const request: PlanRequest = {
    workload,
    instanceTypes: hardware.instanceTypes,
    diskOptions: hardware.diskOptions,
    hoursPerMonth: catalog.hoursPerMonth,
    profile,
    trafficScale: settings.trafficScale,
    ...(settings.horizonMonths !== undefined ? { horizonMonths: settings.horizonMonths } : {}),
  };
  return { request, workload };
}

/** Everything but the rendering (the request too: the HTML report evaluates it at other loads). */
export function sizeWorkload(file: string, settings: SizeSettings): { result: SizeResult; workload: WorkloadFile; request: PlanRequest } {
  const { request, workload } = buildPlanRequest(file, settings);
  return { result: plan(request), workload, request };
}

/**
 * Renders in the chosen format. Each renderer is imported only when used: the JSON path, which
 * scripts run in loops, then never loads cli-table3 and its dependencies.
 */
export async function renderSizeResult(result: SizeResult, ctx: ReportContext, format: OutputFormat, io: CliIo): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../render/json.js')).renderJson(result, ctx);
    case 'markdown':
      return (await import('../render/markdown.js')).renderMarkdown(result, ctx);
    case 'table': {
      const [{ renderTable }, { colourEnabled, palette }] = await Promise.all([import('../render/table.js'), import('../render/colour.js')]);
      return renderTable(result, ctx, palette(colourEnabled(io.env, io.stdoutIsTTY)));
    }
  }
}

export async function runSize(file: string, flags: SizeFlags, io: CliIo): Promise<ExitCode> {
  const settings = parseSizeFlags(flags);
  const emit = flags.emit === undefined && flags.emitNodes === undefined ? null : (await import('../emit/options.js')).parseEmitFlags(flags);
  const { result, workload, request } = sizeWorkload(file, settings);
  if (emit !== null) return (await import('../emit/run.js')).runEmit(result, workload, file, emit, io);
  const width = outputWidth(settings.width, io.stdoutColumns, io.env);
  io.stdout(await renderSizeResult(result, { file, workload, explain: settings.explain, width }, settings.format, io));
  if (flags.report !== undefined) (await import('../report/size-hook.js')).writeSizeReport(flags.report, file, workload, request, result, io);
  return result.feasible ? ExitCode.ok : ExitCode.targetsNotMet;
}
