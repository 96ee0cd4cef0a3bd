/**
 * Fuzzing every input rmq-plan reads: workload, cluster, catalog, profile and bench-run files,
 * and the flags of size and check. Each case starts from a real, valid document and mutates it
 * (replace a value with a hostile one, drop a field, add an unknown one), then runs the real
 * command in-process. Whatever the input, the command must:
 * - exit 0, 1 or 2 (never 3 without a broker, never 70 = a bug);
 * - print no stack trace and no "internal error";
 * - print no NaN, Infinity, undefined or [object Object] in what it accepted.
 * A fixed seed and a bounded count keep the suite reproducible and short in `npm test`;
 * `npm run fuzz` runs many more (FUZZ_RUNS, FUZZ_SEED).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What each run ended as, by target, for the report at the end (and the closing note). */
const outcomes: Record<string, Record<string, number>> = {};
function count(target: string, outcome: string): void {
  outcomes[target] ??= {};
  outcomes[target][outcome] = (outcomes[target][outcome] ?? 0) + 1;
}
afterAll(() => {
  console.log(`fuzz outcomes (seed ${SEED}, ${RUNS} runs per target): ${JSON.stringify(outcomes)}`);
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const load = (path: string): Json => parseYaml(readFileSync(path, 'utf8')) as Json;

/** Values chosen to break parsers, bounds and renderers. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1,
    0.5,
    1e-300,
    1e308,
    -1e308,
    2 ** 53 + 2,
    2 ** 31,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
  fc.constantFrom('', 'auto', '0B', '0.1B', '1KiB', '999999999999999999999GiB', 'watermark', 'quorum', 'stream', 'classic', '-1', 'NaN', '1e400'),
  fc.constantFrom('\u0000', 'a\nb', '$(touch /tmp/x)', '`id`', "'", '"', '\u001b[2J', '\u2028', '-rf', 'x'.repeat(300)),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 2 }),
);

function paths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

type Mutation = { kind: 'set' | 'delete' | 'add'; pathIndex: number; value: unknown; key: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'set', 'set', 'delete', 'add'),
  pathIndex: fc.nat(),
  value: hostileValue,
  key: fc.constantFrom('queus', 'extra', '__proto__', 'constructor', 'version', 'toString'),
});

function mutate(base: Json, mutations: Mutation[]): unknown {
  const doc = structuredClone(base) as Json;
  for (const m of mutations) {
    const all = paths(doc);
    const path = all[m.pathIndex % all.length]!;
    if (path.length === 0) continue;
    const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, doc) as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    if (m.kind === 'set') parent[key] = m.value;
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (!Array.isArray(parent)) Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return doc;
}

let fileCounter = 0;
/** Writes the document as JSON or YAML (YAML keeps .nan/.inf, JSON turns them into null). */
function write(doc: unknown, asYaml: boolean): string {
  fileCounter += 1;
  const path = join(dir, `case-${fileCounter}.${asYaml ? 'yaml' : 'json'}`);
  writeFileSync(path, asYaml ? stringifyYaml(doc) : JSON.stringify(doc));
  return path;
}

const FORBIDDEN_TOKENS = ['NaN', 'Infinity', 'undefined', '[object Object]'];

async function runAndCheck(target: string, args: string[], inputFile?: string): Promise<void> {
  // FUZZ_TRACE=file: the case about to run, so a run that never ends still names its input.
  if (process.env.FUZZ_TRACE) writeFileSync(process.env.FUZZ_TRACE, `${JSON.stringify(args)}\n${inputFile ? readFileSync(inputFile, 'utf8') : ''}`);
  const io = memoryIo();
  const code = await runCli(args, io);
  const outcome = code === 0 ? 'ok' : code === 1 ? 'targets not met' : code === 2 ? 'bad input' : `exit ${code}`;
  count(target, outcome);
  expect([0, 1, 2], `${args.join(' ')}\n${io.err}`).toContain(code);
  expect(io.err).not.toMatch(/internal error|\n\s+at [\w.<>]+ \(/);
  if (code !== 2) {
    // A token the input itself holds (a name "NaN", say) may be echoed; any other is a bug.
    const input = `${args.join(' ')}\n${inputFile === undefined ? '' : readFileSync(inputFile, 'utf8')}`;
    for (const token of FORBIDDEN_TOKENS) {
      if (!input.includes(token))
        expect(io.out, `${args.join(' ')}: ${token}`).not.toMatch(new RegExp(`(^|[^\\w])${token.replace(/[[\]]/g, '\\$&')}($|[^\\w])`));
    }
  }
}

const WORKLOADS = ['small-single-app', 'multi-tenant-high-throughput', 'zone-failure', 'large-messages'].map((n) => load(`fixtures/workloads/${n}.yaml`));
const CLUSTER = load('fixtures/clusters/small-single-app.yaml');
const CATALOG = JSON.parse(readFileSync('data/catalog.json', 'utf8')) as Json;
const PROFILE = JSON.parse(readFileSync('data/profiles/published.json', 'utf8')) as Json;
const BENCH_RUN = JSON.parse(readFileSync('docs/measurements/bench-run-1kib.json', 'utf8')) as Json;

const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });
const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };

