/**
 * The shape of the code, checked on every run: no import cycle between folders of src/ (each
 * file at the top of src/ counts as its own folder) nor between files, type-only imports included;
 * and src/model stays pure — no I/O, clock, process or randomness (docs/architecture.md).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(SRC);
/** Relative imports and re-exports, static and dynamic, resolved to .ts files. */
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const imports = new Map<string, string[]>(
  files.map((file) => [file, [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => resolve(dirname(file), (m[1] ?? m[2])!).replace(/\.js$/, '.ts'))]),
);

function folderOf(file: string): string {
  const path = relative(SRC, file);
  return path.includes('/') ? path.split('/')[0]! : path.replace(/\.ts$/, '');
}

/** Strongly connected components with more than one member (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('architecture', () => {
  it('no import cycle between files', () => {
    const graph = new Map([...imports].map(([file, targets]) => [file, new Set(targets)]));
    expect(cycles(graph).map((c) => c.map((f) => relative(SRC, f)))).toEqual([]);
  });

  it('no import cycle between folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const [file, targets] of imports) {
      const from = folderOf(file);
      if (!graph.has(from)) graph.set(from, new Set());
      for (const target of targets) if (folderOf(target) !== from) graph.get(from)!.add(folderOf(target));
    }
    expect(cycles(graph)).toEqual([]);
  });

  it('src/model and the number formats it uses are pure: no I/O, clock, process or randomness', () => {
    const FORBIDDEN = [
      /from\s+['"]node:/,
      /\bprocess\.(env|exit|stdout|stderr|stdin|argv|cwd|on|hrtime|memoryUsage)\b/,
      /\bDate\.now\b/,
      /\bnew Date\(/,
      /\bMath\.random\b/,
      /\bperformance\.now\b/,
      /\bconsole\./,
      /\bsetTimeout\b/,
    ];
    const offences = files
      .filter((f) => folderOf(f) === 'model' || folderOf(f) === 'format')
      .flatMap((f) => FORBIDDEN.filter((re) => re.test(readFileSync(f, 'utf8'))).map((re) => `${relative(SRC, f)}: ${re.source}`));
    expect(offences).toEqual([]);
  });

  it('only src/cli declares commands and flags (commander is wired in one place)', () => {
    const outside = files
      .filter((f) => folderOf(f) !== 'cli')
      .filter((f) => /\.(command|option|requiredOption|addOption)\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(outside).toEqual([]);
  });

  it('only src/cli touches stdout, stderr, the exit code and signals', () => {
    const PROCESS_EDGE = /\bprocess\.(stdout|stderr|exit|exitCode|on|off|once)\b/;
    const outside = files.filter((f) => folderOf(f) !== 'cli' && PROCESS_EDGE.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f));
    expect(outside).toEqual([]);
  });

  it('src/model imports only the model, the schemas, the catalog types, the error types and the number formats', () => {
    const outside = [...imports]
      .filter(([file]) => folderOf(file) === 'model')
      .flatMap(([file, targets]) =>
        targets
          .filter((t) => !['model', 'schema', 'catalog', 'errors', 'format'].includes(folderOf(t)))
          .map((t) => `${relative(SRC, file)} → ${relative(SRC, t)}`),
      );
    expect(outside).toEqual([]);
  });
});
