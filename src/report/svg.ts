/**
 * Two small chart types as inline SVG strings: a line chart (latency vs load, cost vs nodes,
 * runway, bench curves) and a horizontal grouped bar chart (utilisation per resource). No
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
}

export interface ReferenceLine {
  /** 'y': horizontal line at y = value; 'x': vertical line at x = value. */
  axis: 'x' | 'y';
  value: number;
  label: string;
  colour: string;
  dashed?: boolean;
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
  out.push(
    `<text x="14" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})">${esc(spec.yLabel)}</text>`,
  );

  let verticalLabels = 0;
  for (const r of spec.references ?? []) {
    const dash = r.dashed === false ? '' : ' stroke-dasharray="6 4"';
    if (r.axis === 'y') {
      if (r.value < y0 || r.value > y1) continue;
      const y = fmtCoord(sy(r.value));
      out.push(`<line class="reference" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="${r.colour}" stroke-width="1.5"${dash}/>`);
      out.push(`<text x="${MARGIN.left + 6}" y="${fmtCoord(sy(r.value) - 5)}" style="fill:${r.colour}">${esc(r.label)}</text>`);
    } else {
      if (r.value < x0 || r.value > x1) continue;
      const x = fmtCoord(sx(r.value));
      out.push(`<line class="reference" x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="${r.colour}" stroke-width="1.2"${dash}/>`);
      // At the foot of the line (the top holds the limits' labels); in the right third on its left, to stay inside the chart.
      const right = sx(r.value) > MARGIN.left + (plotW * 2) / 3;
      out.push(
        `<text x="${fmtCoord(sx(r.value) + (right ? -4 : 4))}" y="${MARGIN.top + plotH - 6 - verticalLabels++ * 13}"${right ? ' text-anchor="end"' : ''} style="fill:${r.colour}">${esc(r.label)}</text>`,
      );
    }
  }

  out.push(`<g clip-path="url(#${esc(clipId)})">`);
  for (const s of spec.series) {
    const pts = finite(s.points);
    if (s.line !== false && pts.length > 1) {
      const d = pts.map((p) => `${fmtCoord(sx(p.x))},${fmtCoord(sy(p.y))}`).join(' ');
      const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
      out.push(`<polyline class="series" data-series="${esc(s.name)}" points="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${dash} stroke-linejoin="round"/>`);
    }
  }
  for (const s of spec.series) {
    for (const p of finite(s.points)) {
      const cx = fmtCoord(sx(p.x));
      const cy = fmtCoord(sy(p.y));
      const fill = s.rings ? 'none' : p.hollow ? '#ffffff' : s.colour;
      const radius = p.highlight ? HIGHLIGHT_RADIUS : s.rings ? RING_RADIUS : POINT_RADIUS;
      const title = `<title>${esc(p.label ?? `${s.name}: ${spec.xFormat(p.x)}, ${spec.yFormat(p.y)}`)}</title>`;
      if (p.highlight) out.push(`<circle cx="${cx}" cy="${cy}" r="${HIGHLIGHT_RADIUS + 3}" fill="none" stroke="${s.colour}" stroke-width="1.5"/>`);
      out.push(
        `<circle class="point" data-series="${esc(s.name)}" data-x="${p.x}" data-y="${p.y}" cx="${cx}" cy="${cy}" r="${radius}" fill="${fill}" stroke="${s.colour}" stroke-width="1.5">${title}</circle>`,
      );
    }
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}

export interface BarGroup {
  label: string;
  /** One bar per series; null when the series has no figure for this group. */
  bars: ({ value: number; limit: number; ok: boolean; text: string; hover: string } | null)[];
}

export interface BarChartSpec {
  id: string;
  title: string;
  seriesNames: string[];
  seriesColours: string[];
  groups: BarGroup[];
  xLabel: string;
  width?: number;
}

const BAR_HEIGHT = 9;
const BAR_GAP = 3;
const GROUP_GAP = 12;
const BAR_LABEL_WIDTH = 150;
const BAR_VALUE_ROOM = 56;
/** Utilisation axes end at 100% unless a bar goes beyond it. */
const FULL = 1;

/** Horizontal grouped bars of utilisation (fractions), each bar with a tick at its limit. */
export function barChart(spec: BarChartSpec): string {
  const width = spec.width ?? DEFAULT_WIDTH;
  const seriesCount = spec.seriesNames.length;
  const groupH = seriesCount * BAR_HEIGHT + (seriesCount - 1) * BAR_GAP;
  const top = 10;
  const plotH = spec.groups.length * (groupH + GROUP_GAP);
  const height = top + plotH + 34;
  const left = BAR_LABEL_WIDTH;
  const plotW = width - left - BAR_VALUE_ROOM;
  const maxValue = Math.max(FULL, ...spec.groups.flatMap((g) => g.bars.filter((b) => b !== null).map((b) => (Number.isFinite(b!.value) ? b!.value : FULL))));
  const ticks = niceTicks(0, maxValue, 5);
  const xMax = Math.max(maxValue, ticks[ticks.length - 1] ?? maxValue);
  const sx = (v: number) => left + (Math.min(Math.max(v, 0), xMax) / xMax) * plotW;

  const out: string[] = [
    `<svg class="chart" data-chart="${esc(spec.id)}" viewBox="0 0 ${width} ${height}" style="max-width:${width}px" role="img" aria-label="${esc(spec.title)}">`,
    `<title>${esc(spec.title)}</title>`,
  ];
  for (const t of ticks) {
    const x = fmtCoord(sx(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${top - 4}" y2="${top + plotH}" stroke="${t === FULL ? COLOURS.axis : COLOURS.grid}"/>`);
    out.push(`<text x="${x}" y="${top + plotH + 14}" text-anchor="middle">${Math.round(t * 100)}%</text>`);
  }
  out.push(`<text x="${left + plotW / 2}" y="${height - 4}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  spec.groups.forEach((g, gi) => {
    const gy = top + gi * (groupH + GROUP_GAP);
    out.push(`<text x="${left - 8}" y="${fmtCoord(gy + groupH / 2)}" text-anchor="end" dominant-baseline="middle">${esc(g.label)}</text>`);
    g.bars.forEach((b, si) => {
      if (!b) return;
      const y = gy + si * (BAR_HEIGHT + BAR_GAP);
      const value = Number.isFinite(b.value) ? b.value : xMax;
      const w = Math.max(1, sx(value) - left);
      const colour = b.ok ? spec.seriesColours[si]! : COLOURS.limit;
      out.push(
        `<rect class="point bar" data-series="${esc(spec.seriesNames[si]!)}" data-group="${esc(g.label)}" data-value="${b.value}" x="${left}" y="${y}" width="${fmtCoord(w)}" height="${BAR_HEIGHT}" rx="2" fill="${colour}" opacity="${b.ok ? 0.85 : 1}"><title>${esc(b.hover)}</title></rect>`,
      );
      const lx = fmtCoord(sx(b.limit));
      out.push(`<line class="limit" x1="${lx}" x2="${lx}" y1="${y - 2}" y2="${y + BAR_HEIGHT + 2}" stroke="${COLOURS.limit}" stroke-width="2"/>`);
      out.push(`<text x="${fmtCoord(sx(value) + 5)}" y="${y + BAR_HEIGHT / 2}" dominant-baseline="middle"${b.ok ? '' : ` style="fill:${COLOURS.limit};font-weight:600"`}>${esc(b.text)}</text>`);
    });
  });
  out.push('</svg>');
  return out.join('\n');
}
