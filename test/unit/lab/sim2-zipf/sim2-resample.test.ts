import { describe, expect, it } from 'vitest';
import { labRng } from '../../../../src/lib/math/variates';
import { zipf } from '../../../../src/lib/lab/sim2-zipf/sim2-error';
import { resampleGenerations, source } from '../../../../src/lib/lab/sim2-zipf/sim2-resample';

describe('resampling generations', () => {
  it('draws multinomial counts: T0 in all, each type about T0·p_i (head by binomials, tail by inversion)', () => {
    const p = zipf(60, 1.2);
    const src = source(p, 10); // ranks ≥ 10 use the tail branch
    const rng = labRng(3);
    const reps = 4000;
    const T0 = 40;
    const sums = new Float64Array(60);
    for (let r = 0; r < reps; r++) {
      const [gen] = resampleGenerations(src, T0, 1, rng);
      expect(gen.counts.reduce((a, b) => a + b, 0)).toBe(T0);
      for (let j = 1; j < gen.types.length; j++) expect(gen.types[j]).toBeGreaterThan(gen.types[j - 1]);
      gen.types.forEach((t, j) => (sums[t] += gen.counts[j]));
    }
    for (let i = 0; i < 60; i++) {
      const mean = T0 * p[i];
      const se = Math.sqrt((T0 * p[i] * (1 - p[i])) / reps);
      expect(Math.abs(sums[i] / reps - mean), `type ${i}`).toBeLessThan(5 * se);
    }
  });
  it('types only die: every later generation is a subset with the same total', () => {
    const p = zipf(5000, 1.5);
    const chain = resampleGenerations(source(p), 3000, 8, labRng(4));
    for (let g = 1; g < chain.length; g++) {
      const before = new Set(chain[g - 1].types);
      for (const t of chain[g].types) expect(before.has(t)).toBe(true);
      expect(chain[g].counts.reduce((a, b) => a + b, 0)).toBe(3000);
      expect(chain[g].types.length).toBeLessThanOrEqual(chain[g - 1].types.length);
    }
  });
});
