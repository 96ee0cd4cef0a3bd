#!/usr/bin/env node
/**
 * Bundles the command-line program into dist/bin/ (run by `npm run build`, after tsc).
 *
 * Why: Node 20 loads an ES module graph file by file; `rmq-plan size` touched ~250 files (zod
 * alone ~95) and spent ~100 ms resolving and reading them. One entry plus a few chunks, split at
 * the commands' lazy `import()`s, start in ~300 ms instead of ~400 ms (`npm run bench:size`).
 *
 * Layout: every output file sits directly in dist/bin/, two levels below the package root, as
 * tsc's output files do in dist/<folder>/, so the modules' `new URL('../../data/…',
 * import.meta.url)` paths keep working; the bench's worker thread is its own entry beside the
 * chunks (src/bench/worker-publisher-group.ts looks for ./publisher-worker.js).
 * amqplib, mathjs and the bench-only packages stay external: they load only in bench, fit and
 * inspect runs, where start-up time does not matter, from node_modules as usual.
 */
import { build } from 'esbuild';
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

await build({
  absWorkingDir: ROOT,
  entryPoints: { 'rmq-plan': 'src/cli.ts', 'publisher-worker': 'src/bench/publisher-worker.ts' },
  outdir: 'dist/bin',
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: true,
  external: ['amqplib', 'mathjs', 'hdr-histogram-js', 'cli-progress'],
  // Bundled CommonJS packages (cli-table3) call require(): give the ES module bundle one.
  banner: { js: "import { createRequire as __rmqPlanCreateRequire } from 'node:module'; const require = __rmqPlanCreateRequire(import.meta.url);" },
  plugins: [englishOnlyZodLocales],
  logLevel: 'warning',
});
