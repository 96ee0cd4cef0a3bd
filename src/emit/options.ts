/**
 * What `size --emit` prints instead of the report, and the real node names the plan's node
 * 1..N stand for (the flags: src/cli/emit-flags.ts).
 */
import { InputError } from '../errors.js';

export const EMIT_KINDS = ['definitions', 'commands'] as const;
export type EmitKind = (typeof EMIT_KINDS)[number];

export interface EmitSettings {
  kind: EmitKind;
  /** Real node names for the plan's nodes, in plan order; null: placeholders rabbit@node1…. */
  nodeNames: string[] | null;
}

/** An Erlang node name: name@host (https://www.rabbitmq.com/docs/clustering#node-names). */
export const NODE_NAME_PATTERN = /^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+$/;

/** Placeholder node names when none were given: rabbit@node1 … rabbit@nodeN. */
export function nodeNamesFor(nodes: number, given: string[] | null): string[] {
  if (given === null) return Array.from({ length: nodes }, (_, i) => `rabbit@node${i + 1}`);
  if (given.length !== nodes) {
    throw new InputError([`--emit-nodes: expected ${nodes} node names (the plan has ${nodes} nodes), got ${given.length}: ${given.join(',')}`]);
  }
  return given;
}
