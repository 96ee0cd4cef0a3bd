/**
 * Two small chart types as inline SVG strings: a line chart (latency vs load, cost vs nodes,
 * runway, bench curves) and a vertical grouped bar chart (utilisation per node and scenario). No
 * library and no script: the shapes are computed here, hover text is SVG <title>.
 *
 * Every plotted datum is an element with class "point" and data-x/data-y (bars: data-value),
 * so a test can count what a browser drew.
 */
import { esc } from './html.js';

export const COLOURS = {
  healthy: '#2563eb',
  failure: '#ea580c',
  limit: '#dc2626',
  axis: '#9ca3af',
  grid: '#eef0f3',
  muted: '#6b7280',
} as const;

/** Colours for one series per instance type or workload, in order. */
export const SERIES_COLOURS = ['#2563eb', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#db2777', '#65a30d', '#7c3aed'] as const;

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

export interface ChartPoint {
  x: number;
  y: number;
  /** Hover text. */
  label?: string;
  /** Drawn as a ring instead of a dot (e.g. a candidate that misses a target). */
  hollow?: boolean;
  /** Drawn larger with a ring around it (e.g. the chosen cluster). */
  highlight?: boolean;
}

export interface LineSeries {
  name: string;
  colour: string;
  points: ChartPoint[];
  dashed?: boolean;
  /** Draw the connecting line (default true). */
  line?: boolean;
  /** Points as larger rings, so that a series drawn over another lets it show through. */
  rings?: boolean;
  /** Radius of the points (default POINT_RADIUS): smaller for a dense model curve. */
  pointRadius?: number;
}

export interface ReferenceLine {
  /** 'y': horizontal line at y = value; 'x': vertical line at x = value. */
  axis: 'x' | 'y';
  value: number;
  label: string;
  colour: string;
  dashed?: boolean;
  /** Vertical lines only: label at the top of the line instead of its foot (where data sits low). */
  labelAtTop?: boolean;
}

export interface LineChartSpec {
  id: string;
  /** Accessible description (SVG <title>). */
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  references?: ReferenceLine[];
  xFormat: (value: number) => string;
  yFormat: (value: number) => string;
  /** Fixed domains; default: from the data (y from 0). */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Integer x ticks only (months, node counts). */
  integerX?: boolean;
  width?: number;
  height?: number;
}

const MARGIN = { top: 14, right: 20, bottom: 44, left: 64 };
const DEFAULT_WIDTH = 560;
const DEFAULT_HEIGHT = 280;
const TARGET_TICKS = 6;
const POINT_RADIUS = 3.2;
const HIGHLIGHT_RADIUS = 6;
const RING_RADIUS = 5;
/** Headroom above the highest value so lines do not touch the top edge. */
const Y_PADDING = 1.08;

/** Tick values at 1, 2 or 5 × 10^k steps covering [min, max]. */
export function niceTicks(min: number, max: number, target = TARGET_TICKS, integer = false): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / target;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const finalStep = integer ? Math.max(1, Math.round(step)) : step;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / finalStep) * finalStep; v <= max + finalStep * 1e-9; v += finalStep) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function finite(points: ChartPoint[]): ChartPoint[] {
  return points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
}

