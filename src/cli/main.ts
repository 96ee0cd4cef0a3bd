/**
 * rmq-plan's program entry, bundled by scripts/bundle.mjs into dist/bin/rmq-plan.cjs and started
 * by the executable dist/bin/rmq-plan.js (scripts/launcher.mjs). Kept tiny: everything lives in
 * cli/program.ts, which tests drive in-process with captured output.
 */
import { runCli } from './program.js';
import { processIo } from './process-io.js';

/**
 * How long the process may linger after its command has finished and its output is flushed.
 * Normally nothing is left and Node exits at once; a socket a broker will not let close (a
 * connection blocked by a memory alarm keeps ~1 MB unsent) would otherwise keep it alive for as
 * long as the alarm lasts.
 */
const EXIT_LINGER_MS = 2_000;

// No top-level await: the bundle is a CommonJS script (its compiled code can be cached, see the
// launcher). exitCode first, so piped stdout drains before Node exits.
void runCli(process.argv.slice(2), processIo()).then((exitCode) => {
  process.exitCode = exitCode;
  let flushed = 0;
  const onFlushed = () => {
    flushed += 1;
    if (flushed < 2) return;
    // unref: this timer never keeps the process alive by itself; it only ends a lingering one.
    setTimeout(() => process.exit(exitCode), EXIT_LINGER_MS).unref();
  };
  process.stdout.write('', onFlushed);
  process.stderr.write('', onFlushed);
});
