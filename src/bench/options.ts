/**
 * `rmq-plan bench` flags → BenchOptions. Every bad flag is reported at once, one line each:
 * `--flag: expected <what>, got "<value>"` (exit 2). Flags override the preset (the default
 * matrix, or --quick).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { parseSizeText, SIZE_FORMAT } from '../schema/byte-size.js';
import type { TlsMaterial } from '../broker/connection.js';
import { DEFAULT_MATRIX, QUICK_MATRIX, expandMatrix } from './matrix.js';
import type { BenchOptions } from './run-bench.js';
import { BenchMatrixSchema, MIN_MESSAGE_SIZE_BYTES, QUEUE_TYPES, type BenchMatrix, type QueueType } from './types.js';
import { parseBrokerUrl } from '../broker/amqp-url.js';
import { DURATION_FORMAT, formatDuration, parseDurationSeconds } from '../io/duration.js';

/** The broker when neither --url nor RMQ_PLAN_URL is given: amqplib's own default. */
export const DEFAULT_URL = 'amqp://guest:guest@localhost:5672';
/** Environment variable holding the URL, so the password stays out of `ps` and shell history. */
export const URL_ENV = 'RMQ_PLAN_URL';
/** A broker that has not answered the AMQP handshake in 5 s is not going to (LAN round trips are < 1 ms). */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
/** A publisher blocked by an alarm for 10 s is not a transient flow-control pause. */
export const DEFAULT_BLOCKED_TIMEOUT_SECONDS = 10;
/** Stop draining after 5 s without a delivery: consumers that keep up drain within milliseconds. */
export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 5;
/** Caps that keep a typo from starting an hours-long or thousand-connection run. */
const MAX_CLIENTS = 1000;
const MAX_DURATION_SECONDS = 24 * 3600;
const MAX_WORKERS = 64;
const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** Flags as commander hands them over (strings, booleans, or undefined when absent). */
export interface BenchFlags {
  url?: string;
  /** --mgmt (the name inspect and verify use); --management-url is its alias. */
  mgmt?: string;
  managementUrl?: string;
  management?: boolean;
  ca?: string[];
  cert?: string;
  key?: string;
  insecure?: boolean;
  connectTimeout?: string;
  blockedTimeout?: string;
  drainTimeout?: string;
  quick?: boolean;
  queueTypes?: string;
  sizes?: string;
  persistent?: string;
  publishers?: string;
  consumers?: string;
  queues?: string;
  confirms?: boolean;
  confirmWindow?: string;
  prefetch?: string;
  ackEvery?: string;
  processingMs?: string;
  rates?: string;
  duration?: string;
  warmup?: string;
  maxMessages?: string;
  totalTime?: string;
  searchTime?: string;
  loadLevels?: string;
  /** false with --no-curve: searches only, no latency curve. */
  curve?: boolean;
  curveSizes?: string;
  workers?: string;
  runId?: string;
  out?: string;
  json?: boolean;
  /** Fit a calibration profile from this run and write it here (src/calibration-fit/bench-hook.ts). */
  profileOut?: string;
  /** With profileOut: the profile whose values are kept where the run measures nothing. */
  baseProfile?: string;
}

export interface BenchCommandOptions {
  bench: BenchOptions;
  out: string | null;
  json: boolean;
}

class Problems {
  readonly list: string[] = [];
  add(flag: string, expected: string, raw: unknown): void {
    this.list.push(`${flag}: expected ${expected}, got ${JSON.stringify(raw)}`);
  }
}

