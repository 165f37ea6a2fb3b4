import { describe, expect, it } from 'vitest';
import { summaryGenerations } from '../../../../src/lib/lab/sim1-gaussian/sim1-chains';
import { expectedLogVar } from '../../../../src/lib/lab/sim1-gaussian/sim1-closed-forms';
import { runSim1, summaryIndex, type Sim1Result } from '../../../../src/lib/lab/sim1-gaussian/sim1-model';
import { checkSim1, SIM1_DEFAULTS, type Sim1Params } from '../../../../src/lib/lab/sim1-gaussian/sim1-params';
import { acceptedParams } from '../accepted-params';

const params = (overrides: Partial<Sim1Params> = {}) => acceptedParams(checkSim1, SIM1_DEFAULTS, overrides);

/** The main track's value at generation g, averaged over runs with several seeds. */
function averaged(p: Sim1Params, seeds: number[], g: number, read: (r: Sim1Result, i: number) => number) {
  let sum = 0;
  for (const seed of seeds) {
    const r = runSim1(p, seed);
    sum += read(r, summaryIndex(r, g));
  }
  return sum / seeds.length;
}

describe('Sim 1 Monte-Carlo fixtures (4 seeds × 2000 chains)', () => {
  const seeds = [11, 12, 13, 14];
  const p = params({ G: 100, chains: 2000, densityAt: 0 });

  it('median σ at g = 10 is 0.913 and at g = 100 is 0.362 (±0.015)', () => {
    const m10 = averaged(p, seeds, 10, (r, i) => r.tracks[0].median[i]);
    const m100 = averaged(p, seeds, 100, (r, i) => r.tracks[0].median[i]);
    expect(Math.abs(m10 - 0.913)).toBeLessThan(0.015);
    expect(Math.abs(m100 - 0.362)).toBeLessThan(0.015);
  });

  it('mean log σ² matches its closed form within 4 standard errors', () => {
    const chains = seeds.length * p.chains;
    for (const g of [10, 100]) {
      const mean = averaged(p, seeds, g, (r, i) => r.tracks[0].meanLogVar[i]);
      // Var log σ_g² = g·ψ'((M−1)/2) ≈ g·2/(M−1).
      const se = Math.sqrt((g * 2) / 99 / chains);
      expect(Math.abs(mean - expectedLogVar(g, 100, 0, 1))).toBeLessThan(4 * se);
    }
    expect(Math.abs(averaged(p, seeds, 10, (r, i) => r.tracks[0].meanLogVar[i]) - -0.2)).toBeLessThan(0.015);
  });

  it('E log σ² = −20.19 at g = 1000 (500 chains × 4 seeds, within 4 standard errors)', () => {
    const q = params({ G: 1000, densityAt: 0 });
    const mean = averaged(q, seeds, 1000, (r, i) => r.tracks[0].meanLogVar[i]);
    expect(Math.abs(mean - -20.19)).toBeLessThan(4 * Math.sqrt((1000 * (2 / 99)) / 2000));
  });

  it('δ = 1 keeps the mean of σ² at σ0² (within 4 standard errors) yet the median falls', () => {
    const q = params({ G: 100, chains: 2000, delta: '1', densityAt: 0 });
    const r = runSim1(q, 5);
    const i = summaryIndex(r, 100);
    // σ_g²/σ0² is a product of g i.i.d. χ²_{99}/99 factors: Var = (1 + 2/99)^g − 1.
    const se = Math.sqrt(((1 + 2 / 99) ** 100 - 1) / 2000);
    expect(Math.abs(r.tracks[0].meanVar[i] - 1)).toBeLessThan(4 * se);
    expect(r.tracks[0].median[i]).toBeLessThan(0.75);
  });

  it('accumulate, M = 100: median σ ≈ 0.986 at g = 200 — no collapse', () => {
    const q = params({ G: 200, chains: 2000, mode: 'accumulate', densityAt: 0 });
    const m = averaged(q, seeds, 200, (r, i) => r.tracks[0].median[i]);
    expect(Math.abs(m - 0.986)).toBeLessThan(0.015);
  });
});

