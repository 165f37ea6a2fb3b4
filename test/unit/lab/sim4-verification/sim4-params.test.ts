import { describe, expect, it } from 'vitest';
import { checkSim4, SIM4_DEFAULTS } from '../../../../src/lib/lab/sim4-verification/sim4-params';

describe('Sim 4 check', () => {
  it('refuses a verifier that keeps nothing, with a reason', () => {
    const c = checkSim4({ ...SIM4_DEFAULTS, phi: 0, psi: 0 });
    expect(c).toEqual({ ok: false, error: expect.stringMatching(/keeps nothing.*0\/0.*Raise φ/) });
  });

  it('clamps out-of-range values with a note', () => {
    const c = checkSim4({ ...SIM4_DEFAULTS, p: 1.5, n: 3, replicates: 10.4, d: 0 });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.params).toMatchObject({ p: 1, n: 10, replicates: 30, d: 1 });
    expect(c.notes).toHaveLength(4);
  });

  it('a preset sets φ and ψ, saying so when the request disagreed', () => {
    const c = checkSim4({ ...SIM4_DEFAULTS, preset: 'good', phi: 0.5 });
    expect(c.ok && c.params).toMatchObject({ phi: 0.9, psi: 0.1 });
    expect(c.ok && c.notes[0]).toMatch(/choose custom/);
    const lesson = checkSim4({ ...SIM4_DEFAULTS, preset: 'weak' }); // φ, ψ at their defaults: no note
    expect(lesson.ok && lesson.params).toMatchObject({ phi: 0.8, psi: 0.5 });
    expect(lesson.ok && lesson.notes).toEqual([]);
    const quiet = checkSim4({ preset: 'adversarial' });
    expect(quiet.ok && quiet.params).toMatchObject({ phi: 0.5, psi: 0.8 });
    expect(quiet.ok && quiet.notes).toEqual([]);
  });
});
