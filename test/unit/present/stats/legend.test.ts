import { describe, expect, it } from 'vitest';
import { corpusLine } from '../../../../src/lib/present/stats/legend';
import { corpusColor, corpusDash } from '../../../../src/lib/present/charts/palette';

describe('corpusLine: a legend entry that matches the corpus line it names', () => {
  it.each([0, 1, 2])('slot %i takes its own colour and dash, labelled with the name', (slot) => {
    expect(corpusLine({ name: 'human', slot })).toEqual({
      label: 'human',
      color: corpusColor(slot),
      dash: corpusDash(slot),
    });
  });

  it('a given label replaces the name (an empty one too)', () => {
    expect(corpusLine({ name: 'human', slot: 1 }, 'human (α = 2.1)').label).toBe('human (α = 2.1)');
    expect(corpusLine({ name: 'human', slot: 1 }, '').label).toBe('');
  });

  it('the three slots are told apart by colour and by dash', () => {
    const lines = [0, 1, 2].map((slot) => corpusLine({ name: 'x', slot }));
    expect(new Set(lines.map((l) => l.color)).size).toBe(3);
    expect(new Set(lines.map((l) => l.dash)).size).toBe(3);
  });
});
