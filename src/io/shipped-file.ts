/**
 * A JSON file that ships with rmq-plan (the catalog, the calibration profiles). Tests check each
 * stored file is exactly what its schema parses it to, so it is read as plain JSON (zod on them
 * cost start-up time, docs/measurements/startup.md). One that cannot be read or parsed means a
 * broken installation: the environment's trouble (BrokerError, exit 3), the same for every
 * shipped file, never a user's bad input (exit 2) or an internal error (exit 70).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BrokerError } from '../errors.js';
import { describeFsError } from './fs-errors.js';

export function readShippedJson(url: URL, what: string): unknown {
  const path = fileURLToPath(url);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BrokerError(`the shipped ${what} (${path}) cannot be read: ${describeFsError(error)}; the installation is broken, reinstall rmq-plan`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BrokerError(`the shipped ${what} (${path}) is not valid JSON (${(error as Error).message}); the installation is broken, reinstall rmq-plan`);
  }
}
