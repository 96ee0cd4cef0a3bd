/**
 * YAML for the files inspect writes, with a comment next to every figure saying how it was
 * obtained ("# measured: …", "# estimated: …", "# guessed: …").
 */
import { Document, isCollection, isNode } from 'yaml';
import type { FieldPath, Provenance } from './provenance.js';

/** Not observable through the management API at all: the schema's defaults apply. */
export const NOT_OBSERVABLE_FIELDS =
  'monthlyGrowthPercent, burst, consumers.processingTimeMs, consumers.ackEvery, publisherConfirms.inFlightPerChannel, ' +
  'connections.publisherConnections (not attributable to a workload in basic rates mode), latencyP99TargetMs, backlog, ' +
  'p95/max message size';

export interface YamlOptions {
  header: string[];
  provenance: Provenance[];
  /** Comment lines before an item, by path (e.g. what each workload is made of). */
  itemComments?: { path: FieldPath; lines: string[] }[];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function renderYaml(value: unknown, options: YamlOptions): string {
  const doc = new Document(value);
  for (const p of options.provenance) {
    // A field not written (left to its default) takes the comment on its nearest written parent.
    let path = p.path;
    while (path.length > 0 && !doc.hasIn(path)) path = path.slice(0, -1);
    if (path.length === 0) continue;
    const node = doc.getIn(path, true);
    if (!isNode(node)) continue;
    const text = ` ${p.kind}: ${oneLine(p.how)}`;
    if (isCollection(node) || path.length < p.path.length) {
      const label = path.length < p.path.length ? ` ${p.path.slice(path.length).join('.')} —` : '';
      node.commentBefore = [node.commentBefore, `${label}${text}`].filter(Boolean).join('\n');
    } else {
      node.comment = node.comment ? `${node.comment};${text}` : text;
    }
  }
  for (const item of options.itemComments ?? []) {
    const node = doc.getIn(item.path, true);
    if (isNode(node)) node.commentBefore = [...item.lines.map((l) => ` ${oneLine(l)}`), node.commentBefore].filter(Boolean).join('\n');
  }
  doc.commentBefore = options.header.map((l) => ` ${l}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}
