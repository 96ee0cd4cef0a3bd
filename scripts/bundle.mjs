#!/usr/bin/env node
/**
 * Bundles the command-line program into dist/bin/ (run by `npm run build`, after tsc):
 *   rmq-plan.js        the executable (a copy of scripts/launcher.cjs; package.json here makes
 *                      this folder's .js files CommonJS)
 *   rmq-plan.cjs       the whole program as one CommonJS script, run by the launcher with V8's
 *                      code cache (rmq-plan.cjs.<node version>-<arch>.v8cache, written here by one
 *                      warm-up `size` run)
 *   publisher-worker.mjs the bench's worker thread (src/bench/worker-publisher-group.ts)
 *   vendor-<name>.cjs  the packages only bench, fit, inspect, verify and failover load (VENDORED)
 *
 * Why: Node 20 loads an ES module graph file by file and has no compile cache; `rmq-plan size`
 * touched ~250 files (zod alone ~95), and resolving, reading and compiling them was over half of
 * its ~400 ms. Bundled and cached it starts in ~260 ms (`npm run bench:size`).
 *
 * Every output sits directly in dist/bin/, two levels below the package root as tsc's output
 * files sit in dist/<folder>/, so the modules' `new URL('../../data/…', import.meta.url)` paths
 * keep working. amqplib, mathjs and the other bench-only packages are bundled apart (VENDORED) and
 * required only when bench, fit, inspect, verify or failover run.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * zod re-exports its ~60 error-message locales as one namespace (`z.locales`), which no bundler
 * can tree-shake; rmq-plan uses only English (zod's default) and writes its own messages
 * (src/io/zod-problems.ts). Serving the locale index as English alone halves zod's share of the
 * start-up code (~450 kB → ~200 kB minified).
 */
const englishOnlyZodLocales = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: "export { default as en } from './en.js';",
      loader: 'js',
      resolveDir: `${ROOT}node_modules/zod/v4/locales`,
    }));
  },
};

/**
 * commander loads node:child_process when it is required, for executable subcommands rmq-plan does
 * not use; loading it was ~4 ms of every start-up. Served lazily: required on first spawn.
 */
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager))
        throw new Error(`bundle: ${args.path} no longer requires node:child_process as expected; update the commander-lazy-child-process plugin`);
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

/**
 * cli-table3 measures every cell with string-width, which strips colour codes with a RegExp that
 * ansi-regex builds anew per call and replaces emoji with one that emoji-regex (~12 kB of pattern)
 * builds anew per call; each fresh RegExp object is compiled again on use, and that was most of
 * the table layout time (3,000 cells: strip-ansi 4.8 ms, string-width 9.5 ms; 1.1 ms with shared
 * patterns). Both are served as shared global RegExps: their only users in the bundle (strip-ansi,
 * string-width) pass them to String.prototype.replace, which starts at index 0 and resets
 * lastIndex, so sharing changes nothing but the time.
 */
const SHARED_PATTERNS = [
  {
    file: /[\\/]emoji-regex[\\/]index\.js$/,
    factory: 'module.exports = function () {',
    shared: 'const pattern = build();\nmodule.exports = function () {\n  pattern.lastIndex = 0;\n  return pattern;\n};\n',
  },
  {
    file: /[\\/]ansi-regex[\\/]index\.js$/,
    factory: 'module.exports = ({onlyFirst = false} = {}) => {',
    shared:
      'const patterns = [build({ onlyFirst: false }), build({ onlyFirst: true })];\n' +
      'module.exports = ({ onlyFirst = false } = {}) => {\n  const pattern = patterns[onlyFirst ? 1 : 0];\n  pattern.lastIndex = 0;\n  return pattern;\n};\n',
  },
];
const sharedRegexes = {
  name: 'shared-regexes',
  setup(b) {
    for (const { file, factory, shared } of SHARED_PATTERNS) {
      b.onLoad({ filter: file }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        const source = await readFile(args.path, 'utf8');
        const as = factory.startsWith('module.exports = function') ? 'const build = function () {' : 'const build = ({onlyFirst = false} = {}) => {';
        if (!source.includes(factory)) throw new Error(`bundle: ${args.path} no longer exports a RegExp factory as expected; update the shared-regexes plugin`);
        return { contents: `${source.replace(factory, as)}\n${shared}`, loader: 'js' };
      });
    }
  },
};

/**
 * Packages only bench, fit, inspect, verify and failover load (amqplib, mathjs, hdr-histogram-js,
 * cli-progress: ~0.9 of the program's 1.9 MB). Each is bundled on its own beside the program
 * (dist/bin/vendor-<name>.cjs) and required from there when a command first needs it: the launcher
 * reads and decodes the program at every start, and half the bytes made `size` ~2 ms slower
 * (docs/measurements/startup.md).
 */
