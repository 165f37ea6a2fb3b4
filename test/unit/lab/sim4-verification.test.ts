import { describe, expect, it } from 'vitest';
import { labRng } from '../../../src/lib/math/variates';
import { normalCdf } from '../../../src/lib/math/special';
import type { Figure, Params } from '../../../src/lib/lab/simulation';
import {
  geometryAccuracy,
  geometryBreakdown,
  geometryRates,
  sampleGeometryAccuracy,
} from '../../../src/lib/lab/sim4-geometry';
import {
  breakdownPoint,
  closedFormAccuracy,
  effectiveSampleSize,
  limitAccuracy,
  sampleAccuracy,
  VERIFIER_PRESETS,
} from '../../../src/lib/lab/sim4-mixture';
import { sim4, SIM4_DEFAULTS, type Sim4Params } from '../../../src/lib/lab/sim4-verification';

const V = { phi: 0.8, psi: 0.3 };
const M = { d: 100, mu: 1 };
const PI = Math.PI;

// collapse-lab.md, Sim 4A: (n, p, simulated, closed form).
const FIXTURES: [number, number, number, number][] = [
  [1e4, 0.1, 0.84, 0.839],
  [1e4, 0.6, 0.814, 0.814],
  [1e4, 0.7, 0.665, 0.658],
  [1e4, 0.8, 0.215, 0.216],
  [1e5, 0.7, 0.796, 0.793],
  [1e5, 0.75, 0.224, 0.22],
];

function checked(overrides: Partial<Sim4Params> = {}): Sim4Params {
  const c = sim4.check({ ...SIM4_DEFAULTS, ...overrides } as Params);
  if (!c.ok) throw new Error(c.error);
  return c.params;
}

function expectDrawable(figures: Figure[]) {
  for (const f of figures) {
    for (const s of f.series) {
      for (const arr of [s.x, s.y, s.lo ?? [], s.hi ?? []]) {
        for (const v of Array.from(arr)) expect(Number.isFinite(v), `${f.id} / ${s.label}`).toBe(true);
      }
      expect(s.y.length).toBe(s.x.length);
    }
    for (const r of f.rules ?? []) expect(Number.isFinite(r.value)).toBe(true);
  }
}

describe('Sim 4A closed form', () => {
  it.each(FIXTURES)('n = %d, p = %d: the formula gives the fixture to its rounding', (n, p, _sim, form) => {
    expect(Math.abs(closedFormAccuracy(n, p, V, M) - form)).toBeLessThanOrEqual(5e-4);
  });

  it('has the breakdown point of each preset', () => {
    expect(breakdownPoint(V)).toBeCloseTo(0.8 / 1.1, 12);
    const want = { none: 0.5, random: 0.5, weak: 0.615, good: 0.9, oracle: 1, adversarial: 0.385 };
    for (const [name, p] of Object.entries(want)) {
      expect(breakdownPoint(VERIFIER_PRESETS[name as keyof typeof want])).toBeCloseTo(p, 3);
    }
    expect(breakdownPoint({ phi: 0, psi: 0 })).toBeNull();
  });

  it('tends to Φ(‖μ‖) below p*, ½ at p* and 1 − Φ(‖μ‖) above', () => {
    const pStar = breakdownPoint(V)!;
    for (const mu of [0.5, 1, 2]) {
      const m = { d: 100, mu };
      expect(closedFormAccuracy(1e12, 0.5, V, m)).toBeCloseTo(normalCdf(mu), 6);
      expect(closedFormAccuracy(1e12, 0.9, V, m)).toBeCloseTo(1 - normalCdf(mu), 6);
      expect(closedFormAccuracy(1e12, pStar, V, m)).toBeCloseTo(0.5, 6);
      expect(limitAccuracy(0.5, V, m)).toBe(normalCdf(mu));
      expect(limitAccuracy(0.9, V, m)).toBe(normalCdf(-mu));
    }
  });

  it('keeps p* and every accuracy in [0, 1], and never NaN, over a grid including the edges', () => {
    const rng = labRng(3);
    for (const phi of [0, 0.01, 0.3, 1]) {
      for (const psi of [0, 0.2, 1]) {
        const v = { phi, psi };
        const pStar = breakdownPoint(v);
        if (phi + psi > 0) expect(pStar! >= 0 && pStar! <= 1).toBe(true);
        for (const p of [0, 0.3, 1]) {
          for (const n of [10, 1e4]) {
            for (const d of [1, 100]) {
              const m = { d, mu: 1 };
              for (const acc of [closedFormAccuracy(n, p, v, m), sampleAccuracy(rng, n, p, v, m)]) {
                expect(acc >= 0 && acc <= 1, `φ ${phi} ψ ${psi} p ${p} n ${n} d ${d}: ${acc}`).toBe(true);
              }
              expect(Number.isFinite(effectiveSampleSize(n, p, v))).toBe(true);
            }
          }
        }
      }
    }
  });

  it('values n generated examples at n·λ²/α clean ones', () => {
    expect(effectiveSampleSize(1e4, 0.7, V)).toBeCloseTo((1e4 * 0.03 ** 2) / 0.45, 9);
    expect(effectiveSampleSize(1e4, breakdownPoint(V)!, V)).toBeCloseTo(0, 9);
    expect(effectiveSampleSize(100, 0.2, { phi: 1, psi: 1 })).toBeCloseTo(100 * 0.6 ** 2, 9);
  });
});

