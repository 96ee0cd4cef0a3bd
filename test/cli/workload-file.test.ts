/**
 * Reading and validating workload files: every problem is one line naming the file, the field,
 * what was expected and what was given.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../support/problems.js';
import { parseWorkloadText, readWorkloadFile } from '../../src/io/workload-file.js';

const FIXTURES = 'fixtures/workloads';

const yamlProblems = (text: string) => problemsOf(() => parseWorkloadText(text, 'w.yaml', 'yaml'));

const MINIMAL = `version: 1
workloads:
  - name: orders
    publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 200 }
    messageSize: 1KiB
`;

describe('shipped fixtures', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));

  it('include the six the issue asks for', () => {
    expect(files.sort()).toEqual(
      ['infeasible', 'large-messages', 'multi-tenant-high-throughput', 'small-single-app', 'strict-latency', 'zone-failure'].map((n) => `${n}.yaml`),
    );
  });

  it.each(files)('%s validates', (file) => {
    const workload = readWorkloadFile(join(FIXTURES, file));
    expect(workload.workloads.length).toBeGreaterThan(0);
  });
});

describe('valid input', () => {
  it('fills defaults and converts sizes to bytes', () => {
    const w = parseWorkloadText(MINIMAL, 'w.yaml', 'yaml');
    expect(w.workloads[0]!.messageSize).toBe(1024);
    expect(w.workloads[0]!.queueType).toBe('quorum');
    expect(w.cluster.ha.nodeFailuresToTolerate).toBe(1);
  });

  it('reads JSON by extension and by content', () => {
    const json = JSON.stringify({
      version: 1,
      workloads: [{ name: 'a', publishRate: { averageMsgPerSec: 1, peakMsgPerSec: 2 }, messageSize: 10 }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-'));
    writeFileSync(join(dir, 'w.json'), json);
    writeFileSync(join(dir, 'w.txt'), json);
    expect(readWorkloadFile(join(dir, 'w.json')).workloads[0]!.name).toBe('a');
    expect(readWorkloadFile(join(dir, 'w.txt')).workloads[0]!.name).toBe('a');
  });
});

describe('bad input: one line per problem, naming file and field', () => {
  it('unknown field, with the allowed fields and a suggestion', () => {
    const problems = yamlProblems(MINIMAL + '    queus: 3\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^w\.yaml: workloads\[0\]: unknown field "queus" \(did you mean "queues"\?; expected one of: name, vhost, publishRate, /);
  });

  it('unknown top-level field', () => {
    expect(yamlProblems(MINIMAL + 'clutser: {}\n')).toEqual([
      'w.yaml: (top level): unknown field "clutser" (did you mean "cluster"?; expected one of: version, name, description, cluster, workloads)',
    ]);
  });

  it('wrong type: expected number, got string', () => {
    const problems = yamlProblems(MINIMAL.replace('averageMsgPerSec: 100', 'averageMsgPerSec: abc'));
    expect(problems).toEqual(['w.yaml: workloads[0].publishRate.averageMsgPerSec: expected a number > 0 and ≤ 10,000,000, got string "abc"']);
  });

  it('too small: names the bound and the value', () => {
    const problems = yamlProblems(MINIMAL.replace('peakMsgPerSec: 200', 'peakMsgPerSec: -3'));
    expect(problems[0]).toBe('w.yaml: workloads[0].publishRate.peakMsgPerSec: expected a number > 0 and ≤ 10,000,000, got -3');
  });

  it('integer ranges', () => {
    const text = MINIMAL + 'cluster:\n  ha:\n    nodeFailuresToTolerate: 5\n';
    expect(yamlProblems(text)).toEqual(['w.yaml: cluster.ha.nodeFailuresToTolerate: expected an integer from 0 to 3, got 5']);
  });

  it('messageSize: explains both accepted forms', () => {
    const problems = yamlProblems(MINIMAL.replace('messageSize: 1KiB', 'messageSize: big'));
    expect(problems).toEqual([
      'w.yaml: workloads[0].messageSize: expected a size in bytes (a positive integer, or a string such as "4KiB" or "1MB") or an object {p50, p95, max}, got string "big"',
    ]);
  });

  it('messageSize object: reports the bad member, not the union', () => {
    const problems = yamlProblems(MINIMAL.replace('messageSize: 1KiB', 'messageSize: { p50: 1KiB, p95: 2KiB, max: lots }'));
    expect(problems).toEqual(['w.yaml: workloads[0].messageSize.max: expected a size such as 1024, "4KiB" or "1MB", got string "lots"']);
  });

  it('"auto" unions name both forms', () => {
    const problems = yamlProblems(MINIMAL + '    queues: many\n');
    expect(problems).toEqual(['w.yaml: workloads[0].queues: expected an integer > 0 and ≤ 100,000 or "auto", got string "many"']);
  });

  it('enum values with a suggestion', () => {
    const problems = yamlProblems(MINIMAL + '    queueType: qourum\n');
    expect(problems).toEqual(['w.yaml: workloads[0].queueType: expected one of "quorum", "classic", "stream", got string "qourum" (did you mean "quorum"?)']);
  });

  it('missing required field', () => {
    const problems = yamlProblems(MINIMAL.replace('    messageSize: 1KiB\n', ''));
    expect(problems).toEqual([
      'w.yaml: workloads[0].messageSize: expected a size in bytes (a positive integer, or a string such as "4KiB" or "1MB") or an object {p50, p95, max}, got nothing (this field is required)',
    ]);
  });

  it('cross-field rule (peak and ratio both given)', () => {
    const problems = yamlProblems(MINIMAL.replace('peakMsgPerSec: 200', 'peakMsgPerSec: 200, peakToAverageRatio: 2'));
    expect(problems).toEqual(['w.yaml: workloads[0].publishRate.peakMsgPerSec: expected exactly one of peakMsgPerSec or peakToAverageRatio, got both']);
  });

  it('a cross-field rule is not reported over a broken field it compares', () => {
    const problems = yamlProblems(MINIMAL.replace('messageSize: 1KiB', 'messageSize: { p50: 1KiB, p95: 2KiB, max: x }'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('messageSize.max');
  });

  it('reports every problem, one line each', () => {
    const text = MINIMAL.replace('averageMsgPerSec: 100', 'averageMsgPerSec: -1').replace('version: 1', 'version: 2') + '    fanOut: 1.5\n';
    const problems = yamlProblems(text);
    expect(problems).toEqual([
      'w.yaml: version: expected 1, got 2',
      'w.yaml: workloads[0].publishRate.averageMsgPerSec: expected a number > 0 and ≤ 10,000,000, got -1',
      'w.yaml: workloads[0].fanOut: expected an integer > 0 and ≤ 100,000, got 1.5',
    ]);
    for (const p of problems) expect(p).not.toContain('\n');
  });

  it('empty workloads list', () => {
    expect(yamlProblems('version: 1\nworkloads: []\n')).toEqual([
      'w.yaml: workloads: expected a non-empty list of objects {name, vhost, publishRate, messageSize, fanOut, queueType, persistent, publisherConfirms, consumers, queues, connections, latencyP99TargetMs, …}, got an empty list',
    ]);
  });

  it('empty document', () => {
    expect(yamlProblems('# nothing here\n')[0]).toMatch(/^w\.yaml: \(top level\): expected a workload file .*got an empty document$/);
  });

  it('YAML syntax errors name line and column', () => {
    const problems = yamlProblems('version: 1\nworkloads:\n  - name: a\n   bad: [1, 2\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^w\.yaml: line \d+, column \d+: invalid YAML: /);
    for (const p of problems) expect(p).not.toContain('\n');
  });

  it('duplicate YAML keys are errors, not silently overwritten', () => {
    expect(yamlProblems('version: 1\nversion: 1\n')[0]).toMatch(/^w\.yaml: line 2, column 1: invalid YAML: Map keys must be unique/);
  });

  it('JSON syntax errors', () => {
    const problems = problemsOf(() => parseWorkloadText('{"version": 1,}', 'w.json', 'json'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^w\.json: .*invalid JSON: /);
  });

  it('a missing file is named', () => {
    expect(problemsOf(() => readWorkloadFile('no/such/file.yaml'))).toEqual(['no/such/file.yaml: cannot read: no such file']);
  });

  it('a directory is not a workload file', () => {
    expect(problemsOf(() => readWorkloadFile(FIXTURES))).toEqual([`${FIXTURES}: cannot read: it is a directory, expected a file`]);
  });
});
