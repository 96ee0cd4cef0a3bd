/**
 * Calibration profiles: the shipped ones (data/profiles/<name>.json: `published`, the default,
 * and `published-lab`, both derived from published measurements, see docs/calibration.md) and a
 * user's own (`--calibration file`, as written by `rmq-plan bench`). All are validated with
 * ProfileSchema; a bad user file becomes an InputError with one line per problem:
 * `<file>: <field.path>: expected <what>, got <value>`.
 */
import { readTextFile } from '../io/workload-file.js';
import { InputError } from '../errors.js';
import { readShippedJson } from '../io/shipped-file.js';
import { formatPath, showValue } from '../io/zod-problems.js';
import { validateDocument } from '../io/validate-document.js';
import { ProfileSchema, type Profile } from '../schema/profile.js';
import { DEFAULT_PROFILE_NAME, SHIPPED_PROFILE_NAMES, isShippedProfileName, type ShippedProfileName } from './shipped.js';

/** data/profiles/<name>.json, resolved from this module (src/profile/ under vitest, dist/calibration/ after tsc). */
export function shippedProfileUrl(name: ShippedProfileName): URL {
  return new URL(`../../data/profiles/${name}.json`, import.meta.url);
}

/** data/profiles/published.json, the default. */
export const DEFAULT_PROFILE_URL = shippedProfileUrl(DEFAULT_PROFILE_NAME);

const cachedShipped = new Map<ShippedProfileName, Profile>();

/**
 * A shipped profile, read once and cached. It ships with the tool and
 * test/calibration/default-profile.test.ts checks that each stored file is exactly what
 * ProfileSchema parses it to, so it is read as plain JSON (zod on 40 kB cost start-up time,
 * docs/measurements/startup.md). An unreadable one is a broken installation (io/shipped-file.ts).
 */
export function loadShippedProfile(name: ShippedProfileName): Profile {
  let profile = cachedShipped.get(name);
  if (profile === undefined) {
    profile = readShippedJson(shippedProfileUrl(name), `calibration profile "${name}"`) as Profile;
    cachedShipped.set(name, profile);
  }
  return profile;
}

/** The default profile (`published`). */
export function loadDefaultProfile(): Profile {
  return loadShippedProfile(DEFAULT_PROFILE_NAME);
}

/**
 * What `--calibration <profile>` names: a shipped profile when the argument is exactly one of
 * their names (write `./published` for a file of that name), otherwise a profile file.
 */
export function loadProfileArgument(argument: string): Profile {
  if (isShippedProfileName(argument)) return loadShippedProfile(argument);
  const expected = `a readable calibration profile (JSON) or a shipped profile name (${SHIPPED_PROFILE_NAMES.join(', ')})`;
  return parseProfileText(readProfileText(argument, expected), argument);
}

/** A calibration profile file given with `--calibration`. Throws InputError for anything wrong with it. */
export function loadProfileFile(path: string): Profile {
  return parseProfileText(readProfileText(path), path);
}

/** Parses and validates profile JSON; `where` names it in problem lines (usually the path). */
export function parseProfileText(text: string, where: string): Profile {
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError([`${where}: (top level): expected a calibration profile in JSON, got invalid JSON (${message})`]);
  }
  return validateProfile(data, where);
}

/** Validates already-parsed data as a profile. */
export function validateProfile(data: unknown, where: string): Profile {
  const profile = validateDocument(data, where, ProfileSchema, 'a calibration profile (rmq-plan fit --out)');
  const problems = cpuEfficiencyOrderProblems(profile, where);
  if (problems.length > 0) throw new InputError(problems);
  return profile;
}

/**
 * The model interpolates node.cpuEfficiency piecewise-linearly by vCPU count, which needs the
 * points in strictly increasing vCPU order (the schema alone does not say so).
 */
function cpuEfficiencyOrderProblems(profile: Profile, where: string): string[] {
  const points = profile.node.cpuEfficiency;
  const problems: string[] = [];
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1]!.vcpus;
    const vcpus = points[i]!.vcpus;
    if (vcpus <= previous) {
      const path = formatPath(['node', 'cpuEfficiency', i, 'vcpus']);
      problems.push(
        `${where}: ${path}: expected a vCPU count above the previous point's ${previous} (points in increasing vCPU order), got ${showValue(vcpus)}`,
      );
    }
  }
  return problems;
}

function readProfileText(path: string, expected = 'a readable calibration profile (JSON)'): string {
  return readTextFile(path, expected);
}
