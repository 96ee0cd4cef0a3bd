/**
 * Hostile names through `size --emit`: every user-controlled string that reaches an emitted
 * artefact (plan name, description, workload name, virtual host, the workload file's own path)
 * is either refused at validation (exit 2, the field named, the value shown escaped) or comes
 * out inert: the emitted script passes `bash -n`, runs with nothing on PATH but stub
 * `rabbitmqadmin` / `rabbitmq-queues` / `rabbitmq-streams` that record their argv, and every
 * recorded argument carries the name exactly as written. An injected command would fail for want
 * of a PATH (the script runs under `set -e`) or leave a canary file behind: neither happens.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import type { DefinitionsDocument } from '../../src/emit/definitions.js';

const work = mkdtempSync(join(tmpdir(), 'rmq-plan-hostile-'));
const canaryDir = join(work, 'canary');
const stubDir = join(work, 'stubs');
mkdirSync(canaryDir);
mkdirSync(stubDir);
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Each stub appends its name and arguments, NUL-separated, one record per call, using bash builtins only.
for (const tool of ['rabbitmqadmin', 'rabbitmq-queues', 'rabbitmq-streams']) {
  const path = join(stubDir, tool);
  writeFileSync(path, `#!/bin/bash\n{ printf '%s\\0' ${tool} "$@"; printf '\\n\\0'; } >>"$ARGV_LOG"\n`);
  chmodSync(path, 0o755);
}

const CANARY = (n: number) => join(canaryDir, `pwned-${n}`);

/** Strings a hostile or careless file may hold; each tries to run something or break a line. */
const HOSTILE: readonly string[] = [
  `v\ntouch ${CANARY(1)} #`,
  `v\r\ntouch ${CANARY(2)}`,
  `$(touch ${CANARY(3)})`,
  `\`touch ${CANARY(4)}\``,
  `a'; touch ${CANARY(5)}; echo '`,
  `a"; touch ${CANARY(6)}; echo "`,
  `x && printf pwned > ${CANARY(7)}`,
  `v\u2028printf pwned > ${CANARY(8)}`,
  `v\u2029printf pwned > ${CANARY(9)}`,
  `v\u0085printf pwned > ${CANARY(10)}`,
  `nul\u0000byte`,
  `esc\u001b[2Jclear`,
  `tab\tin`,
  `bidi\u202Eevil`,
  `-rf`,
  `--help`,
  `-`,
  `${'x'.repeat(256)}`,
  `${'é'.repeat(128)}`,
  `$HOME`,
  `\${IFS}`,
  `*`,
  `~root`,
  `back\\slash`,
  `with space`,
  `ünïcödé/vhost`,
  `🐇`,
];

type Field = 'vhost' | 'planName' | 'description' | 'workloadName' | 'fileName';
const FIELDS: readonly Field[] = ['vhost', 'planName', 'description', 'workloadName', 'fileName'];

/** One release line per rabbitmqadmin generation: v2 syntax (4.x) and v1 (3.x). */
const VERSIONS = ['4.3', '3.10'] as const;

function workloadDoc(field: Field, value: string, rabbitmqVersion: string): unknown {
  return {
    version: 1,
    cluster: { broker: { rabbitmqVersion } },
    name: field === 'planName' ? value : 'hostile-test',
    description: field === 'description' ? value : 'a plan',
    workloads: [
      {
        name: field === 'workloadName' ? value : 'orders',
        vhost: field === 'vhost' ? value : '/',
        publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 200 },
        messageSize: '1KiB',
        latencyP99TargetMs: 1000,
      },
    ],
  };
}

let fileCounter = 0;
function writeWorkload(field: Field, value: string, rabbitmqVersion: string): string {
  fileCounter += 1;
  const dir = join(work, `case-${fileCounter}`);
  mkdirSync(dir);
  // A path cannot hold NUL or "/"; every other hostile string becomes a real file name.
  // eslint-disable-next-line no-control-regex -- a NUL in a file name is what is tested
  const base = field === 'fileName' && !/[\u0000/]/.test(value) && Buffer.byteLength(value) < 250 ? `${value}.json` : 'workload.json';
  const path = join(dir, base);
  writeFileSync(path, JSON.stringify(workloadDoc(field, value, rabbitmqVersion)));
  return path;
}

