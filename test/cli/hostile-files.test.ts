/**
 * Input files that are not files, too big, hostile or merely unusual: each is one clear line
 * and exit 2, never a hang, an internal error or gigabytes of memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/commands/program.js';
import { lines, MAX_PROBLEM_LINES } from '../../src/commands/shared/errors.js';
import { memoryIo } from '../../src/commands/shared/io.js';
import { InputError } from '../../src/errors.js';
import { firstDuplicateJsonKey, MAX_INPUT_FILE_BYTES, parseWorkloadText, readWorkloadFile } from '../../src/io/workload-file.js';

const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-hostile-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError, got success');
}

const WORKLOAD = (name: string) => `  - name: ${name}\n    publishRate: { averageMsgPerSec: 100, peakMsgPerSec: 200 }\n    messageSize: 1KiB\n`;

async function size(args: string[]) {
  const io = memoryIo();
  const code = await runCli(['size', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('files that are not regular files', () => {
  it('a character device (/dev/zero) is refused at once, not read forever', () => {
    expect(problemsOf(() => readWorkloadFile('/dev/zero'))).toEqual(['/dev/zero: cannot read: a character device, not a regular file']);
  });

  it('a FIFO with no writer is refused without blocking', () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(problemsOf(() => readWorkloadFile(fifo))).toEqual([`${fifo}: cannot read: a FIFO (named pipe), not a regular file`]);
  });

  it('a file over the cap is refused by its size before it is parsed', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(MAX_INPUT_FILE_BYTES)}\n`);
    expect(problemsOf(() => readWorkloadFile(big))).toEqual([`${big}: cannot read: 8.0 MiB, more than the 8.0 MiB an input file may have`]);
  });

  it('the same cap and wording for --catalog, --calibration and report --bench', async () => {
    for (const args of [['size', 'fixtures/workloads/small-single-app.yaml', '--catalog', '/dev/zero'], ['size', 'fixtures/workloads/small-single-app.yaml', '--calibration', '/dev/zero'], ['report', '--bench', '/dev/zero', '--out', join(dir, 'r.html')]]) {
      const io = memoryIo();
      const code = await runCli(args, io);
      expect(code, args.join(' ')).toBe(2);
      expect(io.err).toMatch(/\/dev\/zero: .*a character device, not a regular file\n$/);
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
    for (let i = 1; i <= 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
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
    const body = Array.from({ length: 20_000 }, (_, i) => `  - name: w${i}\n    publishRate: { averageMsgPerSec: -1, peakMsgPerSec: 200 }\n    messageSize: 1KiB\n`).join('');
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
