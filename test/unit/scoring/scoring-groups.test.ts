import { describe, expect, it } from 'vitest';
import { scoringGroups } from '../../../src/lib/scoring/scoring-groups';

const docs = (...sizes: number[]) => sizes.map((n, i) => ({ id: i, text: 'x'.repeat(n) }));

describe('scoringGroups', () => {
  it.each([
    { sizes: [], maxBytes: 10, maxDocs: 3, groups: [] },
    { sizes: [4, 4, 4], maxBytes: 10, maxDocs: 3, groups: [[0, 1], [2]] },
    { sizes: [1, 1, 1, 1], maxBytes: 10, maxDocs: 3, groups: [[0, 1, 2], [3]] },
    { sizes: [50, 1], maxBytes: 10, maxDocs: 3, groups: [[0], [1]] }, // an oversize document goes alone
  ])('$sizes → $groups', ({ sizes, maxBytes, maxDocs, groups }) => {
    const out = scoringGroups(docs(...sizes), maxBytes, maxDocs);
    expect(out.map((g) => g.map((d) => d.id))).toEqual(groups);
  });
  it('keeps every document once, in order', () => {
    const input = docs(...Array.from({ length: 100 }, (_, i) => (i * 37) % 23));
    expect(scoringGroups(input, 40, 5).flat()).toEqual(input);
  });
  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(scoringGroups([{ text: '言言' }, { text: '言' }], 6, 10)).toHaveLength(2); // 6 + 3 bytes
  });
});
