/**
 * Forecast: each workload's rates at the horizon and the message sizes the model uses.
 * docs/model.md "Forecast": peak(m) = peak₀ · (1 + g/100)^m · trafficScale; the same growth
 * applies to the average and the burst rate.
 */
import type { MessageSize, Workload } from '../schema/workload.js';
import { MAX_MESSAGE_SIZE_CEILING_BYTES, MAX_MESSAGE_SIZE_DEFAULT_BYTES } from './constants.js';

export interface MessageSizes {
  p50Bytes: number;
  /**
   * Size bandwidth and CPU are sized on: p95, as the production checklist's network estimate
   * does (https://www.rabbitmq.com/docs/production-checklist, "Minimum Available Network Throughput Estimate").
   */
  sizingBytes: number;
  maxBytes: number;
}

export interface WorkloadForecast {
  name: string;
  peakMsgPerSec: number;
  averageMsgPerSec: number;
  /** Burst publish rate at the horizon, or null when the workload declares no burst. */
  burstMsgPerSec: number | null;
  burstDurationSeconds: number;
  sizes: MessageSizes;
}

/** Compound growth over `months`: (1 + g/100)^months. */
export function growthFactor(monthlyGrowthPercent: number, months: number): number {
  return Math.pow(1 + monthlyGrowthPercent / 100, months);
}

/** One size for all messages, or {p50, p95, max}. */
export function messageSizes(size: MessageSize): MessageSizes {
  if (typeof size === 'number') return { p50Bytes: size, sizingBytes: size, maxBytes: size };
  return { p50Bytes: size.p50, sizingBytes: size.p95, maxBytes: size.max };
}

/** Peak today: given, or average × peakToAverageRatio (the schema guarantees exactly one). */
export function peakTodayMsgPerSec(rate: Workload['publishRate']): number {
  if (rate.peakMsgPerSec !== undefined) return rate.peakMsgPerSec;
  return rate.averageMsgPerSec * (rate.peakToAverageRatio ?? 1);
}

export function forecastWorkload(workload: Workload, horizonMonths: number, trafficScale: number): WorkloadForecast {
  const rate = workload.publishRate;
  const scale = growthFactor(rate.monthlyGrowthPercent, horizonMonths) * trafficScale;
  return {
    name: workload.name,
    peakMsgPerSec: peakTodayMsgPerSec(rate) * scale,
    averageMsgPerSec: rate.averageMsgPerSec * scale,
    burstMsgPerSec: rate.burst ? rate.burst.msgPerSec * scale : null,
    burstDurationSeconds: rate.burst ? rate.burst.durationSeconds : 0,
    sizes: messageSizes(workload.messageSize),
  };
}

export type MaxMessageSizeVerdict = 'ok' | 'aboveDefault' | 'aboveCeiling';

/**
 * The largest body against max_message_size: above the release's default (16 MiB from 4.0) the
 * broker rejects it unless the limit is raised; above 512 MiB it cannot be raised far enough
 * (https://www.rabbitmq.com/docs/limits).
 */
export function checkMaxMessageSize(maxBytes: number, defaultBytes = MAX_MESSAGE_SIZE_DEFAULT_BYTES): MaxMessageSizeVerdict {
  if (maxBytes > MAX_MESSAGE_SIZE_CEILING_BYTES) return 'aboveCeiling';
  if (maxBytes > defaultBytes) return 'aboveDefault';
  return 'ok';
}
