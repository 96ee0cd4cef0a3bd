/**
 * Which queues form one workload (pure). A workload is a set of queues in one vhost that carry
 * the same kind of traffic: the shards of one logical queue, or the queues a user names with a
 * pattern. Rules, first match wins:
 *   1. --group-by [NAME=]GLOB (repeatable, in the order given): queues whose name matches GLOB
 *      (`*` any run of characters, `?` one character) form workload NAME (default: GLOB without
 *      its wildcards), separately in each vhost.
 *   2. Server-named queues (amq.gen-…: reply and temporary queues) form one workload "amq.gen".
 *   3. Otherwise the queue name without a shard suffix — a final "." or "-" followed by digits —
 *      is the workload: orders.1, orders.2 and orders-3 are workload "orders"; audit is "audit".
 * A group whose queues are of different types is split by type ("orders-classic", …): the model
 * sizes one queue type per workload.
 */
import { InputError } from '../errors.js';
import { redactUrl } from '../broker/redact.js';

/** Workload names the workload schema accepts (src/schema/workload.ts NAME_PATTERN). */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** A shard suffix: ".3" or "-12" at the end of the name (PerfTest's queue pattern 'name-%d', sharding plugins' 'name.N'). */
const SHARD_SUFFIX = /[.-]\d+$/;
/** RabbitMQ names server-named queues amq.gen-<random> (https://www.rabbitmq.com/docs/queues#server-named-queues). */
const SERVER_NAMED_PREFIX = 'amq.gen-';
const SERVER_NAMED_GROUP = 'amq.gen';

export interface GroupPattern {
  name: string;
  glob: string;
  regex: RegExp;
}

export interface QueueRef {
  vhost: string;
  name: string;
  type: string;
}

export interface QueueGroup {
  /** Workload name: unique, valid for the workload schema. */
  name: string;
  vhost: string;
  type: string;
  queues: string[];
  /** Which rule formed the group, in words (shown to the user). */
  rule: string;
}

function globToRegex(glob: string): RegExp {
  const body = glob
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** Turns a queue-derived name into a valid workload name. */
export function sanitizeName(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[-_.]+$/, '');
  return cleaned.length > 0 ? cleaned : 'queue';
}

/** Parses the --group-by values. */
export function parseGroupBy(values: string[]): GroupPattern[] {
  const problems: string[] = [];
  const patterns: GroupPattern[] = [];
  values.forEach((value, i) => {
    const eq = value.indexOf('=');
    const explicitName = eq > 0 ? value.slice(0, eq) : null;
    const glob = eq > 0 ? value.slice(eq + 1) : value;
    if (glob.length === 0) {
      problems.push(`--group-by: expected [NAME=]GLOB such as 'orders-*', got ${JSON.stringify(redactUrl(value))}`);
      return;
    }
    if (explicitName !== null && !NAME_PATTERN.test(explicitName)) {
      problems.push(`--group-by: expected letters, digits, ".", "_" or "-" (starting with a letter or digit), got ${JSON.stringify(redactUrl(explicitName))}`);
      return;
    }
    const derived = glob
      .replace(/[*?]/g, '')
      .replace(/^[^A-Za-z0-9]+/, '')
      .replace(/[-_.]+$/, '');
    const name = explicitName ?? (NAME_PATTERN.test(derived) ? derived : `group-${i + 1}`);
    patterns.push({ name, glob, regex: globToRegex(glob) });
  });
  const seen = new Set<string>();
  for (const p of patterns) {
    if (seen.has(p.name)) problems.push(`--group-by: expected a unique workload name, got "${p.name}" twice (name them: --group-by NAME=GLOB)`);
    seen.add(p.name);
  }
  if (problems.length > 0) throw new InputError(problems);
  return patterns;
}

interface Key {
  vhost: string;
  base: string;
  rule: string;
}

function keyOf(q: QueueRef, patterns: GroupPattern[]): Key {
  for (const p of patterns) {
    if (p.regex.test(q.name)) return { vhost: q.vhost, base: p.name, rule: `--group-by ${p.name}=${p.glob}` };
  }
  if (q.name.startsWith(SERVER_NAMED_PREFIX)) {
    return { vhost: q.vhost, base: SERVER_NAMED_GROUP, rule: 'server-named queues (amq.gen-*)' };
  }
  const stripped = q.name.replace(SHARD_SUFFIX, '');
  if (stripped !== q.name && stripped.length > 0) {
    return { vhost: q.vhost, base: stripped, rule: `shards of "${stripped}" (name + "." or "-" + number)` };
  }
  return { vhost: q.vhost, base: q.name, rule: 'one queue (no shard suffix)' };
}

/**
 * Groups queues into workloads. Names are made unique over vhosts by suffixing the vhost
 * ("orders.eu" for vhost eu) and, if still needed, a counter.
 */
export function groupQueues(queues: QueueRef[], patterns: GroupPattern[]): QueueGroup[] {
  const byKey = new Map<string, { key: Key; byType: Map<string, string[]> }>();
  for (const q of queues) {
    const key = keyOf(q, patterns);
    const id = `${key.vhost}\u0000${key.base}`;
    let entry = byKey.get(id);
    if (!entry) {
      entry = { key, byType: new Map() };
      byKey.set(id, entry);
    }
    const list = entry.byType.get(q.type) ?? [];
    list.push(q.name);
    entry.byType.set(q.type, list);
  }

  const raw: Omit<QueueGroup, 'name'>[] = [];
  const baseNames: string[] = [];
  for (const { key, byType } of byKey.values()) {
    const split = byType.size > 1;
    for (const [type, names] of [...byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      raw.push({
        vhost: key.vhost,
        type,
        queues: [...names].sort(),
        rule: split ? `${key.rule}; split by queue type (${[...byType.keys()].join(', ')} mixed)` : key.rule,
      });
      baseNames.push(sanitizeName(split ? `${key.base}-${type}` : key.base));
    }
  }

  const counts = new Map<string, number>();
  for (const n of baseNames) counts.set(n, (counts.get(n) ?? 0) + 1);
  const used = new Set<string>();
  return raw.map((g, i) => {
    let name = baseNames[i]!;
    if ((counts.get(name) ?? 0) > 1 && g.vhost !== '/') name = sanitizeName(`${name}.${g.vhost}`);
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name}-${n}`;
    used.add(candidate);
    return { ...g, name: candidate };
  });
}

/** Patterns that matched no queue (a likely typo worth telling the user about). */
export function unmatchedPatterns(queues: QueueRef[], patterns: GroupPattern[]): GroupPattern[] {
  return patterns.filter((p) => !queues.some((q) => p.regex.test(q.name)));
}
