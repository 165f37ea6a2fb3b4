import { describe, expect, it } from 'vitest';
import { makeScale } from '../../../../src/lib/present/charts/scales';
import {
  bandLinePaths,
  binRects,
  binsFromEdges,
  envelopePath,
  groupedBarRects,
  roundNumbers,
  stepPaths,
} from '../../../../src/lib/present/charts/marks';

const x01 = makeScale({ domain: [0, 1], nice: false }, [0, 100]);
const y10 = makeScale({ domain: [0, 10], nice: false, reverse: true }, [0, 50]);

describe('binsFromEdges', () => {
  it('pairs each value with its edges and refuses a mismatch', () => {
    expect(binsFromEdges([0, 0.5, 1], [3, 4])).toEqual([
      { x0: 0, x1: 0.5, value: 3 },
      { x0: 0.5, x1: 1, value: 4 },
    ]);
    expect(() => binsFromEdges([0, 1], [1, 2])).toThrow(/2 edges for 2 values/);
  });
});

describe('binRects', () => {
  it('draws each bin from the baseline to its value, skipping non-finite values', () => {
    const rects = binRects(binsFromEdges([0, 0.25, 0.5, 0.75, 1], [10, 5, NaN, 0]), x01, y10);
    expect(rects.map(({ x, y, width, height }) => ({ x, y, width, height }))).toEqual([
      { x: 0, y: 0, width: 25, height: 50 },
      { x: 25, y: 25, width: 25, height: 25 },
      { x: 75, y: 50, width: 25, height: 0 },
    ]);
  });

  it('on a log y scale starts at the bottom and leaves out zero counts', () => {
    const ylog = makeScale({ type: 'log', domain: [1, 100], nice: false, reverse: true }, [0, 100]);
    const rects = binRects(binsFromEdges([0, 0.5, 1], [10, 0]), x01, ylog);
    expect(rects).toHaveLength(1);
    expect(rects[0].y).toBeCloseTo(50, 9);
    expect(rects[0].y + rects[0].height).toBe(100);
  });

  it('clips bins to the x range and leaves a gap between neighbours', () => {
    const rects = binRects(binsFromEdges([-1, 0.5, 2], [1, 1]), x01, y10, 2);
    expect(rects.map((r) => [r.x, r.width])).toEqual([
      [1, 48],
      [51, 48],
    ]);
  });

  it('every bar lies inside the plot area (invariant over random bins)', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const edges = [0, ...Array.from({ length: 40 }, () => rand())].sort((a, b) => a - b);
    const unique = edges.filter((e, i) => i === 0 || e > edges[i - 1]);
    const values = unique.slice(1).map(() => rand() * 10);
    for (const r of binRects(binsFromEdges(unique, values), x01, y10)) {
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.x + r.width).toBeLessThanOrEqual(100 + 1e-9);
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.y + r.height).toBeCloseTo(50, 9);
    }
  });
});

describe('stepPaths', () => {
  it('outlines bins as steps ending at the last right edge', () => {
    const { line, area } = stepPaths(binsFromEdges([0, 0.5, 1], [10, 5]), x01, y10);
    expect(line).toBe('M0,0L50,0L50,25L100,25L100,25');
    expect(area.startsWith('M0,0')).toBe(true);
    expect(area.endsWith('Z')).toBe(true);
  });

  it('breaks the outline at a non-finite value', () => {
    const { line } = stepPaths(binsFromEdges([0, 0.25, 0.5, 0.75, 1], [1, NaN, 1, 1]), x01, y10);
    expect(line.match(/M/g)).toHaveLength(2);
  });
});

describe('bandLinePaths', () => {
  it('draws a line, and a band only where both ends are finite', () => {
    const pts = [
      { x: 0, y: 5, lo: 4, hi: 6 },
      { x: 0.5, y: 6, lo: 5, hi: 7 },
      { x: 1, y: 7 },
    ];
    const { line, band } = bandLinePaths(pts, x01, y10);
    expect(line).toBe('M0,25L50,20L100,15');
    expect(band).toBe('M0,20L50,15L50,25L0,30Z');
    expect(bandLinePaths([{ x: 0, y: 1 }], x01, y10).band).toBe('');
  });

  it('on log–log axes drops points at zero instead of drawing to −∞', () => {
    const lx = makeScale({ type: 'log', domain: [1, 100], nice: false }, [0, 100]);
    const ly = makeScale({ type: 'log', domain: [1, 100], nice: false, reverse: true }, [0, 100]);
    const { line } = bandLinePaths(
      [
        { x: 1, y: 100 },
        { x: 10, y: 10 },
        { x: 100, y: 0 },
      ],
      lx,
      ly,
    );
    expect(roundNumbers(line)).toBe('M0,0L50,50');
  });
});

describe('envelopePath', () => {
  it('keeps one point per pixel column, the largest value in it', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => (i % 100 === 0 ? 10 : 1));
    const x = makeScale({ domain: [0, 9_999], nice: false }, [0, 500]);
    const { columns, line, area } = envelopePath(values, x, y10);
    expect(columns).toBeLessThanOrEqual(501);
    expect(columns).toBeGreaterThan(400);
    // Every 100th bucket spikes to 10 (y = 0), and the spikes survive the aggregation.
    expect(line.match(/,0(?=L|$)/g)?.length).toBe(100);
    expect(area.endsWith('Z')).toBe(true);
  });

  it('skips non-finite values and returns empty paths for no data', () => {
    expect(envelopePath([NaN, Infinity], x01, y10)).toEqual({ line: '', area: '', columns: 0 });
  });
});

describe('groupedBarRects', () => {
  it('places one bar per series inside each category band', () => {
    const rects = groupedBarRects(2, 2, (c, s) => (c + 1) * (s + 1), { left: 0, right: 100 }, y10, 0.2);
    expect(rects.map((r) => roundNumbers(`${r.x} ${r.width} ${r.y} ${r.height}`))).toEqual([
      '5 20 45 5',
      '25 20 40 10',
      '55 20 40 10',
      '75 20 30 20',
    ]);
  });
});

describe('roundNumbers', () => {
  it.each([
    { text: 'M0.123456,10.98765', expected: 'M0.123,10.988' },
    { text: 'x="-0.0001"', expected: 'x="0"' },
    { text: 'L1e-7,3', expected: 'L1e-7,3' },
    { text: '12 34', expected: '12 34' },
  ])('$text → $expected', ({ text, expected }) => {
    expect(roundNumbers(text)).toBe(expected);
  });
});
