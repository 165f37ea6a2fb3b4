import { describe, expect, it } from 'vitest';
import { sim3Readings } from '../../../../src/lib/lab/sim3-regression/sim3-readings';
import { toeditVerdict } from '../../../../src/lib/lab/sim3-regression/sim3-verdict';
import { HAND_MADE_PARAMS, handMadeSim3 } from './sim3-hand-made';

describe('Sim 3 readings', () => {
  it('read each mode at the last generation in units of V, beside its closed form', () => {
    const r = handMadeSim3();
    const readings = sim3Readings(r, HAND_MADE_PARAMS);
    expect(readings.map((x) => [x.label, x.value])).toEqual([
      ['V = σ²d/(T − d − 1)', 0.1124],
      ['replace at g = 2', 0.3371],
      ['accumulate at g = 2', 0.1573],
      ['edit-human (η = 0.5), mean over g ≥ 1', 0.1854],
      ['edit-previous (η = 0.5) at g = 2', 0.2921],
      ['ToEdit at g = 2', 0.1461],
      ['ToEdit: simulation vs paper bound', toeditVerdict(r, HAND_MADE_PARAMS)],
    ]);
    expect(readings[1].detail).toBe('3.000·V; closed form 3.000·V');
    expect(readings[2].detail).toBe('1.400·V; closed form 1.361·V, never above π²/6·V');
    expect(readings[3].detail).toBe('1.650·V; stationary ≈ V·(1 + 2η − 2η²)/(1 − η²) = 2.000·V');
    expect(readings[5].detail).toBe('paper: Theorem 1 0.197, 2·base 0.225, decaying bound 0.645');
  });
});
