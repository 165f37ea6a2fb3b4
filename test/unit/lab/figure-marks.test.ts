import { describe, expect, it } from 'vitest';
import {
  axisDomain,
  decimate,
  figureTable,
  formatNumber,
  hasData,
  legendEntries,
  logTickLabel,
  styleSeries,
} from '../../../src/lib/lab/figure-marks';
import type { Figure } from '../../../src/lib/lab/simulation';

const figure = (over: Partial<Figure> = {}): Figure => ({
  id: 'f',
  title: 'F',
  x: { label: 'generation', scale: 'linear' },
  y: { label: 'σ', scale: 'log' },
  series: [
    {
      label: 'M = 10',
      kind: 'simulated',
      group: '10',
      x: [0, 1, 2],
      y: [1, 0.5, NaN],
      lo: [1, 0.2, 0],
      hi: [1, 0.9, 0.4],
    },
    { label: 'M = 10', kind: 'closed-form', group: '10', x: [0, 1, 2], y: [1, 0.6, 0.3] },
    { label: 'M = 100', kind: 'simulated', group: '100', x: [0, 1, 2], y: [1, 0.9, 0.8] },
    { label: 'σ0', kind: 'reference', x: [0, 2], y: [1, 1] },
    { label: 'bound', kind: 'paper-bound', group: '10', x: [0, 2], y: [2, 2] },
  ],
  rules: [{ axis: 'x', value: 5, label: 'g*' }],
  ...over,
});

describe('styleSeries', () => {
  it('gives one colour per group, grey to references, and the kind its line style', () => {
    const styled = styleSeries(figure());
    expect(styled.map((s) => s.color)).toEqual(['#0072B2', '#0072B2', '#D55E00', '#6b7280', '#0072B2']);
    expect(styled.map((s) => s.style.dash)).toEqual(['', '7 4', '', '', '2 3']);
    expect(styled[0].points[1]).toEqual({ x: 1, y: 0.5, lo: 0.2, hi: 0.9 });
  });

  it('labels paper bounds as such in the legend, once per label and kind', () => {
    const legend = legendEntries(styleSeries(figure()));
    expect(legend.map((l) => `${l.label} (${l.style.suffix})`)).toEqual([
      'M = 10 (simulated)',
      'M = 10 (closed form)',
      'M = 100 (simulated)',
      'σ0 (reference)',
      'bound (paper bound)',
    ]);
    expect(legend.map((l) => l.band)).toEqual([true, false, false, false, false]);
  });
});

describe('axisDomain', () => {
  it('spans finite data and rules; on a log axis only positive values (bands included)', () => {
    expect(axisDomain(figure(), 'x')).toEqual([0, 5]);
    // lo = 0 at x = 2 is not drawable on the log axis; y = NaN there drops the whole point.
    expect(axisDomain(figure(), 'y')).toEqual([0.2, 2]);
  });

  it('uses a fixed domain when the axis has a usable one', () => {
    expect(axisDomain(figure({ x: { label: 'p', scale: 'linear', domain: [1, 0] } }), 'x')).toEqual([0, 1]);
    expect(axisDomain(figure({ y: { label: 'σ', scale: 'log', domain: [0, 1] } }), 'y')).toEqual([0.2, 2]);
  });

  it('is undefined when nothing can be drawn, so the page says so instead of drawing NaN', () => {
    const empty = figure({
      series: [{ label: 'a', kind: 'simulated', x: [NaN, 1], y: [1, Infinity] }],
      rules: [],
    });
    expect(axisDomain(empty, 'x')).toBeUndefined();
    expect(hasData(empty)).toBe(false);
    expect(hasData(figure())).toBe(true);
  });
});

describe('figureTable', () => {
  it('has one row per point and rule, in long form', () => {
    const t = figureTable(figure());
    expect(t.columns).toEqual(['series', 'kind', 'group', 'generation', 'σ', 'lo', 'hi']);
    expect(t.rows).toHaveLength(3 + 3 + 3 + 2 + 2 + 1);
    expect(t.rows[1]).toEqual(['M = 10', 'simulated', '10', 1, 0.5, 0.2, 0.9]);
    expect(t.rows.at(-1)).toEqual(['g*', 'rule-x', '', 5, null, null, null]);
  });
});

describe('formatNumber', () => {
  it.each<[number, string]>([
    [NaN, '—'],
    [Infinity, '∞'],
    [-Infinity, '−∞'],
    [0, '0'],
    [12345, '12,345'],
    [0.72727272, '0.7273'],
    [-0.5, '−0.5'],
    [6.9e-5, '6.90e−5'],
    [-1.5e-7, '−1.50e−7'],
    [2.5e9, '2.50e9'],
    [123.456, '123.5'],
  ])('%d → %s', (v, text) => {
    expect(formatNumber(v)).toBe(text);
  });
});

describe('logTickLabel', () => {
  it.each<[number, string]>([
    [1, '1'],
    [10, '10'],
    [10000, '10,000'],
    [1e5, '10⁵'],
    [1e6, '10⁶'],
    [0.1, '0.1'],
    [0.001, '0.001'],
    [1e-4, '10⁻⁴'],
    [1e-300, '10⁻³⁰⁰'],
    [2, ''],
    [50, ''],
    [0, ''],
    [-10, ''],
    [NaN, ''],
  ])('%d → %j', (v, label) => {
    expect(logTickLabel(v)).toBe(label);
  });
});

describe('decimate', () => {
  const noisy = Array.from({ length: 5001 }, (_, g) => ({
    x: g,
    y: Math.exp(-g / 1000) * (1 + 0.3 * Math.sin(g * 1.7)) + (g === 2345 ? 5 : 0),
    lo: 0.5,
    hi: 2,
  }));

  it('leaves short series alone', () => {
    const short = noisy.slice(0, 100);
    expect(decimate(short, 400)).toEqual(short);
  });

  it('keeps at most two points per bucket, in x order, with the ends, the minimum and the spike', () => {
    const d = decimate(noisy, 400);
    expect(d.length).toBeLessThanOrEqual(2 * 400 + 2);
    expect(d.length).toBeGreaterThan(400);
    expect(d[0]).toBe(noisy[0]);
    expect(d.at(-1)).toBe(noisy.at(-1));
    for (let i = 1; i < d.length; i++) expect(d[i].x).toBeGreaterThan(d[i - 1].x);
    const ys = noisy.map((p) => p.y);
    expect(d.map((p) => p.y)).toContain(Math.max(...ys));
    expect(d.map((p) => p.y)).toContain(Math.min(...ys));
    expect(d.find((p) => p.x === 2345)?.y).toBeGreaterThan(5);
  });

  it('keeps the gaps where a line must break', () => {
    const gappy = noisy.map((p) => (p.x >= 3000 && p.x < 3010 ? { ...p, y: NaN } : p));
    const d = decimate(gappy, 400);
    expect(d.filter((p) => Number.isNaN(p.y)).length).toBe(10);
  });
});
