import { describe, expect, it } from 'vitest';
import { decayingBound, theorem1 } from '../../../../src/lib/lab/sim3-regression/sim3-closed-forms';
import { toeditVerdict } from '../../../../src/lib/lab/sim3-regression/sim3-verdict';
import { HAND_MADE_PARAMS, handMadeSim3 } from './sim3-hand-made';

const V = 10 / 89;

describe('Sim 3 ToEdit verdict', () => {
  it('says the simulation stays within every bound when it does', () => {
    expect(decayingBound(HAND_MADE_PARAMS)!.toPrecision(3)).toBe('0.645');
    expect(toeditVerdict(handMadeSim3(), HAND_MADE_PARAMS)).toBe(
      'The simulation stays within the paper’s Theorem 1 curve and within its 2·base bound (peak 0.146, 2·base 0.225) but below the decaying-edits bound 0.645.',
    );
  });

  it('names the first generation above Theorem 1, and explains why the paper’s curve is optimistic', () => {
    const above = 1.2 * theorem1(1, V, 0.5, 0.5);
    const r = handMadeSim3({ toedit: [V, above, above, V, above, above, 99, 99, 99] });
    const text = toeditVerdict(r, HAND_MADE_PARAMS);
    expect(text).toMatch(/^The simulation sits above the paper’s Theorem 1 curve \(from generation 1\)/);
    expect(text).toMatch(/Theorem 1 drops the error that edited labels inherit/);
  });

  it('does not call it above when the gap is within two standard errors', () => {
    const t1 = theorem1(1, V, 0.5, 0.5);
    // Mean 1.01·t1 with standard error 0.05·t1: above by less than noise.
    const r = handMadeSim3({ toedit: [V, 0.96 * t1, t1, V, 1.06 * t1, t1, 99, 99, 99] });
    expect(toeditVerdict(r, HAND_MADE_PARAMS)).toMatch(
      /^The simulation stays within the paper’s Theorem 1 curve/,
    );
  });
});
