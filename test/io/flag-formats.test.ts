/**
 * One duration format and one size format for every command's flags (issue 12): the same text
 * means the same thing to bench, inspect, verify failover, verify partition and compare.
 */
import { describe, expect, it } from 'vitest';
import { parseBenchFlags } from '../../src/cli/bench.js';
import { parseFailoverFlags } from '../../src/cli/verify.js';
import { parseInspectFlags } from '../../src/cli/inspect.js';
import { DURATION_FORMAT, formatDuration, parseDurationSeconds } from '../../src/io/duration.js';
import { parseSizeText, SIZE_FORMAT } from '../../src/schema/byte-size.js';

const CLUSTER = { urls: 'amqp://a:5672,amqp://b:5672,amqp://c:5672', killCommand: 'true' };

describe('durations', () => {
  it.each([
    ['500ms', 0.5],
    ['5s', 5],
    ['2m', 120],
    ['1h', 3600],
    ['1.5s', 1.5],
    ['90', 90],
    [' 2M ', 120],
  ])('%s is %f s', (text, seconds) => expect(parseDurationSeconds(text)).toBe(seconds));

  it.each(['soon', '-3s', '5 days', '1e3s', ''])('%j is not a duration', (text) => expect(parseDurationSeconds(text)).toBeUndefined());

  it('limits are written in the same format', () => {
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(120)).toBe('2m');
    expect(formatDuration(40)).toBe('40s');
    expect(formatDuration(0.5)).toBe('500ms');
  });

  it('bench, inspect and verify failover take 5s, 2m and 1h alike', () => {
    expect(parseBenchFlags({ duration: '5s' }, {}).bench.matrix.durationSeconds).toBe(5);
    expect(parseInspectFlags({ mgmt: 'http://localhost:15672', window: '2m' }).windowSeconds).toBe(120);
    expect(parseFailoverFlags({ ...CLUSTER, duration: '1h', killAfter: '10s' }, {}).durationMs).toBe(3_600_000);
  });

  it('and refuse "soon" with the same words', () => {
    expect(() => parseBenchFlags({ duration: 'soon' }, {})).toThrow(`--duration: expected ${DURATION_FORMAT}`);
    expect(() => parseFailoverFlags({ ...CLUSTER, duration: 'soon' }, {})).toThrow(`--duration: expected ${DURATION_FORMAT}`);
  });
});

describe('sizes', () => {
  it.each([
    ['512B', 512],
    ['1KiB', 1024],
    ['1kib', 1024],
    ['1MB', 1_000_000],
    ['4096', 4096],
  ])('%s is %i bytes', (text, bytes) => expect(parseSizeText(text)).toBe(bytes));

  it('verify failover takes --message-size 1KiB as bench takes --sizes 1KiB', () => {
    expect(parseFailoverFlags({ ...CLUSTER, messageSize: '1KiB' }, {}).messageSizeBytes).toBe(1024);
    expect(parseBenchFlags({ sizes: '1KiB' }, {}).bench.matrix.messageSizesBytes).toEqual([1024]);
    expect(() => parseFailoverFlags({ ...CLUSTER, messageSize: 'big' }, {})).toThrow(`--message-size: expected ${SIZE_FORMAT}`);
  });
});

describe('one output switch', () => {
  it('--format json, -f json and the --json alias print the same JSON; another format is bad input', async () => {
    const { runCli } = await import('../../src/cli/program.js');
    const { memoryIo } = await import('../../src/io/cli-io.js');
    const outputs: string[] = [];
    for (const flag of [['--format', 'json'], ['-f', 'json'], ['--json']]) {
      const io = memoryIo();
      expect(await runCli(['compare', 'published', 'published-lab', ...flag], io)).toBe(0);
      outputs.push(io.out);
    }
    expect(new Set(outputs).size).toBe(1);
    expect((JSON.parse(outputs[0]!) as { schemaVersion: number }).schemaVersion).toBe(1);
    const bad = memoryIo();
    expect(await runCli(['compare', 'published', 'published-lab', '--format', 'yaml'], bad)).toBe(2);
    expect(bad.err).toContain('--format: expected one of table, json, got "yaml"');
  });
});