async function size(args: string[]) {
  const io = memoryIo();
  const code = await runCli(['size', ...args], io);
  return { code, out: io.out, err: io.err };
}

function readArgv(log: string): string[][] {
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n\0')
    .filter((r) => r !== '')
    .map((record) => record.split('\0').filter((_, i, all) => i < all.length - 1));
}

/** Control characters that must never reach an error line raw. */
// eslint-disable-next-line no-control-regex -- control characters are what the test looks for
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

const cases = VERSIONS.flatMap((version) => FIELDS.flatMap((field) => HOSTILE.map((value, i) => ({ version, field, value, i }))));
const outcomes = { accepted: 0, refused: 0 };

describe(`hostile names through size --emit (${cases.length} cases)`, () => {
  it.each(cases)('RabbitMQ $version: $field #$i', async ({ version, field, value }) => {
    const file = writeWorkload(field, value, version);
    const commands = await size([file, '--emit', 'commands']);
    if (commands.code === 2) {
      outcomes.refused += 1;
      // Refused: one line per problem, the field named, no raw control characters, no stack trace.
      const fieldName = { vhost: 'vhost', planName: 'name', description: 'description', workloadName: 'name', fileName: 'name' }[field];
      expect(commands.err).toMatch(new RegExp(`\\.?${fieldName}: expected`));
      expect(commands.err).not.toMatch(RAW_CONTROL);
      expect(commands.err).not.toMatch(/\n\s+at /);
      expect(commands.out).toBe('');
      return;
    }
    outcomes.accepted += 1;
    expect([0, 1]).toContain(commands.code);
    const script = join(work, `script-${fileCounter}.sh`);
    writeFileSync(script, commands.out);
    const syntax = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
    // Every comment stays one line: no line of the script but shebang/comments/known commands.
    for (const line of commands.out.split('\n')) {
      expect(line).toMatch(
        /^(#.*|set -euo pipefail|read -r -a [A-Z_]+ <<< "\$\{[A-Z_]+:-[a-z-]+\}"|read -r -a NODE\d+_API <<< "\$\{NODE\d+_API:---host [a-z0-9]+ --port 15672\}"|"\$\{RABBITMQ[A-Z_]*\[@\]\}" .*|)$/,
      );
    }

    const log = join(work, `argv-${fileCounter}.log`);
    const run = spawnSync('/bin/bash', [script], {
      encoding: 'utf8',
      cwd: work,
      env: { PATH: stubDir, ARGV_LOG: log, HOME: work },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(canaryDir)).toEqual([]);
    const calls = readArgv(log);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(['rabbitmqadmin', 'rabbitmq-queues', 'rabbitmq-streams']).toContain(call[0]);
    if (field === 'vhost') {
      // The virtual host reaches every tool as exactly one argument, byte for byte.
      // (declare vhost carries it as name=… in v1, --name=… in v2; every other call as --vhost=…).
      for (const call of calls) {
        expect(call.includes(`--vhost=${value}`) || (call.includes('vhost') && (call.includes(`name=${value}`) || call.includes(`--name=${value}`)))).toBe(
          true,
        );
      }
      expect(calls.filter((c) => c.includes(`--vhost=${value}`)).length).toBeGreaterThan(0);
    }

    // The definitions document carries the same names as JSON strings that parse back exactly.
    const definitions = await size([file, '--emit', 'definitions']);
    expect([0, 1]).toContain(definitions.code);
    const doc = JSON.parse(definitions.out) as DefinitionsDocument;
    if (field === 'vhost') expect(doc.queues.every((q) => q.vhost === value)).toBe(true);
    if (field === 'planName') expect(doc.rmq_plan.planName).toBe(value);
  });

  it('refuses the names the broker would refuse and accepts the rest (both outcomes exercised)', () => {
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.accepted + outcomes.refused).toBe(cases.length);
    console.log(`hostile names: ${cases.length} cases, ${outcomes.refused} refused at validation (exit 2), ${outcomes.accepted} emitted and run inert`);
  });
});
