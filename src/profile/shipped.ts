/**
 * The calibration profiles shipped in data/profiles/, by name. Kept free of heavy imports: the
 * command-line help lists these names at start-up (test/calibration checks the list against the
 * folder).
 */

/** `published`: the default, for production-like workloads; `published-lab`: the optimistic lab bound (docs/calibration.md). */
export const SHIPPED_PROFILE_NAMES = ['published', 'published-lab'] as const;
export type ShippedProfileName = (typeof SHIPPED_PROFILE_NAMES)[number];

/** The profile every command uses without `--calibration`. */
export const DEFAULT_PROFILE_NAME: ShippedProfileName = 'published';

/** Help for `--calibration`, naming the shipped profiles. */
export const CALIBRATION_OPTION_HELP =
  'calibration profile: a file (from `rmq-plan bench`) or a shipped profile: published (default, production-like), published-lab (optimistic lab bound)';

export function isShippedProfileName(name: string): name is ShippedProfileName {
  return (SHIPPED_PROFILE_NAMES as readonly string[]).includes(name);
}
