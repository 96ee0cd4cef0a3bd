/**
 * Text that leaves rmq-plan inside artefacts meant to be reviewed and run (shell scripts,
 * definitions, manifests) or printed on a terminal. Two rules:
 * - names the broker would refuse are refused at validation (exit 2), so nothing later has to
 *   guess what such a name means;
 * - every user-controlled string that is printed anyway goes through `escapeControl`, so a line
 *   break or an escape sequence can never end a comment line or repaint a terminal.
 */
import { z } from './zod.js';

/**
 * Characters that end a line, move the cursor or reorder what a reviewer sees: C0/C1 controls
 * and DEL (\p{Cc}), Unicode line and paragraph separators (U+2028/U+2029, which JavaScript and
 * some editors treat as line ends), and the bidirectional overrides/isolates (U+202A–U+202E,
 * U+2066–U+2069; "Trojan Source", CVE-2021-42574) that make code read differently from how it runs.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const CONTROL_GLOBAL = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;

/** AMQP 0-9-1 carries queue, exchange and virtual-host names as a short string: at most 255 bytes of UTF-8 (AMQP 0-9-1 spec §4.2.5.3, "shortstr"). */
export const AMQP_SHORTSTR_MAX_BYTES = 255;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** `text` with every control, separator and bidi character written as a visible \u escape (\n, \t, \r as themselves). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL_GLOBAL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`;
  });
}

/** A value as an error shows it after "got": quoted, cut, control characters escaped. */
function shown(value: string): string {
  const cut = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return escapeControl(JSON.stringify(cut));
}

/** A name RabbitMQ stores and clients send as a short string (virtual host, queue, exchange). */
export function brokerNameSchema(what: string) {
  return z
    .string()
    .min(1)
    .superRefine((s, ctx) => {
      if (hasControlCharacter(s)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a ${what} without control characters (line breaks, tabs, escape sequences, Unicode separators, bidi overrides), got ${shown(s)}`,
        });
      } else if (utf8Bytes(s) > AMQP_SHORTSTR_MAX_BYTES) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a ${what} of at most ${AMQP_SHORTSTR_MAX_BYTES} bytes of UTF-8 (an AMQP short string), got ${utf8Bytes(s)} bytes`,
        });
      }
    });
}

/** A one-line label (plan name, instance type, …): no control characters, at most `maxChars`. */
export function labelSchema(what: string, maxChars = 200) {
  return z
    .string()
    .min(1)
    .max(maxChars)
    .superRefine((s, ctx) => {
      if (hasControlCharacter(s)) ctx.addIssue({ code: 'custom', message: `expected a ${what} on one line without control characters, got ${shown(s)}` });
    });
}

/** Free text (a description): line breaks and tabs allowed, other control characters not. */
export function proseSchema(maxChars = 10_000) {
  return z
    .string()
    .max(maxChars)
    .superRefine((s, ctx) => {
      if (hasControlCharacter(s.replace(/[\n\t]/g, ' '))) {
        ctx.addIssue({ code: 'custom', message: `expected text without control characters other than line breaks and tabs, got ${shown(s)}` });
      }
    });
}
