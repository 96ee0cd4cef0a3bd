/**
 * What a consumer ack costs (ackCpuMicros, ackQueueServiceMicros): the profile's per-message
 * figures carry one ack per delivery (model/acks.ts), so steps whose consumers ack with
 * multiple=true every N > 1 deliveries do (1 − 1/N) acks' work less per message. Measured against
 * the fits of the one-ack-per-delivery steps at the same size: the broker CPU per message at high
 * load, and the single-queue service time 10⁶ / maximum rate; each difference ÷ (1 − 1/N) is one
 * ack's cost, and the median over the points is kept. Pure.
 */
import { MICROS_PER_SECOND, NANOS_PER_MICRO } from '../../model/constants.js';
import { median } from '../../model/stats.js';
import { differenceGroup, differenceResidual, type CoreSample, type ReferenceFits } from './groups.js';
import type { FitGroup, FitResidual, FitSearch } from './report.js';

export const ACK_EQUATION =
  'one ack per delivery − an ack every N at the same size, ÷ (1 − 1/N): broker core-µs per message at ≥ 90 % of the maximum (A + size × B), and 10⁶ / single-queue max rate (a + size × b)';

/** A CPU point of the batched-ack steps: its per-message CPU and how many deliveries one ack covered. */
export interface AckCpuPoint {
  sample: CoreSample;
  microsPerMessage: number;
  ackEvery: number;
}

/** A maximum of the batched-ack searches and how many deliveries one ack covered. */
export interface AckCeilingPoint {
  search: FitSearch;
  ackEvery: number;
}

/** Share of an ack per delivery the batched consumers did not send: 1 − 1/N. */
function ackShareSaved(ackEvery: number): number {
  return 1 - 1 / ackEvery;
}

/** `each`: the fits of the steps that ack each delivery. */
export function fitAckCost(each: ReferenceFits, cpuPoints: readonly AckCpuPoint[], ceilingPoints: readonly AckCeilingPoint[]): FitGroup {
  const a = each.cpu.parameters.aMicrosPerMessage;
  const b = each.cpu.parameters.bNanosPerByteAllHops;
  const sa = each.ceiling.parameters.aMicros;
  const sb = each.ceiling.parameters.bNanosPerByte;
  const notes: string[] = [];
  const residuals: FitResidual[] = [];
  let cpuPerAck: number | null = null;
  let servicePerAck: number | null = null;
  const usable = cpuPoints.filter((p) => p.ackEvery > 1);
  if (each.cpu.status === 'fitted' && a !== undefined && b !== undefined && usable.length > 0) {
    const perAck = usable.map((p) => {
      const size = p.sample.step.config.messageSizeBytes;
      const eachAt = a + (size * b) / NANOS_PER_MICRO;
      residuals.push(
        differenceResidual(`${p.sample.step.label} every ${p.ackEvery} (CPU, core-µs/msg)`, p.sample.step.index, size, null, p.microsPerMessage, eachAt),
      );
      return (eachAt - p.microsPerMessage) / ackShareSaved(p.ackEvery);
    });
    const middle = median(perAck)!;
    cpuPerAck = Math.max(0, middle);
    if (middle < 0) notes.push('CPU: the batched-ack steps cost more per message than the fit with one ack each (noise): held at 0');
  } else {
    notes.push(
      `CPU: ${each.cpu.status !== 'fitted' ? 'no CPU fit of one ack per delivery to compare with' : 'no batched-ack step with broker CPU at high load'}`,
    );
  }
  const maxima = ceilingPoints.filter((p) => p.ackEvery > 1 && p.search.usedForCeiling);
  if (each.ceiling.status === 'fitted' && sa !== undefined && sb !== undefined && maxima.length > 0) {
    const perAck = maxima.map((p) => {
      const eachMicros = sa + (p.search.sizeBytes * sb) / NANOS_PER_MICRO;
      const measured = MICROS_PER_SECOND / p.search.maxSustainedMsgPerSec;
      residuals.push(
        differenceResidual(
          `${p.search.label} every ${p.ackEvery} (service, µs/msg)`,
          null,
          p.search.sizeBytes,
          p.search.maxSustainedMsgPerSec,
          measured,
          eachMicros,
        ),
      );
      return (eachMicros - measured) / ackShareSaved(p.ackEvery);
    });
    const middle = median(perAck)!;
    servicePerAck = Math.max(0, middle);
    if (middle < 0) notes.push('service: the batched-ack maxima were lower than the ceiling with one ack each (noise): held at 0');
    if (maxima.some((p) => p.search.cpuBound === true)) {
      notes.push("service: the machine's CPU was saturated at a batched-ack maximum: what an ack takes from the queue process is a lower bound");
    }
  } else {
    notes.push(
      `service: ${each.ceiling.status !== 'fitted' ? 'no ceiling fit of one ack per delivery to compare with' : 'no batched-ack closed-loop search of one queue'}`,
    );
  }
  return differenceGroup(
    ACK_EQUATION,
    'core-µs/ack, µs/ack',
    [
      { coefficient: 'ackCpuMicros', parameter: 'cpuPerAckMicros', value: cpuPerAck },
      { coefficient: 'ackQueueServiceMicros', parameter: 'servicePerAckMicros', value: servicePerAck },
    ],
    notes,
    residuals,
  );
}
