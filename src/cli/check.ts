/**
 * `rmq-plan check <workload>`: parse flags → read the workload file (with the limit and budget
 * overrides) and the cluster description → resolve the cluster → evaluate it and its runway →
 * render → write the HTML report when asked. Exit 0 when every target and the budget hold,
 * 1 when one does not, 2 for bad input.
 */
import type { Command } from 'commander';
import { loadCatalogFile, loadDefaultCatalog } from '../catalog/load.js';
import { readClusterFile } from '../check/cluster-file.js';
import { DEFAULT_RUNWAY_MONTHS_BEYOND_HORIZON, runCheck } from '../check/evaluate.js';
import { runwayText } from '../render/check-phrases.js';
import type { CheckSource } from '../render/table/check.js';
import { resolveCluster } from '../check/resolve-cluster.js';
import type { CheckResult, ClusterFlagValues, MachineFlagValues } from '../check/types.js';
import { ExitCode, InputError } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import { validateWorkload } from '../io/workload-file.js';
import type { PlanRequest } from '../model/types.js';
import { outputWidth } from '../render/width.js';
import * as B from '../schema/bounds.js';
import {
  BUDGET_FLAG,
  CALIBRATION_FLAG,
  CATALOG_FLAG,
  HORIZON_MONTHS_FLAG,
  REPORT_FILE_FLAG,
  REPORT_FORMAT_FLAG,
  TRAFFIC_SCALE_FLAG,
  WIDTH_FLAG,
  type OutputFormat,
} from './common-flags.js';
import { integerValue, numberValue, parseNumberText, pathValue, textValue, workloadNumberValue } from './flag-types.js';
import { addFlags, flag, parseFlags, type RawFlags } from './flags.js';
import { buildPlanRequest } from './size.js';
import { int } from '../format/numbers.js';

const CHECK_EXAMPLES = `
Examples:
  $ rmq-plan check workload.yaml --cluster cluster.yaml          a description from \`rmq-plan inspect\`
  $ rmq-plan check workload.yaml --instance-type m6i.xlarge --nodes 3 --disk gp3 --disk-size-gib 200
  $ rmq-plan check workload.yaml --cluster cluster.yaml --budget 1500 --max-utilization 0.7
  $ rmq-plan check workload.yaml --cluster cluster.yaml --format markdown > comment.md
  $ rmq-plan check workload.yaml --cluster cluster.yaml --format json | jq .runway.firstMiss
  $ rmq-plan check workload.yaml --cluster cluster.yaml --report report.html

A flag overrides the description's value. A description without instance types needs
--instance-type (network and disk bandwidth are not observable), or the machine described
with --network-gbps, --instance-disk-mb-per-sec, --instance-disk-iops and --price-per-hour-usd.
Exit codes: 0 every target and the budget hold at the forecast horizon; 1 one does not
(each failure named on its own line); 2 bad workload file, cluster description or flag.
Details: docs/check.md.`;

/** Longest runway search beyond the horizon: 10 years is past any planning cycle. */
const MAX_RUNWAY_MONTHS = 120;

const positive = (max: number) => numberValue(`a number > 0 and ≤ ${int(max)}`, (v) => v > 0 && v <= max);

/** "orders=4,billing=1" → { orders: 4, billing: 1 }. */
export function parseQueueCounts(text: string): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const bad =
    items.length === 0 ||
    items.some((item) => {
      const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(item);
      const count = match ? parseNumberText(match[2]!) : undefined;
      if (!match || count === undefined || !Number.isInteger(count) || count < 1) return true;
      out[match[1]!] = count;
      return false;
    });
  return bad ? undefined : out;
}