describe('one name per concept', () => {
  it('bench names the management API --mgmt, as inspect and verify do (--management-url kept as an alias)', () => {
    expect(parseBenchFlags({ mgmt: 'http://u:p@host:15672' }, {}).bench.managementUrl).toBe('http://u:p@host:15672/');
    expect(parseBenchFlags({ managementUrl: 'http://u:p@host:15672' } as never, {}).bench.managementUrl).toBe('http://u:p@host:15672/');
    expect(() => parseBenchFlags({ mgmt: 'ftp://host' }, {})).toThrow(/--mgmt: expected an http/);
  });

  it("bench takes verify's --queue-type spelling for its --queue-types list", () => {
    expect(parseBenchFlags({ queueType: 'quorum' } as never, {}).bench.matrix.queueTypes).toEqual(['quorum']);
    expect(parseBenchFlags({ queueTypes: 'classic,quorum' }, {}).bench.matrix.queueTypes).toEqual(['classic', 'quorum']);
  });

  it('bench and verify bound the confirm window alike, with the same words', () => {
    expect(parseBenchFlags({ confirmWindow: '1000000' }, {}).bench.matrix.confirmWindow).toBe(1_000_000);
    expect(parseFailoverFlags({ ...CLUSTER, confirmWindow: '1000000' }, {}).confirmWindow).toBe(1_000_000);
    expect(() => parseBenchFlags({ confirmWindow: '1000001' }, {})).toThrow('--confirm-window: expected an integer from 1 to 1000000');
    expect(() => parseFailoverFlags({ ...CLUSTER, confirmWindow: '1000001' }, {})).toThrow('--confirm-window: expected an integer from 1 to 1000000');
  });
});

describe("PerfTest's short flags on bench", () => {
  it('-x -y -s -c -q -r -z mean what they mean in PerfTest', async () => {
    const { Command } = await import('commander');
    const { defineCommand } = await import('../../src/cli/bench.js');
    const { memoryIo } = await import('../../src/io/cli-io.js');
    const program = new Command().exitOverride();
    const bench = defineCommand(program.command('bench'), memoryIo(), () => undefined);
    bench.action(() => undefined);
    program.parse(['bench', '-x', '4', '-y', '2', '-s', '1KiB', '-c', '100', '-q', '300', '-r', '1000', '-z', '2m'], { from: 'user' });
    const flags = bench.opts();
    const o = parseBenchFlags(flags, {}).bench;
    expect(o.matrix).toMatchObject({
      publishers: [4],
      consumers: [2],
      messageSizesBytes: [1024],
      confirmWindow: 100,
      prefetch: 300,
      fixedRatesMsgPerSec: [1000],
      totalTimeSeconds: 120,
    });
  });
});

describe('flags declared once (src/cli/flags.ts)', () => {
  it('check names MB/s flags so: --disk-throughput-mb-per-sec, the old --disk-throughput-mbps kept as a hidden alias', async () => {
    const { parseCheckFlags } = await import('../../src/cli/check.js');
    const base = { instanceType: 'm6i.xlarge', nodes: '3' };
    expect(parseCheckFlags({ ...base, diskThroughputMbPerSec: '250' }).cluster.diskThroughputMBps).toBe(250);
    expect(parseCheckFlags({ ...base, diskThroughputMbps: '250' } as never).cluster.diskThroughputMBps).toBe(250);
    expect(() => parseCheckFlags({ ...base, diskThroughputMbps: 'fast' } as never)).toThrow('--disk-throughput-mbps: expected a number > 0');
    const { runCli } = await import('../../src/cli/program.js');
    const { memoryIo } = await import('../../src/io/cli-io.js');
    const io = memoryIo();
    expect(await runCli(['check', '--help'], io)).toBe(0);
    expect(io.out).toContain('--disk-throughput-mb-per-sec');
    expect(io.out).toContain('--instance-disk-mb-per-sec');
    expect(io.out).not.toContain('mbps');
  });

  it('a table generates the commander options, their defaults in --help, and refuses a key that does not name its flag', async () => {
    const { Command } = await import('commander');
    const { addFlags, flag, flagWithDefault, parseFlags } = await import('../../src/cli/flags.js');
    const { durationValue, sizeValue } = await import('../../src/cli/flag-types.js');
    const table = {
      duration: flagWithDefault('--duration <time>', 'how long', durationValue({ maxSeconds: 60 }), '5s'),
      messageSize: flag('--message-size <size>', 'body size', sizeValue(1)),
    };
    const command = addFlags(new Command('x'), table);
    expect(command.helpInformation()).toContain('(default: "5s")');
    expect(parseFlags(table, {})).toEqual({ duration: 5, messageSize: undefined });
    expect(parseFlags(table, { duration: '1m', messageSize: '1KiB' })).toEqual({ duration: 60, messageSize: 1024 });
    expect(() => parseFlags(table, { duration: '2h', messageSize: 'big' })).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringMatching(/^--duration: expected .* at most 1m, got "2h"$/),
          expect.stringMatching(/^--message-size: expected a size .*, got "big"$/),
        ],
      }),
    );
    expect(() => addFlags(new Command('y'), { size: flag('--message-size <size>', 'body size', sizeValue(1)) })).toThrow(/does not name --message-size/);
  });
});