const VENDORED = ['amqplib', 'mathjs', 'hdr-histogram-js', 'cli-progress'];
const vendorFile = (name) => `vendor-${name}.cjs`;
const vendored = {
  name: 'vendored',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${VENDORED.map((n) => n.replace(/[-/]/g, '\\$&')).join('|')})$`) }, (args) => ({
      path: `./${vendorFile(args.path)}`,
      external: true,
    }));
  },
};

const common = {
  absWorkingDir: ROOT,
  outdir: 'dist/bin',
  entryNames: '[name]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: true,
  external: [],
  plugins: [englishOnlyZodLocales, commanderLazyChildProcess, sharedRegexes],
  logLevel: 'warning',
};

// The program: one CommonJS script, so the launcher can run it through vm.Script with V8's code
// cache. Modules the commands import lazily stay lazy (esbuild wraps them in init functions), and
// so do the external packages they require. import.meta.url becomes the bundle's own file URL.
await build({
  ...common,
  entryPoints: { 'rmq-plan': 'src/cli/main.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  plugins: [...common.plugins, vendored],
  define: { 'import.meta.url': '__rmqPlanModuleUrl' },
  banner: { js: "var __rmqPlanModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

/**
 * What the program imports from a vendored package: its named imports when it has only those (the
 * vendored file then keeps just them: mathjs shrinks from ~1 MB to what the fit's regression uses),
 * else null (the whole package). Read from the sources' import statements.
 */
function namedImports(name) {
  const names = new Set();
  let whole = false;
  const from = new RegExp(`import\\s+(type\\s+)?([\\w$]+\\s*,\\s*)?(\\{[^}]*\\}|[\\w$]+|\\*\\s+as\\s+[\\w$]+)\\s+from\\s+'${name}'`, 'g');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(from)) {
          if (m[1]) continue; // import type: erased
          if (m[2] || !m[3].startsWith('{')) whole = true;
          else
            for (const spec of m[3].slice(1, -1).split(',')) {
              const n = spec.trim();
              if (n && !n.startsWith('type ')) names.add(n.split(/\s+as\s+/)[0]);
            }
        }
      }
    }
  };
  walk(join(ROOT, 'src'));
  return whole ? null : [...names].sort();
}

// The vendored packages, each one CommonJS file the program requires by its relative path.
for (const name of VENDORED) {
  const names = namedImports(name);
  const contents =
    names === null || names.length === 0
      ? `module.exports = require(${JSON.stringify(name)});`
      : `export { ${names.join(', ')} } from ${JSON.stringify(name)};`;
  await build({
    absWorkingDir: ROOT,
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    outfile: join('dist', 'bin', vendorFile(name)),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    logLevel: 'warning',
  });
}

// The bench's worker thread: its own ES module beside the program (src/bench/worker-publisher-group.ts).
await build({
  ...common,
  entryPoints: { 'publisher-worker': 'src/bench/publisher-worker.ts' },
  outExtension: { '.js': '.mjs' },
  format: 'esm',
  banner: { js: "import { createRequire as __rmqPlanCreateRequire } from 'node:module'; const require = __rmqPlanCreateRequire(import.meta.url);" },
});

// The launcher reads the program as latin1 (one byte per character, no UTF-8 decoding): it must be
// ASCII. esbuild escapes non-ASCII text in strings but not in regular expressions: write \u escapes there.
{
  const bytes = readFileSync(join(ROOT, 'dist', 'bin', 'rmq-plan.cjs'));
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) {
    const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
    throw new Error(`bundle: dist/bin/rmq-plan.cjs is not ASCII (line ${line}): escape the character as \\u in its source`);
  }
}

// The executable, and its code cache from one `size` run with the table (what users run most):
// several workloads, so the multi-workload paths are compiled and cached too.
copyFileSync(join(ROOT, 'scripts', 'launcher.cjs'), join(ROOT, 'dist', 'bin', 'rmq-plan.js'));
// The executable keeps its .js name (the package's bin, every script and doc) but is CommonJS:
// Node then starts it without its ES module loader (scripts/launcher.cjs says why).
writeFileSync(join(ROOT, 'dist', 'bin', 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
chmodSync(join(ROOT, 'dist', 'bin', 'rmq-plan.js'), 0o755);
for (const stale of readdirSync(join(ROOT, 'dist', 'bin')).filter((f) => f.endsWith('.v8cache'))) rmSync(join(ROOT, 'dist', 'bin', stale));
const warm = spawnSync(
  process.execPath,
  [join(ROOT, 'dist', 'bin', 'rmq-plan.js'), 'size', join(ROOT, 'fixtures', 'workloads', 'multi-tenant-high-throughput.yaml')],
  { cwd: ROOT, encoding: 'utf8' },
);
if (warm.status !== 0) throw new Error(`bundle: the warm-up size run failed (exit ${warm.status}):\n${warm.stderr}`);
