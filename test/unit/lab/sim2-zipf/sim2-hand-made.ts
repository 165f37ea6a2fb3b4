import type { Sim2Result } from '../../../../src/lib/lab/sim2-zipf/sim2-model';

/**
 * A small Sim 2 result written out by hand: three training-set sizes, one tail cut, two mixes and two
 * generations, of which replicates 1 and 2 are finished and replicate 3 is not (its numbers are junk that
 * no summary may read).
 */
export function handMadeSim2(overrides: Partial<Sim2Result> = {}): Sim2Result {
  return {
    grid: Float64Array.of(10, 100, 1000),
    clean: Float64Array.of(0.5, 0.1, 0),
    cuts: [{ k: 100, error: Float64Array.of(0.5, 0.2, 0.01), floor: 0.01 }],
    narrowed: Float64Array.of(0.6, 0.3, 0.1),
    mixes: [
      { pi: 0, error: Float64Array.of(0.5, 0.2, 0.01) },
      { pi: 0.1, error: Float64Array.of(0.55, 0.15, 0.05) },
    ],
    done: 2,
    reps: 3,
    // genErrors[g − 1][rep·3 + t]
    genErrors: [
      Float64Array.of(0.5, 0.2, 0.02, 0.5, 0.3, 0.04, 9, 9, 9),
      Float64Array.of(0.6, 0.3, 0.05, 0.6, 0.5, 0.07, 9, 9, 9),
    ],
    genFloors: [Float64Array.of(0.02, 0.04, 9), Float64Array.of(0.05, 0.07, 9)],
    gen1FloorExpected: 0.03,
    ...overrides,
  };
}
