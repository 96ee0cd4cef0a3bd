/**
 * A bench run read back (fit, validate, report --bench): one parse, one error wording. Runs
 * written before the outputs shared one `schemaVersion` key carried `version`: read as the same.
 */
import { validateDocument } from '../io/validate-document.js';
import { BenchRunResultSchema, type BenchRunResult } from './types.js';

function upgradeLegacy(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const record = data as Record<string, unknown>;
  if (!('version' in record) || 'schemaVersion' in record) return data;
  const { version, ...rest } = record;
  return { ...rest, schemaVersion: version };
}

/** The bench run in `data` (parsed JSON from `path`); InputError naming the path and field when it is not one. */
export function parseBenchRun(data: unknown, path: string): BenchRunResult {
  return validateDocument(upgradeLegacy(data), path, BenchRunResultSchema, 'a bench run (rmq-plan bench --out)');
}
