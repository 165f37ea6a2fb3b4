import { describe, expect, it } from 'vitest';
import { labRng } from '../../../src/lib/math/variates';
import type { Figure, Params } from '../../../src/lib/lab/simulation';
import {
  closedFormAccuracy,
  effectiveSampleSize,
} from '../../../src/lib/lab/sim4-verification/sim4-closed-forms';
import {
  confusion,
  thresholdSweep,
  verifierEstimates,
  wilsonInterval,
  type VerifierEstimates,
} from '../../../src/lib/lab/sim5-estimates';
import { sim5, SIM5_DEFAULTS, verifierLab, type Sim5Params } from '../../../src/lib/lab/sim5-verifier-lab';
import { parseVerifierFile } from '../../../src/lib/lab/verifier-file';
import { isInsufficient, type Maybe } from '../../../src/lib/stats/measures/statistic';

function sufficient(e: Maybe<VerifierEstimates>): VerifierEstimates {
  if (isInsufficient(e)) throw new Error(e.insufficient);
  return e;
}

function expectDrawable(figures: Figure[]) {
  for (const f of figures) {
    for (const s of f.series) {
      expect(s.y.length).toBe(s.x.length);
      for (const arr of [s.x, s.y, s.lo ?? [], s.hi ?? []]) {
        for (const v of Array.from(arr)) expect(Number.isFinite(v), `${f.id} / ${s.label}`).toBe(true);
      }
    }
    for (const r of f.rules ?? []) expect(Number.isFinite(r.value)).toBe(true);
  }
}

async function data(csv: string, name = 'v.csv') {
  const parsed = await parseVerifierFile(csv, name);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.data;
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

describe('verifier lab on a file', () => {
  const csv = 'correct,keep,score\n1,1,0.9\n1,1,0.8\n1,0,0.3\n0,1,0.7\n0,0,0.1\n0,0,0.2\n1,1,0.95\n';

  it('reads off the estimates, verdict and predicted curve', async () => {
    const lab = verifierLab(await data(csv));
    const c = lab.check({});
    if (!c.ok) throw new Error(c.error);
    expect(c.params.rule).toBe('keep');
    const r = lab.run(c.params, 1);
    const e = sufficient(r.estimates);
    expect(e.counts).toEqual({ tp: 3, fn: 1, fp: 1, tn: 2 });
    const readings = Object.fromEntries(lab.readings(r, c.params).map((x) => [x.label, x.value]));
    expect(readings['Verdict']).toBe('verification helps');
    expect(readings['Breakdown point p̂*']).toBeCloseTo(0.75 / (0.75 + 1 / 3), 4);
    const curve = r.curve!;
    curve.x.forEach((n, i) => {
      expect(curve.y[i]).toBeCloseTo(closedFormAccuracy(n, e.p, e, { d: 100, mu: 1 }), 12);
      expect(curve.lo[i]).toBeLessThanOrEqual(curve.y[i] + 1e-12);
      expect(curve.hi[i]).toBeGreaterThanOrEqual(curve.y[i] - 1e-12);
    });
    expectDrawable(lab.figures(r, c.params));
  });

  it('offers the score with a threshold when the file has one', async () => {
    const lab = verifierLab(await data(csv));
    expect(lab.fields.map((f) => f.key)).toEqual(['rule', 'threshold', 'd', 'mu']);
    const c = lab.check({ rule: 'score', threshold: 0.75 });
    if (!c.ok) throw new Error(c.error);
    const r = lab.run(c.params, 1);
    expect(sufficient(r.estimates).counts).toEqual({ tp: 3, fn: 1, fp: 0, tn: 3 });
    const ids = lab.figures(r, c.params).map((f) => f.id);
    expect(ids).toEqual(['predicted', 'rates', 'threshold']);
    expectDrawable(lab.figures(r, c.params));
  });

  it('binarises a quality column with its threshold', async () => {
    const lab = verifierLab(await data('correct,keep\n0.9,1\n0.2,1\n0.6,0\n0.4,0\n0.55,1\n'));
    expect(lab.fields.map((f) => f.key)).toEqual(['qualityThreshold', 'd', 'mu']);
    const at = (q: number) => {
      const c = lab.check({ qualityThreshold: q });
      if (!c.ok) throw new Error(c.error);
      return sufficient(lab.run(c.params, 1).estimates).counts;
    };
    expect(at(0.5)).toEqual({ tp: 2, fn: 1, fp: 1, tn: 1 });
    expect(at(0.58)).toEqual({ tp: 1, fn: 1, fp: 2, tn: 1 });
  });

  it('refuses, with the reason, data without wrong or correct candidates or with nothing kept', async () => {
    const allRight = verifierLab(await data('correct,keep\n1,1\n1,0\n', 'good.csv')).check({});
    expect(allRight).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^good\.csv: All 2 candidates are correct.*p̂\* = φ̂\/\(φ̂ \+ ψ̂\) cannot be estimated/,
      ),
    });
    expect(verifierLab(await data('correct,keep\n0,1\n0,0\n')).check({})).toMatchObject({ ok: false });
    const none = verifierLab(await data('correct,keep\n1,0\n0,0\n')).check({});
    expect(none).toEqual({ ok: false, error: expect.stringMatching(/keeps none/) });
    // A score threshold cannot go above the highest score, so it always keeps something.
    const high = verifierLab(await data('correct,score\n1,0.5\n0,0.2\n')).check({ threshold: 0.9 });
    expect(high.ok && high.params.threshold).toBe(0.5);
  });
});

