import { describe, expect, it } from 'vitest';
import type { Sim1Track } from '../../../../src/lib/lab/sim1-gaussian/sim1-chains';
import { runSim1, type Sim1Result } from '../../../../src/lib/lab/sim1-gaussian/sim1-model';
import { SIM1_DEFAULTS, type Sim1Params } from '../../../../src/lib/lab/sim1-gaussian/sim1-params';
import { sim1Readings } from '../../../../src/lib/lab/sim1-gaussian/sim1-readings';

function track(M: number, median: number[]): Sim1Track {
  const m = Float64Array.from(median);
  return {
    M,
    mode: 'replace',
    median: m,
    q10: m,
    q90: m,
    meanVar: m.map((s) => s * s),
    meanLogVar: m.map((s) => 2 * Math.log(s)),
    densityMu: new Float64Array(0),
    densitySigma: new Float64Array(0),
  };
}

/** Generations 0, 10, 100 and 200 summarised, the first `filled` of them reached. */
function result(tracks: Sim1Track[], filled = 4): Sim1Result {
  return {
    done: 200,
    G: 200,
    gens: Int32Array.of(0, 10, 100, 200),
    filled,
    tracks,
    densityGeneration: 0,
    densityGrid: new Float64Array(0),
  };
}

describe('Sim 1 readings', () => {
  it('give the fixtures a learner can compare', () => {
    const p = SIM1_DEFAULTS;
    const readings = sim1Readings(runSim1(p, 1), p);
    const labels = readings.map((r) => r.label);
    expect(labels).toContain('M = 100 · replace: median σ at g = 10');
    expect(labels).toContain('M = 100 · replace: median σ first halves at generation');
    const halves = readings.find((r) => r.label.endsWith('first halves at generation'))!;
    expect(Math.abs((halves.value as number) - 69)).toBeLessThan(8);
  });

  it('read the chosen M only, to four significant digits, beside the closed forms', () => {
    const p: Sim1Params = { ...SIM1_DEFAULTS, M: 100, G: 200 };
    const readings = sim1Readings(result([track(100, [1, 0.912345, 0.45, 0.2]), track(10, [1, 1, 1, 1])]), p);
    expect(readings.map((r) => [r.label, r.value])).toEqual([
      ['M = 100 · replace: median σ at g = 10', 0.9123],
      ['M = 100 · replace: median σ at g = 100', 0.45],
      ['M = 100 · replace: median σ at g = 200', 0.2],
      ['M = 100 · replace: mean log σ² at g = 200', -3.22],
      ['M = 100 · replace: median σ first halves at generation', 100],
      ['M = 100 · replace: share beyond 3σ0 at g = 200 (median chain)', 7.34193e-51], // 2Φ(−15)
    ]);
    expect(readings[4].detail).toBe('closed form ≈ 68.7 = 0.69·M');
    expect(readings[5].detail).toBe('original 0.00270');
  });

  it('say so when the median has not halved yet, and skip generations not reached', () => {
    const p: Sim1Params = { ...SIM1_DEFAULTS, M: 100, G: 200 };
    const readings = sim1Readings(result([track(100, [1, 0.9, 0.8, 0.7])], 2), p);
    expect(readings.map((r) => r.label)).toEqual([
      'M = 100 · replace: median σ at g = 10',
      'M = 100 · replace: mean log σ² at g = 10',
      'M = 100 · replace: median σ first halves at generation',
      'M = 100 · replace: share beyond 3σ0 at g = 10 (median chain)',
    ]);
    expect(readings[2].value).toBe('not within 10');
  });
});
