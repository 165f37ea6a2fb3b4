import { describe, expect, it } from 'vitest';
import { floorSummary, generationSummary } from '../../../../src/lib/lab/sim2-zipf/sim2-summaries';
import { handMadeSim2 } from './sim2-hand-made';

describe('Sim 2 summaries over finished replicates', () => {
  it('average each generation’s error curve, with its 10th and 90th percentiles', () => {
    const s = generationSummary(handMadeSim2(), 2);
    [0.6, 0.4, 0.06].forEach((want, t) => expect(s.mean[t]).toBeCloseTo(want, 15));
    // Two values: the 10th and 90th percentiles interpolate between them.
    expect(s.lo[1]).toBeCloseTo(0.32, 12);
    expect(s.hi[1]).toBeCloseTo(0.48, 12);
  });

  it('average each generation’s floor, ignoring replicates not yet finished', () => {
    const f = floorSummary(handMadeSim2());
    expect(f.mean[0]).toBeCloseTo(0.03, 15);
    expect(f.mean[1]).toBeCloseTo(0.06, 15);
    expect(f.lo[0]).toBeCloseTo(0.022, 12);
    expect(f.hi[1]).toBeCloseTo(0.068, 12);
  });

  it('read the first replicate before any has finished, rather than divide by zero', () => {
    const f = floorSummary(handMadeSim2({ done: 0 }));
    expect(Array.from(f.mean)).toEqual([0.02, 0.05]);
  });
});