function numberText(raw: string): number | undefined {
  const t = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

function num(p: Problems, flag: string, raw: string | undefined, fallback: number, ok: (v: number) => boolean, expected: string): number {
  if (raw === undefined) return fallback;
  const v = numberText(raw);
  if (v === undefined || !ok(v)) {
    p.add(flag, expected, raw);
    return fallback;
  }
  return v;
}

/** A time flag in the one duration format (src/io/duration.ts), > 0 (or ≥ 0) and at most MAX_DURATION_SECONDS. */
function duration(p: Problems, flag: string, raw: string | undefined, fallback: number, zeroAllowed = false): number {
  if (raw === undefined) return fallback;
  const v = parseDurationSeconds(raw);
  if (v === undefined || !(zeroAllowed ? v >= 0 : v > 0) || v > MAX_DURATION_SECONDS) {
    p.add(flag, `${DURATION_FORMAT}, ${zeroAllowed ? '≥ 0' : '> 0'} and at most ${formatDuration(MAX_DURATION_SECONDS)}`, raw);
    return fallback;
  }
  return v;
}

function list<T>(p: Problems, flag: string, raw: string | undefined, fallback: T[], parse: (s: string) => T | undefined, expected: string): T[] {
  if (raw === undefined) return fallback;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const parsed = items.map(parse);
  if (items.length === 0 || parsed.some((v) => v === undefined)) {
    p.add(flag, `a comma-separated list of ${expected}`, raw);
    return fallback;
  }
  return [...new Set(parsed as T[])];
}

const intIn = (min: number, max: number) => (s: string) => {
  const v = numberText(s);
  return v !== undefined && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
};

function size(s: string): number | undefined {
  const v = parseSizeText(s);
  return v !== undefined && v >= MIN_MESSAGE_SIZE_BYTES ? v : undefined;
}

function bool(s: string): boolean | undefined {
  const t = s.toLowerCase();
  if (['true', 'yes', 'on', '1', 'persistent'].includes(t)) return true;
  if (['false', 'no', 'off', '0', 'transient'].includes(t)) return false;
  return undefined;
}

function readPem(p: Problems, flag: string, file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    p.add(flag, 'a readable PEM file', `${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    return null;
  }
}

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function parseBenchFlags(f: BenchFlags, env: Record<string, string | undefined>): BenchCommandOptions {
  const p = new Problems();
  const base: BenchMatrix = f.quick ? QUICK_MATRIX : DEFAULT_MATRIX;

  const rawUrl = f.url ?? env[URL_ENV] ?? DEFAULT_URL;
  let url = rawUrl;
  try {
    parseBrokerUrl(rawUrl);
  } catch (err) {
    p.list.push(...(err as InputError).problems);
    url = DEFAULT_URL;
  }
  let managementUrl: string | null | false = f.management === false ? false : null;
  const mgmtText = f.mgmt ?? f.managementUrl;
  const mgmtFlag = f.mgmt !== undefined ? '--mgmt' : '--management-url';
  if (mgmtText !== undefined && f.management !== false) {
    try {
      const u = new URL(mgmtText);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
      if (!u.username) {
        // Same credentials as the AMQP URL when none are given.
        const b = parseBrokerUrl(url);
        u.username = encodeURIComponent(b.username);
        u.password = encodeURIComponent(b.password);
      }
      managementUrl = u.toString();
    } catch {
      p.add(mgmtFlag, 'an http:// or https:// URL of the management API', mgmtText.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@'));
    }
  }

  const tls: TlsMaterial = {
    ca: (f.ca ?? []).flatMap((file) => file.split(',')).map((file) => readPem(p, '--ca', file)).filter((s): s is string => s !== null),
    cert: f.cert === undefined ? null : readPem(p, '--cert', f.cert),
    key: f.key === undefined ? null : readPem(p, '--key', f.key),
    insecure: f.insecure === true,
  };
  if ((f.cert === undefined) !== (f.key === undefined)) {
    p.add(f.cert === undefined ? '--cert' : '--key', '--cert and --key together (client certificate and its key)', f.cert ?? f.key);
  }

  const connectTimeoutSec = duration(p, '--connect-timeout', f.connectTimeout, DEFAULT_CONNECT_TIMEOUT_SECONDS);
  const blockedTimeoutSec = duration(p, '--blocked-timeout', f.blockedTimeout, DEFAULT_BLOCKED_TIMEOUT_SECONDS);
  const drainTimeoutSec = duration(p, '--drain-timeout', f.drainTimeout, DEFAULT_DRAIN_TIMEOUT_SECONDS);

  const clients = `integers from 1 to ${MAX_CLIENTS}`;
  const maxMessagesRaw = f.maxMessages;
  const matrix: BenchMatrix = {
    queueTypes: list(p, '--queue-types', f.queueTypes, base.queueTypes, (s) => QUEUE_TYPES.find((t) => t === s.toLowerCase()) as QueueType | undefined, QUEUE_TYPES.join(', ')),
    messageSizesBytes: list(p, '--sizes', f.sizes, base.messageSizesBytes, size, `sizes in the form ${SIZE_FORMAT}, each ≥ ${MIN_MESSAGE_SIZE_BYTES} B`),
    persistent: list(p, '--persistent', f.persistent, base.persistent, bool, 'true/false (persistent/transient)'),
    publishers: list(p, '--publishers', f.publishers, base.publishers, intIn(1, MAX_CLIENTS), clients),
    consumers: list(p, '--consumers', f.consumers, base.consumers, intIn(1, MAX_CLIENTS), clients),
    queues: list(p, '--queues', f.queues, base.queues, intIn(1, MAX_CLIENTS), clients),
    confirms: f.confirms ?? base.confirms,
    confirmWindow: num(p, '--confirm-window', f.confirmWindow, base.confirmWindow, (v) => Number.isInteger(v) && v >= 1 && v <= 1_000_000, 'an integer from 1 to 1000000 (unconfirmed messages per publisher)'),
    prefetch: num(p, '--prefetch', f.prefetch, base.prefetch, (v) => Number.isInteger(v) && v >= 1 && v <= 65_535, 'an integer from 1 to 65535'),
    ackEvery: num(p, '--ack-every', f.ackEvery, base.ackEvery, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1'),
    consumerProcessingMs: num(p, '--processing-ms', f.processingMs, base.consumerProcessingMs, (v) => v >= 0 && v <= 60_000, 'milliseconds from 0 to 60000'),
    durationSeconds: duration(p, '--duration', f.duration, base.durationSeconds),
    warmupSeconds: duration(p, '--warmup', f.warmup, base.warmupSeconds, true),
    maxMessages:
      maxMessagesRaw === undefined ? base.maxMessages : num(p, '--max-messages', maxMessagesRaw, 1, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1'),
    loadLevels: list(p, '--load-levels', f.loadLevels, base.loadLevels, (s) => {
      const v = numberText(s);
      return v !== undefined && v > 0 && v <= 1 ? v : undefined;
    }, 'fractions in (0, 1], e.g. 0.1,0.5,0.9'),
    curveSizesBytes: list(p, '--curve-sizes', f.curveSizes, base.curveSizesBytes, size, 'message sizes'),
    fixedRatesMsgPerSec: list(p, '--rates', f.rates, base.fixedRatesMsgPerSec, (s) => {
      const v = numberText(s);
      return v !== undefined && v > 0 ? v : undefined;
    }, 'rates in msg/s > 0'),
    searchBudgetSeconds: duration(p, '--search-time', f.searchTime, base.searchBudgetSeconds),
    totalTimeSeconds: duration(p, '--total-time', f.totalTime, base.totalTimeSeconds),
    workers: num(p, '--workers', f.workers, base.workers, (v) => Number.isInteger(v) && v >= 1 && v <= MAX_WORKERS, `an integer from 1 to ${MAX_WORKERS}`),
  };
  if (f.curve === false) {
    matrix.loadLevels = [];
    matrix.curveSizesBytes = [];
  } else if (f.curveSizes === undefined && !matrix.curveSizesBytes.some((s) => matrix.messageSizesBytes.includes(s))) {
    // --sizes without --curve-sizes: draw the curve at a size that is measured (1 KiB if present).
    matrix.curveSizesBytes = matrix.messageSizesBytes.includes(1024) ? [1024] : [matrix.messageSizesBytes[0]!];
  }
  if (matrix.ackEvery > matrix.prefetch) {
    p.add('--ack-every', `at most --prefetch (${matrix.prefetch}): a consumer holding prefetch unacked messages gets no more`, String(matrix.ackEvery));
  }
  if (p.list.length === 0 && expandMatrix(matrix).length === 0) {
    p.add('--queues', 'at most the number of publishers and of consumers (every queue needs both)', f.queues ?? String(matrix.queues));
  }
  const runId = f.runId ?? newRunId();
  if (!RUN_ID_PATTERN.test(runId)) p.add('--run-id', 'letters, digits, "-" or "_" (1–40, starting with a letter or digit)', runId);
  if (f.out !== undefined && f.out.trim() === '') p.add('--out', 'a file path', f.out);

  if (p.list.length > 0) throw new InputError(p.list);
  // Belt and braces: the matrix is recorded in the run and must satisfy its own schema.
  BenchMatrixSchema.parse(matrix);
  return {
    bench: {
      url,
      managementUrl,
      tls,
      connectTimeoutMs: connectTimeoutSec * 1000,
      blockedTimeoutMs: blockedTimeoutSec * 1000,
      drainTimeoutMs: drainTimeoutSec * 1000,
      matrix,
      runId,
    },
    out: f.out ?? null,
    json: f.json === true,
  };
}
