import { describe, expect, it } from 'vitest';
import { labRng } from '../../../src/lib/math/variates';
import { atoms, expectedError, logGrid, zipf } from '../../../src/lib/lab/sim2-error';
import { resampleGenerations, source } from '../../../src/lib/lab/sim2-resample';
import {
  cleanConstant,
  cleanLaw,
  floorSummary,
  SIM2_GRID,
  sim2,
  tailFloor,
  tailFloorAsymptotic,
  type Sim2Params,
} from '../../../src/lib/lab/sim2-zipf';
import type { Params } from '../../../src/lib/lab/simulation';
import { undrawable } from './undrawable';

const ODD: Params = { N: 2000, beta: 3, betaNarrow: 2, kMix: 1e6, T0: 5e6, reps: 200 };

function params(overrides: Partial<Sim2Params> = {}): Sim2Params {
  const checked = sim2.check({ ...sim2.defaults, ...overrides } as Params);
  if (!checked.ok) throw new Error(checked.error);
  return checked.params;
}

/** Σ p_i (1 − q_i)^T term by term: the definition the fast evaluation must match. */
function bruteForce(p: ArrayLike<number>, q: ArrayLike<number>, T: number): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i] * Math.exp(T * Math.log1p(-q[i]));
  return s;
}

describe('Sim 2 closed forms (collapse-lab.md fixtures)', () => {
  it('clean law: (1/β)Γ(1 − 1/β)ζ(β)^(−1/β) = 0.691 for β = 2, and 6.90e-3 at T = 10⁴', () => {
    const want = 0.5 * Math.sqrt(Math.PI) * (Math.PI ** 2 / 6) ** -0.5;
    expect(Math.abs(cleanConstant(2) - want)).toBeLessThan(1e-12);
    expect(cleanConstant(2)).toBeCloseTo(0.691, 3);
    expect(Math.abs(cleanLaw(1e4, 2) - want / 100)).toBeLessThan(1e-12);
    expect(Math.abs(cleanLaw(1e4, 2) - 6.9e-3)).toBeLessThan(1.5e-5);
    // β = 3: (1/3)·Γ(2/3)·ζ(3)^(−1/3), Γ(2/3) = 1.3541179394264.
    expect(cleanConstant(3)).toBeCloseTo((1 / 3) * 1.3541179394264 * 1.2020569031595942 ** (-1 / 3), 12);
  });
  it('tail-cut floors with N = 10⁵: k = 100 → 6.04e-3, k = 1000 → 6.02e-4 (exact finite sums)', () => {
    const p = zipf(100000, 2);
    for (const [k, fixture] of [
      [100, 6.04e-3],
      [1000, 6.02e-4],
    ]) {
      let explicit = 0;
      for (let i = 99999; i >= k; i--) explicit += p[i];
      expect(Math.abs(tailFloor(k, 100000, 2) / explicit - 1)).toBeLessThan(1e-10);
      expect(Math.abs(tailFloor(k, 100000, 2) - fixture)).toBeLessThan(0.006 * fixture);
    }
    expect(tailFloor(100000, 100000, 2)).toBe(0);
  });
  it('the N = ∞ floor k^(1−β)/((β − 1)ζ(β)) approaches the exact one as N grows', () => {
    expect(tailFloorAsymptotic(100, 2)).toBeCloseTo(1 / (100 * (Math.PI ** 2 / 6)), 15);
    expect(Math.abs(tailFloor(100, 1e8, 2) / tailFloorAsymptotic(100, 2) - 1)).toBeLessThan(0.006);
  });
});

describe('expected error Σ p_i(1 − q_i)^T', () => {
  const grid = logGrid(10, 1e9, 5).map(Math.round);
  it('matches term-by-term sums for clean, cut, narrowed and lumpy q', () => {
    const p = zipf(3000, 1.5);
    const narrow = zipf(3000, 2.5);
    const cut = Float64Array.from(p.subarray(0, 200), (v) => v / p.subarray(0, 200).reduce((a, b) => a + b));
    const cutFloor = p.subarray(200).reduce((a, b) => a + b);
    for (let t = 0; t < grid.length; t++) {
      const T = grid[t];
      const cases: [number, number][] = [
        [expectedError(atoms(p, p, 0), [T])[0], bruteForce(p, p, T)],
        [expectedError(atoms(p, narrow, 0), [T])[0], bruteForce(p, narrow, T)],
        [
          expectedError(atoms(p.subarray(0, 200), cut, cutFloor), [T])[0],
          bruteForce(p.subarray(0, 200), cut, T) + cutFloor,
        ],
      ];
      for (const [fast, slow] of cases)
        expect(Math.abs(fast - slow)).toBeLessThanOrEqual(1e-8 * slow + 1e-300);
    }
  });
  it('is exact at the extremes: everything seen, one item with all the mass', () => {
    expect(expectedError(atoms(Float64Array.of(1), Float64Array.of(1), 0), [10])[0]).toBe(0);
    expect(expectedError(atoms(Float64Array.of(0.5), Float64Array.of(0.5), 0.5), [1])[0]).toBeCloseTo(
      0.75,
      15,
    );
    expect(() => atoms(Float64Array.of(0.5, 0.5), Float64Array.of(0.1, 0.2), 0)).toThrow(/descending/);
  });
  it('the finite-N clean curve follows the N = ∞ law at T = 10⁴ and bends below it once items run out', () => {
    const p = zipf(100000, 2);
    const e = expectedError(atoms(p, p, 0), [1e4, 1e9]);
    expect(Math.abs(e[0] / cleanLaw(1e4, 2) - 1)).toBeLessThan(0.01);
    expect(e[1]).toBeLessThan(0.8 * cleanLaw(1e9, 2));
  });
});

