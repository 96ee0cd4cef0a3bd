/**
 * The text output of `rmq-plan compare`: the changed coefficients as a table, then what they mean
 * for capacity (the JSON output is the CompareReport itself).
 */
import type { CapacityChange } from '../../profile/capacity.js';
import type { ProfileDiff } from '../../profile/compare.js';

export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

function num(v: number): string {
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function pct(v: number | null): string {
  if (v === null) return 'new';
  if (v === 0) return '0%';
  const rounded = Math.abs(v) >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
  // U+2212 minus reads better than a hyphen next to numbers.
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}%`;
}

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
      rows.push([c.group, c.name, num(c.old), num(c.new), c.changed ? pct(c.changePercent) : '=', c.unit, shorten(c.newSource, SOURCE_COLUMN_CHARS)]);
    out.push(...table(rows).map((l) => `  ${l}`));
    if (!all && unchanged > 0) out.push(`  (${unchanged} coefficients unchanged; --all lists them)`);
  }
  if (diff.cpuEfficiency) out.push(`  cpuEfficiency (vCPU→usable fraction): ${diff.cpuEfficiency.old} → ${diff.cpuEfficiency.new}`);
  out.push('');
  out.push('What it means for capacity (the model, default targets):');
  for (const c of capacity) {
    const size = formatSize(c.sizeBytes);
    out.push(`  ${c.queueType} ${size} per-queue ceiling ${num(c.ceilingOldMsgPerSec)} → ${num(c.ceilingNewMsgPerSec)} msg/s (${pct(c.ceilingChangePercent)})`);
    const percent = (f: number) => `${Math.round(f * 100)}%`;
    const failures =
      c.cluster.nodeFailuresToTolerate > 0 ? ` / ${percent(c.cluster.maxUtilizationAfterFailure)} after ${c.cluster.nodeFailuresToTolerate} node lost` : '';
    const binding = c.old.binding === c.new.binding ? `binds on ${c.new.binding}` : `binds on ${c.old.binding} → ${c.new.binding}`;
    out.push(
      `  a ${c.cluster.nodes} × ${c.cluster.vcpus} vCPU (${c.cluster.instanceType}, ${c.cluster.disk}) ${c.queueType} cluster at ${size} carries ` +
        `${num(c.old.maxMsgPerSec)} → ${num(c.new.maxMsgPerSec)} msg/s (${pct(c.clusterChangePercent)}) within ${percent(c.cluster.targetUtilization)} healthy${failures}; ${binding}`,
    );
  }
  return `${out.join('\n')}\n`;
}
