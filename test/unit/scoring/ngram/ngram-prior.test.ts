import { describe, expect, it } from 'vitest';
import { fit } from '../../../../src/lib/scoring/ngram/kneser-ney';
import { NgramPrior } from '../../../../src/lib/scoring/ngram/ngram-prior';
import { pieceSpans, splitPieces } from '../../../../src/lib/scoring/ngram/pieces';
import { BOS_ID, UNK_ID } from '../../../../src/lib/scoring/ngram/vocabulary';
import { seededRng } from '../../../../src/lib/math/seeded';

/** A small corpus with structure and some variety (seeded), so contexts have several continuations. */
function corpus(documents: number, seed = 1): string[] {
  const rng = seededRng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  const subjects = ['The cat', 'A dog', 'My neighbour', 'The old man', 'Every child'];
  const verbs = ['sat on', 'looked at', 'walked past', 'painted', 'found'];
  const objects = ['the mat', 'a red door', 'the river', 'two birds', 'the garden'];
  return Array.from({ length: documents }, () =>
    Array.from({ length: 1 + Math.floor(rng() * 3) }, () =>
      pick(['', '\n']).concat(`${pick(subjects)} ${pick(verbs)} ${pick(objects)}${pick(['.', '!', '?'])} `),
    ).join(''),
  );
}

const TEXTS = [
  'The cat sat on the mat. A dog found two birds!',
  'Every child painted a red door?\nThe old man walked past the river.',
  'An unseen zebra 🦓 sat on the mat — 東京.',
  '',
];

