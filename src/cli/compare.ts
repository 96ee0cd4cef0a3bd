/**
 * `rmq-plan compare old.json new.json`: what changed between two calibration profiles —
 * coefficient by coefficient, and what it means for capacity (per-queue ceilings and what a
 * given cluster carries, computed with the model). The ops workflow after a hardware change:
 * bench, fit, compare with the profile in use.

 */
import type { Command } from 'commander';
import { ExitCode, InputError } from '../errors.js';
import { COMPARE_REPORT_VERSION, type CompareReport } from '../profile/compare-report.js';
import type { Profile } from '../schema/profile.js';
import { SIZE_FORMAT } from '../schema/byte-size.js';
import { exactSize } from '../format/numbers.js';
import type { CliIo } from '../io/cli-io.js';
import { machineOutputFlags, printsJson } from './common-flags.js';
import { integerValue, pathValue, sizeValue, switchValue } from './flag-types.js';
import { addFlags, flag, flagWithDefault, parseFlags, type RawFlags } from './flags.js';

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

export const COMPARE_FLAGS = {
  all: flag('--all', 'list every coefficient, not only the changed ones', switchValue()),
  size: flagWithDefault('--size <bytes>', 'message size for the capacity lines, e.g. 1KiB', sizeValue(1, SIZE_FORMAT), exactSize(DEFAULT_COMPARE_SIZE_BYTES)),
  instanceType: flagWithDefault('--instance-type <name>', 'catalog instance type of the example cluster', pathValue('a name'), DEFAULT_COMPARE_INSTANCE_TYPE),
  nodes: flagWithDefault(
    '--nodes <n>',
    'nodes of the example cluster',
    integerValue(1, MAX_COMPARE_NODES, `a whole number from 1 to ${MAX_COMPARE_NODES}`),
    String(DEFAULT_COMPARE_NODES),
  ),
  ...machineOutputFlags('the comparison'),
} as const;

export type CompareFlags = RawFlags<typeof COMPARE_FLAGS>;

/** Adds the arguments, flags, help and action of `compare` to its command (declared in program.ts). */
export function defineCommand(command: Command, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  command
    .argument('<old>', 'the profile in use: a JSON file or a shipped profile name (published, published-lab)')
    .argument('<new>', 'the new profile, e.g. from rmq-plan fit (a JSON file or a shipped name)')
    .addHelpText('after', COMPARE_EXAMPLES)
    .action(async (oldPath: string, newPath: string, flags: CompareFlags) => setExitCode(await runCompare(oldPath, newPath, flags, io)));
  return addFlags(command, COMPARE_FLAGS);
}

/** Both files are read and validated before anything fails, so every problem of both is reported at once. */
async function loadBoth(oldPath: string, newPath: string): Promise<[Profile, Profile]> {
  const { loadProfileArgument } = await import('../profile/load.js');
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

export async function runCompare(oldPath: string, newPath: string, raw: CompareFlags, io: CliIo): Promise<ExitCode> {
  const settings = parseFlags(COMPARE_FLAGS, raw);
  const [oldProfile, newProfile] = await loadBoth(oldPath, newPath);
  const { loadDefaultCatalog } = await import('../catalog/load.js');
  const { diffProfiles } = await import('../profile/compare.js');
  const { capacityChanges } = await import('../profile/capacity.js');

  const catalog = loadDefaultCatalog();
  const instanceType = catalog.instanceTypes.find((t) => t.name === settings.instanceType);
  if (instanceType === undefined) {
    throw new InputError([
      `--instance-type: expected an instance type of the catalog (e.g. ${DEFAULT_COMPARE_INSTANCE_TYPE}), got ${JSON.stringify(settings.instanceType)}`,
    ]);
  }
  const disk = catalog.diskOptions.find((d) => d.provider === instanceType.provider && d.media === 'ssd');
  if (disk === undefined) throw new InputError([`--instance-type: expected a provider with an SSD disk option in the catalog, got ${instanceType.provider}`]);

  const diff = diffProfiles(oldProfile, newProfile);
  const capacity = capacityChanges(
    oldProfile,
    newProfile,
    { instanceType, disk, nodes: settings.nodes, sizeBytes: settings.size, hoursPerMonth: catalog.hoursPerMonth },
    ['quorum', 'classic', 'stream'],
  );
  if (printsJson(settings)) {
    const report: CompareReport = { kind: 'rmq-plan-compare', schemaVersion: COMPARE_REPORT_VERSION, ...diff, capacity };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const { renderCompare } = await import('../render/table/compare.js');
    io.stdout(renderCompare(diff, capacity, settings.all === true));
  }
  return ExitCode.ok;
}
