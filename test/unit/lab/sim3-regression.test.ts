import { describe, expect, it } from 'vitest';
import { labRng, subSeed } from '../../../src/lib/math/variates';
import {
  cholesky,
  choleskySolve,
  gram,
  times,
  transposeTimes,
  upperSolve,
} from '../../../src/lib/lab/sim3-linear';
import {
  roundHalfEven,
  runReplicate,
  SIM3_MODES,
  toeditRoundSize,
  type Sim3Mode,
} from '../../../src/lib/lab/sim3-loop';
import {
  accumulateError,
  decayingBound,
  editHumanError,
  editHumanStationary,
  errorUnit,
  expectedTraceInverseSquared,
  replaceError,
  sim3,
  summarise,
  theorem1,
  toeditVerdict,
  type Sim3Params,
} from '../../../src/lib/lab/sim3-regression';
import type { Params } from '../../../src/lib/lab/simulation';
import { undrawable } from './undrawable';

const ODD: Params = { T: 2000, d: 50, G: 200, reps: 2000, eta: 2 };

function params(overrides: Partial<Sim3Params> = {}): Sim3Params {
  const checked = sim3.check({ ...sim3.defaults, ...overrides } as Params);
  if (!checked.ok) throw new Error(checked.error);
  return checked.params;
}

describe('Sim 3 linear algebra', () => {
  it('Cholesky factors XᵀX and solves against it', () => {
    const r = labRng(1);
    const T = 30;
    const d = 6;
    const X = Float64Array.from({ length: T * d }, () => r.normal());
    const A = gram(X, T, d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let t = 0; t < T; t++) s += X[t * d + i] * X[t * d + j];
        expect(A[i * d + j]).toBeCloseTo(s, 10);
      }
    const L = cholesky(A, d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += L[i * d + k] * L[j * d + k];
        expect(s).toBeCloseTo(A[i * d + j], 10);
        if (j > i) expect(L[i * d + j]).toBe(0);
      }
    const want = Float64Array.from({ length: d }, () => r.normal());
    const b = new Float64Array(d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) b[i] += A[i * d + j] * want[j];
    const got = choleskySolve(L, d, Float64Array.from(b));
    for (let i = 0; i < d; i++) expect(got[i]).toBeCloseTo(want[i], 10);
    // Lᵀx = z: then L Lᵀ x = L z.
    const z = Float64Array.from({ length: d }, () => r.normal());
    const x = upperSolve(L, d, Float64Array.from(z));
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = i; k < d; k++) s += L[k * d + i] * x[k];
      expect(s).toBeCloseTo(z[i], 10);
    }
    // X w and Xᵀ y.
    const y = times(X, T, d, want, new Float64Array(T));
    expect(y[3]).toBeCloseTo(
      Array.from(want).reduce((s, w, j) => s + w * X[3 * d + j], 0),
      12,
    );
    const back = transposeTimes(X, T, d, y, new Float64Array(d));
    for (let i = 0; i < d; i++) expect(back[i]).toBeCloseTo(b[i], 9);
  });
  it('refuses a matrix that is not positive definite', () => {
    expect(() => cholesky(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
  });
});

