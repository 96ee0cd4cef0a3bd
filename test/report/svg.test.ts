/**
 * The grouped column chart of the utilisation card (src/report/svg.ts columnChart): one bar per
 * scenario per node, a cross for a node that is down, limit lines labelled apart.
 */
import { describe, expect, it } from 'vitest';
import { columnChart, COLOURS } from '../../src/report/svg.js';

const chart = columnChart({
  id: 'test',
  title: 'test chart',
  seriesNames: ['healthy', 'after node loss'],
  seriesColours: [COLOURS.healthy, COLOURS.failure],
  groups: [
    { label: '0', bars: [{ value: 0.3, ok: true, hover: 'n0 healthy' }, { down: 'node 0 lost' }] },
    {
      label: '1',
      bars: [
        { value: 0, ok: true, hover: 'n1 healthy' },
        { value: 0.95, ok: false, hover: 'n1 after', held: true },
      ],
    },
  ],
  references: [
    { value: 0.6, label: '60%', colour: COLOURS.limit },
    { value: 0.62, label: '62%', colour: '#9a3412', dashed: true },
  ],
  xLabel: 'node',
});

function attr(element: string, name: string): number {
  return Number(element.match(new RegExp(` ${name}="([^"]+)"`))![1]);
}

describe('columnChart', () => {
  const rects = [...chart.matchAll(/<rect class="point bar"[^>]*>/g)].map((m) => m[0]);

  it('draws one bar per figure and a cross, not a bar, for a node that is down', () => {
    expect(rects).toHaveLength(3);
    expect(chart.match(/<g class="down" data-series="after node loss" data-group="0"/g)).toHaveLength(1);
    expect(chart).toContain('<title>node 0 lost</title>');
  });

  it('keeps a 0% bar visible and draws a bar over its limit red, a held one lighter with a dashed edge', () => {
    const zero = rects.find((r) => r.includes('data-group="1"') && r.includes('data-series="healthy"'))!;
    expect(attr(zero, 'height')).toBeGreaterThanOrEqual(1);
    const over = rects.find((r) => r.includes('data-series="after node loss"'))!;
    expect(over).toContain(`fill="${COLOURS.limit}"`);
    expect(over).toContain('fill-opacity="0.45"');
    expect(over).toContain('stroke-dasharray');
  });

  it('scales bar heights to the values', () => {
    const h = (group: string, series: string) =>
      attr(
        rects.find((r) => r.includes(`data-group="${group}"`) && r.includes(`data-series="${series}"`))!,
        'height',
      );
    expect(h('1', 'after node loss') / h('0', 'healthy')).toBeCloseTo(0.95 / 0.3, 1);
  });

  it('pushes the labels of limit lines apart when they would overlap', () => {
    const labels = [...chart.matchAll(/<text x="[^"]+" y="([^"]+)" dominant-baseline="middle" style="fill:[^"]+">(6\d%)<\/text>/g)].map((m) => Number(m[1]));
    expect(labels).toHaveLength(2);
    expect(Math.abs(labels[0]! - labels[1]!)).toBeGreaterThanOrEqual(11 - 1e-9);
    expect(chart.match(/<line class="limit reference"/g)).toHaveLength(2);
  });
});
