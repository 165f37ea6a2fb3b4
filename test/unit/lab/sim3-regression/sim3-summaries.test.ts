import { describe, expect, it } from 'vitest';
import { summarise } from '../../../../src/lib/lab/sim3-regression/sim3-summaries';
import { handMadeSim3 } from './sim3-hand-made';

describe('Sim 3 summaries', () => {
  it('give each generation’s mean, standard error and 10–90 % band over the finished replicates', () => {
    const s = summarise(handMadeSim3({ accumulate: [1, 2, 4, 3, 6, 8, 99, 99, 99] }), 'accumulate');
    expect(Array.from(s.mean)).toEqual([2, 4, 6]);
    // Two replicates a and b: sd = |a − b|/√2, se = sd/√2 = |a − b|/2.
    expect(Array.from(s.se)).toEqual([1, 2, 2]);
    expect(s.q10[1]).toBeCloseTo(2.4, 12);
    expect(s.q90[1]).toBeCloseTo(5.6, 12);
  });

  it('have no spread with one replicate', () => {
    const s = summarise({ ...handMadeSim3(), done: 1 }, 'replace');
    expect(Array.from(s.se)).toEqual([0, 0, 0]);
    expect(Array.from(s.q10)).toEqual(Array.from(s.mean));
  });
});
