/**
 * `rmq-plan compare old.json new.json`: what changed between two calibration profiles —
 * coefficient by coefficient, and what it means for capacity (per-queue ceilings and what a
 * given cluster carries, computed with the model). The ops workflow after a hardware change:
 * bench, fit, compare with the profile in use.
 *
 * Wire-up in program.ts:  configure(addCompareCommand(program, io, setExitCode), io, `${PROGRAM_NAME} compare`);
 */
import type { Command } from 'commander';
import { ExitCode, InputError } from '../errors.js';
import type { CapacityChange } from '../calibration-fit/capacity.js';
import type { ProfileDiff } from '../calibration-fit/compare.js';
import { COMPARE_REPORT_VERSION, type CompareReport } from '../calibration-fit/compare-report.js';
import type { Profile } from '../schema/profile.js';
import type { CliIo } from '../io/cli-io.js';
import { formatHelp, JSON_ALIAS_HELP, wantsJson } from '../io/output-format.js';

const COMPARE_EXAMPLES = `
Examples:
  $ rmq-plan compare published profile.json                 the shipped default vs yours
  $ rmq-plan compare old.json new.json --all                 every coefficient, changed or not
  $ rmq-plan compare old.json new.json --size 16KiB --instance-type c6i.2xlarge --nodes 5
  $ rmq-plan compare old.json new.json --format json | jq '.capacity[] | {queueType, clusterChangePercent}'

Capacity lines use the model: the per-queue ceiling at --size, and the highest peak rate a
cluster of --nodes × --instance-type carries within the default targets (60 % healthy, 80 %
after one node lost when there are ≥ 3 nodes), one workload of that queue type, queues: auto.
Exit codes: 0 ok, 2 a file is not a valid profile (one line per problem) or a bad flag.`;

/** Default capacity setup: the production checklist's 4-vCPU minimum, 3 nodes (the smallest HA quorum), 1 KiB messages. */
export const DEFAULT_COMPARE_INSTANCE_TYPE = 'm6i.xlarge';
export const DEFAULT_COMPARE_NODES = 3;
export const DEFAULT_COMPARE_SIZE_BYTES = 1024;
/** Node counts the comparison accepts (the workload file's maxNodes bound). */
const MAX_COMPARE_NODES = 50;

export interface CompareFlags {
  json?: boolean;
  all?: boolean;
  size?: string;
  instanceType?: string;
  nodes?: string;
}

export function addCompareCommand(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  return program
    .command('compare')
    .description('show what changed between two calibration profiles and what it means for capacity')
    .argument('<old>', 'the profile in use: a JSON file or a shipped profile name (published, published-lab)')
    .argument('<new>', 'the new profile, e.g. from rmq-plan fit (a JSON file or a shipped name)')
    .option('--all', 'list every coefficient, not only the changed ones')
    .option('--size <bytes>', 'message size for the capacity lines, e.g. 1KiB (default 1 KiB)')
    .option('--instance-type <name>', `catalog instance type of the example cluster (default ${DEFAULT_COMPARE_INSTANCE_TYPE})`)
    .option('--nodes <n>', `nodes of the example cluster (default ${DEFAULT_COMPARE_NODES})`)
    .option('-f, --format <format>', formatHelp('the comparison'))
    .option('--json', JSON_ALIAS_HELP)
    .addHelpText('after', COMPARE_EXAMPLES)
    .action(async (oldPath: string, newPath: string, flags: CompareFlags & { format?: string }) => {
      setExitCode(await runCompare(oldPath, newPath, { ...flags, json: wantsJson(flags) }, io));
    });
}

interface Settings {
  sizeBytes: number;
  instanceType: string;
  nodes: number;
}

async function parseSettings(flags: CompareFlags): Promise<Settings> {
  const { parseSizeText, SIZE_FORMAT } = await import('../schema/byte-size.js');
  const problems: string[] = [];
  let sizeBytes = DEFAULT_COMPARE_SIZE_BYTES;
  if (flags.size !== undefined) {
    const parsed = parseSizeText(flags.size);
    if (parsed === undefined || !(parsed > 0)) problems.push(`--size: expected ${SIZE_FORMAT}, got ${JSON.stringify(flags.size)}`);
    else sizeBytes = parsed;
  }
  let nodes = DEFAULT_COMPARE_NODES;
  if (flags.nodes !== undefined) {
    const n = Number(flags.nodes.trim());
    if (!/^\d+$/.test(flags.nodes.trim()) || n < 1 || n > MAX_COMPARE_NODES) problems.push(`--nodes: expected a whole number from 1 to ${MAX_COMPARE_NODES}, got ${JSON.stringify(flags.nodes)}`);
    else nodes = n;
  }
  if (problems.length > 0) throw new InputError(problems);
  return { sizeBytes, instanceType: flags.instanceType ?? DEFAULT_COMPARE_INSTANCE_TYPE, nodes };
}

/** Both files are read and validated before anything fails, so every problem of both is reported at once. */
async function loadBoth(oldPath: string, newPath: string): Promise<[Profile, Profile]> {
  const { loadProfileArgument } = await import('../calibration/default-profile.js');
  const problems: string[] = [];
  const load = (path: string): Profile | null => {
    try {
      return loadProfileArgument(path);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
      return null;
    }
  };
  const a = load(oldPath);
  const b = load(newPath);
  if (problems.length > 0 || a === null || b === null) throw new InputError(problems);
  return [a, b];
}

