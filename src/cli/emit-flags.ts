/**
 * `size --emit` and `--emit-nodes`: print the layout to apply instead of the report
 * (docs/emit.md), with the real node names for the plan's nodes 1..N.
 */
import { InputError } from '../errors.js';
import { EMIT_KINDS, NODE_NAME_PATTERN, type EmitKind, type EmitSettings } from '../emit/options.js';
import { flag } from './flags.js';
import { choiceValue, textValue } from './flag-types.js';

export type { EmitSettings } from '../emit/options.js';

export const EMIT_FLAGS = {
  emit: flag(
    '--emit <kind>',
    'print only the layout to apply: definitions (RabbitMQ definitions JSON) or commands (rabbitmqadmin / rabbitmq-queues script); docs/emit.md',
    choiceValue(EMIT_KINDS),
  ),
  emitNodes: flag(
    '--emit-nodes <list>',
    'with --emit: the real node names for plan nodes 1..N, comma-separated (default rabbit@node1,…)',
    textValue('a comma-separated list of distinct node names like rabbit@host1,rabbit@host2', (t) => {
      const names = t
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const distinct = new Set(names).size === names.length;
      return names.length > 0 && distinct && names.every((n) => NODE_NAME_PATTERN.test(n)) ? names : undefined;
    }),
  ),
} as const;

/** null when --emit is absent; --emit-nodes alone is a usage error. */
export function emitSettings(kind: EmitKind | undefined, nodeNames: string[] | undefined): EmitSettings | null {
  if (kind === undefined) {
    if (nodeNames !== undefined)
      throw new InputError([`--emit-nodes: expected only together with --emit definitions|commands, got ${JSON.stringify(nodeNames.join(','))}`]);
    return null;
  }
  return { kind, nodeNames: nodeNames ?? null };
}
