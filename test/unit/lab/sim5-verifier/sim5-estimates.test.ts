import { describe, expect, it } from 'vitest';
import { labRng } from '../../../../src/lib/math/variates';
import { effectiveSampleSize } from '../../../../src/lib/lab/sim4-verification/sim4-closed-forms';
import {
  confusion,
  thresholdSweep,
  verifierEstimates,
  wilsonInterval,
  type VerifierEstimates,
} from '../../../../src/lib/lab/sim5-verifier/sim5-estimates';
import { isInsufficient, type Maybe } from '../../../../src/lib/stats/measures/statistic';

function sufficient(e: Maybe<VerifierEstimates>): VerifierEstimates {
  if (isInsufficient(e)) throw new Error(e.insufficient);
  return e;
}

describe('Wilson interval', () => {
  it.each([
    { k: 0, n: 10, lo: 0, hi: 0.27753 },
    { k: 10, n: 10, lo: 0.72247, hi: 1 },
    { k: 5, n: 10, lo: 0.23659, hi: 0.76341 },
    { k: 1, n: 1, lo: 0.20654, hi: 1 },
    { k: 355, n: 356, lo: 0.98429, hi: 0.9995 },
  ])('$k of $n → [$lo, $hi]', ({ k, n, lo, hi }) => {
    const w = wilsonInterval(k, n);
    expect(w.lo).toBeCloseTo(lo, 4);
    expect(w.hi).toBeCloseTo(hi, 4);
  });

  it('contains the estimate, stays in [0, 1] and narrows with n', () => {
    for (const n of [1, 7, 100, 10_000]) {
      for (const k of [0, Math.floor(n / 3), n]) {
        const w = wilsonInterval(k, n);
        expect(w.lo).toBeGreaterThanOrEqual(0);
        expect(w.hi).toBeLessThanOrEqual(1);
        expect(w.lo).toBeLessThanOrEqual(k / n + 1e-12);
        expect(w.hi).toBeGreaterThanOrEqual(k / n - 1e-12);
      }
    }
    const width = (n: number) => wilsonInterval(n / 2, n).hi - wilsonInterval(n / 2, n).lo;
    expect(width(1000)).toBeLessThan(width(100));
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
  });
});

describe('verifier estimates', () => {
  it('computes every quantity from the four counts', () => {
    const e = sufficient(verifierEstimates({ tp: 355, fn: 1, fp: 14, tn: 130 }));
    expect(e.n).toBe(500);
    expect(e.p).toBeCloseTo(144 / 500, 12);
    expect(e.phi).toBeCloseTo(355 / 356, 12);
    expect(e.psi).toBeCloseTo(14 / 144, 12);
    expect(e.pStar).toBeCloseTo(e.phi / (e.phi + e.psi), 12);
    expect(e.helps).toBe(true);
    expect(e.keepRate).toBeCloseTo(369 / 500, 12);
    expect(e.postSelectionError).toBeCloseTo(14 / 369, 12);
    expect(e.effectiveN).toBeCloseTo(341 ** 2 / 369, 9);
    expect(e.phiInterval).toEqual(wilsonInterval(355, 356));
    expect(e.psiInterval).toEqual(wilsonInterval(14, 144));
  });

  it('agrees with Sim 4: n·λ²/α at the estimates, and the verdict p̂ < p̂* ⇔ TP > FP', () => {
    const rng = labRng(4);
    for (let i = 0; i < 500; i++) {
      const c = {
        tp: Math.floor(rng.uniform() * 50),
        fn: Math.floor(rng.uniform() * 50),
        fp: Math.floor(rng.uniform() * 50),
        tn: Math.floor(rng.uniform() * 50),
      };
      const e = verifierEstimates(c);
      if (isInsufficient(e)) continue;
      expect(e.helps).toBe(c.tp > c.fp);
      // At TP = FP, p̂ = p̂* exactly in reals; in floats either may come out a hair above the other.
      if (c.tp === c.fp) expect(e.p).toBeCloseTo(e.pStar, 12);
      else expect(e.helps).toBe(e.p < e.pStar);
      expect(e.pStar >= 0 && e.pStar <= 1).toBe(true);
      expect(e.effectiveN).toBeCloseTo(effectiveSampleSize(e.n, e.p, e), 8);
    }
  });

  it('says why it cannot estimate: no wrong, no correct, nothing kept', () => {
    const reason = (c: { tp: number; fn: number; fp: number; tn: number }) => {
      const e = verifierEstimates(c);
      return isInsufficient(e) ? e.insufficient : 'estimated';
    };
    expect(reason({ tp: 3, fn: 1, fp: 0, tn: 0 })).toMatch(
      /All 4 candidates are correct.*ψ̂.*p̂\* .*cannot be estimated/,
    );
    expect(reason({ tp: 0, fn: 0, fp: 2, tn: 1 })).toMatch(/All 3 candidates are wrong.*φ̂/);
    expect(reason({ tp: 0, fn: 2, fp: 0, tn: 2 })).toMatch(/keeps none/);
    expect(reason({ tp: 0, fn: 0, fp: 0, tn: 0 })).toMatch(/no candidates/);
  });

  it('sweeps thresholds exactly like recounting at each one', () => {
    const rng = labRng(9);
    const correct = Array.from({ length: 300 }, () => +(rng.uniform() < 0.6));
    const score = correct.map((c) => Math.round((c ? 1 : 0) + rng.normal() * 10) / 10 + 0); // ties; no −0
    const s = thresholdSweep(correct, score);
    expect(s.threshold).toEqual([...new Set(score)].sort((a, b) => a - b));
    s.threshold.forEach((t, i) => {
      const c = confusion(
        correct,
        score.map((x) => +(x >= t)),
      );
      expect(s.phi[i]).toBeCloseTo(c.tp / (c.tp + c.fn), 12);
      expect(s.psi[i]).toBeCloseTo(c.fp / (c.fp + c.tn), 12);
      expect(s.keepRate[i]).toBeCloseTo((c.tp + c.fp) / 300, 12);
    });
  });
});
