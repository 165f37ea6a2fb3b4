import { describe, expect, it } from 'vitest';
import { labRng, subSeed } from '../../../../src/lib/math/variates';
import {
  cholesky,
  choleskySolve,
  gram,
  times,
  transposeTimes,
} from '../../../../src/lib/lab/sim3-regression/sim3-linear';
import {
  roundHalfEven,
  runReplicate,
  SIM3_MODES,
  toeditRoundSize,
  type Sim3Mode,
} from '../../../../src/lib/lab/sim3-regression/sim3-loop';

describe('Sim 3 ToEdit rounds', () => {
  const fixture = { T: 50, rho1: 0.5, decay: 0.5 };
  it('ToEdit round sizes round half to even, as the reference simulation did', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((g) => toeditRoundSize(fixture, g))).toEqual([25, 12, 6, 3, 2, 1, 0]);
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 3].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 3]);
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

describe('Sim 3 loop invariants', () => {
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

  it('a mode’s numbers do not depend on which other modes run', () => {
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
  });
});