describe('Sim 1 invariants', () => {
  it.each([
    [2, '0'],
    [10, '0'],
    [10, '1'],
    [100, '0'],
  ] as const)('accumulate never collapses (M = %i, δ = %s) while replace does', (M, delta) => {
    const p = params({ M, delta, mode: 'both', G: 2000, chains: 400, densityAt: 0 });
    const r = runSim1(p, 3);
    const [replace, accumulate] = r.tracks;
    expect(accumulate.mode).toBe('accumulate');
    const quarter = summaryIndex(r, 500);
    const last = r.filled - 1;
    // The accumulated fit settles: its median at g = 2000 is within 5 % of that at g = 500 …
    expect(Math.abs(accumulate.median[last] / accumulate.median[quarter] - 1)).toBeLessThan(0.05);
    // … and never falls below a third of σ0, while replace's median ends far below it.
    expect(Math.min(...accumulate.median)).toBeGreaterThan(1 / 3);
    expect(replace.median[last]).toBeLessThan(0.2 * accumulate.median[last]);
  });

  it('is deterministic for a seed, and tracks do not depend on which others run', () => {
    const p = params({ G: 300, chains: 100, densityAt: 50 });
    const a = runSim1(p, 7);
    const b = runSim1(p, 7);
    expect(Array.from(b.tracks[0].median)).toEqual(Array.from(a.tracks[0].median));
    expect(Array.from(b.tracks[0].densitySigma)).toEqual(Array.from(a.tracks[0].densitySigma));
    expect(b).toEqual(a);
    expect(Array.from(runSim1(p, 8).tracks[0].median)).not.toEqual(Array.from(a.tracks[0].median));
    const withOthers = runSim1({ ...p, compareM: true, mode: 'both' }, 7);
    expect(withOthers.tracks.map((t) => `${t.M}/${t.mode}`)).toEqual([
      '100/replace',
      '100/accumulate',
      '10/replace',
      '1000/replace',
      '10000/replace',
    ]);
    expect(Array.from(withOthers.tracks[0].median)).toEqual(Array.from(a.tracks[0].median));
  });

  it('larger M only slows the collapse', () => {
    const p = params({ compareM: true, G: 500, chains: 300, densityAt: 0 });
    const r = runSim1(p, 2);
    const last = r.filled - 1;
    const byM = [...r.tracks].sort((a, b) => a.M - b.M).map((t) => t.median[last]);
    for (let i = 1; i < byM.length; i++) expect(byM[i]).toBeGreaterThan(byM[i - 1]);
    expect(byM[byM.length - 1]).toBeLessThan(1);
  });

  it('streams partial results and ends with the same numbers as an unstreamed run', () => {
    const p = params({ G: 400, chains: 50 });
    const seen: number[] = [];
    const streamed = runSim1(p, 4, (partial, done, total) => {
      expect(total).toBe(400);
      expect(partial.done).toBe(done);
      expect(partial.gens[partial.filled - 1]).toBeLessThanOrEqual(done);
      seen.push(done);
    });
    expect(seen).toEqual([50, 100, 150, 200, 250, 300, 350]);
    expect(streamed.done).toBe(400);
    expect(Array.from(streamed.tracks[0].median)).toEqual(Array.from(runSim1(p, 4).tracks[0].median));
  });
});

describe('Sim 1 summary generations', () => {
  it('summarises every generation up to 100, then about 500 in all, always the last', () => {
    const gens = Array.from(summaryGenerations(1000));
    expect(gens.slice(0, 101)).toEqual(Array.from({ length: 101 }, (_, g) => g));
    expect(gens[gens.length - 1]).toBe(1000);
    expect(gens.length).toBeLessThan(600);
    expect(Array.from(summaryGenerations(7))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
