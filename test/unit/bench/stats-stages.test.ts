import { describe, expect, it } from 'vitest';
import { stageBreakdown, stageOf, type CpuProfile } from '../../../scripts/bench/stats-stages';

describe('stats benchmark stages', () => {
  it.each([
    ['(idle)', 'idle'],
    ['(program)', 'idle'],
    ['(garbage collector)', 'garbage collection'],
    ['decodeRecord', 'decoding'],
    ['readLines', 'record splitting'],
    ['scan', 'tokenising and hashing'],
    ['countNgram', 'n-gram summaries'],
    ['slotOf', 'n-gram summaries'],
    ['counterRun', 'exact n-gram tables'],
    ['mergeRuns', 'exact n-gram tables'],
    ['offerExample', 'report tables'],
    ['finalize', 'merging and finalizing'],
    ['packAcc', 'packing and messages'],
    ['somethingNew', 'other'],
    ['', 'other'],
  ] as const)('%s is counted as %s', (name, stage) => {
    expect(stageOf(name)).toBe(stage);
  });

  it('adds up self time per stage over several profiles, and lists what it could not place', () => {
    const profile = (names: string[], samples: number[], deltas: number[]): CpuProfile => ({
      nodes: names.map((functionName, i) => ({ id: i + 1, callFrame: { functionName, url: 'w.js' } })),
      samples,
      timeDeltas: deltas,
    });
    const b = stageBreakdown([
      profile(['scan', 'counterRun', 'mystery'], [1, 2, 2, 3, 1], [1000, 2000, 3000, 500, 250]),
      profile(['(idle)', 'mystery'], [1, 2], [4000, 1500]),
    ]);
    expect(b.ms['tokenising and hashing']).toBeCloseTo(1.25, 12);
    expect(b.ms['exact n-gram tables']).toBeCloseTo(5, 12);
    expect(b.ms.idle).toBeCloseTo(4, 12);
    expect(b.ms.other).toBeCloseTo(2, 12);
    expect(b.unmatched).toEqual([['mystery', 2]]);
    const total = Object.values(b.ms).reduce((s, x) => s + x, 0);
    expect(total).toBeCloseTo(12.25, 12);
  });
});
