#!/usr/bin/env node
// Measures the memory constants of the capacity model against a running RabbitMQ node.
//
//   node scripts/measure-memory.mjs [options]                  one measurement run -> JSON
//   node scripts/measure-memory.mjs --aggregate a.json b.json  medians of runs -> Markdown table
//   bash scripts/measure-memory.sh [RUNS]                      the reproducible procedure: a private,
//                                                              freshly booted node per run + aggregate
//
// Target: RMQ_URL / RMQ_MGMT_URL (default: the single test node, amqp://guest:guest@127.0.0.1:5672
// and http://guest:guest@127.0.0.1:15672). Run it against a node nobody else is using: memory is
// measured node-wide.
//
// Options (defaults in brackets):
//   --connections N   [500]     connections opened for the connection/channel measurement
//   --queues N        [500]     empty queues declared per type
//   --messages N      [200000]  messages published into one queue per (type, size)
//   --sizes a,b       [16,1024] message body sizes in bytes
//   --settle MS       [6000]    wait after each step before reading (stats interval is 5 s)
//   --only LIST                 comma list of steps to run, default all, in this order:
//                               idle, connections, classic-queues, quorum-queues,
//                               msg-quorum-SIZE, msg-classic-SIZE (for each --sizes entry);
//                               optional: qq-wal (quorum queue memory across a WAL rollover)
//   --out FILE                  also write the JSON result to FILE
//   --wal-messages N  [800000]  messages for the optional step qq-wal (not in the default list)
//
// Memory is read with GET /api/nodes/<node>?memory=true, which runs rabbit_vm:memory() on the node
// at request time: `total.rss` (what the memory alarm uses with the default `rss` strategy),
// `total.erlang` (erlang:memory(total)) and the per-category breakdown. Each reading is the median
// of 3 requests 1 s apart. Everything created uses a unique name prefix and is deleted again, also
// on errors and on Ctrl-C.
import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const argv = process.argv.slice(2);

