import { describe, expect, it } from 'vitest';
import { logPosition, logValue, STEPS } from '../../../src/lib/lab/log-slider';
import type { ParamField } from '../../../src/lib/lab/simulation';

type NumberField = Extract<ParamField, { kind: 'number' }>;
const M: NumberField = {
  kind: 'number',
  key: 'M',
  label: 'M',
  min: 10,
  max: 10000,
  step: 1,
  log: true,
  integer: true,
};
const eta: NumberField = { kind: 'number', key: 'eta', label: 'η', min: 0, max: 1, step: 0.01, log: true };

describe('log slider', () => {
  it('puts the ends of the track at the ends of the range', () => {
    expect(logValue(M, 0)).toBe(10);
    expect(logValue(M, STEPS)).toBe(10000);
    expect(logPosition(M, 10)).toBe(0);
    expect(logPosition(M, 10000)).toBe(STEPS);
    expect(logPosition(M, 100)).toBe(Math.round(STEPS / 3));
  });

  it('lands on values with two significant digits, whole for whole-number fields', () => {
    for (let p = 0; p <= STEPS; p += 7) {
      const v = logValue(M, p);
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(10);
      expect(v).toBeLessThanOrEqual(10000);
      expect(Number(v.toPrecision(2))).toBe(v);
    }
  });

  it('is monotone and returns to (near) the same place for the value it gives', () => {
    let last = -Infinity;
    for (let p = 0; p <= STEPS; p++) {
      const v = logValue(M, p);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
      expect(Math.abs(logPosition(M, v) - p)).toBeLessThanOrEqual(15); // two digits: ≤ 5 % of a decade
    }
  });

  it('handles a range that starts at zero without NaN', () => {
    for (const p of [0, 1, 10, 500, 999, 1000]) expect(Number.isFinite(logValue(eta, p))).toBe(true);
    expect(logValue(eta, 0)).toBe(0);
    expect(logPosition(eta, 0)).toBe(0);
    expect(Number.isFinite(logPosition(eta, 0.5))).toBe(true);
  });
});