describe('Sim 5 toy', () => {
  function checked(overrides: Partial<Sim5Params> = {}): Sim5Params {
    const c = sim5.check({ ...SIM5_DEFAULTS, ...overrides } as Params);
    if (!c.ok) throw new Error(c.error);
    return c.params;
  }

  it('is deterministic for a seed', () => {
    const p = checked();
    expect(sim5.run(p, 3)).toEqual(sim5.run(p, 3));
    expect(sim5.run(p, 4).estimates).not.toEqual(sim5.run(p, 3).estimates);
  });

  it('measures a useful verifier at the defaults, and the det check stops flipped signs', () => {
    const r = sim5.run(checked({ candidates: 2000 }), 1);
    const e = sufficient(r.estimates);
    expect(e.phi).toBeGreaterThan(0.95);
    expect(e.psi).toBeGreaterThan(0);
    expect(e.psi).toBeLessThan(0.3);
    expect(e.helps).toBe(true);
    expect(r.slipped!.shift + r.slipped!.pair + r.slipped!.sign).toBe(e.counts.fp);
    const loose = sim5.run(checked({ candidates: 2000, threshold: 1 }), 1);
    expect(loose.slipped!.sign).toBeGreaterThan(0);
    expect(sim5.run(checked({ candidates: 2000, threshold: 1, detCheck: true }), 1).slipped!.sign).toBe(0);
  });

  it('breaks down when the generator is wrong often enough', () => {
    const e = sufficient(sim5.run(checked({ errorRate: 0.97, threshold: 1, candidates: 2000 }), 1).estimates);
    expect(e.p).toBeGreaterThan(e.pStar);
    expect(e.helps).toBe(false);
  });

  it('refuses a generator that is never wrong or never right', () => {
    expect(sim5.check({ errorRate: 0 })).toEqual({ ok: false, error: expect.stringMatching(/ψ̂.*undefined/) });
    expect(sim5.check({ errorRate: 1 })).toEqual({ ok: false, error: expect.stringMatching(/φ̂.*undefined/) });
  });

  it('draws no NaN for defaults and extremes, and says why when nothing can be estimated', () => {
    const cases: Partial<Sim5Params>[] = [
      {},
      { size: 2, candidates: 50, errorRate: 0.01 },
      { size: 8, candidates: 50, threshold: 8 }, // keeps nothing
      { threshold: 0, detCheck: true, d: 1, mu: 0.1 },
      { errorRate: 0.99, d: 1000, mu: 3 },
    ];
    for (const c of cases) {
      const p = checked(c);
      const r = sim5.run(p, 2);
      expectDrawable(sim5.figures(r, p));
      const readings = sim5.readings(r, p);
      for (const x of readings) expect(typeof x.value === 'string' || Number.isFinite(x.value)).toBe(true);
      if (isInsufficient(r.estimates)) {
        expect(readings.find((x) => x.label === 'p̂*')!.value).toBe('cannot be estimated');
      }
    }
    expect(isInsufficient(sim5.run(checked({ size: 8, candidates: 50, threshold: 8 }), 2).estimates)).toBe(
      true,
    );
  });

  it('explains the toy', () => {
    expect(sim5.explanation).toMatch(/trace.*Frobenius.*determinant/s);
  });
});
