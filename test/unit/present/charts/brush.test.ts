import { describe, expect, it } from 'vitest';
import { makeScale } from '../../../../src/lib/present/charts/scales';
import { brushDomain, snapToEdges } from '../../../../src/lib/present/charts/brush';
import {
  binRange,
  describeRange,
  editRanges,
  inRange,
  type ProbabilityRange,
} from '../../../../src/lib/present/charts/probability-range';
import { decide } from '../../../../src/lib/toedit/flags';
import { DEFAULT_CONFIG, FLAG_RULES } from '../../../../src/lib/toedit/config';

const tenths = Array.from({ length: 11 }, (_, i) => i / 10);

describe('snapToEdges', () => {
  it.each([
    { a: 0.12, b: 0.34, expected: [0.1, 0.4] },
    { a: 0.1, b: 0.4, expected: [0.1, 0.4] },
    { a: 0.95, b: 1, expected: [0.9, 1] },
    { a: 0, b: 0.01, expected: [0, 0.1] },
    { a: 0.5, b: 0.5, expected: [0.5, 0.6] },
    { a: 1, b: 1, expected: [0.9, 1] },
  ])('[$a, $b] → $expected', ({ a, b, expected }) => {
    expect(snapToEdges(a, b, tenths)).toEqual(expected);
  });
});

describe('brushDomain', () => {
  const x = makeScale({ domain: [0, 1], nice: false }, [0, 200]);
  it('inverts, orders and clamps the pixels swept', () => {
    expect(brushDomain(150, 50, x)).toEqual([0.25, 0.75]);
    expect(brushDomain(-40, 20, x)).toEqual([0, 0.1]);
    expect(brushDomain(30, 30, x)).toBeNull();
  });
  it('widens to whole bins when edges are given', () => {
    expect(brushDomain(25, 61, x, tenths)).toEqual([0.1, 0.4]);
  });
});

describe('inRange and binRange', () => {
  it.each([
    { r: binRange(0.1, 0.2), p: 0.1, expected: true },
    { r: binRange(0.1, 0.2), p: 0.2, expected: false },
    { r: binRange(0.9, 1), p: 1, expected: true },
    { r: binRange(0, 0.1), p: 0, expected: true },
    { r: binRange(0, 1), p: NaN, expected: false },
  ])('$p in $r → $expected', ({ r, p, expected }) => {
    expect(inRange(p, r)).toBe(expected);
  });

  it('a brushed set of paper bins counts each probability exactly once (bins partition [0, 1])', () => {
    const ps = [0, 0.05, 0.1, 0.5, 0.99, 0.999, 1];
    for (const p of ps) {
      const hits = tenths.slice(0, -1).filter((lo, i) => inRange(p, binRange(lo, tenths[i + 1])));
      expect(hits).toHaveLength(1);
    }
  });
});

describe('editRanges', () => {
  it('revises and deletes exactly what decide() does, for every rule (at and around the thresholds)', () => {
    const ps = [0, 0.0005, 0.001, 0.0015, 0.2, 0.5, 0.98, 0.99, 0.990001, 0.999, 1];
    for (const rule of FLAG_RULES) {
      const config = { ...DEFAULT_CONFIG, rule };
      const ranges = editRanges(config);
      for (const p of ps) {
        const hit = ranges.find((r) => inRange(p, r.range));
        expect(hit?.action ?? 'keep', `${rule} at p = ${p}`).toBe(decide(p, config));
      }
    }
  });
});

describe('describeRange', () => {
  it.each([
    { r: { lo: 0.99, hi: 1, loOpen: true, hiOpen: false }, expected: 'p > 0.99' },
    { r: { lo: 0.99, hi: 1, loOpen: false, hiOpen: false }, expected: 'p ≥ 0.99' },
    { r: { lo: 0, hi: 0.001, loOpen: false, hiOpen: true }, expected: 'p < 0.001' },
    { r: binRange(0.2, 0.3), expected: '0.2 ≤ p < 0.3' },
  ] as { r: ProbabilityRange; expected: string }[])('$expected', ({ r, expected }) => {
    expect(describeRange(r)).toBe(expected);
  });
});
