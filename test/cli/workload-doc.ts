/**
 * Generates docs/workload-file.md from the zod schema itself (descriptions, accepted values,
 * defaults), so the reference cannot drift from what the tool validates.
 * workload-doc.test.ts compares the committed file with this output.
 */
import type { z } from 'zod';
import { describeSchema } from '../../src/io/zod-problems.js';
import { WorkloadFileSchema } from '../../src/schema/workload.js';

type Schema = z.ZodType;
type Def = Record<string, unknown> & { type: string };

interface Row {
  path: string;
  accepts: string;
  default: string;
  description: string;
}

const WRAPPERS = new Set(['default', 'optional', 'nullable', 'prefault', 'readonly']);

function def(schema: Schema): Def {
  return schema.def as unknown as Def;
}

/** The description, wherever along the wrapper chain it was attached. */
function description(schema: Schema): string {
  let current: Schema | undefined = schema;
  while (current) {
    const text = (current as unknown as { description?: string }).description;
    if (text) return text;
    const d = def(current);
    current = WRAPPERS.has(d.type) ? (d.innerType as Schema) : d.type === 'pipe' ? (d.in as Schema) : undefined;
  }
  return '';
}

function defaultOf(schema: Schema): string {
  const d = def(schema);
  if (d.type === 'default') {
    const value = d.defaultValue;
    return value !== null && typeof value === 'object' ? 'see fields' : `\`${JSON.stringify(value)}\``;
  }
  if (d.type === 'optional') return 'none (optional)';
  return '**required**';
}

/** Object shapes reachable from a field: itself, list elements, object forms of unions. */
function nested(schema: Schema): { shape: Record<string, Schema>; suffix: string }[] {
  const d = def(schema);
  if (WRAPPERS.has(d.type)) return nested(d.innerType as Schema);
  if (d.type === 'object') return [{ shape: d.shape as Record<string, Schema>, suffix: '' }];
  if (d.type === 'array') return nested(d.element as Schema).map((n) => ({ ...n, suffix: `[]${n.suffix}` }));
  if (d.type === 'union') return (d.options as Schema[]).flatMap(nested);
  return [];
}

function walk(shape: Record<string, Schema>, prefix: string, rows: Row[]): void {
  for (const [key, field] of Object.entries(shape)) {
    const path = `${prefix}${key}`;
    rows.push({ path, accepts: describeSchema(field), default: defaultOf(field), description: description(field) });
    for (const inner of nested(field)) walk(inner.shape, `${path}${inner.suffix}.`, rows);
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function workloadReference(): string {
  const rows: Row[] = [];
  walk(def(WorkloadFileSchema).shape as Record<string, Schema>, '', rows);
  return [
    '# Workload file reference',
    '',
    'Every field of the workload file `rmq-plan size` reads (YAML or JSON), generated from the zod',
    'schema that validates it (src/schema/workload.ts), so this page always matches the tool.',
    '`rmq-plan schema` prints the same schema as JSON Schema; `rmq-plan init` writes a commented',
    'example. Unknown fields are errors. Sizes accept bytes (`4096`) or a unit: `KB`, `MB`, `GB`',
    '(10³) or `KiB`, `MiB`, `GiB` (2¹⁰). `[]` marks a list item; a field of an optional object',
    'only applies when that object is given.',
    '',
    'Regenerate after changing the schema: `UPDATE_GOLDEN=1 npx vitest run test/cli/workload-doc.test.ts`.',
    '',
    '| Field | Accepts | Default | Description |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.path}\` | ${cell(r.accepts)} | ${cell(r.default)} | ${cell(r.description)} |`),
    '',
  ].join('\n');
}