/** Every flag of `check`, declared once. */
export const CHECK_FLAGS = {
  cluster: flag('--cluster <file>', 'cluster description (YAML or JSON, as `rmq-plan inspect` writes it)', pathValue()),
  instanceType: flag('--instance-type <name>', 'catalog instance type of every node, e.g. m6i.xlarge', pathValue('a name')),
  nodes: flag('--nodes <n>', 'number of nodes', integerValue(1, B.MAX_NODES, `a whole number from 1 to ${B.MAX_NODES}`)),
  disk: flag('--disk <name>', 'catalog disk option, e.g. gp3 (default: the cheapest allowed one that fits)', pathValue('a name')),
  diskSizeGib: flag('--disk-size-gib <GiB>', 'volume size per node (default: sized to fit)', positive(B.MAX_DISK_GIB)),
  diskIops: flag('--disk-iops <n>', 'provisioned IOPS of the volume (default: what its size includes)', positive(B.MAX_DISK_IOPS)),
  diskThroughputMbPerSec: flag(
    '--disk-throughput-mb-per-sec <MB/s>',
    'provisioned throughput of the volume in MB/s (default: what its size includes)',
    positive(B.MAX_DISK_MBPS),
    {
      alias: '--disk-throughput-mbps <MB/s>',
    },
  ),
  replicationFactor: flag(
    '--replication-factor <n>',
    'replicas per quorum/stream queue (default: 3, capped at the nodes)',
    integerValue(1, B.MAX_NODES, `a whole number from 1 to ${B.MAX_NODES}`),
  ),
  queues: flag(
    '--queues <list>',
    'queues per fan-out group by workload, e.g. orders=4,billing=1',
    textValue('workload=queues pairs with whole numbers ≥ 1, comma-separated (e.g. orders=4,billing=1)', parseQueueCounts),
  ),
  vcpus: flag(
    '--vcpus <n>',
    "a machine not in the catalog: vCPUs (default: the description's cores)",
    integerValue(1, B.MAX_VCPUS, `a whole number from 1 to ${B.MAX_VCPUS}`),
  ),
  memoryGib: flag('--memory-gib <GiB>', "a machine not in the catalog: RAM (default: the description's memory)", positive(B.MAX_MEMORY_GIB)),
  networkGbps: flag('--network-gbps <Gbps>', 'a machine not in the catalog: sustained network bandwidth', positive(B.MAX_NETWORK_GBPS)),
  instanceDiskMbPerSec: flag('--instance-disk-mb-per-sec <MB/s>', 'a machine not in the catalog: block-storage bandwidth in MB/s', positive(B.MAX_DISK_MBPS), {
    alias: '--instance-disk-mbps <MB/s>',
  }),
  instanceDiskIops: flag('--instance-disk-iops <n>', 'a machine not in the catalog: block-storage IOPS', positive(B.MAX_DISK_IOPS)),
  pricePerHourUsd: flag('--price-per-hour-usd <usd>', 'a machine not in the catalog: price per node-hour', positive(B.MAX_PRICE_PER_HOUR_USD)),
  budget: BUDGET_FLAG,
  maxUtilization: flag(
    '--max-utilization <fraction>',
    'override cluster.constraints.targetUtilization (healthy peak), e.g. 0.7',
    workloadNumberValue(['cluster', 'constraints', 'targetUtilization']),
  ),
  maxUtilizationAfterFailure: flag(
    '--max-utilization-after-failure <fraction>',
    'override cluster.constraints.maxUtilizationAfterFailure',
    workloadNumberValue(['cluster', 'constraints', 'maxUtilizationAfterFailure']),
  ),
  horizonMonths: HORIZON_MONTHS_FLAG,
  runwayMonths: flag(
    '--runway-months <months>',
    `months searched beyond the horizon for the first miss (default ${DEFAULT_RUNWAY_MONTHS_BEYOND_HORIZON})`,
    integerValue(0, MAX_RUNWAY_MONTHS, `a whole number from 0 to ${MAX_RUNWAY_MONTHS}`),
  ),
  trafficScale: TRAFFIC_SCALE_FLAG,
  catalog: CATALOG_FLAG,
  calibration: CALIBRATION_FLAG,
  format: REPORT_FORMAT_FLAG,
  report: REPORT_FILE_FLAG,
  width: WIDTH_FLAG,
} as const;

