import { describe, expect, it } from 'vitest';
import { fit, NgramAccumulator, NgramModel } from '../../../../src/lib/scoring/ngram/kneser-ney';
import { estimateDiscounts, FALLBACK_DISCOUNTS } from '../../../../src/lib/scoring/ngram/kn-tables';
import { transferables } from '../../../../src/lib/scoring/ngram/ngram-model';
import { splitPieces } from '../../../../src/lib/scoring/ngram/pieces';
import { BOS_ID, EOS_ID, UNK_ID, Vocabulary } from '../../../../src/lib/scoring/ngram/vocabulary';

/** Three documents, pieces "a", " b", "b": small enough to do Kneser–Ney by hand. */
const TINY = ['a b', 'a b', 'b'];
const D: [number, number, number] = [0.5, 1, 1.5];

function dist(model: NgramModel, context: number[]): number[] {
  const out = new Float64Array(model.vocabSize);
  model.distribution(context, out);
  return Array.from(out);
}

/** Every context of length 0..maxLength over the ids (with <s> only first, as in real sequences). */
function allContexts(vocabSize: number, maxLength: number): number[][] {
  let level: number[][] = [[]];
  const out: number[][] = [[]];
  for (let l = 1; l <= maxLength; l++) {
    level = level.flatMap((c) => Array.from({ length: vocabSize }, (_, w) => [...c, w]));
    out.push(...level.filter((c) => c.indexOf(BOS_ID) <= 0));
  }
  return out;
}

const CORPUS = [
  'the cat sat on the mat.',
  'the dog sat on the log.',
  'a cat and a dog sat.',
  'the cat saw a dog.',
  'on the mat, the cat.',
  '',
];

describe('Kneser–Ney golden numbers (tiny corpus, D1 = 0.5, D2 = 1, D3+ = 1.5)', () => {
  // Pieces: "a", " b", "b". Vocabulary (count desc, then code units): <s> </s> <unk> " b"(2) "a"(2) "b"(1).
  const [A, B_, B] = [4, 3, 5]; // ids of "a", " b", "b"

  it('builds the expected vocabulary', () => {
    const m = fit(TINY, { order: 2, discounts: D });
    expect(m.vocabulary.pieces).toEqual(['<s>', '</s>', '<unk>', ' b', 'a', 'b']);
  });

  it('bigram: p_1 from continuation counts, interpolated with the uniform distribution', () => {
    const m = fit(TINY, { order: 2, discounts: D });
    // Bigram types: (<s> a)×2, (a ␣b)×2, (␣b </s>)×2, (<s> b)×1, (b </s>)×1.
    // Continuation counts N1+(•w): a 1 {<s>}, ␣b 1 {a}, b 1 {<s>}, </s> 2 {␣b, b}; total 5.
    // n1 = 3, n2 = 1 → γ(root) = (0.5·3 + 1·1) / 5 = 0.5; uniform share = 0.5 / (V − 1) = 0.5 / 5 = 0.1.
    // p_1(a) = p_1(␣b) = p_1(b) = (1 − 0.5)/5 + 0.1 = 0.2; p_1(</s>) = (2 − 1)/5 + 0.1 = 0.3;
    // p_1(<unk>) = 0.1; p_1(<s>) = 0.      Sum: 0.2·3 + 0.3 + 0.1 = 1.
    const p1 = dist(m, []);
    expect(p1).toEqual([0, 0.3, 0.1, 0.2, 0.2, 0.2].map((x) => expect.closeTo(x, 15)));

    // Context "a": one continuation ␣b with count 2 → total 2, n2 = 1 → γ(a) = 1·1/2 = 0.5,
    // own mass of ␣b = (2 − 1)/2 = 0.5.
    // p(␣b|a) = 0.5 + 0.5·0.2 = 0.6; p(</s>|a) = 0.5·0.3 = 0.15; p(<unk>|a) = 0.05; p(a|a) = p(b|a) = 0.1.
    expect(dist(m, [A])).toEqual([0, 0.15, 0.05, 0.6, 0.1, 0.1].map((x) => expect.closeTo(x, 15)));

    // Context <s>: a×2, b×1 → total 3, n1 = 1, n2 = 1 → γ = (0.5 + 1)/3 = 0.5.
    // p(a|<s>) = (2 − 1)/3 + 0.5·0.2 = 1/3 + 0.1; p(b|<s>) = (1 − 0.5)/3 + 0.1 = 1/6 + 0.1;
    // p(␣b|<s>) = 0.1; p(</s>|<s>) = 0.15; p(<unk>|<s>) = 0.05.
    expect(dist(m, [BOS_ID])).toEqual(
      [0, 0.15, 0.05, 0.1, 1 / 3 + 0.1, 1 / 6 + 0.1].map((x) => expect.closeTo(x, 15)),
    );

    // Context "b": </s>×1 → γ = 0.5·1/1 = 0.5, own mass 0.5 → p(</s>|b) = 0.5 + 0.5·0.3 = 0.65.
    expect(m.logProb([B], EOS_ID)).toBeCloseTo(Math.log(0.65), 14);
    // Context ␣b: </s>×2 → γ = 1/2, own mass (2 − 1)/2 → p(</s>|␣b) = 0.5 + 0.15 = 0.65.
    expect(m.logProb([B_], EOS_ID)).toBeCloseTo(Math.log(0.65), 14);
    // An unseen context (<unk> was never followed by anything) falls back to p_1.
    expect(dist(m, [UNK_ID])).toEqual(p1);
  });

  it('trigram: middle order uses continuation counts, n-grams starting with <s> use raw counts', () => {
    const m = fit(TINY, { order: 3, discounts: D });
    // Order 2 for context "a": (a ␣b) has continuation count 1 ({<s>}), so total 1, n1 = 1:
    // γ(a) = 0.5, own mass (1 − 0.5)/1 = 0.5 → p_2(␣b|a) = 0.5 + 0.5·0.2 = 0.6, p_2(</s>|a) = 0.15.
    // Order 3 for context (<s> a): raw count of (<s> a ␣b) is 2 → γ = 1/2, own mass (2 − 1)/2 = 0.5.
    // p(␣b | <s> a) = 0.5 + 0.5·0.6 = 0.8; p(</s> | <s> a) = 0.5·0.15 = 0.075.
    expect(m.logProb([BOS_ID, A], B_)).toBeCloseTo(Math.log(0.8), 14);
    expect(m.logProb([BOS_ID, A], EOS_ID)).toBeCloseTo(Math.log(0.075), 14);
    // Order 2 for context <s> keeps raw counts (a×2, b×1), as in the bigram model: p(a|<s>) = 1/3 + 0.1.
    expect(m.logProb([BOS_ID], A)).toBeCloseTo(Math.log(1 / 3 + 0.1), 14);
    // Only the last n − 1 ids matter.
    expect(m.logProb([B, BOS_ID, A], B_)).toBe(m.logProb([BOS_ID, A], B_));
  });
});

