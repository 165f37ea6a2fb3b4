import { describe, expect, it } from 'vitest';
import { labRng } from '../../../../src/lib/math/variates';
import { normalCdf } from '../../../../src/lib/math/special';
import {
  breakdownPoint,
  closedFormAccuracy,
  effectiveSampleSize,
  geometryAccuracy,
  geometryBreakdown,
  geometryRates,
  limitAccuracy,
} from '../../../../src/lib/lab/sim4-verification/sim4-closed-forms';
import { VERIFIER_PRESETS } from '../../../../src/lib/lab/sim4-verification/sim4-params';
import { sampleAccuracy } from '../../../../src/lib/lab/sim4-verification/sim4-samplers';
import { FIXTURES, GEOMETRY_FIXTURES as FIX, M, PI, V } from './sim4-fixtures';

describe('Sim 4A closed form', () => {
  it.each(FIXTURES)('n = %d, p = %d: the formula gives the fixture to its rounding', (n, p, _sim, form) => {
    expect(Math.abs(closedFormAccuracy(n, p, V, M) - form)).toBeLessThanOrEqual(5e-4);
  });

  it('has the breakdown point of each preset', () => {
    expect(breakdownPoint(V)).toBeCloseTo(0.8 / 1.1, 12);
    const want = { none: 0.5, random: 0.5, weak: 0.615, good: 0.9, oracle: 1, adversarial: 0.385 };
    for (const [name, p] of Object.entries(want)) {
      expect(breakdownPoint(VERIFIER_PRESETS[name as keyof typeof want])).toBeCloseTo(p, 3);
    }
    expect(breakdownPoint({ phi: 0, psi: 0 })).toBeNull();
  });

  it('tends to Φ(‖μ‖) below p*, ½ at p* and 1 − Φ(‖μ‖) above', () => {
    const pStar = breakdownPoint(V)!;
    for (const mu of [0.5, 1, 2]) {
      const m = { d: 100, mu };
      expect(closedFormAccuracy(1e12, 0.5, V, m)).toBeCloseTo(normalCdf(mu), 6);
      expect(closedFormAccuracy(1e12, 0.9, V, m)).toBeCloseTo(1 - normalCdf(mu), 6);
      expect(closedFormAccuracy(1e12, pStar, V, m)).toBeCloseTo(0.5, 6);
      expect(limitAccuracy(0.5, V, m)).toBe(normalCdf(mu));
      expect(limitAccuracy(0.9, V, m)).toBe(normalCdf(-mu));
    }
  });

  it('keeps p* and every accuracy in [0, 1], and never NaN, over a grid including the edges', () => {
    const rng = labRng(3);
    for (const phi of [0, 0.01, 0.3, 1]) {
      for (const psi of [0, 0.2, 1]) {
        const v = { phi, psi };
        const pStar = breakdownPoint(v);
        if (phi + psi > 0) expect(pStar! >= 0 && pStar! <= 1).toBe(true);
        for (const p of [0, 0.3, 1]) {
          for (const n of [10, 1e4]) {
            for (const d of [1, 100]) {
              const m = { d, mu: 1 };
              for (const acc of [closedFormAccuracy(n, p, v, m), sampleAccuracy(rng, n, p, v, m)]) {
                expect(acc >= 0 && acc <= 1, `φ ${phi} ψ ${psi} p ${p} n ${n} d ${d}: ${acc}`).toBe(true);
              }
              expect(Number.isFinite(effectiveSampleSize(n, p, v))).toBe(true);
            }
          }
        }
      }
    }
  });

  it('values n generated examples at n·λ²/α clean ones', () => {
    expect(effectiveSampleSize(1e4, 0.7, V)).toBeCloseTo((1e4 * 0.03 ** 2) / 0.45, 9);
    expect(effectiveSampleSize(1e4, breakdownPoint(V)!, V)).toBeCloseTo(0, 9);
    expect(effectiveSampleSize(100, 0.2, { phi: 1, psi: 1 })).toBeCloseTo(100 * 0.6 ** 2, 9);
  });
});

describe('Sim 4B geometry (orthogonal error directions)', () => {
  it.each(FIX)('θ_g = %dπ, θ_v = %dπ: acc∞ = %d', (g, v, want) => {
    expect(Math.abs(geometryAccuracy(g * PI, v * PI) - want)).toBeLessThanOrEqual(5e-4);
  });

  it('breaks down at θ_g + θ_v = π, and shared errors give the generator’s accuracy', () => {
    for (const v of [0.1, 0.3, 0.5]) {
      const tb = geometryBreakdown(v * PI);
      expect(geometryAccuracy(tb, v * PI)).toBeCloseTo(0.5, 12);
      expect(geometryAccuracy(tb - 0.05, v * PI)).toBeGreaterThan(0.5);
      expect(geometryAccuracy(tb + 0.05, v * PI)).toBeLessThan(0.5);
      expect(geometryAccuracy(v * PI, v * PI, 1)).toBeCloseTo(1 - v, 12);
    }
    expect(geometryAccuracy(0.4 * PI, 0.6 * PI, -1)).toBe(0.5); // opposite directions: nothing kept
  });

  it('gives φ, ψ that a seeded count of kept examples confirms, with p = p* exactly at the breakdown', () => {
    const rng = labRng(5);
    for (const [g, v] of FIX) {
      const wg = [Math.cos(g * PI), Math.sin(g * PI), 0];
      const wv = [Math.cos(v * PI), 0, Math.sin(v * PI)];
      let correct = 0;
      let keptCorrect = 0;
      let keptWrong = 0;
      const n = 100_000;
      for (let i = 0; i < n; i++) {
        const x = [rng.normal(), rng.normal(), rng.normal()];
        const label = wg[0] * x[0] + wg[1] * x[1] >= 0;
        const keep = wv[0] * x[0] + wv[2] * x[2] >= 0 === label;
        if (label === x[0] >= 0) {
          correct++;
          if (keep) keptCorrect++;
        } else if (keep) keptWrong++;
      }
      const r = geometryRates(g * PI, v * PI);
      expect(Math.abs(r.phi - keptCorrect / correct)).toBeLessThan(0.01);
      expect(Math.abs(r.psi - keptWrong / (n - correct))).toBeLessThan(0.01);
    }
    for (const v of [0.2, 0.45]) {
      expect(geometryRates(geometryBreakdown(v * PI), v * PI).pStar).toBeCloseTo(1 - v, 9);
    }
  });
});