/** Brute force from the dense distribution: the definitions of metrics.md / scoring/reduce-logits.ts. */
function reference(p: Float64Array, target: number, k: number) {
  const order = Array.from(p, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
  let entropy = 0;
  for (const x of p) if (x > 0) entropy -= x * Math.log(x);
  return {
    logprob: Math.log(p[target]),
    rank: 1 + Array.from(p).filter((x) => x > p[target]).length,
    entropy,
    topIds: [...order.slice(0, k), ...new Array(Math.max(0, k - p.length)).fill(-1)],
  };
}

describe('NgramPrior.score', () => {
  const model = fit(corpus(40), { order: 3 });
  const prior = new NgramPrior(model, { name: 'test corpus' });

  it('describes itself as an n-gram prior', () => {
    expect(prior.info).toMatchObject({
      kind: 'ngram',
      modelId: 'ngram-kn3:test corpus',
      modelType: 'ngram-kn3',
      device: 'cpu',
      dtype: 'f64',
      vocabSize: model.vocabSize,
      bosTokenId: BOS_ID,
      kvCache: false,
      specialIds: [0, 1, 2],
    });
    expect(prior.info.maxContext).toBeGreaterThan(1e9);
    const labels = prior.vocabularyLabels();
    expect(labels.slice(0, 3)).toEqual(['<s>', '</s>', '<unk>']);
    expect(labels).toHaveLength(model.vocabSize);
  });

  it.each(TEXTS)(
    'spans tile the text and every value matches the brute-force reduction: %j',
    async (text) => {
      const k = 5;
      const s = await prior.score(text, { k });
      const { pieces, start, end } = pieceSpans(text);
      expect(Array.from(s.byteStart)).toEqual(Array.from(start));
      expect(Array.from(s.byteEnd)).toEqual(Array.from(end));
      expect(s.bosPrepended).toBe(true);
      expect(s.k).toBe(k);
      const ids = [BOS_ID, ...pieces.map((p) => model.vocabulary.id(p))];
      expect(Array.from(s.tokenIds)).toEqual(ids.slice(1));
      const p = new Float64Array(model.vocabSize);
      for (let i = 0; i < pieces.length; i++) {
        model.distribution(ids.slice(Math.max(0, i - 1), i + 1), p);
        const want = reference(p, ids[i + 1], k);
        expect(s.logprob[i]).toBe(Math.fround(want.logprob));
        expect(s.rank[i]).toBe(want.rank);
        expect(s.entropy[i]).toBeCloseTo(want.entropy, 5);
        expect(Array.from(s.topIds.subarray(i * k, (i + 1) * k))).toEqual(want.topIds);
        want.topIds.forEach((id, j) => expect(s.topLogprobs[i * k + j]).toBe(Math.fround(Math.log(p[id]))));
      }
    },
  );

  it('scores an out-of-vocabulary piece as <unk>, with the probability of <unk>', async () => {
    const s = await prior.score('The zebra');
    expect(s.tokenIds[1]).toBe(UNK_ID);
    expect(s.logprob[1]).toBe(Math.fround(model.logProb([BOS_ID, s.tokenIds[0]], UNK_ID)));
  });

  it('matches the brute force for every order, with ties and k beyond the vocabulary', () => {
    const text = TEXTS.join(' ');
    for (const order of [1, 2, 3, 4, 5]) {
      const m = fit(['a b a b c', 'b a', 'c c c d'], { order }); // tiny: many ties
      const pr = new NgramPrior(m);
      const k = m.vocabSize + 2;
      const s = pr.scoreSync(text, { k });
      const ids = [BOS_ID, ...Array.from(s.tokenIds)];
      const p = new Float64Array(m.vocabSize);
      for (let i = 0; i < s.tokenIds.length; i++) {
        m.distribution(ids.slice(Math.max(0, i + 2 - order), i + 1), p);
        const want = reference(p, ids[i + 1], k);
        expect(s.rank[i]).toBe(want.rank);
        expect(s.entropy[i]).toBeCloseTo(want.entropy, 5);
        expect(Array.from(s.topIds.subarray(i * k, (i + 1) * k))).toEqual(want.topIds);
        expect(s.topLogprobs[(i + 1) * k - 1]).toBe(-Infinity); // padding past the vocabulary
      }
    }
  });

  it('is deterministic', async () => {
    const a = await prior.score(TEXTS[0]);
    const b = await new NgramPrior(fit(corpus(40), { order: 3 })).score(TEXTS[0]);
    expect(b).toEqual(a);
  });

  it("makes ToEdit's p > 0.99 reachable: a near-certain continuation in a repetitive corpus", async () => {
    const docs = [...corpus(20), ...new Array(300).fill('The quick brown fox jumps over the lazy dog.')];
    for (const order of [2, 3]) {
      const s = await new NgramPrior(fit(docs, { order })).score(
        'The quick brown fox jumps over the lazy dog.',
      );
      const pieces = splitPieces('The quick brown fox jumps over the lazy dog.');
      const fox = pieces.indexOf(' fox');
      expect(Math.exp(s.logprob[fox])).toBeGreaterThan(0.99);
      expect(s.rank[fox]).toBe(1);
    }
  });
});

describe('NgramPrior.generate', () => {
  const docs = corpus(60, 3);
  const prior = new NgramPrior(fit(docs, { order: 3 }));

  it('gives the same text for the same seed and different text for another', () => {
    const a = prior.generate(seededRng(42), { maxPieces: 200 });
    expect(prior.generate(seededRng(42), { maxPieces: 200 })).toBe(a);
    expect(prior.generate(seededRng(43), { maxPieces: 200 })).not.toBe(a);
  });

  it('writes only vocabulary pieces, and the text tokenizes back to exactly the sampled pieces', () => {
    const vocabulary = prior.model.vocabulary;
    const tiny = new NgramPrior(fit(['ab  cd\tx', 'y ', ' z\r\n'], { order: 1 })); // unigram: anything follows
    for (const p of [prior, tiny]) {
      const rng = seededRng(5);
      for (let d = 0; d < 50; d++) {
        const ids = p.generateIds(rng, { maxPieces: 100 });
        const pieces = Array.from(ids, (id) => p.model.vocabulary.pieces[id]);
        expect(ids.every((id) => id > UNK_ID)).toBe(true);
        expect(splitPieces(pieces.join(''))).toEqual(pieces);
        expect(ids.length).toBeLessThanOrEqual(100);
      }
    }
    expect(splitPieces(prior.generate(seededRng(1))).every((p) => vocabulary.has(p))).toBe(true);
  });

  it("'mle' mode only produces n-grams seen in the corpus", () => {
    const seenTrigrams = new Set<string>();
    for (const d of docs) {
      const pieces = ['<s>', ...splitPieces(d), '</s>'];
      for (let i = 2; i < pieces.length; i++) seenTrigrams.add(pieces.slice(i - 2, i + 1).join('|'));
    }
    const rng = seededRng(9);
    for (let d = 0; d < 30; d++) {
      const pieces = ['<s>', ...splitPieces(prior.generate(rng, { mode: 'mle' })), '</s>'];
      for (let i = 2; i < pieces.length; i++) {
        expect(seenTrigrams.has(pieces.slice(i - 2, i + 1).join('|'))).toBe(true);
      }
    }
  });

  it('seededRng: uniform floats in [0, 1), reproducible', () => {
    const a = seededRng(123);
    const b = seededRng(123);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.05);
    expect(() => seededRng(1.5)).toThrow(RangeError);
  });
});
