import { describe, expect, it } from 'vitest';
import { splitPieces } from '../../../../src/lib/scoring/ngram/pieces';
import {
  addPieceCounts,
  BOS_ID,
  EOS_ID,
  SPECIAL_PIECES,
  UNK_ID,
  Vocabulary,
} from '../../../../src/lib/scoring/ngram/vocabulary';

function counts(...docs: string[]): Map<string, number> {
  const c = new Map<string, number>();
  for (const d of docs) addPieceCounts(c, splitPieces(d));
  return c;
}

describe('Vocabulary', () => {
  it('puts the specials first, then pieces by count (desc), then by string', () => {
    const v = Vocabulary.fromCounts(counts('b a b c', 'c b'));
    // Pieces "b", " a", " b", " c" and "c", " b": " b" twice, the rest once (ties in code-unit order).
    expect(v.pieces).toEqual(['<s>', '</s>', '<unk>', ' b', ' a', ' c', 'b', 'c']);
    expect([BOS_ID, EOS_ID, UNK_ID].map((id) => v.pieces[id])).toEqual(SPECIAL_PIECES);
    expect(v.id(' b')).toBe(3);
    expect(v.id('never seen')).toBe(UNK_ID);
  });

  it('does not depend on the order in which pieces were first seen', () => {
    const a = Vocabulary.fromCounts(counts('x y z y', 'z', 'q r'));
    const b = Vocabulary.fromCounts(counts('q r', 'z', 'x y z y'));
    const c = Vocabulary.fromCounts(new Map([...counts('x y z y', 'z', 'q r')].reverse()));
    expect(b.pieces).toEqual(a.pieces);
    expect(c.pieces).toEqual(a.pieces);
  });

  it('orders equal counts by code units, not by locale', () => {
    const v = Vocabulary.fromCounts(
      new Map([
        ['b', 1],
        ['B', 1],
        ['é', 1],
        ['a', 1],
      ]),
    );
    expect(v.pieces.slice(3)).toEqual(['B', 'a', 'b', 'é']);
  });

  it('maps pieces below minCount and beyond maxVocab to <unk>', () => {
    const c = new Map([
      ['a', 5],
      ['b', 3],
      ['c', 1],
      ['d', 2],
    ]);
    expect(Vocabulary.fromCounts(c, { minCount: 2 }).pieces.slice(3)).toEqual(['a', 'b', 'd']);
    const capped = Vocabulary.fromCounts(c, { maxVocab: 5 });
    expect(capped.size).toBe(5);
    expect(capped.pieces.slice(3)).toEqual(['a', 'b']);
    expect(capped.id('d')).toBe(UNK_ID);
    expect(() => Vocabulary.fromCounts(c, { maxVocab: 2 })).toThrow(RangeError);
  });

  it('never maps text to a special id: the specials are not pieces', () => {
    const v = Vocabulary.fromCounts(counts('<s> </s> <unk>'));
    expect(splitPieces('<s>')).toEqual(['<', 's', '>']);
    expect(v.id('<s>')).toBe(UNK_ID);
    expect(v.has('<s>')).toBe(false);
  });

  it('round-trips through its data form and rejects corrupt data', () => {
    const v = Vocabulary.fromCounts(counts('one two two'));
    const w = Vocabulary.fromData(structuredClone(v.toData()));
    expect(w.pieces).toEqual(v.pieces);
    expect(w.id(' two')).toBe(v.id(' two'));
    expect(() => Vocabulary.fromData({ pieces: ['<s>', '<unk>', '</s>'] })).toThrow();
    expect(() => Vocabulary.fromData({ pieces: [...SPECIAL_PIECES, 'x', 'x'] })).toThrow();
  });
});
