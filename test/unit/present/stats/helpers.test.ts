import { describe, expect, it } from 'vitest';
import { histogramQuantile } from '../../../../src/lib/present/stats/histogram-quantiles';
import { slopeLine } from '../../../../src/lib/present/stats/rank-frequency';
import { jsonSafe } from '../../../../src/lib/present/stats/json-export';
import {
  formatNumber,
  formatShare,
  showEstimate,
  showMaybe,
} from '../../../../src/lib/present/stats/stat-format';
import { editShare } from '../../../../src/lib/present/stats/probability-view';
import { DEFAULT_CONFIG } from '../../../../src/lib/toedit/config';
import { insufficient, isInsufficient } from '../../../../src/lib/stats/measures/statistic';

describe('histogramQuantile', () => {
  const edges = [0, 0.25, 0.5, 0.75, 1];
  it.each([
    { counts: [1, 1, 1, 1], q: 0.5, expected: 0.5 },
    { counts: [1, 1, 1, 1], q: 0.25, expected: 0.25 },
    { counts: [1, 1, 1, 1], q: 1, expected: 1 },
    { counts: [0, 4, 0, 0], q: 0.5, expected: 0.375 },
    { counts: [0, 4, 0, 0], q: 0, expected: 0.25 },
    { counts: [2, 0, 0, 2], q: 0.5, expected: 0.25 },
  ])('$counts at $q → $expected', ({ counts, q, expected }) => {
    expect(histogramQuantile(edges, counts, q)).toBeCloseTo(expected, 12);
  });

  it('is monotone in q and within one bin of the exact quantile of the binned values', () => {
    const values = Array.from({ length: 997 }, (_, i) => ((i * 7919) % 997) / 997);
    const fine = Array.from({ length: 301 }, (_, i) => i / 300);
    const counts = new Array(300).fill(0);
    for (const v of values) counts[Math.min(299, Math.floor(v * 300))]++;
    const sorted = [...values].sort((a, b) => a - b);
    let previous = -Infinity;
    for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) {
      const v = histogramQuantile(fine, counts, q) as number;
      expect(v).toBeGreaterThanOrEqual(previous);
      previous = v;
      expect(Math.abs(v - sorted[Math.floor(q * (sorted.length - 1))])).toBeLessThanOrEqual(1 / 300 + 1e-9);
    }
  });

  it('counts the underflow at the bottom, and an empty histogram is insufficient', () => {
    expect(histogramQuantile(edges, [0, 0, 0, 1], 0.25, 3)).toBe(0);
    expect(isInsufficient(histogramQuantile(edges, [0, 0, 0, 0], 0.5))).toBe(true);
    expect(() => histogramQuantile(edges, [1], 0.5)).toThrow(RangeError);
    expect(() => histogramQuantile(edges, [1, 1, 1, 1], 1.5)).toThrow(RangeError);
  });
});

describe('slopeLine', () => {
  const curve = Array.from({ length: 1000 }, (_, i) => ({ x: i + 1, y: 10_000 / (i + 1) }));
  it('goes through the curve at the anchor rank with slope −s, down to frequency 1', () => {
    const line = slopeLine(curve, 1, 10);
    expect(line[0].x).toBe(1);
    expect(line[0].y).toBeCloseTo(10_000, 6); // f(10) = 1000, slope −1
    expect(line[1].x).toBe(1000); // frequency 1 would be at rank 10 000: capped at the last rank
    expect(line[1].y).toBeCloseTo(10, 6);
    const steep = slopeLine(curve, 2, 10);
    expect(steep[1].x).toBeCloseTo(10 * Math.sqrt(1000), 6); // f = 1000·(r/10)^−2 reaches 1 at r = 10√1000
    expect(steep[1].y).toBeCloseTo(1, 9);
  });
  it.each([
    { s: 0, why: 'a flat or rising slope' },
    { s: NaN, why: 'no fit' },
    { s: Infinity, why: 'an infinite slope' },
  ])('draws nothing for $why', ({ s }) => {
    expect(slopeLine(curve, s)).toEqual([]);
  });
  it('draws nothing for an empty curve', () => expect(slopeLine([], 1)).toEqual([]));
});

