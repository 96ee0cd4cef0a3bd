/**
 * The one place a broker or management URL loses its password before anything prints it
 * (bench, failover, inspect, verify). A password is never printed (docs/json-output.md, README).
 */

export const REDACTED = '****';

/** `user:password@` anywhere in a text (a URL or a message that quotes one). */
const USER_PASSWORD_AT = /([^\s:/@"']*):[^@\s/"']*@/g;

/**
 * The text with every password replaced by ****: a whole URL is normalised as WHATWG URL prints
 * it (no trailing slash); any other text has each `user:password@` in it redacted.
 */
export function redactUrl(text: string): string {
  if (!/\s/.test(text)) {
    try {
      const u = new URL(text);
      if (u.password) u.password = REDACTED;
      return u.toString().replace(/\/$/, '');
    } catch {
      // Not a URL: redact it as text.
    }
  }
  return text.replace(USER_PASSWORD_AT, `$1:${REDACTED}@`);
}

/** Shorter secrets are not scrubbed from text: a 1–2 character password would blank out ordinary words. */
const MIN_SCRUB_LENGTH = 3;

/**
 * The message with every URL password and every given secret (also URL-encoded) replaced by
 * ****: for messages of libraries that may echo a URL or a password (amqplib, fetch).
 */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let out = redactUrl(message);
  for (const s of secrets) {
    if (s.length < MIN_SCRUB_LENGTH) continue;
    out = out.split(s).join(REDACTED);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join(REDACTED);
  }
  return out;
}
