/**
 * End to end: the built CLI as a separate process, as users and CI run it. Exit codes, stdout
 * vs stderr, one-line errors and no stack traces.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, runBuiltCli } from './built-cli.js';

const SMALL = 'fixtures/workloads/small-single-app.yaml';
const INFEASIBLE = 'fixtures/workloads/infeasible.yaml';
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

beforeAll(() => ensureBuilt(), 120_000);

function expectOneLineErrors(stderr: string): void {
  expect(stderr).not.toMatch(STACK_FRAME);
  expect(stderr).not.toContain('Error:');
}

describe('rmq-plan (built) — success paths', () => {
  it('size prints the table for the README example and exits 0', () => {
    const run = runBuiltCli(['size', SMALL]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(ROOT, 'test/golden/expected/small-single-app.txt'), 'utf8'));
  });

  it('--format json prints only JSON on stdout', () => {
    const run = runBuiltCli(['size', SMALL, '--format', 'json']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { schemaVersion: number; feasible: boolean };
    expect(report.schemaVersion).toBe(1);
    expect(report.feasible).toBe(true);
  });

  it('an infeasible workload still prints the report, and exits 1', () => {
    const run = runBuiltCli(['size', INFEASIBLE, '--format', 'json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as { feasible: boolean }).feasible).toBe(false);
  });

  it('help shows examples, for the program and each command', () => {
    for (const args of [['--help'], ['size', '--help'], ['schema', '--help'], ['init', '--help']]) {
      const run = runBuiltCli(args);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Examples:');
      expect(run.stdout).toContain('$ rmq-plan');
    }
  });

  it('a reader that closes the pipe early is not an error (no EPIPE stack trace)', () => {
    const run = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" dist/bin/rmq-plan.js schema | true; "${process.execPath}" dist/bin/rmq-plan.js size ${SMALL} | head -c 1 >/dev/null`],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('colour only when asked for: none in a pipe, some with FORCE_COLOR', () => {
    expect(runBuiltCli(['size', SMALL], { NO_COLOR: '' }).stdout).not.toContain('\u001b[');
    expect(runBuiltCli(['size', SMALL], { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toContain('\u001b[');
  });
});

describe('rmq-plan (built) — bad input exits 2 with one line per problem', () => {
  it('missing file', () => {
    const run = runBuiltCli(['size', 'nope.yaml']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('nope.yaml: cannot read: no such file\n');
  });

  it('invalid field, named with its path', () => {
    const run = runBuiltCli(['size', 'test/cli/bad-workloads/unknown-field.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'test/cli/bad-workloads/unknown-field.yaml: workloads[0]: unknown field "queus" (did you mean "queues"?; expected one of: name, vhost, publishRate, messageSize, fanOut, queueType, persistent, publisherConfirms, consumers, queues, connections, latencyP99TargetMs, …)\n' +
        'test/cli/bad-workloads/unknown-field.yaml: workloads[0].publishRate.averageMsgPerSec: expected a number > 0 and ≤ 10,000,000, got string "lots"\n',
    );
    expectOneLineErrors(run.stderr);
  });

  it('YAML syntax error names line and column', () => {
    const run = runBuiltCli(['size', 'test/cli/bad-workloads/syntax-error.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^test\/cli\/bad-workloads\/syntax-error\.yaml: line 6, column \d+: invalid YAML: Nested mappings/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('bad flag values name the flag, what was expected and what was given', () => {
    const run = runBuiltCli(['size', SMALL, '--traffic-scale', '-1', '--format', 'xml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      '--format: expected one of table, json, markdown, got "xml"\n' +
        '--traffic-scale: expected a number > 0 and ≤ 10,000 that multiplies every publish rate (e.g. 1.5), got "-1"\n',
    );
  });

  it('usage errors (unknown option, missing argument, unknown command) are one line', () => {
    for (const args of [['size', SMALL, '--bogus'], ['size'], ['sise', SMALL], []]) {
      const run = runBuiltCli(args);
      expect(run.status, args.join(' ')).toBe(2);
      expectOneLineErrors(run.stderr);
      if (args.length > 0) expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
