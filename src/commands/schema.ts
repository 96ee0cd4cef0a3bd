/**
 * `rmq-plan schema`: the workload file's JSON Schema, generated from the zod schema that also
 * validates the file (io: "input": what a user may write, so defaulted fields are optional).
 */
import { z } from '../schema/zod.js';
import { ExitCode } from '../errors.js';
import { WorkloadFileSchema } from '../schema/workload.js';
import type { CliIo } from './shared/io.js';

export function workloadJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(WorkloadFileSchema, { io: 'input' }) as Record<string, unknown>;
}

export function runSchema(io: CliIo): ExitCode {
  io.stdout(`${JSON.stringify(workloadJsonSchema(), null, 2)}\n`);
  return ExitCode.ok;
}