describe('resampling generations', () => {
  it('draws multinomial counts: T0 in all, each type about T0·p_i (head by binomials, tail by inversion)', () => {
    const p = zipf(60, 1.2);
    const src = source(p, 10); // ranks ≥ 10 use the tail branch
    const rng = labRng(3);
    const reps = 4000;
    const T0 = 40;
    const sums = new Float64Array(60);
    for (let r = 0; r < reps; r++) {
      const [gen] = resampleGenerations(src, T0, 1, rng);
      expect(gen.counts.reduce((a, b) => a + b, 0)).toBe(T0);
      for (let j = 1; j < gen.types.length; j++) expect(gen.types[j]).toBeGreaterThan(gen.types[j - 1]);
      gen.types.forEach((t, j) => (sums[t] += gen.counts[j]));
    }
    for (let i = 0; i < 60; i++) {
      const mean = T0 * p[i];
      const se = Math.sqrt((T0 * p[i] * (1 - p[i])) / reps);
      expect(Math.abs(sums[i] / reps - mean), `type ${i}`).toBeLessThan(5 * se);
    }
  });
  it('types only die: every later generation is a subset with the same total', () => {
    const p = zipf(5000, 1.5);
    const chain = resampleGenerations(source(p), 3000, 8, labRng(4));
    for (let g = 1; g < chain.length; g++) {
      const before = new Set(chain[g - 1].types);
      for (const t of chain[g].types) expect(before.has(t)).toBe(true);
      expect(chain[g].counts.reduce((a, b) => a + b, 0)).toBe(3000);
      expect(chain[g].types.length).toBeLessThanOrEqual(chain[g - 1].types.length);
    }
  });
});

