import type { McCurve, Sim4Result } from '../../../../src/lib/lab/sim4-verification/sim4-model';
import { SIM4_DEFAULTS, type Sim4Params } from '../../../../src/lib/lab/sim4-verification/sim4-params';

/** φ = 0.8, ψ = 0.3 (p* = 0.727), p = 0.6, n = 100. */
export const HAND_MADE_PARAMS: Sim4Params = { ...SIM4_DEFAULTS, n: 100 };

const curve = (x: number[], mean: number[]): McCurve => ({
  x,
  mean,
  lo: mean.map((m) => m - 0.05),
  hi: mean.map((m) => m + 0.05),
});

/** A small Sim 4 result written out by hand: three points per curve, every Monte-Carlo block finished. */
export function handMadeSim4(overrides: Partial<Sim4Result> = {}): Sim4Result {
  return {
    pStar: 0.8 / 1.1,
    byP: [
      {
        n: 100,
        simulated: curve([0, 0.5, 1], [0.8, 0.6, 0.2]),
        closedForm: { x: [0, 0.5, 1], y: [0.82, 0.62, 0.18] },
      },
    ],
    byN: {
      simulated: curve([10, 100, 1000], [0.6, 0.7, 0.8]),
      closedForm: { x: [10, 100, 1000], y: [0.61, 0.71, 0.81] },
      noVerifier: [0.55, 0.6, 0.65],
    },
    geometry: {
      x: [0, 0.5, 1],
      closedForm: [1, 0.75, 0.5],
      simulated: curve([0, 0.5, 1], [0.98, 0.74, 0.5]),
      phi: [1, 0.8, 0],
      psi: [0, 0.4, 0.6],
      pStar: [1, 0.667, 0],
    },
    done: 3,
    total: 3,
    ...overrides,
  };
}
