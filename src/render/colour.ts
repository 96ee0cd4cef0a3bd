/**
 * Colour for terminal output, via picocolors. On only for a TTY, never when NO_COLOR is set
 * (https://no-color.org), forced by FORCE_COLOR. picocolors' own detection also turns colour on
 * when CI is set, which would put escape codes into piped output and golden files, so the
 * decision is made here and passed in explicitly.
 */
import pc from 'picocolors';

export interface Palette {
  enabled: boolean;
  good(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  heading(text: string): string;
}

export function colourEnabled(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

export function palette(enabled: boolean): Palette {
  const c = pc.createColors(enabled);
  return {
    enabled,
    good: c.green,
    bad: (text) => c.bold(c.red(text)),
    warn: c.yellow,
    dim: c.dim,
    bold: c.bold,
    heading: (text) => c.bold(c.cyan(text)),
  };
}

/** A palette that leaves text alone (JSON, Markdown, tests). */
export const PLAIN: Palette = palette(false);
