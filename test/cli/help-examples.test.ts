/**
 * Every example in every `--help` runs, as a user would paste it into a shell: the built CLI in a
 * fresh directory holding the files the examples name (a workload from `rmq-plan init`, a cluster
 * description, profiles and bench runs from the project's recorded ones).
 *
 * Commands that need no broker must end 0 or 1 (a plan or check may miss its targets). Commands
 * that talk to a broker (bench, inspect, verify) are pointed at a closed port on loopback and must
 * end 3 ("broker unreachable"): they got past flag parsing and validation (a wrong flag is 2).
 * Examples written "…" short for the one above them are left out, and a pipe into a program this
 * machine lacks (jq, less) reads into `cat` instead.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, ROOT, runBuiltCli } from './built-cli.js';

const HELP_PAGES = ['', 'size', 'check', 'report', 'schema', 'init', 'bench', 'fit', 'compare', 'inspect', 'validate', 'verify failover', 'verify partition'];
const BROKER_COMMANDS = new Set(['bench', 'inspect', 'verify']);
/** Nothing listens here: a broker command gets "connection refused" at once. */
const CLOSED = '127.0.0.1:1';

/** The `$ rmq-plan …` lines of a help page, continuation lines joined, trailing descriptions cut. */
function examples(help: string): string[] {
  const out: string[] = [];
  const lines = help.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\$ (rmq-plan .*)$/.exec(lines[i]!);
    if (!m) continue;
    let command = m[1]!;
    while (command.endsWith('\\')) command = `${command.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    // A description follows the command after two or more spaces.
    out.push(command.split(/\s{2,}/)[0]!.trim());
  }
  return out;
}

function available(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}

/** The example with its broker endpoints on the closed port. */
function offline(example: string): string {
  let command = example.replace(/\b(amqps?|https?):\/\/([^@\s/,'"]+@)?[^/\s,'"]+/g, `$1://$2${CLOSED}`);
  if (/^rmq-plan bench\b/.test(command) && !command.includes('--url')) command = command.replace(/^rmq-plan bench\b/, `rmq-plan bench --url amqp://${CLOSED}`);
  return command;
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rmq-plan-help-'));
  expect(runBuiltCli(['init', join(dir, 'workload.yaml')]).status).toBe(0);
  copyFileSync(join(ROOT, 'fixtures', 'clusters', 'small-single-app.yaml'), join(dir, 'cluster.yaml'));
  const recorded = join(ROOT, 'docs', 'measurements', 'validation-4.3');
  for (const name of ['profile.json', 'old-profile.json', 'old.json', 'new.json'])
    copyFileSync(join(ROOT, 'data', 'profiles', 'published.json'), join(dir, name));
  copyFileSync(join(recorded, 'fitted.json'), join(dir, 'new.json'));
  for (const name of ['run.json', 'run1.json', 'run2.json', 'run3.json', 'calib-1.json']) copyFileSync(join(recorded, 'calibration.json'), join(dir, name));
  copyFileSync(join(recorded, 'size-16kib.json'), join(dir, 'held-out.json'));
  mkdirSync(join(dir, 'runs'));
  copyFileSync(join(recorded, 'window-20.json'), join(dir, 'runs', 'window-20.json'));
  mkdirSync(join(dir, 'fixtures', 'workloads'), { recursive: true });
  copyFileSync(join(ROOT, 'fixtures', 'workloads', 'small-single-app.yaml'), join(dir, 'fixtures', 'workloads', 'small-single-app.yaml'));
  for (const name of ['ca.pem', 'client.pem', 'client.key']) writeFileSync(join(dir, name), '');
}, 120_000);

describe('every --help example runs', () => {
  ensureBuilt();
  const all = new Map<string, string>();
  for (const page of HELP_PAGES) {
    const help = runBuiltCli([...page.split(' ').filter(Boolean), '--help']);
    for (const example of examples(help.stdout)) if (!example.includes('...')) all.set(example, page || 'rmq-plan');
  }

  it('finds the examples (at least one per page that has any)', () => {
    expect(all.size).toBeGreaterThanOrEqual(40);
  });

  for (const [example, page] of all) {
    it(`${page}: ${example}`, () => {
      const command = example.split(' ')[1]!;
      const broker = BROKER_COMMANDS.has(command);
      let script = broker ? offline(example) : example;
      for (const reader of ['jq', 'less']) if (!available(reader)) script = script.replace(new RegExp(`\\|\\s*${reader}\\b.*$`), '| cat > /dev/null');
      // Each example in its own copy of the directory: one may write or truncate a file another reads.
      const cwd = mkdtempSync(join(tmpdir(), 'rmq-plan-help-example-'));
      cpSync(dir, cwd, { recursive: true });
      // init refuses to overwrite without --force: its examples start where there is no workload.yaml yet.
      if (command === 'init' && !example.includes('--force')) rmSync(join(cwd, 'workload.yaml'));
      const codes = join(cwd, 'codes');
      writeFileSync(codes, '');
      // `rmq-plan` is the built CLI; each invocation records its exit code (a pipe's reader hides it).
      const shell = `rmq-plan() { node ${JSON.stringify(CLI)} "$@"; local rc=$?; echo $rc >> ${JSON.stringify(codes)}; return $rc; }\n${script}\n`;
      const run = spawnSync('bash', ['-c', shell], {
        cwd,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', RMQ_PARTITION_URLS: `amqp://${CLOSED},amqp://${CLOSED},amqp://${CLOSED}` },
        timeout: 120_000,
      });
      const recorded = readFileSync(codes, 'utf8').trim().split('\n').filter(Boolean).map(Number);
      expect(recorded.length, `${script}\n${run.stderr}`).toBeGreaterThan(0);
      for (const code of recorded) {
        if (broker) expect(code, `${script}\n${run.stderr}`).toBe(3);
        else expect([0, 1], `${script}\n${run.stderr}`).toContain(code);
      }
    });
  }
});