describe('Sim 2 runs', () => {
  it('floors rise with every generation in every replicate; generation 1 matches Σ p_i(1 − p_i)^T0', () => {
    const p = params({ reps: 64, T0: 20000, N: 20000 });
    const r = sim2.run(p, 1);
    for (let rep = 0; rep < p.reps; rep++)
      for (let g = 1; g < p.generations; g++)
        expect(r.genFloors[g][rep]).toBeGreaterThanOrEqual(r.genFloors[g - 1][rep]);
    const f = floorSummary(r);
    const col = r.genFloors[0];
    const sd = Math.sqrt(col.reduce((a, v) => a + (v - f.mean[0]) ** 2, 0) / (col.length - 1));
    expect(Math.abs(f.mean[0] - r.gen1FloorExpected)).toBeLessThan(4 * (sd / Math.sqrt(col.length)));
    expect(f.mean[p.generations - 1]).toBeGreaterThan(1.3 * f.mean[0]);
    // Each generation's error curve flattens onto its floor.
    const last = r.grid.length - 1;
    for (let rep = 0; rep < 4; rep++)
      expect(r.genErrors[0][rep * r.grid.length + last]).toBeCloseTo(r.genFloors[0][rep], 12);
  });

  it('tail cuts sit on their floors; a real fraction restores the descent', () => {
    const p = params({ reps: 1, generations: 1 });
    const r = sim2.run(p, 1);
    const last = r.grid.length - 1;
    for (const c of r.cuts) {
      expect(c.floor).toBeCloseTo(tailFloor(c.k, p.N, p.beta), 14);
      // k = 10⁴ is still settling at T = 10⁹ (its rarest kept item has T·q ≈ 6).
      expect(Math.abs(c.error[last] / c.floor - 1)).toBeLessThan(c.k < 10000 ? 1e-6 : 1e-3);
    }
    expect(r.cuts.map((c) => c.k)).toEqual([100, 1000, 10000]);
    const [none, small, tenth, half] = r.mixes;
    expect(none.error[last]).toBeCloseTo(tailFloor(p.kMix, p.N, p.beta), 12);
    expect(small.error[last]).toBeLessThan(0.5 * none.error[last]);
    expect(tenth.error[last]).toBeLessThan(small.error[last]);
    expect(half.error[last]).toBeLessThan(tenth.error[last]);
    // With π = 0.01 the tail is trained on π·T samples: the clean law at π·T predicts it within 10 %.
    expect(Math.abs(small.error[last] / cleanLaw(0.01 * 1e9, 2) - 1)).toBeLessThan(0.1);
    // The narrowed tail falls more slowly than the clean law.
    const t = r.grid.indexOf(1e6);
    expect(r.narrowed[t]).toBeGreaterThan(2 * r.clean[t]);
  });

  it('is deterministic and streams every 4 replicates', () => {
    const p = params({ reps: 10, N: 5000, T0: 5000 });
    const seen: number[] = [];
    const a = sim2.run(p, 2, (partial, done, total) => {
      expect(total).toBe(10);
      expect(undrawable(sim2.figures(partial, p), sim2.readings(partial, p))).toEqual([]);
      seen.push(done);
    });
    expect(seen).toEqual([0, 4, 8]);
    const b = sim2.run(p, 2);
    expect(sim2.figures(b, p)).toEqual(sim2.figures(a, p));
    expect(Array.from(sim2.run(p, 3).genFloors[0])).not.toEqual(Array.from(a.genFloors[0]));
  });

  const extremes: [string, Partial<Sim2Params>][] = [
    ['defaults', {}],
    ['few items (cuts beyond N dropped, k clamped)', { N: 1000, kMix: 5000 }],
    ['a million items', { N: 1000000, reps: 2, generations: 2 }],
    ['heavy tail β = 1.1', { beta: 1.1, betaNarrow: 1.2, reps: 4 }],
    ['light tail β = 4 (errors underflow at large T)', { beta: 4, betaNarrow: 8, reps: 4 }],
    ['tiny T0, many generations', { T0: 100, generations: 20 }],
    ['huge T0 (replicates capped)', { T0: 10000000, reps: 200, generations: 2 }],
  ];
  it.each(extremes)('no NaN or ∞ in any figure or reading: %s', (_, overrides) => {
    const p = params(overrides);
    const r = sim2.run(p, 1);
    const figs = sim2.figures(r, p);
    expect(figs.map((f) => f.id)).toEqual(['scaling', 'tail-cut', 'generations', 'floors', 'mixing']);
    expect(undrawable(figs, sim2.readings(r, p))).toEqual([]);
  });

  it('reads out the fixtures', () => {
    const p = params({ reps: 2 });
    const readings = sim2.readings(sim2.run(p, 1), p);
    const value = (label: string) => readings.find((r) => r.label === label)?.value;
    expect(value('clean law constant C in C·T^−(1−1/β)')).toBe(0.691);
    expect(value('floor of the tail cut at k = 100')).toBe(0.00604);
    expect(value('floor of the tail cut at k = 1000')).toBe(0.000602);
  });
});

describe('Sim 2 check()', () => {
  it('is idempotent: what check() returns, check() accepts without a note', () => {
    const first = sim2.check({ ...sim2.defaults, ...ODD });
    if (!first.ok) throw new Error(first.error);
    expect(first.notes.length).toBeGreaterThan(0);
    expect(sim2.check(first.params)).toEqual({ ok: true, params: first.params, notes: [] });
  });
  it('accepts the defaults unchanged and uses the documented grid', () => {
    expect(sim2.check(sim2.defaults)).toEqual({ ok: true, params: sim2.defaults, notes: [] });
    expect(SIM2_GRID[0]).toBe(10);
    expect(SIM2_GRID[SIM2_GRID.length - 1]).toBe(1e9);
    expect(SIM2_GRID.indexOf(1e4)).toBeGreaterThan(0);
  });
  it('clamps with notes: ranges, a narrowed tail that is not narrower, a cut beyond N, too many draws', () => {
    const c = sim2.check({ N: 10, beta: 9, betaNarrow: 2, kMix: 50000, T0: 1e7, reps: 50 });
    if (!c.ok) throw new Error(c.error);
    expect(c.params).toMatchObject({ N: 1000, beta: 4, betaNarrow: 4.5, kMix: 100, T0: 1e7, reps: 2 });
    expect(c.notes).toHaveLength(5);
    expect(c.notes.join(' ')).toMatch(/not narrower than β = 4; using 4\.5/);
    expect(c.notes.join(' ')).toMatch(/keeps all 1000 items; using k = 100/);
    expect(c.notes.join(' ')).toMatch(/using 2 replicates/);
  });
});