describe(`fuzz (seed ${SEED}, ${RUNS} runs per target)`, () => {
  it('workload files through size, in every format', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(WORKLOADS.length - 1),
        mutations,
        fc.boolean(),
        fc.constantFrom('table', 'json', 'markdown'),
        async (which, ms, asYaml, format) => {
          const file = write(mutate(WORKLOADS[which]!, ms), asYaml);
          await runAndCheck('workload', ['size', file, '--format', format], file);
        },
      ),
      params,
    );
  }, 300_000);

  it('cluster descriptions through check', async () => {
    await fc.assert(
      fc.asyncProperty(mutations, fc.boolean(), async (ms, asYaml) => {
        const file = write(mutate(CLUSTER, ms), asYaml);
        await runAndCheck('cluster', ['check', 'fixtures/workloads/small-single-app.yaml', '--cluster', file, '--format', 'json'], file);
      }),
      params,
    );
  }, 300_000);

  it('catalogs through size --catalog', async () => {
    await fc.assert(
      fc.asyncProperty(mutations, async (ms) => {
        const file = write(mutate(CATALOG, ms), false);
        await runAndCheck('catalog', ['size', 'fixtures/workloads/small-single-app.yaml', '--catalog', file, '--format', 'json'], file);
      }),
      params,
    );
  }, 300_000);

  it('calibration profiles through size --calibration', async () => {
    await fc.assert(
      fc.asyncProperty(mutations, async (ms) => {
        const file = write(mutate(PROFILE, ms), false);
        await runAndCheck('profile', ['size', 'fixtures/workloads/small-single-app.yaml', '--calibration', file, '--format', 'json'], file);
      }),
      params,
    );
  }, 300_000);

  it('bench runs through fit', async () => {
    await fc.assert(
      fc.asyncProperty(mutations, async (ms) => {
        const file = write(mutate(BENCH_RUN, ms), false);
        await runAndCheck('bench run', ['fit', file, '--out', join(dir, `profile-${fileCounter}.json`), '--json'], file);
      }),
      params,
    );
  }, 300_000);

  it('flags of size and check', async () => {
    const flagValue = fc.oneof(
      hostileValue.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))),
      fc.constantFrom('2', '0.5', '24', 'aws,gcp', 'table', 'json'),
    );
    const sizeFlag = fc.constantFrom(
      '--traffic-scale',
      '--horizon-months',
      '--max-nodes',
      '--budget',
      '--providers',
      '--format',
      '--calibration',
      '--emit',
      '--emit-nodes',
    );
    const checkFlag = fc.constantFrom(
      '--nodes',
      '--instance-type',
      '--disk',
      '--disk-size-gib',
      '--vcpus',
      '--memory-gib',
      '--replication-factor',
      '--queues',
      '--runway-months',
      '--traffic-scale',
      '--budget',
      '--max-utilization',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(sizeFlag, flagValue), { maxLength: 3 }),
        fc.array(fc.tuple(checkFlag, flagValue), { maxLength: 4 }),
        async (isSize, sizeFlags, checkFlags) => {
          const args = isSize
            ? ['size', 'fixtures/workloads/small-single-app.yaml', ...sizeFlags.flat()]
            : ['check', 'fixtures/workloads/small-single-app.yaml', '--instance-type', 'm6i.xlarge', '--nodes', '3', ...checkFlags.flat(), '--format', 'json'];
          await runAndCheck('flags', args);
        },
      ),
      params,
    );
  }, 300_000);
});
