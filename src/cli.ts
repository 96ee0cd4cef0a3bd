#!/usr/bin/env node
/**
 * rmq-plan's executable (package.json "bin"). Kept tiny: everything lives in
 * commands/program.ts, which tests drive in-process with captured output.
 */
import { runCli } from './commands/program.js';
import { processIo } from './commands/shared/io.js';

const exitCode = await runCli(process.argv.slice(2), processIo());
// exitCode, not process.exit(): let piped stdout drain before Node exits.
process.exitCode = exitCode;
