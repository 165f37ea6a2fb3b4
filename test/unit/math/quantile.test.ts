import { quantile } from 'd3-array';
import { describe, expect, it } from 'vitest';
import { quantilesInPlace, selectInPlace } from '../../../src/lib/math/quantile';
import { labRng, subSeed } from '../../../src/lib/math/variates';

describe('quantilesInPlace', () => {
  it('agrees with d3.quantile (type 7) on random, tied, sorted and reversed samples', () => {
    const r = labRng(1);
    const samples: Float64Array[] = [
      Float64Array.from({ length: 500 }, () => r.normal()),
      Float64Array.from({ length: 37 }, () => Math.floor(r.uniform() * 4)),
      Float64Array.from({ length: 100 }, (_, i) => i),
      Float64Array.from({ length: 101 }, (_, i) => -i),
      Float64Array.of(3),
      Float64Array.of(2, 1),
    ];
    const ps = [0, 0.1, 0.25, 0.5, 0.9, 1];
    for (const s of samples) {
      const want = ps.map((p) => quantile(s, p)!);
      expect(Array.from(quantilesInPlace(Float64Array.from(s), ps))).toEqual(want);
    }
  });
  it('selectInPlace puts the k-th smallest at k with smaller values left of it', () => {
    const r = labRng(2);
    const a = Float64Array.from({ length: 301 }, () => r.uniform());
    const sorted = Float64Array.from(a).sort();
    selectInPlace(a, 77);
    expect(a[77]).toBe(sorted[77]);
    for (let i = 0; i < 77; i++) expect(a[i]).toBeLessThanOrEqual(a[77]);
  });
  it('refuses an empty sample', () => expect(() => quantilesInPlace(new Float64Array(0), [0.5])).toThrow());
});

describe('subSeed', () => {
  it('gives distinct non-negative 31-bit seeds per stream and is a pure function', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => subSeed(1, i)));
    expect(seeds.size).toBe(1000);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    expect(subSeed(5, 3)).toBe(subSeed(5, 3));
    expect(subSeed(5, 3)).not.toBe(subSeed(6, 3));
  });
});
