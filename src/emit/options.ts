/**
 * The `size --emit` flags: what to print instead of the report, and the real node names the
 * plan's node 1..N stand for.
 */
import { InputError } from '../errors.js';

export const EMIT_KINDS = ['definitions', 'commands'] as const;
export type EmitKind = (typeof EMIT_KINDS)[number];

export interface EmitFlags {
  emit?: string;
  emitNodes?: string;
}

export interface EmitSettings {
  kind: EmitKind;
  /** Real node names for the plan's nodes, in plan order; null: placeholders rabbit@node1…. */
  nodeNames: string[] | null;
}

/** An Erlang node name: name@host (https://www.rabbitmq.com/docs/clustering#node-names). */
const NODE_NAME_PATTERN = /^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+$/;

/** Parses the flags; null when --emit is absent. Throws InputError listing every bad flag. */
export function parseEmitFlags(flags: EmitFlags): EmitSettings | null {
  const problems: string[] = [];
  if (flags.emit === undefined) {
    if (flags.emitNodes !== undefined) problems.push(`--emit-nodes: expected only together with --emit definitions|commands, got ${JSON.stringify(flags.emitNodes)}`);
    if (problems.length > 0) throw new InputError(problems);
    return null;
  }
  const kind = EMIT_KINDS.find((k) => k === flags.emit!.trim().toLowerCase());
  if (kind === undefined) problems.push(`--emit: expected one of ${EMIT_KINDS.join(', ')}, got ${JSON.stringify(flags.emit)}`);
  let nodeNames: string[] | null = null;
  if (flags.emitNodes !== undefined) {
    nodeNames = flags.emitNodes
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const bad = nodeNames.filter((n) => !NODE_NAME_PATTERN.test(n));
    const duplicates = nodeNames.filter((n, i) => nodeNames!.indexOf(n) !== i);
    if (nodeNames.length === 0 || bad.length > 0 || duplicates.length > 0) {
      problems.push(`--emit-nodes: expected a comma-separated list of distinct node names like rabbit@host1,rabbit@host2, got ${JSON.stringify(flags.emitNodes)}`);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return { kind: kind!, nodeNames };
}

/** Placeholder node names when none were given: rabbit@node1 … rabbit@nodeN. */
export function nodeNamesFor(nodes: number, given: string[] | null): string[] {
  if (given === null) return Array.from({ length: nodes }, (_, i) => `rabbit@node${i + 1}`);
  if (given.length !== nodes) {
    throw new InputError([`--emit-nodes: expected ${nodes} node names (the plan has ${nodes} nodes), got ${given.length}: ${given.join(',')}`]);
  }
  return given;
}
