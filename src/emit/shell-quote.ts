/** Quoting for POSIX shells, for the commands rmq-plan prints or runs. */

/** One word for sh: as is when it has only safe characters, else single-quoted with embedded quotes escaped. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