describe('discounts', () => {
  it("follow Chen & Goodman's estimates from counts-of-counts", () => {
    // n = [10, 4, 2, 1]: Y = 10/(10 + 8) = 5/9.
    // D1 = 1 − 2·(5/9)·4/10 = 5/9; D2 = 2 − 3·(5/9)·2/4 = 7/6; D3+ = 3 − 4·(5/9)·1/2 = 17/9.
    const d = estimateDiscounts([10, 4, 2, 1]);
    expect(d[0]).toBeCloseTo(5 / 9, 14);
    expect(d[1]).toBeCloseTo(7 / 6, 14);
    expect(d[2]).toBeCloseTo(17 / 9, 14);
  });

  it('fall back per slot when counts-of-counts are degenerate', () => {
    expect(estimateDiscounts([3, 0, 0, 0])).toEqual(FALLBACK_DISCOUNTS); // D1 would be 1: no own mass
    expect(estimateDiscounts([0, 0, 0, 0])).toEqual(FALLBACK_DISCOUNTS);
    // n = [5, 2, 0, 0]: D1 = 1 − 2·(5/9)·2/5 = 5/9 is fine; D2 and D3+ need n3, n4 > 0.
    const d = estimateDiscounts([5, 2, 0, 0]);
    expect(d[0]).toBeCloseTo(5 / 9, 14);
    expect(d.slice(1)).toEqual(FALLBACK_DISCOUNTS.slice(1));
    // An estimate outside (0, r) is rejected too: n = [1, 1, 100, 1] gives Y = 1/3, D2 = 2 − 3·(1/3)·100 < 0.
    expect(estimateDiscounts([1, 1, 100, 1])[1]).toBe(FALLBACK_DISCOUNTS[1]);
  });

  it('are estimated per order from the adjusted counts when not fixed', () => {
    const m = fit(TINY, { order: 2 });
    // Order 2 (raw counts 2, 2, 2, 1, 1): n1 = 2, n2 = 3 → Y = 2/8, D1 = 1 − 2·(1/4)·3/2 = 1/4.
    expect(m.discounts(2)).toEqual([0.25, 1, 1.5]);
    // Order 1 (continuation counts 1, 1, 1, 2): n1 = 3, n2 = 1 → Y = 3/5, D1 = 1 − 2·(3/5)·1/3 = 3/5.
    expect(m.discounts(1)[0]).toBeCloseTo(0.6, 14);
    expect(m.discounts(1).slice(1)).toEqual([1, 1.5]);
  });

  it('reject fixed discounts outside (0, r]', () => {
    expect(() => fit(TINY, { discounts: [0, 1, 1.5] })).toThrow(RangeError);
    expect(() => fit(TINY, { discounts: [0.5, 2.5, 1.5] })).toThrow(RangeError);
  });
});

