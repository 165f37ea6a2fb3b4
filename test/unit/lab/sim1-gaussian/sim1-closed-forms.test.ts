import { describe, expect, it } from 'vitest';
import { digamma } from '../../../../src/lib/math/special';
import {
  expectedLogVar,
  expectedVar,
  halvingGeneration,
  logVarDrift,
  normalPdf,
  tailMass,
} from '../../../../src/lib/lab/sim1-gaussian/sim1-closed-forms';

const EULER = 0.5772156649015329;

describe('Sim 1 closed forms (collapse-lab.md fixtures, δ = 0, M = 100)', () => {
  // ψ(49.5) independently: ψ(n + ½) = −γ − 2 ln 2 + Σ_{k≤n} 2/(2k − 1).
  let psi = -EULER - 2 * Math.log(2);
  for (let k = 1; k <= 49; k++) psi += 2 / (2 * k - 1);
  const drift = psi + Math.log(2 / 100);

  it.each([
    [10, -0.2],
    [100, -2.02],
    [1000, -20.19],
  ])('E log σ² at g = %i is %f', (g, fixture) => {
    expect(Math.abs(expectedLogVar(g, 100, 0, 1) - g * drift)).toBeLessThan(1e-9);
    expect(expectedLogVar(g, 100, 0, 1)).toBeCloseTo(fixture, 2);
  });
  it('drift ≈ −2/M for δ = 0 and −1/M for δ = 1', () => {
    expect(logVarDrift(1000, 0) * 1000).toBeCloseTo(-2, 2);
    expect(logVarDrift(1000, 1) * 1000).toBeCloseTo(-1, 2);
    expect(logVarDrift(100, 1)).toBeCloseTo(digamma(49.5) + Math.log(2 / 99), 15);
  });
  it('median σ halves after ≈ 0.69·M (δ = 0) or 1.39·M (δ = 1) generations', () => {
    expect(halvingGeneration(1000, 0) / 1000).toBeCloseTo(0.69, 2);
    expect(Math.abs(halvingGeneration(1000, 1) / 1000 - 1.39)).toBeLessThan(0.01);
    expect(halvingGeneration(100, 0)).toBeCloseTo(Math.log(4) / -drift, 9);
  });
  it('E σ² = σ0²((M−1)/(M−δ))^g: shrinks for δ = 0, constant for δ = 1', () => {
    expect(expectedVar(10, 100, 0, 2)).toBeCloseTo(4 * 0.99 ** 10, 12);
    expect(expectedVar(500, 100, 1, 3)).toBeCloseTo(9, 12);
  });
  it('tail mass 2Φ(−3σ0/σ_g): 0.27 % at σ0, vanishing as σ shrinks', () => {
    expect(tailMass(1, 1)).toBeCloseTo(0.0026997960632601866, 15);
    expect(tailMass(2, 2)).toBeCloseTo(0.0026997960632601866, 15);
    expect(tailMass(0.5, 1)).toBeCloseTo(2 * 9.865876450376946e-10, 20);
    expect(tailMass(0, 1)).toBe(0);
  });
});

describe('the fitted density', () => {
  it('is N(μ, σ²), integrates to 1, and is 0 rather than NaN or ∞ once σ has collapsed', () => {
    expect(normalPdf(0, 0, 1)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    expect(normalPdf(3, 1, 2)).toBeCloseTo(Math.exp(-0.5) / (2 * Math.sqrt(2 * Math.PI)), 15);
    let sum = 0;
    for (let x = -10; x <= 10; x += 0.01) sum += normalPdf(x, 0.5, 0.7) * 0.01;
    expect(sum).toBeCloseTo(1, 6);
    expect(normalPdf(0, 0, 0)).toBe(0);
    expect(normalPdf(0, 0, 1e-310)).toBe(0);
    expect(normalPdf(1, 0, 1e-300)).toBe(0);
  });
});
