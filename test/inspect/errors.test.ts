/**
 * inspect's failures, through the command as the CLI runs it: one line on stderr, exit 3 for
 * broker trouble (unreachable, refused, not permitted) and 2 for bad flags, never a password.
 * Users without the monitoring tag are created through the management API for these tests
 * (the one write the tests make) and deleted afterwards.
 */
import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerUrl, mgmtRequest, mgmtUrl, requireBroker } from '../support/broker.js';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { ExitCode } from '../../src/errors.js';
import { DURATION_FORMAT } from '../../src/io/duration.js';

const PASSWORD = `s3cr3t-${randomBytes(4).toString('hex')}`;
const USER_PREFIX = `rmqplan-test-inspect-${randomBytes(3).toString('hex')}`;
const MANAGEMENT_USER = `${USER_PREFIX}-mgmt`;
const UNTAGGED_USER = `${USER_PREFIX}-none`;

/** Runs `rmq-plan inspect ARGS` in-process through the CLI's own entry point. */
async function inspect(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({});
  const code = await runCli(['inspect', ...args], io);
  return { code, out: io.out, err: io.err };
}

function withCredentials(base: string, user: string, password: string): string {
  const u = new URL(base);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString().replace(/\/$/, '');
}

/** The last stderr line (the first one announces what is being read). */
function errorLine(err: string): string {
  const lines = err.trim().split('\n');
  return lines[lines.length - 1]!;
}

function expectBrokerError(result: { code: number; err: string }, pattern: RegExp): void {
  expect(result.code, result.err).toBe(ExitCode.brokerOrEnvironment);
  expect(errorLine(result.err)).toMatch(/^rmq-plan: /);
  expect(errorLine(result.err)).toMatch(pattern);
  expect(result.err).not.toContain(PASSWORD);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('inspect errors', () => {
  const servers: (net.Server | http.Server)[] = [];

  beforeAll(async () => {
    await requireBroker();
    // The only writes in the inspect tests: two users without the monitoring tag.
    await mgmtRequest(mgmtUrl(), 'PUT', `/api/users/${encodeURIComponent(MANAGEMENT_USER)}`, 10_000, { password: PASSWORD, tags: 'management' });
    await mgmtRequest(mgmtUrl(), 'PUT', `/api/users/${encodeURIComponent(UNTAGGED_USER)}`, 10_000, { password: PASSWORD, tags: '' });
  });

  afterAll(async () => {
    for (const user of [MANAGEMENT_USER, UNTAGGED_USER]) {
      await mgmtRequest(mgmtUrl(), 'DELETE', `/api/users/${encodeURIComponent(user)}`).catch(() => undefined);
    }
    await Promise.all(
      servers.map((s) => {
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        if (s instanceof http.Server) s.closeAllConnections();
        else s.emit('close'); // destroys the sockets it kept open
        return closed;
      }),
    );
    // The users are gone.
    const users = await mgmtRequest<{ name: string }[]>(mgmtUrl(), 'GET', '/api/users');
    expect(users.filter((u) => u.name.startsWith(USER_PREFIX))).toEqual([]);
  });

  it('refused port: says the API is unreachable and asks whether the management plugin is enabled', async () => {
    const port = await freePort();
    const result = await inspect(['--mgmt', `http://monitor:${PASSWORD}@127.0.0.1:${port}`]);
    expectBrokerError(result, /connection refused .*is the management plugin enabled/);
  });

  it('no answer: gives up after --timeout', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => void sockets.push(socket)); // accepts, never answers
    servers.push(server);
    server.on('close', () => sockets.forEach((s) => s.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    // The message says the --timeout path ended it (no timed assertion: the test's own timeout bounds a hang).
    const result = await inspect(['--mgmt', `http://monitor:${PASSWORD}@127.0.0.1:${port}`, '--timeout', '1s']);
    expectBrokerError(result, /did not answer GET \/api\/whoami within 1s/);
  });

  it('not a management API (HTML answer): says so', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>hello</html>');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const result = await inspect(['--mgmt', `http://monitor:${PASSWORD}@127.0.0.1:${port}`]);
    expectBrokerError(result, /did not answer JSON .*is this the RabbitMQ management API\?/);
  });

  it('the AMQP port instead of the management port: says so', async () => {
    const amqp = new URL(brokerUrl());
    const result = await inspect(['--mgmt', `http://monitor:${PASSWORD}@${amqp.hostname}:${amqp.port || 5672}`, '--timeout', '5s']);
    expectBrokerError(result, /management (API|port)|AMQP port/);
  });

  it('wrong password: refused login (401)', async () => {
    const user = decodeURIComponent(new URL(mgmtUrl()).username || 'guest');
    const result = await inspect(['--mgmt', withCredentials(mgmtUrl(), user, PASSWORD)]);
    expectBrokerError(result, /refused the login for user ".*" \(HTTP 401: (Login failed|Not_Authorized)\): check the user name and password/);
  });

  it('a user with only the management tag: needs the monitoring tag', async () => {
    const result = await inspect(['--mgmt', withCredentials(mgmtUrl(), MANAGEMENT_USER, PASSWORD)]);
    expectBrokerError(result, new RegExp(`user "${MANAGEMENT_USER}" .* has tags \\[management\\]: inspect needs the \`monitoring\` tag`));
  });

  it('a user without tags (401 "Not management user"): needs the monitoring tag', async () => {
    const result = await inspect(['--mgmt', withCredentials(mgmtUrl(), UNTAGGED_USER, PASSWORD)]);
    expectBrokerError(result, /may not GET \/api\/whoami \(HTTP 401: Not management user\): this needs a user with the `monitoring` tag/);
  });

  it('a vhost the cluster does not have: bad input (exit 2)', async () => {
    const result = await inspect(['--mgmt', mgmtUrl(), '--vhost', 'no-such-vhost-here']);
    expect(result.code, result.err).toBe(ExitCode.badInput);
    expect(errorLine(result.err)).toMatch(/^--vhost: expected one of the cluster's vhosts \(.*"\/".*\), got "no-such-vhost-here"$/);
  });

  it('bad flags: every problem on its own line, exit 2, before any request', async () => {
    const result = await inspect(['--mgmt', `http://monitor:${PASSWORD}@127.0.0.1:1`, '--window', 'soon', '--samples', 'x']);
    expect(result.code).toBe(ExitCode.badInput);
    expect(result.err.trim().split('\n')).toEqual([
      `--window: expected ${DURATION_FORMAT}, at least 20s and at most 1h, got "soon"`,
      '--samples: expected an integer ≥ 3, got "x"',
    ]);
  });

  it('an unknown flag: usage error (exit 2)', async () => {
    const result = await inspect(['--mgmt', mgmtUrl(), '--windw', '60s']);
    expect(result.code).toBe(ExitCode.badInput);
    expect(result.err.trim()).toMatch(/^rmq-plan: unknown option '--windw'/);
  });

  it('an output file in a missing folder: exit 3 before sampling, as every output file that cannot be written', async () => {
    const result = await inspect(['--mgmt', mgmtUrl(), '--out', '/no/such/folder/workload.yaml']);
    expect(result.code).toBe(ExitCode.brokerOrEnvironment);
    expect(result.err.trim()).toMatch(/^rmq-plan: cannot write --out "\/no\/such\/folder\/workload.yaml": its folder is not writable \(ENOENT\)$/);
  });
});
