/** A bench run read back: one parse for fit, validate and report --bench, older runs included. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBenchRun } from '../../src/bench/run-file.js';
import { InputError } from '../../src/errors.js';

const run = JSON.parse(readFileSync('test/report/fixtures/bench-run.json', 'utf8')) as Record<string, unknown>;

describe('parseBenchRun', () => {
  it('reads a run, which carries schemaVersion like every machine output', () => {
    expect(parseBenchRun(run, 'run.json').schemaVersion).toBe(1);
  });

  it('reads a run written before the key was schemaVersion (version: 1)', () => {
    const { schemaVersion, ...rest } = run;
    expect(parseBenchRun({ ...rest, version: schemaVersion }, 'old.json').runId).toBe(run.runId);
  });

  it('refuses another version, naming the file and field', () => {
    expect(() => parseBenchRun({ ...run, schemaVersion: 2 }, 'new.json')).toThrow(InputError);
    expect(() => parseBenchRun({ ...run, schemaVersion: 2 }, 'new.json')).toThrow(/new\.json: schemaVersion/);
  });
});
