/**
 * The bench matrix: the default (finishes in a few minutes on a 2-core machine), the --quick
 * preset, and the expansion of a matrix into variants (one closed-loop search each, plus an
 * open-loop latency curve where asked).
 */
import type { BenchMatrix, QueueType, StepConfig } from './types.js';

/**
 * Default matrix. Every queue type at three sizes spanning small/typical/large bodies (per-message
 * vs per-byte costs for the fit); 1 publisher / 1 consumer / 1 queue with 1000 unconfirmed and
 * prefetch 1000, per-message acks: the settings of the reference measurements in
 * ../shared/reference/broker-on-debian.md ("What to expect on 2 cores"), so results compare.
 * Duration: 12 searches × ≤ 20 s + 4 curves × 5 levels × ~3.2 s ≈ 5 min, bounded by totalTimeSeconds.
 */
export const DEFAULT_MATRIX: BenchMatrix = {
  queueTypes: ['classic', 'quorum', 'stream'],
  messageSizesBytes: [128, 1024, 16384],
  persistent: [false, true],
  publishers: [1],
  consumers: [1],
  queues: [1],
  confirms: true,
  confirmWindow: 1000,
  prefetch: 1000,
  ackEvery: 1,
  consumerProcessingMs: 0,
  // 2 s windows: ≥ 2000 latency samples at ≥ 1000 msg/s (p99.9 needs ≥ 1000); 0.5 s warm-up: a
  // fresh queue and the confirm pipeline settle within milliseconds at these rates.
  durationSeconds: 2,
  warmupSeconds: 0.5,
  maxMessages: null,
  loadLevels: [0.1, 0.3, 0.5, 0.7, 0.9],
  curveSizesBytes: [1024],
  fixedRatesMsgPerSec: [],
  // A probe and ~5 paced trials of 3.2 s each: enough to close the bracket to ~5 %.
  searchBudgetSeconds: 20,
  totalTimeSeconds: 420,
  // One event loop: at the box's highest rate (classic transient ~29k msg/s) it used 47–53 % of a
  // core, under the 85 % saturation mark; a second thread cost more client CPU per message and so
  // took CPU from the broker (docs/bench.md "Why --workers 1", reproduce with --workers 1 vs 2).
  workers: 1,
};

/** --quick: one classic transient 1 KiB search and one curve point, ~10 s; for tests and smoke runs. */
export const QUICK_MATRIX: BenchMatrix = {
  ...DEFAULT_MATRIX,
  queueTypes: ['classic'],
  messageSizesBytes: [1024],
  persistent: [false],
  durationSeconds: 1,
  warmupSeconds: 0.3,
  loadLevels: [0.5],
  curveSizesBytes: [1024],
  searchBudgetSeconds: 6,
  totalTimeSeconds: 30,
};

export interface Variant {
  id: string;
  label: string;
  /** The variant's workload with targetRateMsgPerSec 'max' (searches and curves set their own). */
  config: StepConfig;
  /** Run the open-loop latency curve for this variant. */
  curve: boolean;
}

export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

function typeLabel(type: QueueType, persistent: boolean): string {
  if (type !== 'classic') return type;
  return persistent ? 'classic persistent' : 'classic transient';
}

export function configLabel(c: StepConfig): string {
  const parts = [typeLabel(c.queueType, c.persistent), sizeLabel(c.messageSizeBytes)];
  if (c.publishers !== 1 || c.consumers !== 1 || c.queues !== 1) parts.push(`${c.publishers}p/${c.consumers}c/${c.queues}q`);
  if (!c.confirms) parts.push('no confirms');
  if (c.consumerProcessingMs > 0) parts.push(`${c.consumerProcessingMs} ms work`);
  return parts.join(' ');
}

/**
 * Every combination of the matrix's lists. Quorum queues and streams are always durable and
 * persist every message, so they get one variant (persistent) whatever --persistent says;
 * combinations with fewer publishers or consumers than queues are skipped (validated earlier).
 */
export function expandMatrix(m: BenchMatrix): Variant[] {
  const out: Variant[] = [];
  const seen = new Set<string>();
  for (const queueType of m.queueTypes) {
    const persistence = queueType === 'classic' ? m.persistent : [true];
    for (const persistent of persistence) {
      for (const messageSizeBytes of m.messageSizesBytes) {
        for (const queues of m.queues) {
          for (const publishers of m.publishers) {
            for (const consumers of m.consumers) {
              if (publishers < queues || consumers < queues) continue;
              const config: StepConfig = {
                queueType,
                messageSizeBytes,
                publishers,
                consumers,
                queues,
                persistent,
                confirms: m.confirms,
                confirmWindow: m.confirmWindow,
                prefetch: m.prefetch,
                ackEvery: m.ackEvery,
                consumerProcessingMs: m.consumerProcessingMs,
                targetRateMsgPerSec: 'max',
                durationSeconds: m.durationSeconds,
                warmupSeconds: m.warmupSeconds,
                maxMessages: m.maxMessages,
              };
              const id = `${queueType}-${persistent ? 'p' : 't'}-${messageSizeBytes}-${publishers}p${consumers}c${queues}q`;
              if (seen.has(id)) continue;
              seen.add(id);
              out.push({ id, label: configLabel(config), config, curve: m.curveSizesBytes.includes(messageSizeBytes) });
            }
          }
        }
      }
    }
  }
  return out;
}