describe('Sim 4A Monte Carlo', () => {
  it.each(FIXTURES)(
    'n = %d, p = %d: the sampler matches the fixture within 0.015 (200 runs)',
    (n, p, sim) => {
      for (const seed of [1, 2]) {
        const rng = labRng(seed);
        let sum = 0;
        for (let r = 0; r < 200; r++) sum += sampleAccuracy(rng, n, p, V, M);
        expect(Math.abs(sum / 200 - sim)).toBeLessThan(0.015);
      }
    },
  );

  it('is the mean of y′x over kept examples: the sampler agrees with drawing every example', () => {
    // Brute force in d = 5, n = 400: flip, keep, average y′x, then Φ(‖μ‖ w₁/‖w‖).
    const v = { phi: 0.7, psi: 0.4 };
    const m = { d: 5, mu: 0.8 };
    const n = 400;
    const p = 0.3;
    const rng = labRng(7);
    let brute = 0;
    const runs = 400;
    for (let r = 0; r < runs; r++) {
      const w = new Float64Array(m.d);
      let kept = 0;
      for (let i = 0; i < n; i++) {
        const y = rng.uniform() < 0.5 ? 1 : -1;
        const wrong = rng.uniform() < p;
        if (rng.uniform() >= (wrong ? v.psi : v.phi)) continue;
        const label = wrong ? -y : y;
        kept++;
        for (let j = 0; j < m.d; j++) w[j] += label * ((j === 0 ? y * m.mu : 0) + rng.normal());
      }
      const norm = Math.hypot(...w);
      brute += kept === 0 || norm === 0 ? 0.5 : normalCdf((m.mu * w[0]) / norm);
    }
    let fast = 0;
    for (let r = 0; r < runs; r++) fast += sampleAccuracy(rng, n, p, v, m);
    expect(Math.abs(brute / runs - fast / runs)).toBeLessThan(0.01);
  });
});

describe('Sim 4B geometry (orthogonal error directions)', () => {
  const FIX: [number, number, number][] = [
    [0.3, 0.3, 0.754],
    [0.6, 0.2, 0.634],
    [0.7, 0.35, 0.465],
  ];

  it.each(FIX)('θ_g = %dπ, θ_v = %dπ: acc∞ = %d', (g, v, want) => {
    expect(Math.abs(geometryAccuracy(g * PI, v * PI) - want)).toBeLessThanOrEqual(5e-4);
  });

  it.each(FIX)('θ_g = %dπ, θ_v = %dπ: a seeded student on 40 000 examples lands on acc∞', (g, v) => {
    const rng = labRng(11);
    let sum = 0;
    for (let r = 0; r < 5; r++) sum += sampleGeometryAccuracy(rng, 40_000, g * PI, v * PI);
    expect(Math.abs(sum / 5 - geometryAccuracy(g * PI, v * PI))).toBeLessThan(0.01);
  });

  it('breaks down at θ_g + θ_v = π, and shared errors give the generator’s accuracy', () => {
    for (const v of [0.1, 0.3, 0.5]) {
      const tb = geometryBreakdown(v * PI);
      expect(geometryAccuracy(tb, v * PI)).toBeCloseTo(0.5, 12);
      expect(geometryAccuracy(tb - 0.05, v * PI)).toBeGreaterThan(0.5);
      expect(geometryAccuracy(tb + 0.05, v * PI)).toBeLessThan(0.5);
      expect(geometryAccuracy(v * PI, v * PI, 1)).toBeCloseTo(1 - v, 12);
    }
    expect(geometryAccuracy(0.4 * PI, 0.6 * PI, -1)).toBe(0.5); // opposite directions: nothing kept
  });

  it('gives φ, ψ that a seeded count of kept examples confirms, with p = p* exactly at the breakdown', () => {
    const rng = labRng(5);
    for (const [g, v] of FIX) {
      const wg = [Math.cos(g * PI), Math.sin(g * PI), 0];
      const wv = [Math.cos(v * PI), 0, Math.sin(v * PI)];
      let correct = 0;
      let keptCorrect = 0;
      let keptWrong = 0;
      const n = 100_000;
      for (let i = 0; i < n; i++) {
        const x = [rng.normal(), rng.normal(), rng.normal()];
        const label = wg[0] * x[0] + wg[1] * x[1] >= 0;
        const keep = wv[0] * x[0] + wv[2] * x[2] >= 0 === label;
        if (label === x[0] >= 0) {
          correct++;
          if (keep) keptCorrect++;
        } else if (keep) keptWrong++;
      }
      const r = geometryRates(g * PI, v * PI);
      expect(Math.abs(r.phi - keptCorrect / correct)).toBeLessThan(0.01);
      expect(Math.abs(r.psi - keptWrong / (n - correct))).toBeLessThan(0.01);
    }
    for (const v of [0.2, 0.45]) {
      expect(geometryRates(geometryBreakdown(v * PI), v * PI).pStar).toBeCloseTo(1 - v, 9);
    }
  });
});

