/**
 * Sentences the check's table, Markdown and HTML outputs share, so that all three say the same
 * thing in the same words.
 */
import type { EvaluatedPlan } from '../model/types.js';
import { num, plural, usd } from '../format/numbers.js';
import type { CheckResult, Runway } from '../check/types.js';
import { shortfallText } from './findings.js';
import type { Shortfall } from '../model/types.js';

export interface RunwayText {
  /** The cluster holds through the horizon. */
  ok: boolean;
  text: string;
}

export function runwayText(r: Runway): RunwayText {
  const miss = r.firstMiss;
  const more = miss && miss.failures.length > 1 ? ` (and ${plural(miss.failures.length - 1, 'other target')})` : '';
  if (!r.growth) {
    return miss
      ? { ok: false, text: `No growth in the forecast, and the cluster already misses a target at the checked peak: ${missText(miss.failure)}${more}` }
      : { ok: true, text: 'No growth in the forecast: the cluster holds for as long as traffic stays at the checked peak.' };
  }
  if (!miss) {
    return {
      ok: true,
      text: `Holds for the whole horizon (${plural(r.horizonMonths, 'month')}) and beyond, through month ${r.searchedThroughMonth}, the end of the search.`,
    };
  }
  if (miss.month > r.horizonMonths && r.horizonMonths === 0) {
    return { ok: true, text: `Holds at today's traffic; first misses a target in month ${miss.month}: ${missText(miss.failure)}${more}` };
  }
  if (miss.month > r.horizonMonths) {
    const after = miss.month - r.horizonMonths;
    return {
      ok: true,
      text:
        `Holds for the whole horizon (${plural(r.horizonMonths, 'month')}); first misses a target in month ${miss.month} ` +
        `(${plural(after, 'month')} after the horizon): ${missText(miss.failure)}${more}`,
    };
  }
  if (miss.month === 0) return { ok: false, text: `Misses a target already at today's traffic (month 0): ${missText(miss.failure)}${more}` };
  return { ok: false, text: `Misses a target in month ${miss.month}, within the ${r.horizonMonths}-month horizon: ${missText(miss.failure)}${more}` };
}

/** A short form for a summary tile: "first miss in month 17" and how it relates to the horizon. */
export function runwayHeadline(r: Runway): { value: string; detail: string } {
  const miss = r.firstMiss;
  if (!miss)
    return {
      value: r.growth ? `holds through month ${r.searchedThroughMonth}` : 'holds (no growth forecast)',
      detail: r.growth
        ? `${r.searchedThroughMonth - r.horizonMonths} months past the ${r.horizonMonths}-month horizon, the end of the search`
        : 'traffic stays at the checked peak',
    };
  const when =
    miss.month > r.horizonMonths
      ? `${plural(miss.month - r.horizonMonths, 'month')} after the ${r.horizonMonths}-month horizon`
      : miss.month === 0
        ? "already at today's traffic"
        : `within the ${r.horizonMonths}-month horizon`;
  return { value: `first miss in month ${miss.month}`, detail: `${when}: ${missText(miss.failure).split(':')[0]}` };
}

/** "3 × aws m6i.xlarge, gp3 100 GiB each". */
export function clusterTitle(plan: EvaluatedPlan): string {
  return `${plan.nodes} × ${plan.instanceType.provider} ${plan.instanceType.name}, ${plan.disk.option.name} ${num(plan.disk.sizeGiB)} GiB each`;
}

/** "the peak at month 12, traffic × 1, calibration profile "published"". */
export function checkedAt(result: CheckResult): string {
  const horizon = result.runway.horizonMonths;
  const month = horizon === 0 ? "today's peak (no growth horizon)" : `the peak at month ${horizon}`;
  return `${month}, traffic × ${num(result.request.trafficScale)}, calibration profile "${result.profileName}"`;
}

/** "$444.48/month" with the budget when there is one: "$444.48/month of a $500.00 budget". */
export function costText(result: CheckResult): string {
  const total = `${usd(result.plan.cost.totalUsdPerMonth)}/month`;
  const budget = result.request.workload.cluster.constraints.monthlyBudgetUsd;
  return budget === undefined ? total : `${total} of a ${usd(budget)} budget`;
}

/** "every target holds" / "2 targets missed". */
export function verdictSummary(result: CheckResult): string {
  return result.verdict === 'pass' ? 'every target holds' : `${plural(result.failures.length, 'target')} missed`;
}

/** A runway miss's first shortfall in words ('' when only the binding constraint says). */
export function missText(failure: Shortfall | null): string {
  return failure === null ? '' : shortfallText(failure);
}