function opt(name, dflt) {
  const i = argv.indexOf(`--${name}`);
  if (i === -1) return dflt;
  const v = argv[i + 1];
  if (v === undefined) throw new Error(`--${name} needs a value`);
  return v;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const log = (...a) => console.error('[measure-memory]', ...a);

// ---------------------------------------------------------------------------------------------
// Aggregation mode

if (argv[0] === '--aggregate') {
  aggregate(argv.slice(1));
  process.exit(0);
}

function fmtBytes(b) {
  if (!Number.isFinite(b)) return 'n/a';
  const a = Math.abs(b);
  if (a >= 1024 * 1024) return `${(b / 1024 / 1024).toFixed(1)} MiB`;
  if (a >= 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${Math.round(b)} B`;
}

function aggregate(files) {
  if (files.length === 0) throw new Error('--aggregate needs JSON result files');
  const docs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  // key -> list of result objects, one per file that measured it (i.e. one per run)
  const byKey = new Map();
  for (const d of docs) {
    for (const [k, v] of Object.entries(d.results)) {
      if (!byKey.has(k)) byKey.set(k, []);
      byKey.get(k).push(v);
    }
  }
  const env = docs[0].env;
  const runs = Math.max(...[...byKey.values()].map((v) => v.length));
  console.log(
    `RabbitMQ ${env.rabbitmq_version}, Erlang ${env.erlang_version}, ` +
      `${env.cpus} x ${env.cpu_model}, ${fmtBytes(env.total_mem)} RAM; ${runs} run(s); ` +
      'each cell: median over runs (min–max).',
  );
  console.log('');
  console.log('| quantity | n per run | RSS delta (memory alarm basis) | Erlang `total` delta | largest breakdown categories (Erlang, median) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [, rs] of byKey) {
    const r0 = rs[0];
    const cell = (field) => {
      const xs = rs.map((r) => r[field]).filter((x) => Number.isFinite(x));
      if (xs.length === 0) return 'n/a';
      const m = median(xs);
      return xs.length > 1 ? `${fmtBytes(m)} (${fmtBytes(Math.min(...xs))}–${fmtBytes(Math.max(...xs))})` : fmtBytes(m);
    };
    const cats = r0.categories
      ? Object.keys(r0.categories)
          .map((c) => `${c} ${fmtBytes(median(rs.map((r) => r.categories?.[c]).filter(Number.isFinite)))}`)
          .join(', ')
      : '';
    let label = r0.label;
    if (Number.isFinite(r0.queue_process)) label += ` (queue process: ${cell('queue_process')})`;
    console.log(`| ${label} | ${r0.n} | ${cell('rss')} | ${cell('erlang')} | ${cats} |`);
  }
}

// ---------------------------------------------------------------------------------------------
// Measurement mode

const AMQP_URL = process.env.RMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';
const MGMT_URL = process.env.RMQ_MGMT_URL || 'http://guest:guest@127.0.0.1:15672';
const N_CONN = Number(opt('connections', 500));
const N_QUEUES = Number(opt('queues', 500));
const N_MSGS = Number(opt('messages', 200000));
const SIZES = String(opt('sizes', '16,1024')).split(',').map(Number);
const SETTLE = Number(opt('settle', 6000));
const OUT = opt('out', undefined);
const ALL_STEPS = ['idle', 'connections', 'classic-queues', 'quorum-queues', ...SIZES.flatMap((n) => [`msg-quorum-${n}`, `msg-classic-${n}`])];
const ONLY = opt('only', undefined);
const STEPS = ONLY ? ONLY.split(',').map((x) => x.trim()) : ALL_STEPS;
for (const st of STEPS) {
  if (!/^(idle|connections|classic-queues|quorum-queues|msg-(quorum|classic)-\d+|qq-wal)$/.test(st)) {
    throw new Error(`unknown step ${st}; known: ${ALL_STEPS.join(', ')}`);
  }
}
const PREFIX = `rmqplan-measure-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}-`;

const mgmtBase = (() => {
  const u = new URL(MGMT_URL);
  const auth = 'Basic ' + Buffer.from(`${decodeURIComponent(u.username || 'guest')}:${decodeURIComponent(u.password || 'guest')}`).toString('base64');
  return { origin: u.origin, auth };
})();

async function mgmt(method, path) {
  const res = await fetch(mgmtBase.origin + path, {
    method,
    headers: { authorization: mgmtBase.auth },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> HTTP ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

let nodeName = '';

async function readOnce() {
  const d = await mgmt('GET', `/api/nodes/${encodeURIComponent(nodeName)}?memory=true`);
  const m = d.memory;
  const cats = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'number') cats[k] = v;
  return { rss: m.total.rss, erlang: m.total.erlang, allocated: m.total.allocated, cats };
}

/** Median of 3 readings 1 s apart (field by field). */
async function readMem() {
  const rs = [];
  for (let i = 0; i < 3; i++) {
    if (i) await sleep(1000);
    rs.push(await readOnce());
  }
  const cats = {};
  for (const k of Object.keys(rs[0].cats)) cats[k] = median(rs.map((r) => r.cats[k] ?? 0));
  return {
    rss: median(rs.map((r) => r.rss)),
    erlang: median(rs.map((r) => r.erlang)),
    allocated: median(rs.map((r) => r.allocated)),
    cats,
  };
}

/** Per-item delta between two readings, with the categories that moved most. */
function perItem(label, before, after, n, extra = {}) {
  const catDelta = {};
  for (const k of Object.keys(after.cats)) catDelta[k] = (after.cats[k] - (before.cats[k] ?? 0)) / n;
  const top = Object.entries(catDelta)
    .filter(([k]) => !['allocated_unused', 'reserved_unallocated'].includes(k))
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, 3);
  return {
    label,
    n,
    rss: (after.rss - before.rss) / n,
    erlang: (after.erlang - before.erlang) / n,
    categories: Object.fromEntries(top),
    ...extra,
  };
}

// Resources to clean up.
const openConns = new Set();
let cleaning = false;

async function closeAll() {
  const conns = [...openConns];
  openConns.clear();
  for (let i = 0; i < conns.length; i += 50) {
    await Promise.allSettled(conns.slice(i, i + 50).map((c) => c.close()));
  }
}

async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  try {
    await closeAll();
  } catch {
    /* ignore */
  }
  try {
    const queues = await mgmt('GET', '/api/queues?columns=name,vhost');
    const mine = queues.filter((q) => q.name.startsWith(PREFIX));
    for (const q of mine) {
      await mgmt('DELETE', `/api/queues/${encodeURIComponent(q.vhost)}/${encodeURIComponent(q.name)}`).catch(() => {});
    }
    if (mine.length) log(`cleanup: deleted ${mine.length} queue(s) with prefix ${PREFIX}`);
  } catch (err) {
    log(`cleanup: could not list/delete queues: ${err.message}`);
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log(`${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

async function connect() {
  const c = await amqp.connect(AMQP_URL);
  c.on('error', () => {});
  openConns.add(c);
  return c;
}

async function inBatches(n, batch, fn) {
  const out = [];
  for (let i = 0; i < n; i += batch) {
    const part = await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, j) => fn(i + j)));
    out.push(...part);
  }
  return out;
}

