import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import {
  drawCategorical,
  nucleusWeights,
  rejectionDraw,
  sample,
  temperedWeights,
} from '../../../src/lib/toedit/samplers';
import { CHI2_CRIT_0_001, chiSquare } from './toedit-fixtures';

const DRAWS = 100_000;

/** A flagged token's top 8: the original at p = 0.991 and residual mass spread unevenly. */
const ps = [0.991, 0.004, 0.002, 0.0012, 0.0008, 0.0005, 0.0003, 0.0002];
const logps = ps.map((p) => Math.fround(Math.log(p)));

function target(beta: number): number[] {
  const w = logps.map((lp) => Math.exp(lp / beta));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}

function histogram(draw: () => number, cells: number): number[] {
  const counts = new Array<number>(cells).fill(0);
  for (let t = 0; t < DRAWS; t++) counts[draw()]++;
  return counts;
}

function expectFits(counts: number[], probabilities: ArrayLike<number>) {
  const { stat, df } = chiSquare(counts, probabilities);
  expect(df).toBeGreaterThan(0);
  expect(stat).toBeLessThan(CHI2_CRIT_0_001[df]);
}

describe('temperedWeights', () => {
  it('is p^(1/β) renormalised over the candidates', () => {
    const q = temperedWeights(logps, 1.5);
    target(1.5).forEach((t, j) => expect(q[j]).toBeCloseTo(t, 14));
    expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });
  it('β = 1 gives the top-k probabilities renormalised', () => {
    const q = temperedWeights([Math.log(0.5), Math.log(0.25)], 1);
    expect(Array.from(q)).toEqual([2 / 3, 1 / 3].map((x) => expect.closeTo(x, 15)));
  });
  it('does not overflow or underflow on extreme log-probs', () => {
    const q = temperedWeights([-1e4, -1e4 - Math.log(3)], 1);
    expect(q[0]).toBeCloseTo(0.75, 12);
  });
  it('all-zero candidates fall back to uniform rather than NaN', () => {
    expect(Array.from(temperedWeights([-Infinity, -Infinity], 1))).toEqual([0.5, 0.5]);
  });
});

describe('nucleusWeights', () => {
  it('keeps the smallest most-probable prefix reaching top-p, renormalised', () => {
    const q = Float64Array.from([0.1, 0.6, 0.3]);
    expect(Array.from(nucleusWeights(q, 0.9))).toEqual(
      [0, 0.6 / 0.9, 0.3 / 0.9].map((x) => expect.closeTo(x, 15)),
    );
    expect(Array.from(nucleusWeights(q, 0.5))).toEqual([0, 1, 0]);
    expect(Array.from(nucleusWeights(q, 1)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });
});

describe('drawCategorical', () => {
  it('maps u to the inverse CDF and never returns a zero-weight cell', () => {
    const w = Float64Array.from([0.25, 0, 0.75]);
    expect(drawCategorical(w, 0)).toBe(0);
    expect(drawCategorical(w, 0.2499)).toBe(0);
    expect(drawCategorical(w, 0.25)).toBe(2);
    expect(drawCategorical(w, 0.9999999999999999)).toBe(2);
    expect(drawCategorical(Float64Array.from([0.5, 0.5, 0]), 0.9999999999999999)).toBe(1);
  });
});

describe(`sampler frequencies match their targets (chi-square, ${DRAWS} seeded draws, p = 0.001)`, () => {
  for (const beta of [1, 1.5, 3]) {
    it(`top-k, β = ${beta}`, () => {
      const rng = seededRng(11);
      expectFits(
        histogram(() => sample('top-k', logps, beta, 1, rng).index, 8),
        target(beta),
      );
    });
  }

  it('top-k over a flat-ish distribution (every cell well populated)', () => {
    const flat = [0.3, 0.2, 0.15, 0.12, 0.1, 0.07, 0.04, 0.02].map(Math.log);
    const rng = seededRng(12);
    expectFits(
      histogram(() => sample('top-k', flat, 1.5, 1, rng).index, 8),
      temperedWeights(flat, 1.5),
    );
  });

  it('top-p within the top-k: the nucleus renormalised, nothing outside it', () => {
    const flat = [0.3, 0.2, 0.15, 0.12, 0.1, 0.07, 0.04, 0.02].map(Math.log);
    const rng = seededRng(13);
    const w = nucleusWeights(temperedWeights(flat, 1), 0.8);
    expect(Array.from(w).filter((x) => x > 0).length).toBe(5);
    expectFits(
      histogram(() => sample('top-p', flat, 1, 0.8, rng).index, 8),
      w,
    );
  });

  for (const beta of [1, 1.5]) {
    it(`rejection (RSO form), β = ${beta}: accepted candidates ∝ p^(1/β)`, () => {
      const rng = seededRng(14);
      expectFits(
        histogram(() => rejectionDraw(logps, beta, rng), 8),
        target(beta),
      );
    });
  }

  it('the chi-square check has power: top-k at β = 1.5 does not fit the β = 1 target', () => {
    const rng = seededRng(15);
    const { stat, df } = chiSquare(
      histogram(() => sample('top-k', logps, 1.5, 1, rng).index, 8),
      target(1),
    );
    expect(stat).toBeGreaterThan(CHI2_CRIT_0_001[df]);
  });
});

describe('sample', () => {
  it('reports the distribution it drew from', () => {
    const d = sample('rejection', logps, 1.5, 1, seededRng(1));
    target(1.5).forEach((t, j) => expect(d.weights[j]).toBeCloseTo(t, 14));
  });
  it('refuses an empty candidate list', () => {
    expect(() => sample('top-k', [], 1, 1, seededRng(1))).toThrow(/no candidates/);
  });
});
