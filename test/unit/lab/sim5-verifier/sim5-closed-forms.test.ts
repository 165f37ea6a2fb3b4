import { describe, expect, it } from 'vitest';
import { closedFormAccuracy } from '../../../../src/lib/lab/sim4-verification/sim4-closed-forms';
import { predictedCurve } from '../../../../src/lib/lab/sim5-verifier/sim5-closed-forms';
import {
  verifierEstimates,
  type VerifierEstimates,
} from '../../../../src/lib/lab/sim5-verifier/sim5-estimates';
import { isInsufficient } from '../../../../src/lib/stats/measures/statistic';

const M = { d: 100, mu: 1 };

function estimates(counts: { tp: number; fn: number; fp: number; tn: number }): VerifierEstimates {
  const e = verifierEstimates(counts);
  if (isInsufficient(e)) throw new Error(e.insufficient);
  return e;
}

describe('the accuracy Sim 4A predicts for a measured verifier', () => {
  it('is the closed form at the estimates, with a band from the Wilson intervals’ corners', () => {
    const e = estimates({ tp: 3, fn: 1, fp: 1, tn: 2 });
    const curve = predictedCurve(e, M);
    expect(curve.x[0]).toBe(10);
    expect(curve.x.at(-1)).toBe(1e6);
    curve.x.forEach((n, i) => {
      expect(curve.y[i]).toBeCloseTo(closedFormAccuracy(n, e.p, e, M), 12);
      expect(curve.lo[i]).toBeLessThanOrEqual(curve.y[i] + 1e-12);
      expect(curve.hi[i]).toBeGreaterThanOrEqual(curve.y[i] - 1e-12);
      expect(curve.noVerifier[i]).toBe(closedFormAccuracy(n, e.p, { phi: 1, psi: 1 }, M));
    });
  });

  it('narrows as the counts grow', () => {
    const width = (k: number) => {
      const c = predictedCurve(estimates({ tp: 30 * k, fn: 10 * k, fp: 10 * k, tn: 20 * k }), M);
      return c.hi[25] - c.lo[25];
    };
    expect(width(10)).toBeLessThan(width(1));
  });
});