function fmtCoord(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** The data's own x range (a single value gets one unit either side). */
function dataDomain(xs: number[]): [number, number] {
  if (xs.length === 0) return [0, 1];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? DEFAULT_WIDTH;
  const height = spec.height ?? DEFAULT_HEIGHT;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const all = spec.series.flatMap((s) => finite(s.points));
  const refsY = (spec.references ?? []).filter((r) => r.axis === 'y').map((r) => r.value);
  const refsX = (spec.references ?? []).filter((r) => r.axis === 'x').map((r) => r.value);
  const xs = [...all.map((p) => p.x), ...refsX];
  const [x0, x1] = spec.xDomain ?? dataDomain(xs);
  const yMaxData = Math.max(...all.map((p) => p.y), ...refsY, 0);
  const [y0, y1raw] = spec.yDomain ?? [0, yMaxData > 0 ? yMaxData * Y_PADDING : 1];
  const yTicks = niceTicks(y0, y1raw);
  const y1 = Math.max(y1raw, yTicks[yTicks.length - 1] ?? y1raw);
  const xTicks = niceTicks(x0, x1, TARGET_TICKS, spec.integerX === true);
  const sx = (x: number) => MARGIN.left + (x1 === x0 ? plotW / 2 : ((x - x0) / (x1 - x0)) * plotW);
  const sy = (y: number) => MARGIN.top + plotH - (y1 === y0 ? plotH / 2 : ((Math.min(y, y1) - y0) / (y1 - y0)) * plotH);
  const clipId = `clip-${spec.id}`;

  const out: string[] = [];
  out.push(
    `<svg class="chart" data-chart="${esc(spec.id)}" viewBox="0 0 ${width} ${height}" style="max-width:${width}px" role="img" aria-label="${esc(spec.title)}">`,
    `<title>${esc(spec.title)}</title>`,
    `<defs><clipPath id="${esc(clipId)}"><rect x="${MARGIN.left}" y="${MARGIN.top - 2}" width="${plotW}" height="${plotH + 4}"/></clipPath></defs>`,
  );
  for (const t of yTicks) {
    const y = fmtCoord(sy(t));
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="${COLOURS.grid}"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(spec.yFormat(t))}</text>`);
  }
  for (const t of xTicks) {
    const x = fmtCoord(sx(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" stroke="${COLOURS.axis}"/>`);
    out.push(`<text x="${x}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${esc(spec.xFormat(t))}</text>`);
  }
  out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="${COLOURS.axis}"/>`);
  out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="${COLOURS.axis}"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(`<text x="14" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})">${esc(spec.yLabel)}</text>`);

  let verticalLabels = 0;
  // Reference labels go on top of the series (drawn last, with a white halo: class ref-label in
  // the page's CSS), so no curve crosses them.
  const labels: string[] = [];
  for (const r of spec.references ?? []) {
    const dash = r.dashed === false ? '' : ' stroke-dasharray="6 4"';
    if (r.axis === 'y') {
      if (r.value < y0 || r.value > y1) continue;
      const y = fmtCoord(sy(r.value));
      out.push(`<line class="reference" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="${r.colour}" stroke-width="1.5"${dash}/>`);
      labels.push(`<text class="ref-label" x="${MARGIN.left + 6}" y="${fmtCoord(sy(r.value) - 5)}" style="fill:${r.colour}">${esc(r.label)}</text>`);
    } else {
      if (r.value < x0 || r.value > x1) continue;
      const x = fmtCoord(sx(r.value));
      out.push(`<line class="reference" x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="${r.colour}" stroke-width="1.2"${dash}/>`);
      // At the foot of the line (the top holds the limits' labels); in the right third on its left, to stay inside the chart.
      const right = sx(r.value) > MARGIN.left + (plotW * 2) / 3;
      const labelY = r.labelAtTop ? MARGIN.top + 10 + verticalLabels++ * 13 : MARGIN.top + plotH - 6 - verticalLabels++ * 13;
      labels.push(
        `<text class="ref-label" x="${fmtCoord(sx(r.value) + (right ? -4 : 4))}" y="${labelY}"${right ? ' text-anchor="end"' : ''} style="fill:${r.colour}">${esc(r.label)}</text>`,
      );
    }
  }

  out.push(`<g clip-path="url(#${esc(clipId)})">`);
  for (const s of spec.series) {
    const pts = finite(s.points);
    if (s.line !== false && pts.length > 1) {
      const d = pts.map((p) => `${fmtCoord(sx(p.x))},${fmtCoord(sy(p.y))}`).join(' ');
      const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
      out.push(
        `<polyline class="series" data-series="${esc(s.name)}" points="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${dash} stroke-linejoin="round"/>`,
      );
    }
  }
  for (const s of spec.series) {
    for (const p of finite(s.points)) {
      const cx = fmtCoord(sx(p.x));
      const cy = fmtCoord(sy(p.y));
      const fill = s.rings ? 'none' : p.hollow ? '#ffffff' : s.colour;
      const radius = p.highlight ? HIGHLIGHT_RADIUS : s.rings ? RING_RADIUS : (s.pointRadius ?? POINT_RADIUS);
      const title = `<title>${esc(p.label ?? `${s.name}: ${spec.xFormat(p.x)}, ${spec.yFormat(p.y)}`)}</title>`;
      if (p.highlight) out.push(`<circle cx="${cx}" cy="${cy}" r="${HIGHLIGHT_RADIUS + 3}" fill="none" stroke="${s.colour}" stroke-width="1.5"/>`);
      out.push(
        `<circle class="point" data-series="${esc(s.name)}" data-x="${p.x}" data-y="${p.y}" cx="${cx}" cy="${cy}" r="${radius}" fill="${fill}" stroke="${s.colour}" stroke-width="1.5">${title}</circle>`,
      );
    }
  }
  out.push('</g>', ...labels, '</svg>');
  return out.join('\n');
}

