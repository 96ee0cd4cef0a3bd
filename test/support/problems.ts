import { InputError } from '../../src/errors.js';

/** The problem lines of the InputError `run` throws; fails the test when it succeeds or throws anything else. */
export function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError, got success');
}