describe('Sim 3 closed forms and paper bounds (toedit.md)', () => {
  const fixture = { T: 50, d: 10, sigma: 1, rho1: 0.5, decay: 0.5 };
  it('base = 0.2564 and 2·base = 0.5128 at T = 50, d = 10, σ = 1', () => {
    expect(errorUnit(fixture)).toBeCloseTo(10 / 39, 12);
    expect(errorUnit(fixture)).toBeCloseTo(0.2564, 4);
    expect(2 * errorUnit(fixture)).toBeCloseTo(0.5128, 4);
  });
  it('decaying bound = 1.178 for ρ₁ = η = 0.5', () => {
    expect(expectedTraceInverseSquared(50, 10)).toBeCloseTo(490 / (40 * 39 * 37), 15);
    const want = 10 / 39 + Math.sqrt(490 / 57720) * 5 * 2;
    expect(decayingBound(fixture)).toBeCloseTo(want, 12);
    expect(decayingBound(fixture)).toBeCloseTo(1.178, 3);
    expect(decayingBound({ ...fixture, T: 13 })).toBeNull();
  });
  it('Theorem 1: base·(1 + ρ₁(1 − ηⁿ)/(1 − η)); toedit.md defaults ρ₁ = 0.125, η = 0.94', () => {
    const base = errorUnit(fixture);
    expect(theorem1(0, base, 0.5, 0.5)).toBeCloseTo(base, 15);
    expect(theorem1(3, base, 0.5, 0.5)).toBeCloseTo(base * (1 + 0.5 + 0.25 + 0.125), 14);
    expect(theorem1(1000, base, 0.5, 0.5)).toBeCloseTo(2 * base, 12);
    expect(theorem1(4, base, 0.125, 0.94)).toBeCloseTo(
      base * (1 + 0.125 * (1 + 0.94 + 0.94 ** 2 + 0.94 ** 3)),
      14,
    );
    expect(theorem1(5, base, 0.2, 1)).toBeCloseTo(2 * base, 14);
    // toedit.md: the replace line base·n reaches 2.05 at n = 8.
    expect(replaceError(7, base)).toBeCloseTo(2.05, 2);
  });
  it('replace grows linearly, accumulate stays under π²/6·V, edit-human settles at V(1 + 2η − 2η²)/(1 − η²)', () => {
    expect(replaceError(0, 1)).toBe(1);
    expect(replaceError(40, 2)).toBe(82);
    expect(accumulateError(0, 1)).toBe(1);
    expect(accumulateError(1, 1)).toBeCloseTo(1.25, 15);
    expect(accumulateError(1e5, 1)).toBeCloseTo(Math.PI ** 2 / 6 - 1e-5, 9);
    expect(editHumanStationary(1, 0.5)).toBeCloseTo(2, 15);
    expect(editHumanStationary(1, 0.3)).toBeCloseTo(1.56, 2);
    expect(editHumanError(0, 1, 0.5)).toBe(1);
    expect(editHumanError(200, 1, 0.3)).toBeCloseTo(editHumanStationary(1, 0.3), 12);
    expect(editHumanError(5, 1, 0)).toBe(1);
  });
  it('ToEdit round sizes round half to even, as the reference simulation did', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((g) => toeditRoundSize(fixture, g))).toEqual([25, 12, 6, 3, 2, 1, 0]);
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 3].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 3]);
  });
});

describe('Sim 3 Monte-Carlo fixtures', () => {
  it('ToEdit masks (T = 50, d = 10, σ = 1, ρ₁ = η = 0.5, 4000 reps): 0.432, 0.552, 0.660, 0.700, 0.700', () => {
    const p = params({ T: 50, G: 12, reps: 4000, rho1: 0.5, decay: 0.5 });
    const r = sim3.run(p, 1);
    const s = summarise(r, 'toedit');
    const targets: [number, number][] = [
      [1, 0.432],
      [2, 0.552],
      [4, 0.66],
      [8, 0.7],
      [12, 0.7],
    ];
    for (const [g, want] of targets) expect(Math.abs(s.mean[g] - want), `g = ${g}`).toBeLessThan(0.015);
    // Above the paper's 2·base = 0.513, below its decaying bound 1.178 — and the verdict says so.
    expect(s.mean[8]).toBeGreaterThan(0.513);
    expect(s.mean[8]).toBeLessThan(1.178);
    const verdict = toeditVerdict(r, p, s);
    expect(verdict).toMatch(/sits above the paper’s Theorem 1 curve/);
    expect(verdict).toMatch(/above its 2·base bound/);
    expect(verdict).toMatch(/but below the decaying-edits bound 1\.18/);
  });

  it.each([
    [0.3, 1.56],
    [0.5, 2.0],
  ])('edit-human η = %f settles at %f·V (T = 100, d = 10; mean over g = 15..30)', (eta, want) => {
    const p = params({ G: 30, reps: 2000, eta });
    const r = sim3.run(p, 2);
    const s = summarise(r, 'edit-human');
    const tail = s.mean.subarray(15);
    const level = tail.reduce((a, b) => a + b, 0) / tail.length / r.V;
    // The closed form is mean-field (exact as T → ∞); at T = 100 the loop sits about 1 % lower.
    expect(Math.abs(level - want)).toBeLessThan(0.025);
  });

  it('replace and accumulate match (g + 1)·V and V·Σ1/k² within 4 standard errors', () => {
    const p = params({ reps: 1000, G: 20 });
    const r = sim3.run(p, 3);
    for (const [mode, f] of [
      ['replace', replaceError],
      ['accumulate', accumulateError],
    ] as const) {
      const s = summarise(r, mode);
      for (const g of [0, 1, 5, 20])
        expect(Math.abs(s.mean[g] - f(g, r.V)), `${mode} g = ${g}`).toBeLessThan(4 * s.se[g]);
    }
    // Accumulate never exceeds π²/6·V by more than noise; replace has long passed it.
    const acc = summarise(r, 'accumulate');
    expect(Math.max(...acc.mean)).toBeLessThan((Math.PI ** 2 / 6) * r.V * 1.1);
    expect(summarise(r, 'replace').mean[20]).toBeGreaterThan(15 * r.V);
    expect(summarise(r, 'edit-previous').mean[20]).toBeGreaterThan(3 * summarise(r, 'edit-human').mean[20]);
  });
});

