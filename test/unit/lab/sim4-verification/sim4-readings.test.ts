import { describe, expect, it } from 'vitest';
import {
  closedFormAccuracy,
  geometryRates,
} from '../../../../src/lib/lab/sim4-verification/sim4-closed-forms';
import { sim4Readings } from '../../../../src/lib/lab/sim4-verification/sim4-readings';
import { HAND_MADE_PARAMS, handMadeSim4 } from './sim4-hand-made';

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

const verdict = (p: number, pStar: number | null = 0.8 / 1.1) =>
  sim4Readings(handMadeSim4({ pStar }), { ...HAND_MADE_PARAMS, p }).find(
    (x) => x.label === 'Verdict at this p',
  )!.value;

describe('Sim 4 readings', () => {
  it('read p*, the simulated accuracy at the chosen n beside its closed form, and n·λ²/α', () => {
    const readings = sim4Readings(handMadeSim4(), HAND_MADE_PARAMS);
    expect(readings.map((x) => [x.label, x.value])).toEqual([
      ['Breakdown point p*', 0.7273],
      ['Accuracy at n = 100, p = 0.6', 0.7],
      ['Verdict at this p', 'verification helps'],
      ['Effective clean sample size', 4], // λ = 0.14, α = 0.5: 100·0.14²/0.5 = 3.92
      ['4B: student accuracy acc∞', 0.7543], // collapse-lab.md: .754
      [
        '4B: the verifier’s p* against this generator',
        round4(geometryRates(0.3 * Math.PI, 0.3 * Math.PI).pStar!),
      ],
    ]);
    const form = closedFormAccuracy(100, 0.6, { phi: 0.8, psi: 0.3 }, { d: 100, mu: 1 });
    expect(readings[1].detail).toBe(`simulated; closed form ${form.toFixed(3)}; n → ∞: 0.841`);
    expect(readings[4].detail).toBe('beats both the generator (0.700) and the verifier (0.700)');
  });

  it('read the closed form when the chosen n has no simulated point', () => {
    const readings = sim4Readings(handMadeSim4(), { ...HAND_MADE_PARAMS, n: 50 });
    expect(readings[1].detail).toMatch(/^closed form /);
    expect(readings[1].value).toBe(
      round4(closedFormAccuracy(50, 0.6, { phi: 0.8, psi: 0.3 }, { d: 100, mu: 1 })),
    );
  });

  it('give the verdict on either side of p*, and at it', () => {
    expect(verdict(0.8)).toBe('breaks down');
    expect(verdict(0.5)).toBe('verification helps');
    expect(verdict(0.5, 0.5)).toBe('at the breakdown');
    expect(verdict(0.5, null)).toBe('breaks down');
  });

  it('say p* is undefined for a verifier that keeps nothing', () => {
    expect(sim4Readings(handMadeSim4({ pStar: null }), HAND_MADE_PARAMS)[0].value).toBe('undefined');
  });
});
