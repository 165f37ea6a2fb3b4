import { describe, expect, it } from 'vitest';
import { features, measure } from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-measures';

// Ids 0–2 are <s>, </s>, <unk>; ids 3 and up are pieces ordered by their human count.
const PIECES = ['<s>', '</s>', '<unk>', 'a', ' b', ' c', ' d'];
const corpus = (docs: number[][]) => {
  const offsets = [0];
  for (const d of docs) offsets.push(offsets.at(-1)! + d.length);
  return { ids: Int32Array.from(docs.flat()), offsets: Int32Array.from(offsets) };
};

describe('what each generation measures', () => {
  const human = corpus([
    [3, 4, 5],
    [3, 4, 6],
  ]);
  const humanFeatures = features(human, PIECES);

  it('counts types, hapaxes, the tail outside the top k and distinct n-grams within documents', () => {
    const g = measure(1, human, PIECES.length, 2, PIECES, humanFeatures);
    expect(g).toMatchObject({ generation: 1, tokens: 6, vocabulary: 4, hapax: 2, tailMass: 2 / 6, jsd: 0 });
    // Bigrams (a, b) twice, (b, c), (b, d): 3 of 4 distinct; trigrams (a b c), (a b d): 2 of 2.
    expect(g.distinct).toEqual([4 / 6, 3 / 4, 1]);
  });

  it('sets generation 0’s distance to itself at 0, and an empty generation’s to null', () => {
    expect(measure(0, human, PIECES.length, 2, PIECES, humanFeatures).jsd).toBe(0);
    const empty = measure(3, corpus([[], []]), PIECES.length, 2, PIECES, humanFeatures);
    expect(empty).toMatchObject({ tokens: 0, vocabulary: 0, tailMass: 0, jsd: null, distinct: [0, 0, 0] });
  });
});
