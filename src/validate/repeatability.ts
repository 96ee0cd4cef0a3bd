/**
 * How far the given runs agree with each other where they measured the same thing: the same
 * search or open-loop step (queue type, size, persistence, confirm window, clients, prefetch, acks,
 * node count and load level) in two different runs. This is the measurement's own noise: a model
 * cannot be judged more closely than the broker repeats itself, so `validate` reports it beside
 * the model's error, in the same terms (the error one run would have as the other's prediction).
 * It is a property of the measurements, not of the fit: rows in-sample for the profile count here.
 */
import { median } from '../model/index.js';
import type { StepShape } from './step-shape.js';

/** A figure a run measured: a search's maximum or an open-loop step's p99 (validate's rows carry it too). */
export interface RepeatableMeasurement {
  file: string;
  runId: string;
  kind: 'max-rate' | 'p99';
  label: string;
  config: StepShape;
  brokerNodes: number;
  /** Open-loop rows: the step's share of the search's maximum. */
  loadLevel: number | null;
  /** max-rate: msg/s sustained; p99: ms at the step's delivered rate. */
  measured: number;
}

/** One configuration measured in more than one run. */
export interface RepeatGroup {
  kind: 'max-rate' | 'p99';
  label: string;
  config: StepShape;
  brokerNodes: number;
  loadLevel: number | null;
  measurements: { file: string; runId: string; measured: number }[];
}

export interface RepeatSummary {
  /** Ordered pairs of runs that measured the same configuration (each run taken as the other's prediction). */
  pairs: number;
  /** Median over those pairs of |a − b| ÷ b × 100: the error one run would have as the other's prediction. */
  medianDifferencePercent: number | null;
  /** The largest such difference, and where. */
  worstDifferencePercent: number | null;
  worstLabel: string | null;
}

export interface Repeatability {
  maxRate: RepeatSummary;
  /** p99: also how many of the pairs are within the target factor of each other. */
  p99: RepeatSummary & { withinFactor: number; factorTarget: number };
  groups: RepeatGroup[];
}

/** a ÷ b within a factor of `factor` either way (validate's p99 target, and two runs against each other). */
export function ratioWithin(ratio: number, factor: number): boolean {
  return ratio <= factor && ratio >= 1 / factor;
}

function groupKey(m: RepeatableMeasurement): string {
  return JSON.stringify([m.kind, m.config, m.brokerNodes, m.loadLevel]);
}

/** Ordered pairs of measurements from different runs within each group. */
function orderedPairs(groups: readonly RepeatGroup[]): { group: RepeatGroup; predicted: number; measured: number }[] {
  const out: { group: RepeatGroup; predicted: number; measured: number }[] = [];
  for (const group of groups) {
    for (const a of group.measurements) {
      for (const b of group.measurements) {
        if (a !== b && a.runId !== b.runId) out.push({ group, predicted: a.measured, measured: b.measured });
      }
    }
  }
  return out;
}

function summarizePairs(pairs: ReturnType<typeof orderedPairs>): RepeatSummary {
  const differences = pairs.map((p) => (Math.abs(p.predicted - p.measured) / p.measured) * 100);
  let worst: number | null = null;
  let worstLabel: string | null = null;
  differences.forEach((d, i) => {
    if (worst === null || d > worst) {
      worst = d;
      const g = pairs[i]!.group;
      worstLabel = `${g.label}${g.loadLevel === null ? '' : ` at ${Math.round(g.loadLevel * 100)} %`}: ${g.measurements.map((m) => `${m.file} ${m.measured.toFixed(m.measured >= 100 ? 0 : 2)}`).join(', ')}`;
    }
  });
  return { pairs: pairs.length, medianDifferencePercent: median(differences), worstDifferencePercent: worst, worstLabel };
}

export function repeatability(measurements: readonly RepeatableMeasurement[], factorTarget: number): Repeatability {
  const byKey = new Map<string, RepeatGroup>();
  for (const m of measurements) {
    if (!(m.measured > 0)) continue;
    const key = groupKey(m);
    let group = byKey.get(key);
    if (group === undefined) {
      // A step's label carries its own run's rate ("… @ 50 % (6032/s)"): the group names the configuration only.
      const label = m.kind === 'p99' ? m.label.split(' @ ')[0]! : m.label;
      group = { kind: m.kind, label, config: m.config, brokerNodes: m.brokerNodes, loadLevel: m.loadLevel, measurements: [] };
      byKey.set(key, group);
    }
    group.measurements.push({ file: m.file, runId: m.runId, measured: m.measured });
  }
  const groups = [...byKey.values()].filter((g) => new Set(g.measurements.map((m) => m.runId)).size > 1);
  const maxRatePairs = orderedPairs(groups.filter((g) => g.kind === 'max-rate'));
  const p99Pairs = orderedPairs(groups.filter((g) => g.kind === 'p99'));
  const within = p99Pairs.filter((p) => ratioWithin(p.predicted / p.measured, factorTarget)).length;
  return {
    maxRate: summarizePairs(maxRatePairs),
    p99: { ...summarizePairs(p99Pairs), withinFactor: within, factorTarget },
    groups,
  };
}
