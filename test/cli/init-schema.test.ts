/**
 * `rmq-plan init` and `rmq-plan schema`, run in-process through the real command-line program.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { INIT_TEMPLATE } from '../../src/cli/init-template.js';
import { runCli } from '../../src/cli/program.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { parseWorkloadText, readWorkloadFile } from '../../src/io/workload-file.js';
import { WorkloadFileSchema } from '../../src/schema/workload.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rmq-plan-init-'));
}

/** Every object key anywhere in the schema (walking defaults, optionals, unions, arrays, pipes). */
function schemaKeys(schema: z.core.$ZodType, into = new Set<string>()): Set<string> {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (def.innerType ?? def.in ?? def.element) as z.core.$ZodType | undefined;
  if (def.type === 'object') {
    for (const [key, value] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
      into.add(key);
      schemaKeys(value, into);
    }
  } else if (def.type === 'union') {
    for (const option of def.options as z.core.$ZodType[]) schemaKeys(option, into);
  } else if (inner) {
    schemaKeys(inner, into);
  }
  return into;
}

describe('rmq-plan init', () => {
  it('writes a commented example that validates', async () => {
    const file = join(tempDir(), 'workload.yaml');
    const io = memoryIo();
    expect(await runCli(['init', file], io)).toBe(0);
    expect(io.out).toContain(`Wrote ${file}`);
    const workload = readWorkloadFile(file);
    expect(workload.workloads.map((w) => w.name)).toEqual(['orders', 'email-notifications']);
    expect(readFileSync(file, 'utf8')).toMatch(/^# rmq-plan workload file/);
  });

  it('writes an example that size plans (exit 0) with the shipped profile: two workloads, growth, HA', async () => {
    const file = join(tempDir(), 'workload.yaml');
    expect(await runCli(['init', file], memoryIo())).toBe(0);
    const io = memoryIo();
    expect(await runCli(['size', file, '--format', 'json'], io)).toBe(0);
    const result = JSON.parse(io.out) as { feasible: boolean; plan: { nodes: number; failures?: unknown } };
    expect(result.feasible).toBe(true);
    expect(result.plan.nodes).toBeGreaterThanOrEqual(3);
    const workload = readWorkloadFile(file);
    expect(workload.workloads.some((w) => w.publishRate.monthlyGrowthPercent > 0)).toBe(true);
    expect(workload.cluster.ha.nodeFailuresToTolerate).toBeGreaterThanOrEqual(1);
  });

  it('mentions every field of the workload schema, with its default', () => {
    const missing = [...schemaKeys(WorkloadFileSchema)].filter((key) => !new RegExp(`\\b${key}:`).test(INIT_TEMPLATE));
    expect(missing).toEqual([]);
    expect(INIT_TEMPLATE.match(/# default/g)!.length).toBeGreaterThanOrEqual(30);
  });

  it('still validates with every commented-out optional field switched on', () => {
    const uncommented = INIT_TEMPLATE.replace(/^(\s*)# (providers|instanceTypes|instanceFamilies|categories|diskTypes|monthlyBudgetUsd):/gm, '$1$2:')
      .replace(/^(\s*)# burst:/m, '$1burst:')
      .replace(/^(\s*)# {3}(msgPerSec|durationSeconds):/gm, '$1  $2:');
    expect(uncommented).not.toBe(INIT_TEMPLATE);
    const workload = parseWorkloadText(uncommented, 'init', 'yaml');
    expect(workload.cluster.constraints.monthlyBudgetUsd).toBe(2000);
    expect(workload.workloads[0]!.publishRate.burst).toEqual({ msgPerSec: 6000, durationSeconds: 60 });
  });

  it('refuses to overwrite without --force (exit 2, file unchanged)', async () => {
    const file = join(tempDir(), 'workload.yaml');
    writeFileSync(file, 'mine\n');
    const io = memoryIo();
    expect(await runCli(['init', file], io)).toBe(2);
    expect(io.err).toBe(`${file}: expected a new file, got an existing one (use --force to overwrite it)\n`);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('overwrites with --force', async () => {
    const file = join(tempDir(), 'workload.yaml');
    writeFileSync(file, 'mine\n');
    expect(await runCli(['init', file, '--force'], memoryIo())).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(INIT_TEMPLATE);
  });

  it('prints to stdout with "-"', async () => {
    const io = memoryIo();
    expect(await runCli(['init', '-'], io)).toBe(0);
    expect(io.out).toBe(INIT_TEMPLATE);
  });

  it('names the path when the directory does not exist: the environment, exit 3, as for every output file', async () => {
    const io = memoryIo();
    expect(await runCli(['init', '/no/such/dir/w.yaml'], io)).toBe(3);
    expect(io.err).toBe('rmq-plan: cannot write "/no/such/dir/w.yaml": its folder does not exist\n');
  });
});

describe('rmq-plan schema', () => {
  it('prints the JSON Schema of the workload file', async () => {
    const io = memoryIo();
    expect(await runCli(['schema'], io)).toBe(0);
    const schema = JSON.parse(io.out) as Record<string, unknown>;
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.required).toEqual(['version', 'workloads']);
    // Unknown fields are errors in the file, and the schema says so too.
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object)).toEqual(['version', 'name', 'description', 'cluster', 'workloads']);
    expect(io.out).toContain('"description": "Compound growth per month');
    expect(io.out.endsWith('}\n')).toBe(true);
    expect(io.err).toBe('');
  });
});