describe('distribution invariants', () => {
  for (const order of [1, 2, 3, 4, 5]) {
    it(`order ${order}: every context (seen or not) sums to 1, <s> is 0, everything else > 0`, () => {
      const m = fit(CORPUS, { order, maxVocab: 10 }); // a capped vocabulary also exercises <unk> counts
      const contexts = allContexts(m.vocabSize, Math.min(order - 1, 3));
      for (const context of contexts) {
        const p = dist(m, context);
        expect(Math.abs(p.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-9);
        expect(p[BOS_ID]).toBe(0);
        expect(p.slice(1).every((x) => x > 0)).toBe(true);
      }
    });
  }

  it('a seen continuation beats an unseen one whose lower-order probability is no higher', () => {
    const m = fit(CORPUS, { order: 3 });
    // Trigrams of the training sequences, from the tokenizer rather than from the model.
    const seen = new Map<string, Set<number>>();
    for (const doc of CORPUS) {
      const ids = [BOS_ID, ...splitPieces(doc).map((p) => m.vocabulary.id(p)), EOS_ID];
      for (let i = 2; i < ids.length; i++) {
        const key = `${ids[i - 2]},${ids[i - 1]}`;
        seen.set(key, (seen.get(key) ?? new Set()).add(ids[i]));
      }
    }
    let checked = 0;
    for (const [key, next] of seen) {
      const context = key.split(',').map(Number);
      const p = dist(m, context);
      const lower = dist(m, context.slice(1));
      for (const w of next) {
        for (let v = 1; v < m.vocabSize; v++) {
          if (next.has(v) || lower[v] > lower[w]) continue;
          expect(p[w]).toBeGreaterThan(p[v]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('logProb and prob agree with distribution() to the last bit', () => {
    const m = fit(CORPUS, { order: 3 });
    for (const context of allContexts(m.vocabSize, 2)) {
      const p = dist(m, context);
      for (let w = 0; w < m.vocabSize; w++) {
        expect(m.prob(context, w)).toBe(p[w]);
        expect(m.logProb(context, w)).toBe(Math.log(p[w]));
      }
    }
  });

  it('rejects ids outside the vocabulary', () => {
    const m = fit(CORPUS);
    expect(() => m.logProb([BOS_ID], m.vocabSize)).toThrow(RangeError);
    expect(() => m.logProb([-1], EOS_ID)).toThrow(RangeError);
  });
});

describe('fitting', () => {
  it('accepts orders 1..5 only', () => {
    expect(() => fit(CORPUS, { order: 0 })).toThrow(RangeError);
    expect(() => fit(CORPUS, { order: 6 })).toThrow(RangeError);
    expect(() => fit(CORPUS, { order: 2.5 })).toThrow(RangeError);
  });

  it('streams: add() one document at a time equals fit() on the list', () => {
    const acc = new NgramAccumulator({ order: 3 });
    function* docs() {
      yield* CORPUS;
    }
    for (const d of docs()) acc.add(d);
    expect(acc.documentCount).toBe(CORPUS.length);
    const a = acc.finalize();
    const b = fit(docs(), { order: 3 });
    expect(a.toData()).toEqual(b.toData());
    expect(() => acc.add('more')).toThrow();
  });

  it('with a fixed vocabulary counts in one pass and gives the same model', () => {
    const built = fit(CORPUS, { order: 3 });
    const fixed = fit(CORPUS, { order: 3, vocabulary: built.vocabulary });
    expect(fixed.toData()).toEqual(built.toData());
  });

  it('maps out-of-vocabulary training pieces to <unk>, which then carries their mass', () => {
    const capped = fit(CORPUS, { order: 2, maxVocab: 6 });
    const full = fit(CORPUS, { order: 2 });
    expect(capped.vocabSize).toBe(6);
    expect(capped.logProb([BOS_ID], UNK_ID)).toBeGreaterThan(full.logProb([BOS_ID], UNK_ID));
  });

  it('an empty corpus gives the uniform distribution over everything but <s>', () => {
    const m = fit([], { order: 3 });
    expect(m.vocabSize).toBe(3);
    expect(dist(m, [BOS_ID])).toEqual([0, 0.5, 0.5]);
    const blank = fit(['', ''], { order: 2 });
    expect(dist(blank, [BOS_ID])[EOS_ID]).toBeGreaterThan(0.5);
  });

  it('round-trips through its data form (structured clone, transferable buffers)', () => {
    const m = fit(CORPUS, { order: 4 });
    const data = m.toData();
    const copy = structuredClone(data, { transfer: transferables(data) });
    expect(data.word.byteLength).toBe(0); // transferred away: the model keeps its own arrays
    const restored = NgramModel.fromData(copy);
    for (const context of allContexts(m.vocabSize, 2))
      expect(dist(restored, context)).toEqual(dist(m, context));
    expect(restored.discounts(4)).toEqual(m.discounts(4));
    expect(dist(m, [BOS_ID]).length).toBe(m.vocabSize); // the original still works
    const bad = m.toData();
    bad.parent[1] = 5; // a child before its parent
    expect(() => NgramModel.fromData(bad)).toThrow(/malformed/);
    expect(() => NgramModel.fromData({ ...m.toData(), order: 2 })).toThrow(/3 discounts/);
  });

  it('is deterministic: the same corpus gives identical data', () => {
    expect(fit(CORPUS).toData()).toEqual(fit([...CORPUS]).toData());
    expect(Vocabulary.fromData(fit(CORPUS).toData().vocabulary).size).toBe(fit(CORPUS).vocabSize);
  });
});
