import { describe, expect, it } from 'vitest';
import {
  CORRECT_WITHIN,
  determinant,
  eigenCandidates,
  randomSymmetric,
  symmetricEigenvalues,
  type EigenToyOptions,
} from '../../../../src/lib/lab/sim5-verifier/eigen-toy';
import { labRng } from '../../../../src/lib/math/variates';

const OPTIONS: EigenToyOptions = { size: 4, candidates: 3000, errorRate: 0.3, detCheck: false };

describe('symmetricEigenvalues', () => {
  it.each([
    { a: [3, 0, 0, 0, -1, 0, 0, 0, 2], k: 3, want: [-1, 2, 3] },
    { a: [2, 1, 1, 2], k: 2, want: [1, 3] },
    { a: [0, 1, 1, 0], k: 2, want: [-1, 1] },
    { a: [5, 0, 0, 0, 5, 0, 0, 0, 5], k: 3, want: [5, 5, 5] },
    // want from numpy.linalg.eigvalsh
    { a: [4, 1, 2, 1, 0, 3, 2, 3, 1], k: 3, want: [-2.589598019575, 1.61615458634, 5.973443433236] },
  ])('$a', ({ a, k, want }) => {
    const got = symmetricEigenvalues(a, k);
    want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 9));
  });

  it('agrees with the invariants and with det(A − λI) = 0 on random matrices of every size', () => {
    const rng = labRng(1);
    for (let k = 2; k <= 8; k++) {
      for (let rep = 0; rep < 20; rep++) {
        const a = randomSymmetric(rng, k);
        const l = symmetricEigenvalues(a, k);
        let trace = 0;
        let frob = 0;
        for (let i = 0; i < k; i++) trace += a[i * k + i];
        for (const x of a) frob += x * x;
        expect(l.reduce((s, x) => s + x, 0)).toBeCloseTo(trace, 9);
        expect(l.reduce((s, x) => s + x * x, 0)).toBeCloseTo(frob, 8);
        expect(l.reduce((s, x) => s * x, 1)).toBeCloseTo(determinant(a, k), 7);
        for (let i = 1; i < k; i++) expect(l[i]).toBeGreaterThanOrEqual(l[i - 1]);
        for (const x of l) {
          const shifted = a.map((v, j) => (j % (k + 1) === 0 ? v - x : v));
          expect(Math.abs(determinant(shifted, k)) / Math.pow(Math.sqrt(frob), k)).toBeLessThan(1e-9);
        }
      }
    }
  });
});

describe('determinant', () => {
  it.each([
    { a: [1, 2, 3, 4], k: 2, want: -2 },
    { a: [0, 1, 1, 0], k: 2, want: -1 },
    { a: [1, 2, 2, 4], k: 2, want: 0 },
    { a: [2, 0, 0, 0, 3, 0, 0, 0, 4], k: 3, want: 24 },
    { a: [0, 0, 1, 0, 1, 0, 1, 0, 0], k: 3, want: -1 },
  ])('$a → $want', ({ a, k, want }) => {
    expect(determinant(a, k)).toBeCloseTo(want, 12);
  });
});

describe('eigenvalue toy candidates', () => {
  const cands = eigenCandidates(labRng(2), OPTIONS);

  it('is deterministic for a seed', () => {
    expect(eigenCandidates(labRng(2), { ...OPTIONS, candidates: 50 })).toEqual(cands.slice(0, 50));
  });

  it('makes mistakes at the requested rate, and an honest proposal is correct', () => {
    const mistakes = cands.filter((c) => c.mistake !== 'none').length / cands.length;
    expect(Math.abs(mistakes - 0.3)).toBeLessThan(0.03);
    const honest = cands.filter((c) => c.mistake === 'none');
    expect(honest.filter((c) => c.correct).length / honest.length).toBeGreaterThan(0.999);
    for (const c of cands) {
      const rms = Math.sqrt(c.truth.reduce((s, x) => s + x * x, 0) / c.truth.length);
      const sorted = c.proposal.slice().sort();
      const worst = Math.max(...sorted.map((x, i) => Math.abs(x - c.truth[i])));
      expect(c.correct).toBe(worst <= CORRECT_WITHIN * rms);
    }
  });

  it('each invariant has its blind spot: a ±δ pair keeps the trace, a flipped sign keeps Σλ²', () => {
    for (const c of cands) {
      if (c.mistake === 'pair') expect(c.traceResidual).toBeLessThan(0.02);
      if (c.mistake === 'sign') expect(c.frobeniusResidual).toBeLessThan(0.02);
    }
    const shifted = cands.filter((c) => c.mistake === 'shift' && !c.correct);
    expect(shifted.some((c) => c.traceResidual > 0.1)).toBe(true);
  });

  it('lets some mistakes through, and a tighter tolerance keeps fewer wrong but also fewer correct', () => {
    const rates = [1, 2, 3].map((tol) => {
      const correct = cands.filter((c) => c.correct);
      const wrong = cands.filter((c) => !c.correct);
      return {
        phi: correct.filter((c) => c.score >= tol).length / correct.length,
        psi: wrong.filter((c) => c.score >= tol).length / wrong.length,
      };
    });
    expect(rates[1].psi).toBeGreaterThan(0);
    expect(rates[1].phi).toBeGreaterThan(0.95);
    for (let i = 1; i < rates.length; i++) {
      expect(rates[i].phi).toBeLessThanOrEqual(rates[i - 1].phi);
      expect(rates[i].psi).toBeLessThanOrEqual(rates[i - 1].psi);
    }
    expect(rates[2].phi).toBeLessThan(0.5); // 3 digits is finer than the generator's rounding
  });

  it('the determinant-sign check stops flipped signs', () => {
    const withDet = eigenCandidates(labRng(2), { ...OPTIONS, detCheck: true });
    const slipped = (cs: typeof cands) =>
      cs.filter((c) => c.mistake === 'sign' && !c.correct && c.score >= 1);
    expect(slipped(cands).length).toBeGreaterThan(0);
    expect(slipped(withDet)).toEqual([]);
  });
});
