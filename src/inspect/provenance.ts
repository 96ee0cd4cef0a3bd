/**
 * How each figure inspect writes was obtained. Every field inspect sets carries one of these,
 * and the written YAML shows it as a comment next to the field:
 *   measured  — read from the management API (a count, a type, a rate over the window);
 *   estimated — derived from measurements by a stated method (e.g. size = bytes ÷ messages);
 *   guessed   — not observable: a placeholder or default the user should check.
 */
import { formatPath } from '../io/zod-problems.js';

export type ProvenanceKind = 'measured' | 'estimated' | 'guessed';

export type FieldPath = (string | number)[];

export interface Provenance {
  path: FieldPath;
  kind: ProvenanceKind;
  how: string;
}

export class ProvenanceLog {
  readonly entries: Provenance[] = [];

  add(path: FieldPath, kind: ProvenanceKind, how: string): void {
    this.entries.push({ path, kind, how });
  }

  measured(path: FieldPath, how: string): void {
    this.add(path, 'measured', how);
  }

  estimated(path: FieldPath, how: string): void {
    this.add(path, 'estimated', how);
  }

  guessed(path: FieldPath, how: string): void {
    this.add(path, 'guessed', how);
  }

  /** Entries under a path prefix, re-rooted (e.g. the cluster description's own list). */
  under(prefix: FieldPath): Provenance[] {
    return this.entries.filter((e) => prefix.every((p, i) => e.path[i] === p)).map((e) => ({ ...e, path: e.path.slice(prefix.length) }));
  }

  guessedList(prefix: FieldPath = []): { path: string; reason: string }[] {
    return this.under(prefix)
      .filter((e) => e.kind === 'guessed')
      .map((e) => ({ path: formatPath(e.path), reason: e.how }));
  }
}
