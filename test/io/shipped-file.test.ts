/**
 * A broken installation (a shipped JSON file missing or damaged) is the environment's trouble:
 * exit 3 with one line that says to reinstall — not bad input (2), not an internal error (70).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/shared/errors.js';
import { BrokerError, ExitCode } from '../../src/errors.js';
import { memoryIo } from '../../src/io/cli-io.js';
import { readShippedJson } from '../../src/io/shipped-file.js';

describe('shipped files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-plan-shipped-'));

  it('a missing one: exit 3, names the file and says to reinstall', () => {
    const url = pathToFileURL(join(dir, 'gone.json'));
    expect(() => readShippedJson(url, 'hardware catalog')).toThrow(BrokerError);
    const io = memoryIo();
    try {
      readShippedJson(url, 'hardware catalog');
    } catch (error) {
      expect(reportError(error, io)).toBe(ExitCode.brokerOrEnvironment);
    }
    expect(io.err).toMatch(
      /^rmq-plan: the shipped hardware catalog \(.*gone\.json\) cannot be read: no such file or folder; the installation is broken, reinstall rmq-plan\n$/,
    );
  });

  it('a damaged one: exit 3 as well', () => {
    const file = join(dir, 'damaged.json');
    writeFileSync(file, '{"name": "published", ');
    const io = memoryIo();
    try {
      readShippedJson(pathToFileURL(file), 'calibration profile "published"');
      expect.unreachable();
    } catch (error) {
      expect(reportError(error, io)).toBe(ExitCode.brokerOrEnvironment);
    }
    expect(io.err).toMatch(/the shipped calibration profile "published" .* is not valid JSON .*reinstall rmq-plan/);
  });
});
