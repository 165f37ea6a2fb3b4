import { describe, expect, it } from 'vitest';
import { trainMerges } from '../../scripts/testmodels/bpe';
import { trainMergesIncremental } from '../../scripts/testmodels/bpe-trainer';
import { bpeLargeCorpus } from '../../scripts/testmodels/bpe-large';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';

describe('trainMergesIncremental', () => {
  it.each([
    { name: 'the test corpus, 320 tokens', texts: CORPUS_DOCUMENTS, size: 320 },
    { name: 'the test corpus, 600 tokens', texts: CORPUS_DOCUMENTS, size: 600 },
    { name: 'a synthetic sample, 900 tokens', texts: bpeLargeCorpus(6, 3), size: 900 },
  ])('gives exactly the merges of the reference trainer on $name', ({ texts, size }) => {
    expect(trainMergesIncremental(texts, size)).toEqual(trainMerges(texts, size));
  });
  it('says so when the corpus runs out of pairs', () => {
    expect(() => trainMergesIncremental(['ab ab'], 400)).toThrow(/corpus too small/);
  });
});
