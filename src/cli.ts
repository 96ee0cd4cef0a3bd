/**
 * rmq-plan's program entry, bundled by scripts/bundle.mjs into dist/bin/rmq-plan.cjs and started
 * by the executable dist/bin/rmq-plan.js (scripts/launcher.mjs). Kept tiny: everything lives in
 * commands/program.ts, which tests drive in-process with captured output.
 */
import { runCli } from './commands/program.js';
import { processIo } from './commands/shared/io.js';

// No top-level await: the bundle is a CommonJS script (its compiled code can be cached, see the
// launcher). exitCode, not process.exit(): let piped stdout drain before Node exits.
void runCli(process.argv.slice(2), processIo()).then((exitCode) => {
  process.exitCode = exitCode;
});