/**
 * A plain reference for the editing modes: builds every label vector in full and solves the normal
 * equations from scratch, drawing from the same streams in the same order as the engine. The engine's
 * row-by-row updates of Xᵀy must give the same errors.
 */
function referenceErrors(
  mode: Sim3Mode,
  c: { T: number; d: number; sigma: number; G: number; eta: number; rho1: number; decay: number },
  seed: number,
  rep: number,
): number[] {
  const { T, d, sigma, G } = c;
  const repSeed = subSeed(seed, rep);
  const rng = labRng(repSeed);
  const X = Float64Array.from({ length: T * d }, () => rng.normal());
  const wStar = Float64Array.from({ length: d }, () => rng.normal() / Math.sqrt(d));
  const yHuman = times(X, T, d, wStar, new Float64Array(T));
  for (let t = 0; t < T; t++) yHuman[t] += sigma * rng.normal();
  const L = cholesky(gram(X, T, d), d);
  const fit = (y: Float64Array) => choleskySolve(L, d, transposeTimes(X, T, d, y, new Float64Array(d)));
  const err = (w: Float64Array) => w.reduce((s, v, j) => s + (v - wStar[j]) ** 2, 0);
  const m = labRng(subSeed(repSeed, SIM3_MODES.indexOf(mode) + 1));
  let w = fit(yHuman);
  const out = [err(w)];
  const labels = Float64Array.from(yHuman);
  const never = Array.from({ length: T }, (_, i) => i);
  for (let g = 1; g <= G; g++) {
    const predicted = times(X, T, d, w, new Float64Array(T));
    if (mode === 'toedit') {
      const size = Math.min(never.length, toeditRoundSize(c, g));
      for (let k = 0; k < size; k++) {
        const pick = Math.floor(m.uniform() * never.length);
        const t = never[pick];
        never[pick] = never[never.length - 1];
        never.pop();
        labels[t] = predicted[t] + sigma * m.normal();
      }
    } else {
      for (let t = 0; t < T; t++) {
        if (m.uniform() < c.eta) labels[t] = predicted[t] + sigma * m.normal();
        else if (mode === 'edit-human') labels[t] = yHuman[t];
      }
    }
    w = fit(labels);
    out.push(err(w));
  }
  return out;
}

