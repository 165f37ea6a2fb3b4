import type { Sim3Mode } from '../../../../src/lib/lab/sim3-regression/sim3-loop';
import type { Sim3Result } from '../../../../src/lib/lab/sim3-regression/sim3-model';
import { SIM3_DEFAULTS, type Sim3Params } from '../../../../src/lib/lab/sim3-regression/sim3-params';

/** T = 100, d = 10, σ = 1: V = 10/89. */
export const HAND_MADE_PARAMS: Sim3Params = { ...SIM3_DEFAULTS, G: 2, reps: 3 };

/**
 * A small Sim 3 result written out by hand: generations 0–2, replicates 1 and 2 finished and replicate 3
 * not (its 99s are junk no summary may read). Each mode's rows are [replicate 1 | replicate 2 | 3].
 */
export function handMadeSim3(rows: Partial<Record<Sim3Mode, number[]>> = {}): Sim3Result {
  const V = 10 / 89;
  const row = (a: number[], b: number[]) => Float64Array.of(...a, ...b, 99, 99, 99);
  const errors: Record<Sim3Mode, Float64Array> = {
    replace: row([V, 2 * V, 3 * V], [V, 2 * V, 3 * V]),
    accumulate: row([V, 1.2 * V, 1.4 * V], [V, 1.3 * V, 1.4 * V]),
    'edit-human': row([V, 1.5 * V, 1.8 * V], [V, 1.5 * V, 1.8 * V]),
    'edit-previous': row([V, 1.5 * V, 2.5 * V], [V, 1.7 * V, 2.7 * V]),
    toedit: row([V, 1.2 * V, 1.3 * V], [V, 1.2 * V, 1.3 * V]),
  };
  for (const [mode, values] of Object.entries(rows)) errors[mode as Sim3Mode] = Float64Array.of(...values);
  return { done: 2, reps: 3, G: 2, V, errors };
}
