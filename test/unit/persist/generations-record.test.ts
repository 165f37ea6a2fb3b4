import { describe, expect, it } from 'vitest';
import { decodeGenerations, encodeGenerations } from '../../../src/lib/persist/generations-record';
import { generationRow } from '../../../src/lib/toedit/generations';
import { emptyCounts } from '../../../src/lib/toedit/counts';

describe('stored generations', () => {
  it('round-trips rows (NaN rates included), texts and the model that scored them', () => {
    const stored = {
      rows: [
        generationRow(1, { ...emptyCounts(), scored: 10, flagged: 3, realisedEdits: 1 }),
        generationRow(2, emptyCounts()),
      ],
      texts: [
        ['a', 'b'],
        ['a2', 'b2'],
      ],
      model: 'Primer bigram (bundled, default)',
    };
    expect(Number.isNaN(stored.rows[1].flagRate)).toBe(true);
    expect(decodeGenerations(encodeGenerations(stored))).toEqual(stored);
  });

  it('reads a file written before the model was kept, with no model named', () => {
    expect(decodeGenerations('{"version":1,"rows":[],"texts":[]}').model).toBe('');
  });

  it('refuses a file of another shape and says what is wrong', () => {
    expect(() => decodeGenerations('{"version":2}')).toThrow('version 2 is not 1');
    expect(() => decodeGenerations('{"version":1,"rows":[{}],"texts":[]}')).toThrow(/same length/);
    expect(() => decodeGenerations('{"version":1,"rows":[{"generation":"x"}],"texts":[["a"]]}')).toThrow(
      'generation 1: generation is not a number',
    );
  });
});