export type CheckFlags = RawFlags<typeof CHECK_FLAGS>;

export interface CheckSettings {
  format: OutputFormat;
  clusterFile: string | undefined;
  cluster: ClusterFlagValues;
  trafficScale: number;
  horizonMonths: number | undefined;
  runwayMonthsBeyondHorizon: number;
  catalogFile: string | undefined;
  calibrationFile: string | undefined;
  constraints: { monthlyBudgetUsd?: number; targetUtilization?: number; maxUtilizationAfterFailure?: number };
  reportFile: string | undefined;
  /** --width, when given (src/render/width.ts). */
  width?: number;
}

/** Only the keys whose value is defined (the cluster and machine figures the flags give). */
function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function parseCheckFlags(raw: CheckFlags): CheckSettings {
  const f = parseFlags(CHECK_FLAGS, raw);
  if (f.cluster === undefined && f.nodes === undefined) {
    throw new InputError(['--cluster: expected a cluster description file (from `rmq-plan inspect`), or --instance-type and --nodes, got neither']);
  }
  const machine: MachineFlagValues = defined({
    vcpus: f.vcpus,
    memoryGiB: f.memoryGib,
    networkGbps: f.networkGbps,
    diskMBps: f.instanceDiskMbPerSec,
    diskIops: f.instanceDiskIops,
    pricePerHourUsd: f.pricePerHourUsd,
  });
  const cluster: ClusterFlagValues = defined({
    instanceType: f.instanceType?.trim(),
    nodes: f.nodes,
    disk: f.disk?.trim(),
    diskSizeGiB: f.diskSizeGib,
    diskIops: f.diskIops,
    diskThroughputMBps: f.diskThroughputMbPerSec,
    replicationFactor: f.replicationFactor,
    queues: f.queues,
  });
  if (Object.keys(machine).length > 0) cluster.machine = machine;
  return {
    ...(f.width !== undefined ? { width: f.width } : {}),
    format: f.format,
    clusterFile: f.cluster,
    cluster,
    trafficScale: f.trafficScale,
    horizonMonths: f.horizonMonths,
    runwayMonthsBeyondHorizon: f.runwayMonths ?? DEFAULT_RUNWAY_MONTHS_BEYOND_HORIZON,
    catalogFile: f.catalog,
    calibrationFile: f.calibration,
    constraints: defined({ monthlyBudgetUsd: f.budget, targetUtilization: f.maxUtilization, maxUtilizationAfterFailure: f.maxUtilizationAfterFailure }),
    reportFile: f.report,
  };
}

/** Adds the arguments, flags, help and action of `check` to its command (declared in program.ts). */
export function defineCommand(command: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  command
    .argument('<workload>', 'workload file (YAML or JSON)')
    .addHelpText('after', CHECK_EXAMPLES)
    .action(async (file: string, flags: CheckFlags) => setExitCode(await runCheckCommand(file, flags, io)));
  return addFlags(command, CHECK_FLAGS);
}

/** Everything but the rendering (tests and bench:check call this). */
export function checkWorkload(file: string, settings: CheckSettings): CheckResult {
  const { request: base } = buildPlanRequest(file, {
    trafficScale: settings.trafficScale,
    horizonMonths: settings.horizonMonths,
    catalogFile: settings.catalogFile,
    calibrationFile: settings.calibrationFile,
    overrides: settings.constraints.monthlyBudgetUsd !== undefined ? { monthlyBudgetUsd: settings.constraints.monthlyBudgetUsd } : {},
  });
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
      return (await import('../render/json/check.js')).renderCheckJson(result, source, runwayText(result.runway).text);
    case 'markdown':
      return (await import('../render/markdown/check.js')).renderCheckMarkdown(result, source);
    case 'table': {
      const [{ renderCheckTable }, { colourEnabled, palette }] = await Promise.all([import('../render/table/check.js'), import('../render/colour.js')]);
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
