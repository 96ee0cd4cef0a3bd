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
