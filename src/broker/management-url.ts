/**
 * The --mgmt URL: validation, the credentials it carries, and redaction. Nothing here returns a
 * password inside a printable string (redact.ts scrubs messages).
 */
import { InputError } from '../errors.js';
import { redactUrl } from './redact.js';

/** RabbitMQ's default user when the URL carries none (https://www.rabbitmq.com/docs/access-control#default-state). */
const DEFAULT_USERNAME = 'guest';
const DEFAULT_PASSWORD = 'guest';

export interface MgmtUrl {
  /** scheme://host:port/prefix, no credentials, no trailing slash: printable. */
  base: string;
  username: string;
  password: string;
}

export function parseMgmtUrl(raw: string, where = '--mgmt'): MgmtUrl {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new InputError([`${where}: expected http://user:pass@host:15672, got ${JSON.stringify(redactUrl(raw))}`]);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new InputError([`${where}: expected an http:// or https:// management API URL, got ${JSON.stringify(redactUrl(raw))}`]);
  }
  if (u.search || u.hash) {
    throw new InputError([`${where}: expected no query or fragment, got ${JSON.stringify(redactUrl(raw))}`]);
  }
  const username = u.username ? decodeURIComponent(u.username) : DEFAULT_USERNAME;
  const password = u.password ? decodeURIComponent(u.password) : u.username ? '' : DEFAULT_PASSWORD;
  u.username = '';
  u.password = '';
  // A path prefix is kept (management behind a reverse proxy, e.g. https://host/rabbitmq).
  const base = u
    .toString()
    .replace(/\/+$/, '')
    .replace(/\/api$/, '');
  return { base, username, password };
}
