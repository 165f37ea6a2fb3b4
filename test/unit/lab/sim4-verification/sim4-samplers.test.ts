import { describe, expect, it } from 'vitest';
import { labRng } from '../../../../src/lib/math/variates';
import { normalCdf } from '../../../../src/lib/math/special';
import { geometryAccuracy } from '../../../../src/lib/lab/sim4-verification/sim4-closed-forms';
import {
  sampleAccuracy,
  sampleGeometryAccuracy,
} from '../../../../src/lib/lab/sim4-verification/sim4-samplers';
import { FIXTURES, GEOMETRY_FIXTURES as FIX, M, PI, V } from './sim4-fixtures';

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

describe('Sim 4B sampler', () => {
  it.each(FIX)('θ_g = %dπ, θ_v = %dπ: a seeded student on 40 000 examples lands on acc∞', (g, v) => {
    const rng = labRng(11);
    let sum = 0;
    for (let r = 0; r < 5; r++) sum += sampleGeometryAccuracy(rng, 40_000, g * PI, v * PI);
    expect(Math.abs(sum / 5 - geometryAccuracy(g * PI, v * PI))).toBeLessThan(0.01);
  });
});