export interface ColumnBar {
  /** Utilisation (fraction of capacity); Infinity is drawn to the top of the axis. */
  value: number;
  ok: boolean;
  hover: string;
  /** Drawn with a tick across the bar at this utilisation (when the limit differs per bar). */
  limit?: number;
  /** Drawn lighter with a dashed outline: a figure the model holds up (see the chart's note). */
  held?: boolean;
}

export interface ColumnGroup {
  label: string;
  /** One entry per series: a bar, a marker text for a node that is down (e.g. "lost"), or null for nothing. */
  bars: (ColumnBar | { down: string } | null)[];
}

export interface ColumnChartSpec {
  id: string;
  title: string;
  seriesNames: string[];
  seriesColours: string[];
  groups: ColumnGroup[];
  /** Horizontal lines across the plot (scenario limits), labelled in the right margin. */
  references?: { value: number; label: string; colour: string; dashed?: boolean }[];
  xLabel: string;
  width?: number;
  height?: number;
}

/** Utilisation axes end at 100% unless a bar goes beyond it. */
const FULL = 1;

const COLUMN_MARGIN = { top: 10, right: 34, bottom: 34, left: 40 };
const COLUMN_WIDTH = 280;
const COLUMN_HEIGHT = 190;
/** Space between groups, as a share of a group's slot. */
const COLUMN_GROUP_GAP = 0.28;
/** Shortest bar drawn, so that a 0% figure is still a visible (and hoverable) mark. */
const MIN_BAR_PX = 1;
/** Height of a limit label: closer labels are pushed apart. */
const REFERENCE_LABEL_PX = 11;
/** Largest on-screen magnification of a column chart (its text grows with it). */
const COLUMN_MAX_SCALE = 1.5;
/** Most group labels written under the axis; beyond it every other one. */
const MAX_COLUMN_LABELS = 12;

