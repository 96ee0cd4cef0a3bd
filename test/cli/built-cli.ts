/**
 * Runs the built CLI (`node dist/bin/rmq-plan.js`) as a user would. `npm test` builds first; when the
 * build is missing or older than the sources (e.g. `npx vitest run test/cli` after an edit),
 * ensureBuilt() rebuilds so these tests never pass against stale code.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const CLI = join(ROOT, 'dist', 'bin', 'rmq-plan.js');

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The output schemas scripts/output-schemas.mjs writes (test/schema/output-schemas.test.ts reads them). */
export const OUTPUT_SCHEMAS = join(ROOT, 'dist', 'schemas');

function fresh(): boolean {
  const sources = newestMtimeMs(join(ROOT, 'src'));
  const sizeSchema = join(OUTPUT_SCHEMAS, 'size.json');
  return existsSync(CLI) && statSync(CLI).mtimeMs >= sources && existsSync(sizeSchema) && statSync(sizeSchema).mtimeMs >= sources;
}

/** Test files run in parallel: one build at a time (a directory is created atomically). */
const BUILD_LOCK = join(ROOT, '.tmp', 'build.lock');
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));
/** How long a waiting worker sleeps between looks at the lock. */
const LOCK_POLL_MS = 200;
/** A build takes ~30 s here; a lock this old belongs to no live build. */
const STALE_LOCK_MS = 10 * 60 * 1000;

export function ensureBuilt(): void {
  if (fresh()) return;
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      Atomics.wait(SLEEPER, 0, 0, LOCK_POLL_MS);
      if (fresh()) return; // another worker built it
      // A lock older than any build is left from a run that died: take it over.
      if (existsSync(BUILD_LOCK) && Date.now() - statSync(BUILD_LOCK).mtimeMs > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
  }
  try {
    build();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

function build(): void {
  if (fresh()) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch {
    // tsc still emits JavaScript when some file has a type error (the type-check reports those);
    // these tests need only the bundle, which esbuild builds from the sources regardless.
  }
  for (const script of ['bundle.mjs', 'output-schemas.mjs']) {
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts', script)], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      throw new Error(`scripts/${script} failed:\n${String((error as { stderr?: Buffer }).stderr ?? error)}`);
    }
  }
  if (!fresh()) throw new Error('building dist/bin/rmq-plan.js failed: it is missing or older than src/');
}

export interface CliRun {
  status: number | null;
  /** The signal that ended the process (SIGTERM when it outlived `timeoutMs`), else null. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/bin/rmq-plan.js ...args` from the repository root: not a TTY, colour off unless
 * env says. `timeoutMs` bounds a run that might hang: it is then killed and `signal` says so.
 */
export function runBuiltCli(args: string[], env: Record<string, string> = {}, options: { timeoutMs?: number } = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}