describe('jsonSafe', () => {
  it('turns typed arrays into arrays, non-finite numbers into strings, and drops omitted keys', () => {
    const value = {
      a: new Float64Array([1, NaN, Infinity]),
      b: [{ text: 'secret', n: -Infinity }],
      m: new Map([[1, 'x']]),
      u: undefined,
    };
    expect(jsonSafe(value, ['text'])).toEqual({
      a: [1, 'NaN', 'Infinity'],
      b: [{ n: '-Infinity' }],
      m: { '1': 'x' },
    });
    expect(JSON.parse(JSON.stringify(jsonSafe(value)))).toMatchObject({ b: [{ text: 'secret' }] });
  });
});

describe('format', () => {
  it.each([
    { x: 0.123456, expected: '0.1235' },
    { x: 1234.5, expected: '1235' },
    { x: -2.5, expected: '−2.5' },
    { x: 0, expected: '0' },
    { x: 1e-7, expected: '1.000e−7' },
    { x: NaN, expected: '—' },
    { x: Infinity, expected: '∞' },
  ])('formatNumber($x) → $expected', ({ x, expected }) => {
    expect(formatNumber(x)).toBe(expected);
  });

  it('shows a reason instead of a number when the statistic is insufficient or not finite', () => {
    expect(showMaybe(insufficient('one document'))).toEqual({
      ok: false,
      text: 'n/a',
      reason: 'one document',
    });
    expect(showMaybe(NaN).ok).toBe(false);
    expect(showMaybe(0.5, (v) => formatShare(v, 0))).toEqual({ ok: true, text: '50 %' });
    const interval = { low: 0.1, high: 0.3, level: 0.95, replicates: 200, method: 'bootstrap' };
    const test = {
      replicates: 199,
      pValue: 0.005,
      mean: 0.05,
      quantile: 0.0712,
      level: 0.95,
      method: 'perm',
    };
    expect(showEstimate({ value: 0.2, plugin: 0.2, interval, test })).toMatchObject({
      text: '0.2 [0.1, 0.3]',
      detail: ['p ≤ 0.005 · null 95 %: 0.0712'],
    });
    const plain = {
      value: 0.2,
      plugin: 0.25,
      interval: insufficient('no interval'),
      test: insufficient('no null'),
    };
    expect(showEstimate(plain)).toMatchObject({
      text: '0.2',
      detail: ['plug-in 0.25'],
      title: 'no interval\nno null',
    });
    expect(
      showEstimate({ ...plain, test: { ...test, pValue: 0.31 } }, undefined, { around: 0.5 }),
    ).toMatchObject({
      detail: ['plug-in 0.25', 'p = 0.31 · null 95 %: 0.5 ± 0.0712'],
    });
  });
});

describe('editShare', () => {
  const tails = {
    tokens: 100,
    uShape: 0.5,
    flagRates: [{ threshold: 0.99, count: 30, rate: 0.3 }],
    dropRates: [{ threshold: 0.001, count: 5, rate: 0.05 }],
  };
  it.each([
    { rule: 'above', tau: 0.99, expected: { revise: 30, remove: null } },
    { rule: 'low_drop_up_revise', tau: 0.99, expected: { revise: 30, remove: 5 } },
    { rule: 'filtering', tau: 0.99, expected: { revise: null, remove: 5 } },
  ] as const)('$rule at τ = $tau', ({ rule, tau, expected }) => {
    const s = editShare(tails, { ...DEFAULT_CONFIG, rule, tau });
    if (isInsufficient(s)) throw new Error(s.insufficient);
    expect({ revise: s.revise?.count ?? null, remove: s.remove?.count ?? null }).toEqual(expected);
  });
  it.each([
    { rule: 'above', tau: 0.95, reason: /analyse again for p > 0.95/ },
    { rule: 'at-least', tau: 0.99, reason: /rule 'at-least' is not one of them/ },
  ] as const)('insufficient for $rule at τ = $tau', ({ rule, tau, reason }) => {
    const s = editShare(tails, { ...DEFAULT_CONFIG, rule, tau });
    expect(isInsufficient(s) && s.insufficient).toMatch(reason);
  });
});
