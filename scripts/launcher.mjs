#!/usr/bin/env node
/**
 * rmq-plan's executable (package.json "bin"; scripts/bundle.mjs copies this file to
 * dist/bin/rmq-plan.js). It runs the bundled program (dist/bin/rmq-plan.cjs) with V8's code cache.
 *
 * Why: Node 20 has no compile cache of its own (module.enableCompileCache came in Node 22), and
 * compiling the program's ~1 MB of JavaScript was a fifth of `rmq-plan size`'s start-up
 * (`npm run bench:size`). The cache holds the bytecode of every function the program compiled in
 * the run that wrote it; V8 checks it against the source and its own version and flags, and
 * rejects a stale or damaged one, which is then rewritten (https://v8.dev/blog/code-caching-for-devs).
 * The build writes it (one `size` run); a run that finds none, or finds it rejected, writes it at
 * exit when the folder is writable, and runs normally when it is not.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundlePath = fileURLToPath(new URL('./rmq-plan.cjs', import.meta.url));
const cachePath = `${bundlePath}.${process.version}-${process.arch}.v8cache`;

let cachedData;
try {
  cachedData = readFileSync(cachePath);
} catch {
  cachedData = undefined;
}

const script = new vm.Script(Module.wrap(readFileSync(bundlePath, 'utf8')), {
  filename: bundlePath,
  cachedData,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});

if (cachedData === undefined || script.cachedDataRejected === true) {
  process.once('exit', () => {
    try {
      const temporary = `${cachePath}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cachePath);
    } catch {
      // A read-only install: run without the cache.
    }
  });
}

const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
