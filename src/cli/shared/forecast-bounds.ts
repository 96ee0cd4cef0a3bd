/**
 * The forecast a plan is asked for must stay within the rates rmq-plan plans for
 * (MAX_MSG_PER_SEC): growth over the horizon and --traffic-scale multiply the file's rates, so a
 * file that is valid on its own can still ask for 10^40 msg/s. Such a request is bad input
 * (exit 2) naming the workload and the knobs that produced it, never an endless search.
 */
import { InputError } from '../../errors.js';
import { forecastWorkload } from '../../model/forecast.js';
import { MAX_MSG_PER_SEC } from '../../schema/bounds.js';
import type { WorkloadFile } from '../../schema/workload.js';
import { int } from '../../format/numbers.js';

export function assertForecastWithinBounds(workload: WorkloadFile, where: string, horizonMonths: number, trafficScale: number): void {
  const problems: string[] = [];
  workload.workloads.forEach((w, i) => {
    const f = forecastWorkload(w, horizonMonths, trafficScale);
    const peak = Math.max(f.peakMsgPerSec, f.burstMsgPerSec ?? 0);
    if (!(peak <= MAX_MSG_PER_SEC)) {
      const shown = Number.isFinite(peak) ? int(peak) : 'an unbounded number of';
      problems.push(
        `${where}: workloads[${i}].publishRate: expected a forecast peak of at most ${int(MAX_MSG_PER_SEC)} msg/s, ` +
          `got ${shown} msg/s at month ${horizonMonths} (growth ${w.publishRate.monthlyGrowthPercent}%/month, traffic scale ${trafficScale}): lower the growth, the horizon or --traffic-scale`,
      );
    }
  });
  if (problems.length > 0) throw new InputError(problems);
}