export async function runCompare(oldPath: string, newPath: string, flags: CompareFlags, io: CliIo): Promise<ExitCode> {
  const settings = await parseSettings(flags);
  const [oldProfile, newProfile] = await loadBoth(oldPath, newPath);
  const { loadDefaultCatalog } = await import('../catalog/load.js');
  const { diffProfiles } = await import('../calibration-fit/compare.js');
  const { capacityChanges } = await import('../calibration-fit/capacity.js');

  const catalog = loadDefaultCatalog();
  const instanceType = catalog.instanceTypes.find((t) => t.name === settings.instanceType);
  if (instanceType === undefined) {
    throw new InputError([`--instance-type: expected an instance type of the catalog (e.g. ${DEFAULT_COMPARE_INSTANCE_TYPE}), got ${JSON.stringify(settings.instanceType)}`]);
  }
  const disk = catalog.diskOptions.find((d) => d.provider === instanceType.provider && d.media === 'ssd');
  if (disk === undefined) throw new InputError([`--instance-type: expected a provider with an SSD disk option in the catalog, got ${instanceType.provider}`]);

  const diff = diffProfiles(oldProfile, newProfile);
  const capacity = capacityChanges(
    oldProfile,
    newProfile,
    { instanceType, disk, nodes: settings.nodes, sizeBytes: settings.sizeBytes, hoursPerMonth: catalog.hoursPerMonth },
    ['quorum', 'classic', 'stream'],
  );
  if (flags.json === true) {
    const report: CompareReport = { kind: 'rmq-plan-compare', schemaVersion: COMPARE_REPORT_VERSION, ...diff, capacity };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(renderCompare(diff, capacity, flags.all === true));
  }
  return ExitCode.ok;
}

// ---------------------------------------------------------------------------------------------
// Text output

export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

function num(v: number): string {
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function pct(v: number | null): string {
  if (v === null) return 'new';
  if (v === 0) return '0%';
  const rounded = Math.abs(v) >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
  // U+2212 minus reads better than a hyphen next to numbers.
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}%`;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Width of the source column in the text table; the JSON output has the whole text. */
const SOURCE_COLUMN_CHARS = 90;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

export function renderCompare(diff: ProfileDiff, capacity: readonly CapacityChange[], all: boolean): string {
  const out: string[] = [];
  out.push(`Profiles: "${diff.old.name}" (${diff.old.kind}, ${diff.old.createdAt}) → "${diff.new.name}" (${diff.new.kind}, ${diff.new.createdAt})`);
  for (const o of diff.origin) {
    if (o.field === 'kind' || o.field === 'createdAt') continue;
    out.push(`  ${o.field}: ${o.old ?? '–'} → ${o.new ?? '–'}`);
  }
  out.push('');
  const shown = diff.coefficients.filter((c) => all || c.changed);
  const unchanged = diff.coefficients.length - diff.coefficients.filter((c) => c.changed).length;
  if (shown.length === 0) {
    out.push('No coefficient changed.');
  } else {
    out.push(all ? 'Coefficients:' : 'Changed coefficients:');
    const rows = [['group', 'coefficient', 'old', 'new', 'change', 'unit', 'new source']];
    for (const c of shown) rows.push([c.group, c.name, num(c.old), num(c.new), c.changed ? pct(c.changePercent) : '=', c.unit, shorten(c.newSource, SOURCE_COLUMN_CHARS)]);
    out.push(...table(rows).map((l) => `  ${l}`));
    if (!all && unchanged > 0) out.push(`  (${unchanged} coefficients unchanged; --all lists them)`);
  }
  if (diff.cpuEfficiency) out.push(`  cpuEfficiency (vCPU→usable fraction): ${diff.cpuEfficiency.old} → ${diff.cpuEfficiency.new}`);
  out.push('');
  out.push('What it means for capacity (the model, default targets):');
  for (const c of capacity) {
    const size = formatSize(c.sizeBytes);
    out.push(`  ${c.queueType} ${size} per-queue ceiling ${num(c.ceilingOldMsgPerSec)} → ${num(c.ceilingNewMsgPerSec)} msg/s (${pct(c.ceilingChangePercent)})`);
    const percent = (f: number) => `${Math.round(f * 100)}%`;
    const failures = c.cluster.nodeFailuresToTolerate > 0 ? ` / ${percent(c.cluster.maxUtilizationAfterFailure)} after ${c.cluster.nodeFailuresToTolerate} node lost` : '';
    const binding = c.old.binding === c.new.binding ? `binds on ${c.new.binding}` : `binds on ${c.old.binding} → ${c.new.binding}`;
    out.push(
      `  a ${c.cluster.nodes} × ${c.cluster.vcpus} vCPU (${c.cluster.instanceType}, ${c.cluster.disk}) ${c.queueType} cluster at ${size} carries ` +
        `${num(c.old.maxMsgPerSec)} → ${num(c.new.maxMsgPerSec)} msg/s (${pct(c.clusterChangePercent)}) within ${percent(c.cluster.targetUtilization)} healthy${failures}; ${binding}`,
    );
  }
  return `${out.join('\n')}\n`;
}
