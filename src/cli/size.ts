/**
 * `rmq-plan size <workload>`: parse flags → read and validate the workload file → apply the
 * what-if overrides → load catalog and calibration profile → plan → render. Exit 0 when the
 * plan meets every target, 1 when it cannot (the report is still printed), 2 for bad input.
 */
import { assertForecastWithinBounds } from './shared/forecast-bounds.js';
import { loadCatalogFile, loadDefaultCatalog } from '../catalog/load.js';
import { loadDefaultProfile, loadProfileArgument } from '../profile/load.js';
import { ExitCode } from '../errors.js';
import { readWorkloadFile, validateWorkload } from '../io/workload-file.js';
import { plan } from '../model/planner.js';
import type { PlanRequest, SizeResult } from '../model/types.js';
import type { ReportContext } from '../render/context.js';
import { outputWidth } from '../render/width.js';
import type { WorkloadFile } from '../schema/workload.js';
import { selectHardware } from './shared/hardware.js';
import type { CliIo } from '../io/cli-io.js';
import type { Command } from 'commander';
import { addFlags, flag, parseFlags, type RawFlags } from './flags.js';
import { switchValue } from './flag-types.js';
import {
  BUDGET_FLAG,
  CALIBRATION_FLAG,
  CATALOG_FLAG,
  HORIZON_MONTHS_FLAG,
  MAX_NODES_FLAG,
  PROVIDERS_FLAG,
  REPORT_FILE_FLAG,
  REPORT_FORMAT_FLAG,
  TRAFFIC_SCALE_FLAG,
  WIDTH_FLAG,
  type OutputFormat,
} from './common-flags.js';
import { EMIT_FLAGS, emitSettings, type EmitSettings } from './emit-flags.js';

const SIZE_EXAMPLES = `
Examples:
  $ rmq-plan size fixtures/workloads/small-single-app.yaml
  $ rmq-plan size workload.yaml --explain        show the arithmetic
  $ rmq-plan size workload.yaml --format json | jq .plan.nodes
  $ rmq-plan size workload.yaml --traffic-scale 1.5 --horizon-months 24
  $ rmq-plan size workload.yaml --providers aws,gcp --max-nodes 5 --budget 3000
  $ rmq-plan size workload.yaml --calibration profile.json   from rmq-plan bench
  $ rmq-plan size workload.yaml --emit definitions > defs.json  layout to import
  $ rmq-plan size workload.yaml --report plan.html  HTML report with charts

Exit codes: 0 a plan meets every target; 1 no plan does (the closest one is
still printed, with what would make it feasible); 2 bad workload file,
catalog, profile or flag.`;

/** Every flag of `size`, declared once: commander's options and their parsing come from here. */
export const SIZE_FLAGS = {
  format: REPORT_FORMAT_FLAG,
  explain: flag('--explain', 'show the arithmetic behind the binding constraint', switchValue()),
  trafficScale: TRAFFIC_SCALE_FLAG,
  horizonMonths: HORIZON_MONTHS_FLAG,
  catalog: CATALOG_FLAG,
  calibration: CALIBRATION_FLAG,
  providers: PROVIDERS_FLAG,
  maxNodes: MAX_NODES_FLAG,
  budget: BUDGET_FLAG,
  ...EMIT_FLAGS,
  report: REPORT_FILE_FLAG,
  width: WIDTH_FLAG,
} as const;

export type SizeFlags = RawFlags<typeof SIZE_FLAGS>;

/** What the planner is asked besides the workload file (size's flags; check gives its own). */
export interface PlanInputs {
  trafficScale: number;
  horizonMonths: number | undefined;
  catalogFile: string | undefined;
  calibrationFile: string | undefined;
  overrides: { providers?: string[]; maxNodes?: number; monthlyBudgetUsd?: number };
}

export interface SizeSettings extends PlanInputs {
  format: OutputFormat;
  explain: boolean;
  /** --width, when given. */
  width?: number;
  /** --emit and --emit-nodes: print the layout to apply instead of the report (null: the report). */
  emit: EmitSettings | null;
  /** --report <file>: also write the HTML report. */
  reportFile: string | undefined;
}

export function parseSizeFlags(raw: SizeFlags): SizeSettings {
  const f = parseFlags(SIZE_FLAGS, raw);
  return {
    ...(f.width !== undefined ? { width: f.width } : {}),
    format: f.format,
    explain: f.explain === true,
    trafficScale: f.trafficScale,
    horizonMonths: f.horizonMonths,
    catalogFile: f.catalog,
    calibrationFile: f.calibration,
    overrides: {
      ...(f.providers ? { providers: f.providers } : {}),
      ...(f.maxNodes !== undefined ? { maxNodes: f.maxNodes } : {}),
      ...(f.budget !== undefined ? { monthlyBudgetUsd: f.budget } : {}),
    },
    emit: emitSettings(f.emit, f.emitNodes),
    reportFile: f.report,
  };
}

/** Adds the arguments, flags, help and action of `size` to its command (declared in program.ts). */
export function defineCommand(command: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  command
    .argument('<workload>', 'workload file (YAML or JSON)')
    .addHelpText('after', SIZE_EXAMPLES)
    .action(async (file: string, flags: SizeFlags) => setExitCode(await runSize(file, flags, io)));
  return addFlags(command, SIZE_FLAGS);
}

/** The workload with the command-line overrides applied, validated again as a whole (e.g. minNodes ≤ --max-nodes). */
export function applyOverrides(workload: WorkloadFile, settings: PlanInputs, file: string): WorkloadFile {
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
export function buildPlanRequest(file: string, settings: PlanInputs): { request: PlanRequest; workload: WorkloadFile } {
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
      return (await import('../render/json/size.js')).renderJson(result, ctx);
    case 'markdown':
      return (await import('../render/markdown/size.js')).renderMarkdown(result, ctx);
    case 'table': {
      const [{ renderTable }, { colourEnabled, palette }] = await Promise.all([import('../render/table/size.js'), import('../render/colour.js')]);
      return renderTable(result, ctx, palette(colourEnabled(io.env, io.stdoutIsTTY)));
    }
  }
}

export async function runSize(file: string, flags: SizeFlags, io: CliIo): Promise<ExitCode> {
  const settings = parseSizeFlags(flags);
  const { result, workload, request } = sizeWorkload(file, settings);
  if (settings.emit !== null) return (await import('./emit.js')).runEmit(result, workload, file, settings.emit, io);
  const width = outputWidth(settings.width, io.stdoutColumns, io.env);
  io.stdout(await renderSizeResult(result, { file, workload, explain: settings.explain, width }, settings.format, io));
  if (settings.reportFile !== undefined) (await import('../report/size-hook.js')).writeSizeReport(settings.reportFile, file, workload, request, result, io);
  return result.feasible ? ExitCode.ok : ExitCode.targetsNotMet;
}
