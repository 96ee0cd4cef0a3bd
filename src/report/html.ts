/**
 * The HTML page every report shares: one self-contained file with inline CSS and inline SVG,
 * no scripts and nothing fetched. The Content-Security-Policy says so to the browser too, so
 * a stray external reference would be blocked (and show up as a console error in the
 * headless-browser test) rather than quietly load.
 */

/** Escapes text for HTML element content and double-quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** default-src 'none': nothing may load; inline styles are the only styles. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
:root { --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f8fafc; --card: #ffffff;
  --good: #15803d; --good-bg: #dcfce7; --bad: #b91c1c; --bad-bg: #fee2e2; --warn: #a16207; --warn-bg: #fef9c3; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 28px 40px; }
header { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
h1 { font-size: 22px; margin: 0; font-weight: 650; }
h2 { font-size: 16px; margin: 0 0 10px; font-weight: 650; }
h3 { font-size: 13px; margin: 0 0 4px; font-weight: 600; color: var(--muted); }
.sub { color: var(--muted); margin: 0 0 18px; }
.badge { display: inline-block; padding: 3px 12px; border-radius: 999px; font-weight: 700; font-size: 13px; letter-spacing: .02em; }
.badge.good { background: var(--good-bg); color: var(--good); }
.badge.bad { background: var(--bad-bg); color: var(--bad); }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin-bottom: 18px; }
.fact { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; }
.fact .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.fact .v { font-size: 15px; font-weight: 600; margin-top: 2px; }
.nw { white-space: nowrap; }
.fact .d { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin-bottom: 16px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
.grid2 > .card { margin-bottom: 0; }
.charts { margin-bottom: 16px; }
.note { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; }
ul.failures { margin: 0; padding-left: 0; list-style: none; }
ul.failures li { padding: 6px 10px; border-left: 3px solid var(--bad); background: var(--bad-bg); margin: 4px 0; border-radius: 4px; }
ul.plain { margin: 0; padding-left: 18px; }
ul.plain li { margin: 2px 0; }
.callout { padding: 8px 12px; border-radius: 6px; margin: 0; }
.callout.good { background: var(--good-bg); color: #14532d; }
.callout.bad { background: var(--bad-bg); color: #7f1d1d; }
.callout.warn { background: var(--warn-bg); color: #713f12; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; }
td.ok { color: var(--good); font-weight: 700; } td.bad { color: var(--bad); font-weight: 700; }
.meter { display: inline-block; width: 90px; height: 8px; background: #eef2f7; border-radius: 4px; position: relative; vertical-align: middle; margin-left: 6px; }
.meter > i { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 4px; background: #3b82f6; }
.meter > i.bad { background: #dc2626; } .meter > b { position: absolute; top: -3px; bottom: -3px; width: 2px; background: #b91c1c; }
.ref-label { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.stack { display: flex; height: 18px; border-radius: 4px; overflow: hidden; margin: 4px 0 8px; background: #eef2f7; }
.stack > i { display: block; height: 100%; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 12.5px; color: var(--muted); margin-top: 4px; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.legend i { display: inline-block; width: 16px; height: 3px; border-radius: 2px; }
.legend i.dash { background: none !important; border-top: 2px dashed; height: 0; }
.legend i.dot { width: 9px; height: 9px; border-radius: 50%; }
.legend i.ring { width: 9px; height: 9px; border-radius: 50%; background: #fff !important; border: 2px solid; }
.legend i.bar { width: 10px; height: 10px; border-radius: 2px; }
.legend i.held { width: 10px; height: 10px; border-radius: 2px; border: 1px dashed; }
.legend i.cross { width: auto; height: auto; font-style: normal; font-weight: 700; font-size: 14px; line-height: 1; }
.grid4 { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px 18px; margin-bottom: 6px; }
h3 .unit { display: block; font-weight: 400; font-size: 12px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; fill: #4b5563; }
svg.chart .title { font-size: 12px; font-weight: 600; fill: var(--fg); }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
`;

export function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '<footer>Generated by rmq-plan. This file is self-contained: no scripts, nothing loaded from the network.</footer>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A summary tile: label, value, optional detail line. */
export function fact(label: string, value: string, detail?: string): string {
  // Lines break between words only: "n2-standard-8" never splits at a hyphen.
  const words = value
    .split(' ')
    .map((w) => `<span class="nw">${esc(w)}</span>`)
    .join(' ');
  return `<div class="fact"><div class="k">${esc(label)}</div><div class="v">${words}</div>${detail ? `<div class="d">${esc(detail)}</div>` : ''}</div>`;
}

/** A table from already-escaped cells; `numeric` marks right-aligned columns. */
export function htmlTable(head: string[], rows: string[][], numeric: boolean[] = []): string {
  const th = head.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((cell, i) => (cell.startsWith('<td') ? cell : `<td${numeric[i] ? ' class="num"' : ''}>${cell}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export interface LegendItem {
  label: string;
  color: string;
  /** line (default), dash, dot, ring; bar: a filled square; held: a light square with a dashed edge; cross: a × mark. */
  style?: 'line' | 'dash' | 'dot' | 'ring' | 'bar' | 'held' | 'cross';
}

export function legend(items: LegendItem[]): string {
  const spans = items.map((item) => {
    const cls = item.style && item.style !== 'line' ? ` class="${item.style}"` : '';
    if (item.style === 'cross') return `<span><i${cls} style="color:${item.color}">×</i>${esc(item.label)}</span>`;
    const colour =
      item.style === 'dash' || item.style === 'ring'
        ? `border-color:${item.color}`
        : item.style === 'held'
          ? `border-color:${item.color};background:${item.color}73`
          : `background:${item.color}`;
    return `<span><i${cls} style="${colour}"></i>${esc(item.label)}</span>`;
  });
  return `<div class="legend">${spans.join('')}</div>`;
}