async function measureConnections(results) {
  log(`connections: opening ${N_CONN} connections with 1 channel each`);
  await sleep(SETTLE);
  const base = await readMem();
  const conns = await inBatches(N_CONN, 50, () => connect());
  await inBatches(N_CONN, 50, (i) => conns[i].createChannel());
  await sleep(SETTLE);
  const one = await readMem();
  log('connections: opening a second channel on each');
  await inBatches(N_CONN, 50, (i) => conns[i].createChannel());
  await sleep(SETTLE);
  const two = await readMem();
  const withOne = perItem('connection incl. 1 channel', base, one, N_CONN);
  const channel = perItem('additional channel', one, two, N_CONN);
  results.connection_with_channel = withOne;
  results.channel = channel;
  results.connection_bare = {
    label: 'bare connection (derived: conn+1ch − 1ch)',
    n: N_CONN,
    rss: withOne.rss - channel.rss,
    erlang: withOne.erlang - channel.erlang,
  };
  await closeAll();
}

async function measureEmptyQueues(results, type) {
  log(`queues: declaring ${N_QUEUES} empty ${type} queues`);
  const conn = await connect();
  const ch = await conn.createChannel();
  await sleep(SETTLE);
  const base = await readMem();
  const names = [];
  for (let i = 0; i < N_QUEUES; i++) {
    const name = `${PREFIX}empty-${type}-${i}`;
    await ch.assertQueue(name, { durable: true, arguments: { 'x-queue-type': type } });
    names.push(name);
  }
  await sleep(SETTLE);
  const after = await readMem();
  results[`empty_${type}_queue`] = perItem(`empty ${type} queue (durable)`, base, after, N_QUEUES);
  for (const name of names) await ch.deleteQueue(name);
  await conn.close();
  openConns.delete(conn);
}

async function publishConfirmed(ch, queue, n, size) {
  const body = Buffer.alloc(size, 'x');
  const window = 2000;
  for (let i = 0; i < n; i += window) {
    const m = Math.min(window, n - i);
    for (let j = 0; j < m; j++) {
      if (!ch.sendToQueue(queue, body, { persistent: true })) {
        await new Promise((r) => ch.once('drain', r));
      }
    }
    await ch.waitForConfirms();
  }
}

async function queueProcMemory(name) {
  const q = await mgmt('GET', `/api/queues/%2F/${encodeURIComponent(name)}?columns=memory,messages`);
  return { memory: q.memory ?? NaN, messages: q.messages ?? NaN };
}

async function measureMessages(results, type, size) {
  log(`messages: ${N_MSGS} x ${size} B persistent into one ${type} queue`);
  const conn = await connect();
  const ch = await conn.createConfirmChannel();
  const name = `${PREFIX}msgs-${type}-${size}`;
  await ch.assertQueue(name, { durable: true, arguments: { 'x-queue-type': type } });
  await sleep(SETTLE);
  const base = await readMem();
  const qBase = await queueProcMemory(name);
  const t0 = Date.now();
  await publishConfirmed(ch, name, N_MSGS, size);
  const secs = (Date.now() - t0) / 1000;
  const depth = (await ch.checkQueue(name)).messageCount;
  if (depth !== N_MSGS) throw new Error(`${name}: expected ${N_MSGS} messages, broker reports ${depth}`);
  await sleep(SETTLE);
  const after = await readMem();
  const qAfter = await queueProcMemory(name);
  results[`msg_${type}_${size}`] = perItem(`queued message, ${type}, ${size} B body`, base, after, N_MSGS, {
    queue_process: (qAfter.memory - qBase.memory) / N_MSGS,
    publish_rate: Math.round(N_MSGS / secs),
  });
  log(`messages: published at ${Math.round(N_MSGS / secs)} msg/s; deleting the queue`);
  await ch.deleteQueue(name);
  await conn.close();
  openConns.delete(conn);
}

