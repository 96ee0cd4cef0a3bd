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
 *
 * CommonJS, not an ES module (dist/bin/package.json says so for the .js name): Node starts a
 * CommonJS entry without its ES module loader, ~8 ms less per run (`npm run bench:size`).
 *
 * Memory: rmq-plan is a short run with a small live heap (~20–50 MB at 5,000 workloads) that
 * allocates a lot of short-lived data, and V8's default lets the old generation grow to ~4× what
 * survived the last full collection before collecting again (and never below ~128 MB): `size` of
 * 5,000 workloads peaked at 270–310 MB of which ~130 MB was garbage. A growing factor of 1.5
 * (V8's --heap-growing-percent) took that run to ~210 MB at the same speed (`npm run bench:scale`,
 * docs/measurements/scale.md). Set before the cache is read: V8's flag hash is part of the check.
 *
 * Tier-up: V8 starts optimising a function (Turbofan, on a background thread) once it has run
 * --interrupt-budget bytes of its bytecode, and Node waits at exit for a compile still running.
 * In a `size` of a few hundred ms the kernel's compile often finishes after the work it was for,
 * and the process then sat idle 20–30 ms before exiting (`--trace-opt`, `--cpu-prof`;
 * docs/measurements/startup.md). Four times V8's default budget lets such short runs end on the
 * baseline code while long ones still optimise a few milliseconds later: large-messages 167 → 148
 * ms and multi-tenant 244 → 214 (medians of 25 interleaved runs), the other fixtures within the
 * noise, 1,000 and 5,000 workloads no slower (5,000 as a table: 3,832 → 3,714 ms, interleaved).
 */
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire, Module } = require('node:module');
const { join } = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

/** Old generation allowed to grow by this % over the live heap before the next full GC (V8's default: up to 300). */
const HEAP_GROWING_PERCENT = 50;
v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
/** Bytecode a function runs before V8 optimises it: 4 × V8's default (67,584 in Node 20's V8 11.3). */
const INTERRUPT_BUDGET_BYTES = 4 * 67_584;
v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET_BYTES}`);

const bundlePath = join(__dirname, 'rmq-plan.cjs');
const cachePath = `${bundlePath}.${process.version}-${process.arch}.v8cache`;

let cachedData;
try {
  cachedData = readFileSync(cachePath);
} catch {
  cachedData = undefined;
}

// latin1: the bundle is ASCII (scripts/bundle.mjs checks it), and a one-byte read skips UTF-8 decoding of ~2 MB.
const script = new vm.Script(Module.wrap(readFileSync(bundlePath, 'latin1')), {
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

const program = { exports: {} };
script.runInThisContext().call(program.exports, program.exports, createRequire(bundlePath), program, bundlePath, __dirname);
