/**
 * The text output of `rmq-plan compare`: the changed coefficients as a table, then what they mean
 * for capacity (the JSON output is the CompareReport itself).
 */
import type { CapacityChange } from '../../profile/capacity.js';
import type { ProfileDiff } from '../../profile/compare.js';
import { compact, exactSize, signedPct } from '../../format/numbers.js';

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Width of the source column in the text table; the JSON output has the whole text. */
const SOURCE_COLUMN_CHARS = 90;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function renderCompare(diff: ProfileDiff, capacity: readonly CapacityChange[], all: boolean): string {
  const out: string[] = [];
  out.push(`Profiles: "${diff.old.name}" (${diff.old.kind}, ${diff.old.createdAt}) → "${diff.new.name}" (${diff.new.kind}, ${diff.new.createdAt})`);
  for (const o of diff.origin) {
    if (o.field === 'kind' || o.field === 'createdAt') continue;
    out.push(`  ${o.field}: ${o.old ?? '–'} → ${o.new ?? '–'}`);
  }
  out.push('');
  const shown = diff.coefficients.filter((c) => all || c.changed);
  const unchanged = diff.coefficients.length - diff.coefficients.filter((c) => c.changed).length;
  if (shown.length === 0) {
    out.push('No coefficient changed.');
  } else {
    out.push(all ? 'Coefficients:' : 'Changed coefficients:');
    const rows = [['group', 'coefficient', 'old', 'new', 'change', 'unit', 'new source']];
    for (const c of shown)
      rows.push([
        c.group,
        c.name,
        compact(c.old),
        compact(c.new),
        c.changed ? signedPct(c.changePercent) : '=',
        c.unit,
        shorten(c.newSource, SOURCE_COLUMN_CHARS),
      ]);
    out.push(...table(rows).map((l) => `  ${l}`));
    if (!all && unchanged > 0) out.push(`  (${unchanged} coefficients unchanged; --all lists them)`);
  }
  if (diff.cpuEfficiency) out.push(`  cpuEfficiency (vCPU→usable fraction): ${diff.cpuEfficiency.old} → ${diff.cpuEfficiency.new}`);
  out.push('');
  out.push('What it means for capacity (the model, default targets):');
  for (const c of capacity) {
    const size = exactSize(c.sizeBytes);
    out.push(
      `  ${c.queueType} ${size} per-queue ceiling ${compact(c.ceilingOldMsgPerSec)} → ${compact(c.ceilingNewMsgPerSec)} msg/s (${signedPct(c.ceilingChangePercent)})`,
    );
    const percent = (f: number) => `${Math.round(f * 100)}%`;
    const failures =
      c.cluster.nodeFailuresToTolerate > 0 ? ` / ${percent(c.cluster.maxUtilizationAfterFailure)} after ${c.cluster.nodeFailuresToTolerate} node lost` : '';
    const binding = c.old.binding === c.new.binding ? `binds on ${c.new.binding}` : `binds on ${c.old.binding} → ${c.new.binding}`;
    out.push(
      `  a ${c.cluster.nodes} × ${c.cluster.vcpus} vCPU (${c.cluster.instanceType}, ${c.cluster.disk}) ${c.queueType} cluster at ${size} carries ` +
        `${compact(c.old.maxMsgPerSec)} → ${compact(c.new.maxMsgPerSec)} msg/s (${signedPct(c.clusterChangePercent)}) within ${percent(c.cluster.targetUtilization)} healthy${failures}; ${binding}`,
    );
  }
  return `${out.join('\n')}\n`;
}
