import { describe, expect, it } from 'vitest';
import { groupQueues, parseGroupBy, sanitizeName, unmatchedPatterns } from '../../src/inspect/grouping.js';
import { InputError } from '../../src/errors.js';

const q = (name: string, type = 'classic', vhost = '/') => ({ name, type, vhost });

function summary(groups: ReturnType<typeof groupQueues>) {
  return groups.map((g) => [g.name, g.vhost, g.type, g.queues]);
}

describe('grouping queues into workloads', () => {
  it('by default groups the shards of a name (".N" or "-N" suffix) and keeps other queues alone', () => {
    const groups = groupQueues([q('orders.1'), q('orders.2'), q('orders-3'), q('audit'), q('v2-events'), q('payments.eu.0')], []);
    expect(summary(groups)).toEqual([
      ['orders', '/', 'classic', ['orders-3', 'orders.1', 'orders.2']],
      ['audit', '/', 'classic', ['audit']],
      ['v2-events', '/', 'classic', ['v2-events']],
      ['payments.eu', '/', 'classic', ['payments.eu.0']],
    ]);
    expect(groups[0]!.rule).toMatch(/shards of "orders"/);
  });

  it('puts server-named queues together', () => {
    const groups = groupQueues([q('amq.gen-Ab12_x'), q('amq.gen-Zz99-y')], []);
    expect(summary(groups)).toEqual([['amq.gen', '/', 'classic', ['amq.gen-Ab12_x', 'amq.gen-Zz99-y']]]);
  });

  it('applies --group-by globs first, in order, per vhost', () => {
    const patterns = parseGroupBy(['orders-*', 'billing=invoice.*', 'x?z']);
    const groups = groupQueues(
      [q('orders-eu'), q('orders-us'), q('invoice.a'), q('orders-eu', 'classic', 'prod'), q('xyz'), q('xyzz'), q('other.1')],
      patterns,
    );
    expect(summary(groups)).toEqual([
      ['orders', '/', 'classic', ['orders-eu', 'orders-us']],
      ['billing', '/', 'classic', ['invoice.a']],
      ['orders.prod', 'prod', 'classic', ['orders-eu']],
      ['xz', '/', 'classic', ['xyz']],
      ['xyzz', '/', 'classic', ['xyzz']],
      ['other', '/', 'classic', ['other.1']],
    ]);
    expect(groups[1]!.rule).toBe('--group-by billing=invoice.*');
  });

  it('escapes regular-expression characters in globs', () => {
    const [p] = parseGroupBy(['a.b+(c)*']);
    expect(p!.regex.test('a.b+(c)-1')).toBe(true);
    expect(p!.regex.test('aXb+(c)-1')).toBe(false);
  });

  it('splits a group whose queues are of different types', () => {
    const groups = groupQueues([q('jobs.1', 'quorum'), q('jobs.2', 'classic')], []);
    expect(summary(groups)).toEqual([
      ['jobs-classic', '/', 'classic', ['jobs.2']],
      ['jobs-quorum', '/', 'quorum', ['jobs.1']],
    ]);
  });

  it('makes names valid and unique for the workload schema', () => {
    expect(sanitizeName('Ärger queue!')).toBe('rger-queue');
    expect(sanitizeName('---')).toBe('queue');
    const groups = groupQueues([q('a b'), q('a-b'), q('a/b')], []);
    expect(groups.map((g) => g.name)).toEqual(['a-b', 'a-b-2', 'a-b-3']);
    for (const g of groups) expect(g.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  });

  it('lists patterns that match no queue', () => {
    const patterns = parseGroupBy(['orders-*', 'nothing-*']);
    expect(unmatchedPatterns([q('orders-1')], patterns).map((p) => p.glob)).toEqual(['nothing-*']);
  });

  it('rejects bad --group-by values with one InputError line each', () => {
    let error: unknown;
    try {
      parseGroupBy(['', 'bad name=x*', 'a=x*', 'a=y*']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual([
      `--group-by: expected [NAME=]GLOB such as 'orders-*', got ""`,
      '--group-by: expected letters, digits, ".", "_" or "-" (starting with a letter or digit), got "bad name"',
      '--group-by: expected a unique workload name, got "a" twice (name them: --group-by NAME=GLOB)',
    ]);
  });
});
