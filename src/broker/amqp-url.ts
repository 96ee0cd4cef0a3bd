/**
 * Broker URL handling: validation, password redaction, and the management URL guessed from
 * the AMQP one. Nothing here ever returns a password inside a printable string.
 */
import { InputError } from '../errors.js';
import { redactSecrets, redactUrl } from './redact.js';

/** Default AMQP ports (RabbitMQ networking guide, https://www.rabbitmq.com/docs/networking#ports). */
const AMQP_DEFAULT_PORT = 5672;
const AMQPS_DEFAULT_PORT = 5671;
/** Management plugin HTTP(S) ports (https://www.rabbitmq.com/docs/management#usage-ui). */
const MGMT_HTTP_PORT = 15672;
const MGMT_HTTPS_PORT = 15671;
/** The cluster test nodes put management on AMQP port + 10000 (scripts/broker/lib.sh). */
const MGMT_PORT_OFFSET = 10_000;

export interface BrokerUrl {
  /** The URL as given (contains the password: pass only to amqplib). */
  raw: string;
  /** Printable form: amqp://user:****@host:port/vhost */
  redacted: string;
  tls: boolean;
  host: string;
  port: number;
  vhost: string;
  username: string;
  password: string;
}

/**
 * Remove the URL's password from a message (a library error may echo the URL): every
 * `user:password@` form and the bare password, unless it is the user name (printed anyway).
 */
export function scrubSecrets(message: string, url: BrokerUrl): string {
  return redactSecrets(message, url.password === url.username ? [] : [url.password]);
}

export function parseBrokerUrl(raw: string, where = '--url'): BrokerUrl {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new InputError([`${where}: url: expected amqp://user:pass@host:port/vhost, got ${JSON.stringify(redactUrl(raw))}`]);
  }
  if (u.protocol !== 'amqp:' && u.protocol !== 'amqps:') {
    throw new InputError([`${where}: url: expected an amqp:// or amqps:// URL, got ${JSON.stringify(redactUrl(raw))}`]);
  }
  const tls = u.protocol === 'amqps:';
  const port = u.port ? Number(u.port) : tls ? AMQPS_DEFAULT_PORT : AMQP_DEFAULT_PORT;
  const path = u.pathname.replace(/^\//, '');
  return {
    raw,
    redacted: redactUrl(raw),
    tls,
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    // amqplib's rule: no path = vhost "/", otherwise the URL-decoded path.
    vhost: path === '' ? '/' : decodeURIComponent(path),
    username: u.username ? decodeURIComponent(u.username) : 'guest',
    password: u.password ? decodeURIComponent(u.password) : u.username ? '' : 'guest',
  };
}

/**
 * The management API URL to try when none is given: same host and credentials, the standard
 * port (15672 / 15671 for amqps), or AMQP port + 10000 when the AMQP port is not the default
 * (the convention of this project's test brokers: 5682 → 15682).
 */
export function defaultManagementUrl(b: BrokerUrl): string {
  const scheme = b.tls ? 'https' : 'http';
  const standard = b.port === AMQP_DEFAULT_PORT || b.port === AMQPS_DEFAULT_PORT;
  const port = standard ? (b.tls ? MGMT_HTTPS_PORT : MGMT_HTTP_PORT) : b.port + MGMT_PORT_OFFSET;
  const host = b.host.includes(':') ? `[${b.host}]` : b.host;
  const u = new URL(`${scheme}://${host}:${port}/`);
  u.username = encodeURIComponent(b.username);
  u.password = encodeURIComponent(b.password);
  return u.toString().replace(/\/$/, '');
}

/** The broker host is this machine (its CPU shows up in os.cpus() and /proc). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
