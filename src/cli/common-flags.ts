/**
 * Flags several commands take, declared once so that one concept has one name, one syntax and
 * one help everywhere (issue 12): the output switch, the width, the what-if overrides of workload
 * fields, the catalog and calibration, the management API, the connect timeout.
 */
import { CALIBRATION_OPTION_HELP } from '../profile/shipped.js';
import { MAX_TRAFFIC_SCALE, MAX_WIDTH, MIN_WIDTH } from '../schema/bounds.js';
import { flag, flagWithDefault, type FlagSpec } from './flags.js';
import {
  choiceValue,
  durationValue,
  integerValue,
  numberValue,
  pathValue,
  switchValue,
  textValue,
  workloadListValue,
  workloadNumberValue,
} from './flag-types.js';
import { InputError } from '../errors.js';
import { RUN_ID_FORMAT, RUN_ID_PATTERN } from '../broker/run-id.js';
import { int } from '../format/numbers.js';

/** The outputs of size and check. */
export const OUTPUT_FORMATS = ['table', 'json', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** size and check: table, json or markdown. */
export const REPORT_FORMAT_FLAG: FlagSpec<OutputFormat> = flagWithDefault(
  '-f, --format <format>',
  'output: table, json or markdown',
  choiceValue(OUTPUT_FORMATS),
  'table',
);

/**
 * The machine-output switch of every other command: `-f, --format table|json`, as size and check
 * have always taken it; `--json` (what bench, fit, compare, validate, inspect and verify took
 * first) stays as its alias for this release (docs/json-output.md).
 */
export const MACHINE_FORMATS = ['table', 'json'] as const;
export function machineOutputFlags(json: string) {
  return {
    format: flag('-f, --format <format>', `output: table (default) or json (${json})`, choiceValue(MACHINE_FORMATS)),
    json: flag('--json', 'the same as --format json (kept as an alias)', switchValue()),
  } as const;
}

/** Whether the command prints JSON: --format json or --json; asking for both table and json is bad input. */
export function printsJson(values: { format: 'table' | 'json' | undefined; json: boolean | undefined }): boolean {
  if (values.format === 'table' && values.json === true) throw new InputError(['--format: expected table or json, not both --format table and --json']);
  return values.format === 'json' || values.json === true;
}

export const WIDTH_FLAG = flag(
  '--width <columns>',
  "lay the table out to this many columns (default: the terminal's, $COLUMNS, or 80)",
  integerValue(MIN_WIDTH, MAX_WIDTH, `a whole number of columns from ${MIN_WIDTH} to ${MAX_WIDTH}`),
);

export const TRAFFIC_SCALE_FLAG = flagWithDefault(
  '--traffic-scale <factor>',
  'multiply every publish rate (what-if), e.g. 1.5',
  numberValue(`a number > 0 and ≤ ${int(MAX_TRAFFIC_SCALE)} that multiplies every publish rate (e.g. 1.5)`, (v) => v > 0 && v <= MAX_TRAFFIC_SCALE),
  '1',
);

export const HORIZON_MONTHS_FLAG = flag(
  '--horizon-months <months>',
  'override cluster.forecast.horizonMonths (0–120)',
  workloadNumberValue(['cluster', 'forecast', 'horizonMonths']),
);
export const BUDGET_FLAG = flag(
  '--budget <usd>',
  'override cluster.constraints.monthlyBudgetUsd (USD per month)',
  workloadNumberValue(['cluster', 'constraints', 'monthlyBudgetUsd']),
);
export const MAX_NODES_FLAG = flag('--max-nodes <n>', 'override cluster.constraints.maxNodes', workloadNumberValue(['cluster', 'constraints', 'maxNodes']));
export const PROVIDERS_FLAG = flag(
  '--providers <list>',
  'comma-separated cloud providers to consider: aws, gcp, azure',
  workloadListValue(['cluster', 'constraints', 'providers']),
);

export const CATALOG_FLAG = flag('--catalog <file>', 'hardware catalog to use instead of the shipped one (JSON or YAML)', pathValue());
export const CALIBRATION_FLAG = flag('--calibration <profile>', CALIBRATION_OPTION_HELP, pathValue('a profile file or a shipped profile name'));
export const REPORT_FILE_FLAG = flag('--report <file>', 'also write a self-contained HTML report with charts', pathValue());

/** The management API URL, as bench, inspect and verify name it (its checks are the command's: the default differs). */
export function mgmtFlag(help: string): FlagSpec<string | undefined> {
  return flag(
    '--mgmt <url>',
    help,
    textValue('an http:// or https:// URL of the management API', (t) => t),
  );
}

/** A bound on each connection attempt (bench, verify). */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
/** A connection attempt that takes a minute is not going to succeed. */
const MAX_CONNECT_TIMEOUT_SECONDS = 60;
export const CONNECT_TIMEOUT_FLAG = flagWithDefault(
  '--connect-timeout <time>',
  'bound on each connection attempt',
  durationValue({ maxSeconds: MAX_CONNECT_TIMEOUT_SECONDS }),
  `${DEFAULT_CONNECT_TIMEOUT_SECONDS}s`,
);

/** The run id in the names of the queues a run declares (bench, verify). */
export const RUN_ID_FLAG = flag(
  '--run-id <id>',
  'run id in queue names (default: random)',
  textValue(RUN_ID_FORMAT, (t) => (RUN_ID_PATTERN.test(t) ? t : undefined)),
);