/**
 * Quorum queues (RabbitMQ 3.10) keep every entry written since the last WAL rollover in an ETS
 * mem table (category quorum_ets); the rollover happens when the node's WAL file reaches
 * wal_max_size_bytes (512 MiB by default), after which the entries live in segment files only.
 * This step publishes --wal-messages x 1 KiB into one quorum queue (default 800k, i.e. past one
 * rollover), sampling memory every 100k, to show that bound.
 */
async function measureQqWal(results) {
  const total = Number(opt('wal-messages', 800000));
  const size = 1024;
  const batch = 100000;
  log(`qq-wal: ${total} x ${size} B into one quorum queue, sampling every ${batch}`);
  const conn = await connect();
  const ch = await conn.createConfirmChannel();
  const name = `${PREFIX}wal-quorum`;
  await ch.assertQueue(name, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await sleep(SETTLE);
  const base = await readMem();
  const samples = [];
  for (let done = 0; done < total;) {
    const m = Math.min(batch, total - done);
    await publishConfirmed(ch, name, m, size);
    done += m;
    await sleep(2000);
    const r = await readOnce();
    const s = {
      published: done,
      quorum_ets_mib: +((r.cats.quorum_ets - base.cats.quorum_ets) / 2 ** 20).toFixed(1),
      quorum_queue_procs_mib: +((r.cats.quorum_queue_procs - base.cats.quorum_queue_procs) / 2 ** 20).toFixed(1),
      binary_mib: +((r.cats.binary - base.cats.binary) / 2 ** 20).toFixed(1),
      erlang_mib: +((r.erlang - base.erlang) / 2 ** 20).toFixed(1),
      rss_mib: +((r.rss - base.rss) / 2 ** 20).toFixed(1),
    };
    samples.push(s);
    log(`qq-wal: ${JSON.stringify(s)}`);
  }
  await sleep(SETTLE);
  const after = await readMem();
  results.qq_wal = perItem(`queued message, quorum, ${size} B, ${total} deep (past a WAL rollover)`, base, after, total, {
    samples,
  });
  await ch.deleteQueue(name);
  await conn.close();
  openConns.delete(conn);
}

async function main() {
  const overview = await mgmt('GET', '/api/overview');
  nodeName = overview.node;
  const env = {
    date: new Date().toISOString(),
    node: nodeName,
    rabbitmq_version: overview.rabbitmq_version,
    erlang_version: overview.erlang_version,
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    total_mem: os.totalmem(),
    params: { connections: N_CONN, queues: N_QUEUES, messages: N_MSGS, sizes: SIZES, settle_ms: SETTLE },
  };
  const others = (overview.object_totals?.connections ?? 0) + (overview.object_totals?.queues ?? 0);
  if (others > 0) {
    log(
      `WARNING: the node already has ${overview.object_totals.connections} connection(s) and ` +
        `${overview.object_totals.queues} queue(s); node-wide deltas may be disturbed`,
    );
  }
  log(`node ${nodeName}: RabbitMQ ${env.rabbitmq_version}, Erlang ${env.erlang_version}`);

  const results = {};
  for (const step of STEPS) {
    if (step === 'idle') await measureIdle(results);
    else if (step === 'connections') await measureConnections(results);
    else if (step === 'classic-queues') await measureEmptyQueues(results, 'classic');
    else if (step === 'quorum-queues') await measureEmptyQueues(results, 'quorum');
    else if (step === 'qq-wal') await measureQqWal(results);
    else {
      const [, type, size] = step.split('-');
      await measureMessages(results, type, Number(size));
    }
  }

  const out = { env, results };
  const json = JSON.stringify(out, null, 2);
  if (OUT) writeFileSync(OUT, json + '\n');
  console.log(json);
}

async function measureIdle(results) {
  const idle = await readMem();
  results.idle_node = {
    label: 'idle node after boot (absolute total)',
    n: 1,
    rss: idle.rss,
    erlang: idle.erlang,
    categories: Object.fromEntries(
      Object.entries(idle.cats)
        .filter(([k]) => !['allocated_unused', 'reserved_unallocated'].includes(k))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3),
    ),
  };
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  log(`FAILED: ${err?.stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
