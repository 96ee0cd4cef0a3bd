/**
 * Input files that are not files, too big, hostile or merely unusual: each is one clear line
 * and exit 2, never a hang, an internal error or gigabytes of memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { lines, MAX_PROBLEM_LINES } from '../../src/cli/shared/errors.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { problemsOf } from '../support/problems.js';
import { CLI, ensureBuilt } from './built-cli.js';
import { firstDuplicateJsonKey, MAX_INPUT_FILE_BYTES, parseWorkloadText, readWorkloadFile } from '../../src/io/workload-file.js';

const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-hostile-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(), 120_000);

const WORKLOAD = (name: string) => `  - name: ${name}\n    publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 200 }\n    messageSize: 1KiB\n`;

async function size(args: string[]) {
  const io = memoryIo();
  const code = await runCli(['size', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('files that are not regular files', () => {
  it('a character device that never ends (/dev/zero) stops at the cap at once, not after gigabytes', () => {
    expect(problemsOf(() => readWorkloadFile('/dev/zero'))).toEqual([
      '/dev/zero: cannot read: more than the 8.0 MiB an input file may have (a character device that did not end)',
    ]);
  });

  it('a FIFO with no writer is read as the empty document it is, without blocking', () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(problemsOf(() => readWorkloadFile(fifo))).toEqual([
      `${fifo}: (top level): expected a workload file (a mapping with "version: 1" and "workloads"), got an empty document`,
    ]);
  });

  it('"-" and /dev/stdin read a piped workload', () => {
    // Through a shell pipe, as a user types it (Node's own child stdin is a socket, which /dev/stdin cannot open).
    for (const path of ['-', '/dev/stdin']) {
      const out = execFileSync('bash', ['-c', `cat fixtures/workloads/small-single-app.yaml | "${process.execPath}" "${CLI}" size ${path} --format json`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      });
      expect((JSON.parse(out) as { input: { name: string } }).input.name).toBe('small-single-app');
    }
  });

  it('another kind of file (here a password file) is named as not a workload file, echoing none of its content', () => {
    const shadow = join(dir, 'shadow');
    writeFileSync(shadow, 'root:$y$j9T$secret:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n');
    const problems = problemsOf(() => readWorkloadFile(shadow));
    expect(problems).toEqual([
      `${shadow}: (top level): expected a workload file (a mapping with "version: 1" and "workloads"), got a mapping of 2 keys, none of them a workload file's (version, name, description, cluster, workloads)`,
    ]);
    expect(problems.join('')).not.toContain('secret');
    const prose = join(dir, 'notes.txt');
    writeFileSync(prose, 'a secret sentence\n');
    expect(problemsOf(() => readWorkloadFile(prose))[0]).not.toContain('secret');
  });

  it('a file over the cap is refused by its size before it is parsed', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(MAX_INPUT_FILE_BYTES)}\n`);
    expect(problemsOf(() => readWorkloadFile(big))).toEqual([`${big}: cannot read: 8.0 MiB, more than the 8.0 MiB an input file may have`]);
  });

  it('the same cap and wording for --catalog, --calibration and report --bench', async () => {
    for (const args of [
      ['size', 'fixtures/workloads/small-single-app.yaml', '--catalog', '/dev/zero'],
      ['size', 'fixtures/workloads/small-single-app.yaml', '--calibration', '/dev/zero'],
      ['report', '--bench', '/dev/zero', '--out', join(dir, 'r.html')],
    ]) {
      const io = memoryIo();
      const code = await runCli(args, io);
      expect(code, args.join(' ')).toBe(2);
      expect(io.err).toMatch(/\/dev\/zero: .*more than the 8\.0 MiB an input file may have/);
    }
  });
});

describe('unusual but valid, and hostile documents', () => {
  it('a UTF-8 byte-order mark before JSON is accepted, as it is before YAML', () => {
    const text = `\uFEFF${JSON.stringify({ version: 1, workloads: [{ name: 'a', publishRate: { averageMsgPerSec: 1, peakMsgPerSec: 2 }, messageSize: '1KiB' }] })}`;
    expect(parseWorkloadText(text, 'w.json', 'json').workloads[0]!.name).toBe('a');
  });

  it('JSON duplicate keys are refused (YAML refuses them too), naming key and line', () => {
    const text = '{\n  "version": 1,\n  "workloads": [],\n  "version": 1\n}';
    expect(problemsOf(() => parseWorkloadText(text, 'w.json', 'json'))).toEqual(['w.json: line 4: invalid JSON: duplicate key "version" in one object']);
    expect(firstDuplicateJsonKey('{"a":{"b":1},"b":2,"c":["a","a"],"d":"\\"a\\":"}')).toBeNull();
    expect(firstDuplicateJsonKey('[{"a":1},{"a":2},{"x":{"y":1,"y":2}}]')).toEqual({ key: 'y', line: 1 });
  });

  it('a YAML alias bomb is bad input (exit 2), not an internal error', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i <= 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const problems = problemsOf(() => parseWorkloadText(bomb.join('\n'), 'bomb.yaml', 'yaml'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^bomb\.yaml: invalid YAML: expected at most 10,000 alias resolutions, got more/);
  });

  it('a legitimate file with 149 merge keys is read (YAML merge keys share settings between workloads)', () => {
    const text = ['version: 1', 'workloads:', '  - &base { name: w0, publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 200 }, messageSize: 1KiB }'];
    for (let i = 1; i < 150; i++) text.push(`  - { <<: *base, name: w${i} }`);
    const file = parseWorkloadText(text.join('\n'), 'merge.yaml', 'yaml');
    expect(file.workloads).toHaveLength(150);
    expect(file.workloads[149]).toMatchObject({ name: 'w149', publishRate: { peakMsgPerSec: 200 } });
  });

  it('deep nesting is bad input, not a stack overflow', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const json = problemsOf(() => parseWorkloadText(deep, 'deep.json', 'json'));
    expect(json).toHaveLength(1);
    expect(json[0]).toMatch(/^deep\.json: /);
    const yaml = problemsOf(() => parseWorkloadText(`a: ${deep}`, 'deep.yaml', 'yaml'));
    expect(yaml).toHaveLength(1);
    expect(yaml[0]).toMatch(/^deep\.yaml: .*invalid YAML/);
  });
});

describe('a flood of problems', () => {
  it('20,000 bad workloads: every problem is found, the output is capped with a count', async () => {
    const file = join(dir, 'flood.yaml');
    const body = Array.from(
      { length: 20_000 },
      (_, i) => `  - name: w${i}\n    publishRate: { averageMsgPerSec: -1, peakMsgPerSec: 200 }\n    messageSize: 1KiB\n`,
    ).join('');
    writeFileSync(file, `version: 1\nworkloads:\n${body}`);
    const r = await size([file]);
    expect(r.code).toBe(2);
    const printed = r.err.trimEnd().split('\n');
    expect(printed).toHaveLength(MAX_PROBLEM_LINES + 1);
    expect(printed[MAX_PROBLEM_LINES]).toMatch(/^… and [\d,]+ more problems$/);
    const total = MAX_PROBLEM_LINES + Number(printed[MAX_PROBLEM_LINES]!.replace(/\D/g, ''));
    expect(total).toBeGreaterThanOrEqual(20_000);
  });

  it('problem lines never carry raw control characters to the terminal', () => {
    expect(lines(['a\u001b[2Jb', 'c\u0007'])).toBe('a\\u001b[2Jb\nc\\u0007\n');
  });

  it('a valid file of many workloads still parses', () => {
    const text = `version: 1\nworkloads:\n${Array.from({ length: 2000 }, (_, i) => WORKLOAD(`w${i}`)).join('')}`;
    expect(parseWorkloadText(text, 'many.yaml', 'yaml').workloads).toHaveLength(2000);
  });
});

describe('numbers out of the domain are bad input, never an endless search or Infinity', () => {
  const file = (doc: Record<string, unknown>, workload: Record<string, unknown> = {}) => {
    const path = join(dir, `n-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(
      path,
      JSON.stringify({
        version: 1,
        ...doc,
        workloads: [{ name: 'orders', publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 200 }, messageSize: '1KiB', ...workload }],
      }),
    );
    return path;
  };

  it.each([
    ['messageSize 0B', {}, { messageSize: '0B' }, /messageSize: expected a size in bytes .*, got string "0B"/],
    ['messageSize 0.1B', {}, { messageSize: '0.1B' }, /messageSize: expected a size in bytes .*, got string "0.1B"/],
    ['a 400-digit size', {}, { messageSize: `${'9'.repeat(400)}B` }, /messageSize: expected a size in bytes .*, got string "9999/],
    ['p95 of 0B', {}, { messageSize: { p50: '1B', p95: '0B', max: '1KiB' } }, /messageSize(\.p95)?: expected a size/],
    ['diskFreeLimit 0B', { cluster: { broker: { diskFreeLimit: '0B' } } }, {}, /diskFreeLimit: /],
    ['zones 999999999', { cluster: { ha: { zones: 999_999_999 } } }, {}, /cluster\.ha\.zones: expected an integer > 0 and ≤ 6, got 999999999/],
    ['queues 1e9', {}, { queues: 1e9 }, /workloads\[0\]\.queues: expected an integer > 0 and ≤ 100,000 or "auto", got 1000000000/],
    ['fanOut 999999999', {}, { fanOut: 999_999_999 }, /workloads\[0\]\.fanOut: expected an integer > 0 and ≤ 100,000/],
    ['fanOut × queues', {}, { fanOut: 1000, queues: 1000 }, /queues: expected fanOut × queues ≤ 100,000 queues for one workload, got 1000 × 1000 = 1,000,000/],
    [
      'growth that overflows the horizon',
      { cluster: { forecast: { horizonMonths: 120 } } },
      { publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 200, monthlyGrowthPercent: 100 } },
      /publishRate: expected a forecast peak of at most 10,000,000 msg\/s, got .* at month 120/,
    ],
  ])('%s', async (_name, doc, workload, message) => {
    const r = await size([file(doc, workload), '--format', 'json']);
    expect(r.code, r.err).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/NaN|Infinity|internal error/);
  });

  it.each([
    [['size', 'fixtures/workloads/small-single-app.yaml', '--traffic-scale', '1e308'], /--traffic-scale: expected a number > 0 and ≤ 10,000/],
    [['size', 'fixtures/workloads/small-single-app.yaml', '--traffic-scale', '9007199254740993'], /--traffic-scale: /],
    [
      ['check', 'fixtures/workloads/small-single-app.yaml', '--instance-type', 'm6i.xlarge', '--nodes', '1e9'],
      /--nodes: expected a whole number from 1 to 50, got "1e9"/,
    ],
    [
      ['check', 'fixtures/workloads/small-single-app.yaml', '--instance-type', 'm6i.xlarge', '--nodes', '3', '--memory-gib', '1e308'],
      /--memory-gib: expected a number > 0 and ≤ 32,768/,
    ],
  ])('%j', async (args, message) => {
    const io = memoryIo();
    const code = await runCli(args, io);
    expect(code, io.err).toBe(2);
    expect(io.err).toMatch(message);
  });

  it('the largest traffic scale the flag allows still ends (infeasible or not) with finite numbers', async () => {
    const r = await size(['fixtures/workloads/small-single-app.yaml', '--traffic-scale', '5000', '--format', 'json']);
    expect([0, 1]).toContain(r.code);
    expect(r.out).not.toMatch(/NaN|Infinity|null,\s*"unit"/);
  });
});
