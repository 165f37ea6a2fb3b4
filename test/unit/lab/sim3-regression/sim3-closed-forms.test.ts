import { describe, expect, it } from 'vitest';
import {
  accumulateError,
  decayingBound,
  editHumanError,
  editHumanStationary,
  errorUnit,
  expectedTraceInverseSquared,
  replaceError,
  theorem1,
} from '../../../../src/lib/lab/sim3-regression/sim3-closed-forms';

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
});