describe('Sim 4 simulation', () => {
  it('its own curves reproduce the Monte-Carlo fixtures at n = 10⁴', () => {
    const params = checked({ replicates: 200 });
    const r = sim4.run(params, 3);
    const curve = r.byP.find((c) => c.n === 1e4)!.simulated!;
    for (const [n, p, sim] of FIXTURES) {
      if (n !== 1e4) continue;
      expect(Math.abs(curve.mean[curve.x.indexOf(p)] - sim)).toBeLessThan(0.015);
    }
    const big = r.byP.find((c) => c.n === 1e5)!.simulated!;
    expect(Math.abs(big.mean[big.x.indexOf(0.7)] - 0.796)).toBeLessThan(0.015);
    expect(Math.abs(big.mean[big.x.indexOf(0.75)] - 0.224)).toBeLessThan(0.015);
  });

  it('is deterministic for a seed', () => {
    const p = checked();
    expect(sim4.run(p, 4)).toEqual(sim4.run(p, 4));
    expect(sim4.run(p, 5).byN.simulated).not.toEqual(sim4.run(p, 4).byN.simulated);
  });

  it('streams a partial per block, each drawable', () => {
    const p = checked();
    const seen: number[] = [];
    const r = sim4.run(p, 1, (partial, done, total) => {
      seen.push(done);
      expect(total).toBe(5);
      expectDrawable(sim4.figures(partial, p));
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(r.done).toBe(5);
  });

  it('draws no NaN for defaults and for extreme-but-allowed parameters', () => {
    const cases: Partial<Sim4Params>[] = [
      {},
      { d: 1, n: 10, mu: 0.1 },
      { preset: 'oracle', p: 1 }, // ψ = 0 and every label wrong: nothing is kept
      { phi: 0, psi: 1, p: 0 }, // keeps only wrong examples, and there are none
      { d: 1000, n: 1e6, mu: 3, p: 0, thetaG: 1, thetaV: 1, replicates: 30 },
      { thetaG: 0, thetaV: 0 },
    ];
    for (const c of cases) {
      const p = checked(c);
      const r = sim4.run(p, 2);
      const figs = sim4.figures(r, p);
      expect(figs.map((f) => f.id)).toEqual([
        'acc-vs-p',
        'acc-vs-n',
        'effective-n',
        'geometry',
        'geometry-pstar',
      ]);
      expectDrawable(figs);
      for (const s of figs[0].series) for (const y of Array.from(s.y)) expect(y >= 0 && y <= 1).toBe(true);
      for (const reading of sim4.readings(r, p)) {
        expect(typeof reading.value === 'string' || Number.isFinite(reading.value)).toBe(true);
      }
    }
  });

  it('draws p* as a rule and reads out the verdict', () => {
    const p = checked({ p: 0.8 });
    const r = sim4.run(p, 1);
    const rule = sim4.figures(r, p)[0].rules![0];
    expect(rule).toMatchObject({ axis: 'x', label: 'p* = 0.727' });
    expect(rule.value).toBeCloseTo(0.7273, 4);
    const verdict = sim4.readings(r, p).find((x) => x.label === 'Verdict at this p')!;
    expect(verdict.value).toBe('breaks down');
    expect(sim4.readings(r, checked({ p: 0.5 })).find((x) => x.label === 'Verdict at this p')!.value).toBe(
      'verification helps',
    );
  });
});

describe('Sim 4 check', () => {
  it('refuses a verifier that keeps nothing, with a reason', () => {
    const c = sim4.check({ ...SIM4_DEFAULTS, phi: 0, psi: 0 });
    expect(c).toEqual({ ok: false, error: expect.stringMatching(/keeps nothing.*0\/0.*Raise φ/) });
  });

  it('clamps out-of-range values with a note', () => {
    const c = sim4.check({ ...SIM4_DEFAULTS, p: 1.5, n: 3, replicates: 10.4, d: 0 });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.params).toMatchObject({ p: 1, n: 10, replicates: 30, d: 1 });
    expect(c.notes).toHaveLength(4);
  });

  it('a preset sets φ and ψ, saying so when the request disagreed', () => {
    const c = sim4.check({ ...SIM4_DEFAULTS, preset: 'good', phi: 0.5 });
    expect(c.ok && c.params).toMatchObject({ phi: 0.9, psi: 0.1 });
    expect(c.ok && c.notes[0]).toMatch(/choose custom/);
    const lesson = sim4.check({ ...SIM4_DEFAULTS, preset: 'weak' }); // φ, ψ at their defaults: no note
    expect(lesson.ok && lesson.params).toMatchObject({ phi: 0.8, psi: 0.5 });
    expect(lesson.ok && lesson.notes).toEqual([]);
    const quiet = sim4.check({ preset: 'adversarial' });
    expect(quiet.ok && quiet.params).toMatchObject({ phi: 0.5, psi: 0.8 });
    expect(quiet.ok && quiet.notes).toEqual([]);
  });
});
