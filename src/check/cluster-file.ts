/**
 * Reads a cluster description (src/schema/cluster.ts, what `rmq-plan inspect` writes, or one
 * written by hand for a proposed cluster): YAML or JSON, validated, every problem one line
 * naming the file and the field.
 */
import { loadDocument } from '../io/load-document.js';
import { ClusterDescriptionSchema, type ClusterDescription } from '../schema/cluster.js';

export function readClusterFile(path: string): ClusterDescription {
  return loadDocument(path, ClusterDescriptionSchema, 'a cluster description (a mapping with "version: 1" and "nodes")');
}
