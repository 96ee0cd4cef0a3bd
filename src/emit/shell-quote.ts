/** Quoting for POSIX shells, for the commands rmq-plan prints or runs. */
import { escapeControl } from '../schema/text.js';

/** One word for sh: as is when it has only safe characters, else single-quoted with embedded quotes escaped. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * One comment line for a shell script. Text from the user (plan, workload, vhost and file
 * names) may hold a line break that would end the comment and start a command; every control
 * character is escaped, so the result is always exactly one line that the shell ignores.
 */
export function shellComment(text: string): string {
  return `# ${escapeControl(text)}`;
}
