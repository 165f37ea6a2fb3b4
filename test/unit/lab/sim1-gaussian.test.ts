import { describe, expect, it } from 'vitest';
import { digamma } from '../../../src/lib/math/special';
import { summaryGenerations } from '../../../src/lib/lab/sim1-chains';
import {
  expectedLogVar,
  expectedVar,
  halvingGeneration,
  logVarDrift,
  sim1,
  summaryIndex,
  tailMass,
  type Sim1Params,
  type Sim1Result,
} from '../../../src/lib/lab/sim1-gaussian';
import type { Params } from '../../../src/lib/lab/simulation';
import { undrawable } from './sim123-finite';

const EULER = 0.5772156649015329;

const ODD: Params = { M: 1.5, G: 5000, chains: 5000, densityAt: 9999, mode: 'both', compareM: true };

function params(overrides: Partial<Sim1Params> = {}): Sim1Params {
  const checked = sim1.check({ ...sim1.defaults, ...overrides } as Params);
  if (!checked.ok) throw new Error(checked.error);
  return checked.params;
}

/** The main track's value at generation g, averaged over runs with several seeds. */
function averaged(p: Sim1Params, seeds: number[], g: number, read: (r: Sim1Result, i: number) => number) {
  let sum = 0;
  for (const seed of seeds) {
    const r = sim1.run(p, seed);
    sum += read(r, summaryIndex(r, g));
  }
  return sum / seeds.length;
}

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
    const r = sim1.run(q, 5);
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
    const r = sim1.run(p, 3);
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
    const a = sim1.run(p, 7);
    const b = sim1.run(p, 7);
    expect(Array.from(b.tracks[0].median)).toEqual(Array.from(a.tracks[0].median));
    expect(Array.from(b.tracks[0].densitySigma)).toEqual(Array.from(a.tracks[0].densitySigma));
    expect(sim1.figures(b, p)).toEqual(sim1.figures(a, p));
    expect(Array.from(sim1.run(p, 8).tracks[0].median)).not.toEqual(Array.from(a.tracks[0].median));
    const withOthers = sim1.run({ ...p, compareM: true, mode: 'both' }, 7);
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
    const r = sim1.run(p, 2);
    const last = r.filled - 1;
    const byM = [...r.tracks].sort((a, b) => a.M - b.M).map((t) => t.median[last]);
    for (let i = 1; i < byM.length; i++) expect(byM[i]).toBeGreaterThan(byM[i - 1]);
    expect(byM[byM.length - 1]).toBeLessThan(1);
  });

  it('streams partial results and ends with the same numbers as an unstreamed run', () => {
    const p = params({ G: 400, chains: 50 });
    const seen: number[] = [];
    const streamed = sim1.run(p, 4, (partial, done, total) => {
      expect(total).toBe(400);
      expect(partial.done).toBe(done);
      expect(partial.gens[partial.filled - 1]).toBeLessThanOrEqual(done);
      for (const f of sim1.figures(partial, p)) for (const s of f.series) expect(s.x.length).toBe(s.y.length);
      seen.push(done);
    });
    expect(seen).toEqual([50, 100, 150, 200, 250, 300, 350]);
    expect(streamed.done).toBe(400);
    expect(Array.from(streamed.tracks[0].median)).toEqual(Array.from(sim1.run(p, 4).tracks[0].median));
  });

  const extremes: [string, Partial<Sim1Params>][] = [
    ['defaults', {}],
    [
      'M = 2, MLE, 5000 generations, everything on',
      { M: 2, G: 5000, chains: 20, mode: 'both', compareM: true, densityAt: 5000 },
    ],
    ['M = 100000, unbiased', { M: 100000, delta: '1', G: 50, chains: 10, mode: 'both' }],
    ['tiny and huge scales', { sigma0: 0.001, mu0: -100, M: 2, G: 3000, chains: 20, densityAt: 3000 }],
    ['huge σ0', { sigma0: 1000, mu0: 100, G: 10, chains: 10, densityAt: 0, mode: 'accumulate' }],
  ];
  it.each(extremes)('no NaN or ∞ in any figure or reading: %s', (_, overrides) => {
    const p = params(overrides);
    const r = sim1.run(p, 1);
    const figs = sim1.figures(r, p);
    expect(figs.map((f) => f.id)).toEqual(['fan', 'log-variance', 'variance', 'density', 'tails']);
    expect(undrawable(figs, sim1.readings(r, p))).toEqual([]);
  });

  it('draws three fitted densities at the chosen generation, the typical one narrower than the original', () => {
    const p = params();
    const r = sim1.run(p, 1);
    const density = sim1.figures(r, p).find((f) => f.id === 'density')!;
    expect(density.series.map((s) => s.kind)).toEqual(['reference', 'simulated', 'simulated', 'simulated']);
    const [original, typical, narrow, wide] = density.series;
    const peak = (s: (typeof density.series)[number]) => Math.max(...Array.from(s.y));
    // The median chain's σ at g = 100 is about 0.36: its peak is about 1/0.36 times the original's.
    expect(peak(typical) / peak(original)).toBeGreaterThan(2);
    expect(peak(narrow)).toBeGreaterThan(peak(typical));
    expect(peak(wide)).toBeLessThan(peak(typical));
    // Each is a probability density: it integrates to about 1 unless its mean wandered off the grid.
    const dx = r.densityGrid[1] - r.densityGrid[0];
    expect(Array.from(original.y).reduce((a, b) => a + b) * dx).toBeCloseTo(1, 3);
  });

  it('readings give the fixtures a learner can compare', () => {
    const p = params();
    const readings = sim1.readings(sim1.run(p, 1), p);
    const labels = readings.map((r) => r.label);
    expect(labels).toContain('M = 100 · replace: median σ at g = 10');
    expect(labels).toContain('M = 100 · replace: median σ first halves at generation');
    const halves = readings.find((r) => r.label.endsWith('first halves at generation'))!;
    expect(Math.abs((halves.value as number) - 69)).toBeLessThan(8);
  });
});

