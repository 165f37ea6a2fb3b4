import { describe, expect, it } from 'vitest';
import { runSim2 } from '../../../../src/lib/lab/sim2-zipf/sim2-model';
import { checkSim2, SIM2_DEFAULTS, type Sim2Params } from '../../../../src/lib/lab/sim2-zipf/sim2-params';
import { sim2Readings } from '../../../../src/lib/lab/sim2-zipf/sim2-readings';
import { handMadeSim2 } from './sim2-hand-made';

describe('Sim 2 readings', () => {
  it('read out the fixtures', () => {
    const c = checkSim2({ ...SIM2_DEFAULTS, reps: 2 });
    if (!c.ok) throw new Error(c.error);
    const readings = sim2Readings(runSim2(c.params, 1), c.params);
    const value = (label: string) => readings.find((r) => r.label === label)?.value;
    expect(value('clean law constant C in C·T^−(1−1/β)')).toBe(0.691);
    expect(value('floor of the tail cut at k = 100')).toBe(0.00604);
    expect(value('floor of the tail cut at k = 1000')).toBe(0.000602);
  });

  it('read the floors’ growth over the generations and the error left at the largest T', () => {
    const p: Sim2Params = { ...SIM2_DEFAULTS, generations: 2, kMix: 100 };
    const readings = sim2Readings(handMadeSim2(), p);
    expect(readings.map((r) => [r.label, r.value])).toEqual([
      ['clean law constant C in C·T^−(1−1/β)', 0.691],
      ['clean error at T = 10⁴', 0.00691],
      ['floor of the tail cut at k = 100', 0.01],
      ['floor after generation 1', 0.03],
      ['floor after generation 2', 0.06],
      ['error at T = 10⁹ with real fraction π = 0', 0.01],
      ['error at T = 10⁹ with real fraction π = 0.1', 0.05],
    ]);
    // This hand-made grid stops at T = 1000: the exact error at 10⁴ is not on it.
    expect(readings[1].detail).toBe('closed form (N = ∞); exact with N = 100000: —');
    expect(readings[4].detail).toBe('×2.00 the first generation’s');
    expect(readings[5].detail).toBe('the floor of the cut at k = 100');
  });

  it('leave out the generations’ floors until a replicate has finished', () => {
    const labels = sim2Readings(handMadeSim2({ done: 0 }), SIM2_DEFAULTS).map((r) => r.label);
    expect(labels.filter((l) => l.startsWith('floor after'))).toEqual([]);
  });
});