/** Vertical grouped bars of utilisation (fractions): one group per node, one bar per scenario. */
export function columnChart(spec: ColumnChartSpec): string {
  const width = spec.width ?? COLUMN_WIDTH;
  const height = spec.height ?? COLUMN_HEIGHT;
  const m = COLUMN_MARGIN;
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const values = spec.groups.flatMap((g) => g.bars.flatMap((b) => (b && 'value' in b && Number.isFinite(b.value) ? [b.value, b.limit ?? 0] : [])));
  const maxValue = Math.max(FULL, ...values, ...(spec.references ?? []).map((r) => r.value));
  const ticks = niceTicks(0, maxValue, 4);
  const yMax = Math.max(maxValue, ticks[ticks.length - 1] ?? maxValue);
  const sy = (v: number) => m.top + plotH - (Math.min(Math.max(v, 0), yMax) / yMax) * plotH;
  const slot = plotW / Math.max(1, spec.groups.length);
  const series = spec.seriesNames.length;
  const barW = (slot * (1 - COLUMN_GROUP_GAP)) / series;
  const base = m.top + plotH;

  const out: string[] = [
    `<svg class="chart" data-chart="${esc(spec.id)}" viewBox="0 0 ${width} ${height}" style="max-width:${Math.round(width * COLUMN_MAX_SCALE)}px" role="img" aria-label="${esc(spec.title)}">`,
    `<title>${esc(spec.title)}</title>`,
  ];
  for (const t of ticks) {
    const y = fmtCoord(sy(t));
    out.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${y}" y2="${y}" stroke="${t === FULL ? COLOURS.axis : COLOURS.grid}"/>`);
    out.push(`<text x="${m.left - 5}" y="${y}" text-anchor="end" dominant-baseline="middle">${Math.round(t * 100)}%</text>`);
  }
  // Full capacity stays marked when the ticks step over it (figures far beyond 100%).
  if (!ticks.includes(FULL))
    out.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${fmtCoord(sy(FULL))}" y2="${fmtCoord(sy(FULL))}" stroke="${COLOURS.axis}"/>`);
  out.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${base}" y2="${base}" stroke="${COLOURS.axis}"/>`);
  const labelEvery = spec.groups.length > MAX_COLUMN_LABELS ? 2 : 1;
  spec.groups.forEach((g, gi) => {
    const x0 = m.left + gi * slot + (slot * COLUMN_GROUP_GAP) / 2;
    if (gi % labelEvery === 0) out.push(`<text x="${fmtCoord(m.left + (gi + 0.5) * slot)}" y="${base + 13}" text-anchor="middle">${esc(g.label)}</text>`);
    g.bars.forEach((b, si) => {
      if (!b) return;
      const x = x0 + si * barW;
      if ('down' in b) {
        // A cross on the axis where the bar would be: the node is not there in this scenario.
        const cx = x + barW / 2;
        const r = Math.min(3.5, barW / 2);
        out.push(
          `<g class="down" data-series="${esc(spec.seriesNames[si]!)}" data-group="${esc(g.label)}" stroke="${COLOURS.muted}" stroke-width="1.4"><title>${esc(b.down)}</title>` +
            `<line x1="${fmtCoord(cx - r)}" x2="${fmtCoord(cx + r)}" y1="${fmtCoord(base - 4 - r)}" y2="${fmtCoord(base - 4 + r)}"/><line x1="${fmtCoord(cx - r)}" x2="${fmtCoord(cx + r)}" y1="${fmtCoord(base - 4 + r)}" y2="${fmtCoord(base - 4 - r)}"/></g>`,
        );
        return;
      }
      const value = Number.isFinite(b.value) ? b.value : yMax;
      const top = Math.min(sy(value), base - MIN_BAR_PX);
      const colour = b.ok ? spec.seriesColours[si]! : COLOURS.limit;
      const held = b.held ? ` fill-opacity="0.45" stroke="${colour}" stroke-width="1" stroke-dasharray="2 1.5"` : '';
      out.push(
        `<rect class="point bar" data-series="${esc(spec.seriesNames[si]!)}" data-group="${esc(g.label)}" data-value="${b.value}" x="${fmtCoord(x + 0.5)}" y="${fmtCoord(top)}" width="${fmtCoord(Math.max(1, barW - 1))}" height="${fmtCoord(base - top)}" fill="${colour}"${held}><title>${esc(b.hover)}</title></rect>`,
      );
      if (b.limit !== undefined) {
        const ly = fmtCoord(sy(b.limit));
        out.push(
          `<line class="limit" x1="${fmtCoord(x - 1)}" x2="${fmtCoord(x + barW + 1)}" y1="${ly}" y2="${ly}" stroke="${COLOURS.limit}" stroke-width="2"/>`,
        );
      }
    });
  });
  // Limit lines, labelled in the right margin; labels closer than a line of text are pushed apart.
  const refs = [...(spec.references ?? [])].sort((a, b) => b.value - a.value).map((r) => ({ ...r, y: sy(r.value), labelY: sy(r.value) }));
  for (let i = 1; i < refs.length; i++) {
    const gap = refs[i]!.labelY - refs[i - 1]!.labelY;
    if (gap < REFERENCE_LABEL_PX) {
      refs[i - 1]!.labelY -= (REFERENCE_LABEL_PX - gap) / 2;
      refs[i]!.labelY += (REFERENCE_LABEL_PX - gap) / 2;
    }
  }
  for (const r of refs) {
    const y = fmtCoord(r.y);
    out.push(
      `<line class="limit reference" x1="${m.left}" x2="${m.left + plotW}" y1="${y}" y2="${y}" stroke="${r.colour}" stroke-width="1.3"${r.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      `<text x="${m.left + plotW + 3}" y="${fmtCoord(r.labelY)}" dominant-baseline="middle" style="fill:${r.colour}">${esc(r.label)}</text>`,
    );
  }
  out.push(`<text x="${fmtCoord(m.left + plotW / 2)}" y="${height - 4}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}