describe('Sim 1 check()', () => {
  it('is idempotent: what check() returns, check() accepts without a note', () => {
    const first = sim1.check({ ...sim1.defaults, ...ODD });
    if (!first.ok) throw new Error(first.error);
    expect(first.notes.length).toBeGreaterThan(0);
    expect(sim1.check(first.params)).toEqual({ ok: true, params: first.params, notes: [] });
  });
  it('accepts the defaults unchanged', () => {
    const c = sim1.check(sim1.defaults);
    expect(c).toEqual({ ok: true, params: sim1.defaults, notes: [] });
  });
  it('clamps out-of-range values with a note each', () => {
    const c = sim1.check({
      M: 1,
      G: 1e6,
      chains: 3.7,
      delta: '2',
      mode: 'both',
      densityAt: 9000,
      sigma0: -1,
    });
    if (!c.ok) throw new Error(c.error);
    expect(c.params).toMatchObject({
      M: 2,
      G: 5000,
      chains: 10,
      delta: '0',
      mode: 'both',
      densityAt: 5000,
      sigma0: 0.001,
    });
    expect(c.notes.length).toBe(6);
    expect(c.notes.join(' ')).toMatch(/Samples per generation M: 1 is outside 2–100000; using 2/);
  });
  it('caps chains × generations and moves the density generation into range', () => {
    const c = sim1.check({ G: 5000, chains: 5000, densityAt: 100 });
    if (!c.ok) throw new Error(c.error);
    expect(c.params.chains).toBe(1000);
    expect(c.notes[0]).toMatch(/using 1000 chains/);
    const d = sim1.check({ G: 50, densityAt: 100 });
    if (!d.ok) throw new Error(d.error);
    expect(d.params.densityAt).toBe(50);
    expect(d.notes[0]).toMatch(/generation 50/);
  });
  it('summarises every generation up to 100, then about 500 in all, always the last', () => {
    const gens = Array.from(summaryGenerations(1000));
    expect(gens.slice(0, 101)).toEqual(Array.from({ length: 101 }, (_, g) => g));
    expect(gens[gens.length - 1]).toBe(1000);
    expect(gens.length).toBeLessThan(600);
    expect(Array.from(summaryGenerations(7))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
