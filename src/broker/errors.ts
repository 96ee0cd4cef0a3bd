/**
 * Turns what amqplib and the socket layer throw into one-line, password-free BrokerError
 * messages (exit 3). The AMQP reply codes are from the 0-9-1 spec
 * (https://www.rabbitmq.com/amqp-0-9-1-reference#constants).
 */
import { scrubSecrets, type BrokerUrl } from './amqp-url.js';

const ACCESS_REFUSED = 403;
const NOT_ALLOWED = 530;
const CONNECTION_FORCED = 320;
const NOT_FOUND = 404;
const RESOURCE_LOCKED = 405;
const PRECONDITION_FAILED = 406;

/** Errors the bench raises itself carry their final message; they pass through unchanged. */
export class BenchAbort extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchAbort';
  }
}

interface ErrorLike {
  message?: unknown;
  code?: unknown;
}

function asErrorLike(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : { message: String(err) };
}

/** The broker's own text from an amqplib message: `... with message "TEXT"`. */
function brokerText(message: string): string | null {
  const m = /with message "([^"]*)"/.exec(message);
  return m?.[1] ?? null;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The broker closed the connection in answer to connection.open (see describeBrokerError). */
export function isOpenRefused(err: unknown): boolean {
  const m = asErrorLike(err).message;
  return typeof m === 'string' && /Expected ConnectionOpenOk; got <ConnectionClose/.test(m);
}

/**
 * amqplib's rejection of an RPC still pending when its channel closed (the broker closed the
 * channel for an earlier operation on it, e.g. a quorum queue delete that timed out under load,
 * or the connection went away). It carries no reply code.
 */
export function isChannelEnded(err: unknown): boolean {
  const m = asErrorLike(err).message;
  return typeof m === 'string' && /Channel ended, no reply will be forthcoming|Channel closed/.test(m);
}

/** One line saying what went wrong, for an error raised while `phase` (e.g. "connecting"). */
export function describeBrokerError(err: unknown, url: BrokerUrl, phase: string, timeoutMs?: number): string {
  const e = asErrorLike(err);
  const message = typeof e.message === 'string' ? e.message : String(err);
  const code = e.code;
  const where = url.redacted;
  const text = brokerText(message);
  let line: string;
  if (err instanceof BenchAbort) {
    line = message;
  } else if (code === 'ECONNREFUSED') {
    line = `cannot reach broker at ${where}: connection refused`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    line = `cannot reach broker at ${where}: host "${url.host}" not found`;
  } else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    line = `cannot reach broker at ${where}: host unreachable`;
  } else if (code === 'ETIMEDOUT' || /ETIMEDOUT/.test(message)) {
    const within = timeoutMs === undefined ? '' : ` within ${timeoutMs / 1000} s`;
    line = `cannot reach broker at ${where}: no answer${within} while ${phase} (timed out)`;
  } else if (code === ACCESS_REFUSED || /ACCESS[-_]REFUSED/.test(message)) {
    line = /Login was refused/i.test(message)
      ? `broker at ${where} refused the login for user "${url.username}" (ACCESS_REFUSED 403): check the user name and password`
      : `broker at ${where} refused access while ${phase} (ACCESS_REFUSED 403): ${text ?? message}`;
  } else if (isOpenRefused(err)) {
    // amqplib drops the reply text when the broker answers connection.open with a close; on
    // RabbitMQ that is 530 NOT_ALLOWED: unknown vhost, or the user may not use it.
    line = `broker at ${where} refused to open vhost "${url.vhost}" (NOT_ALLOWED 530): it does not exist or user "${url.username}" may not use it`;
  } else if (code === NOT_ALLOWED || /NOT[-_]ALLOWED/.test(message)) {
    line = /vhost .* not found/i.test(message)
      ? `broker at ${where} has no vhost "${url.vhost}" (NOT_ALLOWED 530)`
      : `broker at ${where} refused vhost "${url.vhost}" for user "${url.username}" (NOT_ALLOWED 530): ${text ?? message}`;
  } else if (code === CONNECTION_FORCED || /CONNECTION[-_]FORCED/.test(message)) {
    line = `connection to broker at ${where} was closed by the broker while ${phase}: ${text ?? message}`;
  } else if (code === NOT_FOUND || code === RESOURCE_LOCKED || code === PRECONDITION_FAILED) {
    line = `broker at ${where} rejected an operation while ${phase}: ${text ?? message}`;
  } else if (isChannelEnded(err)) {
    line = `the broker at ${where} closed a channel while ${phase}, with an operation still waiting for its reply (the broker's log says why)`;
  } else if (code === 'ECONNRESET' || code === 'EPIPE' || /Unexpected close|socket hang up|Socket closed|Connection closed/i.test(message)) {
    line = `connection to broker at ${where} was lost while ${phase}: ${text ?? message}`;
  } else if (typeof code === 'string' && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
    line = `TLS handshake with broker at ${where} failed: ${message} (see --ca, --cert, --key, --insecure)`;
  } else {
    line = `broker trouble at ${where} while ${phase}: ${text ?? message}`;
  }
  return oneLine(scrubSecrets(line, url));
}
