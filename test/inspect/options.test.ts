import { describe, expect, it } from 'vitest';
import { DURATION_FORMAT } from '../../src/io/duration.js';
import { parseInspectFlags } from '../../src/cli/inspect.js';
import { parseMgmtUrl } from '../../src/broker/management-url.js';
import { redactSecrets, redactUrl } from '../../src/broker/redact.js';
import { problemsOf as problems } from '../support/problems.js';

const MGMT = 'http://monitor:s3cr3t-Pw@rabbit:15672';

describe('inspect flags', () => {
  it('defaults: 60 s, 7 samples, 10 s timeout, all vhosts, default grouping', () => {
    const f = parseInspectFlags({ mgmt: MGMT });
    expect(f).toMatchObject({ vhost: null, groupBy: [], windowSeconds: 60, samples: 7, timeoutMs: 10_000, out: null, clusterOut: null, json: false });
    expect(f.mgmt).toEqual({ base: 'http://rabbit:15672', username: 'monitor', password: 's3cr3t-Pw' });
  });

  it('fits the default sample count to a short window (samples ≥ 10 s apart)', () => {
    expect(parseInspectFlags({ mgmt: MGMT, window: '30s' }).samples).toBe(4);
    expect(parseInspectFlags({ mgmt: MGMT, window: '5m', samples: '31' }).samples).toBe(31);
  });

  it('takes the URL from RMQ_PLAN_MGMT_URL when --mgmt is absent, and keeps a path prefix', () => {
    const f = parseInspectFlags({}, { RMQ_PLAN_MGMT_URL: 'https://u:p%40ss@proxy.example/rabbitmq/' });
    expect(f.mgmt).toEqual({ base: 'https://proxy.example/rabbitmq', username: 'u', password: 'p@ss' });
    expect(parseMgmtUrl('http://rabbit:15672').username).toBe('guest');
  });

  it('reports every bad flag, one line each, without the password', () => {
    const lines = problems(() =>
      parseInspectFlags({
        mgmt: 'amqp://monitor:s3cr3t-Pw@rabbit:5672',
        window: '5s',
        samples: '2',
        timeout: 'forever',
        vhost: '',
        groupBy: ['bad name=x'],
        out: 'a.yaml',
        clusterOut: 'a.yaml',
      }),
    );
    expect(lines).toEqual([
      '--vhost: expected a vhost name such as /, got ""',
      `--window: expected ${DURATION_FORMAT}, at least 20s and at most 1h, got "5s"`,
      '--samples: expected an integer ≥ 3, got "2"',
      `--timeout: expected ${DURATION_FORMAT}, at least 1s and at most 2m, got "forever"`,
      '--mgmt: expected an http:// or https:// management API URL, got "amqp://monitor:****@rabbit:5672"',
      '--group-by: expected letters, digits, ".", "_" or "-" (starting with a letter or digit), got "bad name"',
      '--cluster-out: expected a different file than --out, got "a.yaml" for both',
    ]);
    for (const line of lines) expect(line).not.toContain('s3cr3t-Pw');
  });

  it('refuses samples closer than the statistics refresh allows', () => {
    expect(problems(() => parseInspectFlags({ mgmt: MGMT, window: '60s', samples: '30' }))).toEqual([
      '--samples: expected at most 7 over a 1m window (samples at least 10s apart: the management API refreshes its counters every 5s, ' +
        'so closer samples measure the refresh, not the traffic), got 30',
    ]);
  });

  it('asks for the URL when there is none', () => {
    expect(problems(() => parseInspectFlags({}))).toEqual([
      '--mgmt: expected the management API URL, e.g. http://user:pass@host:15672 (or RMQ_PLAN_MGMT_URL), got nothing',
    ]);
  });
});

describe('redaction', () => {
  it('replaces the password of user:pass@ anywhere in a text', () => {
    expect(redactUrl('GET http://monitor:s3cr3t-Pw@rabbit:15672/api failed')).toBe('GET http://monitor:****@rabbit:15672/api failed');
    expect(redactUrl('"monitor:s3cr3t-Pw@rabbit"')).toBe('"monitor:****@rabbit"');
    expect(redactUrl('no credentials http://rabbit:15672/api')).toBe('no credentials http://rabbit:15672/api');
  });

  it('scrubs the password itself, plain and URL-encoded', () => {
    expect(redactSecrets('echo p@ss and p%40ss', ['p@ss'])).toBe('echo **** and ****');
  });
});
