import { describe, expect, it } from 'vitest';
import {
  addValue,
  binIndex,
  emptyHistogram,
  finalizeHistogram,
  histogramTotal,
  linearEdges,
  mergeHistograms,
} from '../../../src/lib/stats/measures/fixed-histogram';
import { isInsufficient } from '../../../src/lib/stats/measures/statistic';
import { seededRng } from '../../../src/lib/math/seeded';

const TEN = linearEdges(0, 1, 10);

describe('linearEdges', () => {
  it('puts edge i at exactly i/bins on [0, 1]', () => {
    for (const bins of [10, 300, 7]) {
      const e = linearEdges(0, 1, bins);
      expect(e.length).toBe(bins + 1);
      e.forEach((x, i) => expect(x).toBe(i / bins));
    }
  });
  it('ends exactly at hi on other ranges', () => {
    expect(linearEdges(-10, 0, 100)[100]).toBe(0);
    expect(linearEdges(-10, 0, 100)[0]).toBe(-10);
  });
  it('rejects bad ranges', () => {
    expect(() => linearEdges(1, 0, 10)).toThrow(RangeError);
    expect(() => linearEdges(0, 1, 0)).toThrow(RangeError);
  });
});

describe('binIndex on the paper bins [0,.1) … [.9,1]', () => {
  const cases: [number, number][] = [
    [0, 0],
    [0.05, 0],
    [0.09999999, 0],
    [0.1, 1],
    [0.2, 2],
    [0.3, 3],
    [0.5, 5],
    [0.9, 9],
    [0.95, 9],
    [1, 9], // the last bin is closed
    [-0.001, -1],
    [-Infinity, -1],
    [1.0000001, 10],
  ];
  it.each(cases)('%f → bin %i', (x, bin) => expect(binIndex(TEN, x)).toBe(bin));
  it('puts every edge i/10 in bin i (and 1 in the last)', () => {
    for (let i = 0; i < 10; i++) expect(binIndex(TEN, i / 10)).toBe(i);
  });
  it('refuses NaN', () => expect(() => binIndex(TEN, NaN)).toThrow(RangeError));
});

describe('FixedHistogram', () => {
  it('conserves counts: every value lands in exactly one bin, underflow or overflow', () => {
    const rng = seededRng(7);
    const h = emptyHistogram(TEN);
    const values = Array.from({ length: 5000 }, () => rng() * 1.2 - 0.1).concat([0, 0.1, 1, -Infinity, 2]);
    for (const v of values) addValue(h, v);
    expect(histogramTotal(h)).toBe(values.length);
    const inRange = values.filter((v) => v >= 0 && v <= 1).length;
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(inRange);
    expect(h.underflow).toBe(values.filter((v) => v < 0).length);
    expect(h.overflow).toBe(values.filter((v) => v > 1).length);
  });

  it('finalizes to shares that sum to 1 with under/overflow', () => {
    const h = emptyHistogram(TEN);
    for (const v of [0, 0.15, 0.15, 1, 3]) addValue(h, v);
    const r = finalizeHistogram(h);
    if (isInsufficient(r)) throw new Error(r.insufficient);
    expect(r.total).toBe(5);
    expect(Array.from(r.counts)).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(r.shares.reduce((a, b) => a + b, 0) + r.underflowShare + r.overflowShare).toBeCloseTo(1, 15);
  });

  it('says so when empty', () => {
    expect(isInsufficient(finalizeHistogram(emptyHistogram(TEN)))).toBe(true);
  });

  it('merges by adding counts and refuses different edges', () => {
    const a = emptyHistogram(TEN);
    const b = emptyHistogram(linearEdges(0, 1, 10));
    addValue(a, 0.5);
    addValue(b, 0.5);
    addValue(b, -1);
    const m = mergeHistograms(a, b);
    expect(m.counts[5]).toBe(2);
    expect(m.underflow).toBe(1);
    expect(a.counts[5]).toBe(1); // inputs untouched
    expect(() => mergeHistograms(a, emptyHistogram(linearEdges(0, 1, 20)))).toThrow(RangeError);
  });

  it('rejects edges that do not increase', () => {
    expect(() => emptyHistogram(Float64Array.from([0, 1, 1]))).toThrow(RangeError);
  });
});