describe('Sim 3 invariants', () => {
  it.each(['edit-human', 'edit-previous', 'toedit'] as const)(
    '%s: row-by-row updates of Xᵀy equal refitting from scratch',
    (mode) => {
      const c = { T: 40, d: 7, sigma: 0.7, G: 25, eta: 0.4, rho1: 0.3, decay: 0.8 };
      const errors = Object.fromEntries(
        SIM3_MODES.map((m) => [m, new Float64Array(3 * (c.G + 1))]),
      ) as Record<Sim3Mode, Float64Array>;
      for (let rep = 0; rep < 3; rep++) {
        runReplicate(c, 9, rep, [mode], errors);
        const want = referenceErrors(mode, c, 9, rep);
        const got = Array.from(errors[mode].subarray(rep * (c.G + 1), (rep + 1) * (c.G + 1)));
        got.forEach((v, g) =>
          expect(Math.abs(v - want[g]) / want[g], `rep ${rep} g ${g}`).toBeLessThan(1e-9),
        );
      }
    },
  );

  it('a mode’s numbers do not depend on which other modes run, and runs are deterministic', () => {
    const c = { T: 30, d: 5, sigma: 1, G: 10, eta: 0.5, rho1: 0.5, decay: 0.5 };
    const all = Object.fromEntries(SIM3_MODES.map((m) => [m, new Float64Array(11)])) as Record<
      Sim3Mode,
      Float64Array
    >;
    const one = Object.fromEntries(SIM3_MODES.map((m) => [m, new Float64Array(11)])) as Record<
      Sim3Mode,
      Float64Array
    >;
    runReplicate(c, 4, 0, SIM3_MODES, all);
    runReplicate(c, 4, 0, ['toedit'], one);
    expect(Array.from(one.toedit)).toEqual(Array.from(all.toedit));
    const p = params({ reps: 16, G: 10 });
    expect(sim3.figures(sim3.run(p, 5), p)).toEqual(sim3.figures(sim3.run(p, 5), p));
    expect(Array.from(sim3.run(p, 6).errors.replace)).not.toEqual(Array.from(sim3.run(p, 5).errors.replace));
  });

  it('with no edits, editing modes keep the human fit (error constant at generation 0’s)', () => {
    const p = params({ reps: 4, G: 5, eta: 0, rho1: 0 });
    const r = sim3.run(p, 1);
    for (const mode of ['edit-human', 'edit-previous', 'toedit'] as const)
      for (let rep = 0; rep < 4; rep++) {
        const row = r.errors[mode].subarray(rep * 6, rep * 6 + 6);
        for (const v of row) expect(v).toBeCloseTo(row[0], 12);
      }
    expect(toeditVerdict(r, p)).toMatch(/stays within the paper’s Theorem 1 curve/);
  });

  it('streams after every replicate but the last and ends with the unstreamed numbers', () => {
    const p = params({ reps: 20, G: 5 });
    const seen: number[] = [];
    const r = sim3.run(p, 3, (partial, done, total) => {
      expect(total).toBe(20);
      expect(undrawable(sim3.figures(partial, p), sim3.readings(partial, p))).toEqual([]);
      seen.push(done);
    });
    expect(seen).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(r.done).toBe(20);
    expect(Array.from(r.errors.toedit)).toEqual(Array.from(sim3.run(p, 3).errors.toedit));
  });

  const extremes: [string, Partial<Sim3Params>][] = [
    ['defaults', {}],
    ['T = d + 2 (no decaying bound)', { T: 12, d: 10 }],
    ['largest T and d', { T: 2000, d: 50, G: 3, reps: 2 }],
    ['tiny and huge noise, η at its ends', { sigma: 0.01, eta: 0, rho1: 1, decay: 0.99, G: 60 }],
    ['huge noise, η = 0.99', { sigma: 10, eta: 0.99, rho1: 0, decay: 0, G: 1, reps: 1 }],
    ['one feature', { d: 1, T: 3 }],
  ];
  it.each(extremes)('no NaN or ∞ in any figure or reading: %s', (_, overrides) => {
    const p = params(overrides);
    const r = sim3.run(p, 1);
    const figs = sim3.figures(r, p);
    expect(figs.map((f) => f.id)).toEqual(['modes', 'toedit']);
    expect(undrawable(figs, sim3.readings(r, p))).toEqual([]);
  });

  it('draws the paper’s curves as "paper bound" and the loop as "simulated"', () => {
    const p = params();
    const fig = sim3.figures(sim3.run(p, 1), p).find((f) => f.id === 'toedit')!;
    expect(fig.series.map((s) => [s.kind, s.label])).toEqual([
      ['simulated', 'ToEdit: simulated'],
      ['paper-bound', 'paper bound: Theorem 1, base·(1 + Σρ_i)'],
      ['paper-bound', 'paper bound: 2·base'],
      ['paper-bound', 'paper bound: decaying edits'],
    ]);
    expect(fig.caption).toMatch(/above the paper’s Theorem 1 curve/);
  });
});

describe('Sim 3 check()', () => {
  it('is idempotent: what check() returns, check() accepts without a note', () => {
    const first = sim3.check({ ...sim3.defaults, ...ODD });
    if (!first.ok) throw new Error(first.error);
    expect(first.notes.length).toBeGreaterThan(0);
    expect(sim3.check(first.params)).toEqual({ ok: true, params: first.params, notes: [] });
  });
  it('accepts the defaults unchanged', () => {
    expect(sim3.check(sim3.defaults)).toEqual({ ok: true, params: sim3.defaults, notes: [] });
  });
  it('refuses T ≤ d + 1 with a reason', () => {
    const c = sim3.check({ T: 11, d: 10 });
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error).toMatch(/T = 11 .* d = 10 .* T > d \+ 1 \(here T ≥ 12\)/);
    expect(sim3.check({ T: 12, d: 10 }).ok).toBe(true);
  });
  it('clamps out-of-range values and caps the work with notes', () => {
    const c = sim3.check({ T: 5000, d: 0, sigma: 0, eta: 1.5, rho1: -1, G: 2.4, reps: 'many' });
    if (!c.ok) throw new Error(c.error);
    expect(c.params).toMatchObject({ T: 2000, d: 1, sigma: 0.01, eta: 0.99, rho1: 0, G: 2, reps: 64 });
    expect(c.notes).toHaveLength(7);
    const big = sim3.check({ T: 2000, d: 50, G: 200, reps: 100 });
    if (!big.ok) throw new Error(big.error);
    expect(big.params.reps).toBe(5);
    expect(big.notes[0]).toMatch(/using 5 replicates/);
  });
});
