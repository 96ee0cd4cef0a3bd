/**
 * What a user sees for help, version and usage mistakes: help and version on stdout with exit 0;
 * a usage mistake one line on stderr naming it, with where to look, exit 2, never a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';

async function run(args: string[]) {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

describe('help, version and usage mistakes', () => {
  it.each([[['--help']], [['size', '--help']], [['--version']], [['-v']]])('%j: stdout, exit 0', async (args) => {
    const r = await run(args);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeGreaterThan(0);
    expect(r.err).toBe('');
  });

  it('no command: the usage on stderr, exit 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Usage: rmq-plan \[options\] \[command\]/);
  });

  it.each([
    [['bogus'], `rmq-plan: unknown command 'bogus' (see "rmq-plan --help")`],
    [['size'], `rmq-plan: missing required argument 'workload' (see "rmq-plan size --help")`],
    [['schema', '--bogus'], `rmq-plan: unknown option '--bogus' (see "rmq-plan schema --help")`],
    [['init', 'a', 'b'], `rmq-plan: too many arguments for 'init'. Expected 1 argument but got 2. (see "rmq-plan init --help")`],
    [['sise', 'x'], `rmq-plan: unknown command 'sise' (did you mean size?) (see "rmq-plan --help")`],
  ])('%j: one line naming the mistake, exit 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${message}\n`);
    expect(r.out).toBe('');
  });
});
