import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, preset } from '../../../src/lib/toedit/config';
import {
  countsNotice,
  emptyCounts,
  expectedEditRate,
  flagRate,
  mergeCounts,
} from '../../../src/lib/toedit/counts';
import { temperedWeights } from '../../../src/lib/toedit/samplers';

describe('expected edit rate: the toedit.md golden numbers (k = 8, β = 1.5)', () => {
  // Assumption behind the doc's numbers: the residual mass 1 − p_o lies entirely inside the top 8 and is
  // spread evenly over the 7 alternatives. For a fixed residual, Σ p_j^(1/β) is concave, so the even split
  // maximises it: these are upper bounds on the chance that a flagged token changes.
  const change = (po: number) => {
    const others = Array.from({ length: 7 }, () => Math.log((1 - po) / 7));
    return 1 - temperedWeights([Math.log(po), ...others], 1.5)[0];
  };
  it.each([
    [0.991, 0.0769],
    [0.995, 0.0531],
    [0.999, 0.0188],
    [0.9999, 0.0041],
  ])('p = %f → %f', (po, expected) => {
    expect(change(po)).toBeCloseTo(expected, 4);
  });
  it('an uneven split of the same residual gives a lower rate (the bound is the even split)', () => {
    const uneven = [0.991, 0.008, 0.0002, 0.0002, 0.0002, 0.0002, 0.0002, 0.0002].map(Math.log);
    expect(1 - temperedWeights(uneven, 1.5)[0]).toBeLessThan(change(0.991));
  });
});

describe('counts', () => {
  it('merge field by field and give rates', () => {
    const a = {
      ...emptyCounts(),
      documents: 1,
      tokens: 10,
      scored: 9,
      flagged: 2,
      expectedEdits: 0.1,
      realisedEdits: 1,
    };
    const b = { ...emptyCounts(), documents: 1, tokens: 5, scored: 4, flagged: 2, expectedEdits: 0.3 };
    const m = mergeCounts(a, b);
    expect(m).toMatchObject({ documents: 2, tokens: 15, scored: 13, flagged: 4, realisedEdits: 1 });
    expect(expectedEditRate(m)).toBeCloseTo(0.1, 12);
    expect(flagRate(m)).toBeCloseTo(4 / 13, 12);
    expect(expectedEditRate(emptyCounts())).toBeNaN();
  });
  it('explain a run that cannot change anything', () => {
    expect(countsNotice({ ...emptyCounts(), documents: 1, tokens: 20, scored: 19 }, DEFAULT_CONFIG)).toBe(
      'No token matches p > 0.99 (0 of 19 scored tokens): the output equals the input.',
    );
    expect(countsNotice({ ...emptyCounts(), documents: 3 }, DEFAULT_CONFIG)).toMatch(/empty/);
    expect(countsNotice({ ...emptyCounts(), documents: 1, tokens: 1 }, DEFAULT_CONFIG)).toMatch(/no prefix/);
    expect(
      countsNotice(
        { ...emptyCounts(), documents: 1, tokens: 9, scored: 8, dropFlagged: 1 },
        preset('filtering'),
      ),
    ).toBeNull();
    expect(
      countsNotice({ ...emptyCounts(), documents: 1, tokens: 9, scored: 8, flagged: 1 }, DEFAULT_CONFIG),
    ).toBeNull();
  });
});
