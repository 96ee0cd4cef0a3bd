/** Text measured and wrapped as a terminal shows it (colour codes take no columns). */

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const SGR = /\u001b\[[0-9;]*m/g;

/** Columns a cell's text takes on a terminal: colour codes take none; every other code point one. */
export function visibleWidth(text: string): number {
  return [...text.replace(SGR, '')].length;
}

/**
 * One line wrapped at spaces to `width` visible columns, continuation lines indented by `hang`.
 * A word longer than a whole line (a URL) is cut at the width: nothing is ever wider.
 */
export function wrapLine(line: string, width: number, hang: number): string[] {
  if (visibleWidth(line) <= width) return [line];
  const out: string[] = [];
  const lead = /^\s*/.exec(line)![0];
  const room = Math.max(1, width - hang);
  const words = line
    .slice(lead.length)
    .split(' ')
    .flatMap((word) => (visibleWidth(word) <= room ? [word] : (word.match(new RegExp(`.{1,${room}}`, 'gu')) ?? [word])));
  let current = lead;
  for (const word of words) {
    const candidate = current.trim() === '' ? `${current}${word}` : `${current} ${word}`;
    if (current.trim() !== '' && visibleWidth(candidate) > width) {
      out.push(current);
      current = `${' '.repeat(hang)}${word}`;
    } else {
      current = candidate;
    }
  }
  out.push(current);
  return out;
}
