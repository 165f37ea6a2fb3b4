import { describe, expect, it } from 'vitest';
import { selfBleu } from '../../../src/lib/stats/measures/self-bleu';
import { ok } from './stats-fixtures';

const w = (s: string) => s.split(' ');
const A = w('the cat sat on the mat');
const B = w('the cat sat on a mat');

describe('self-BLEU', () => {
  it('worked by hand: two six-word documents', () => {
    // A against B: p1 = 5/6 (one "the" clipped), p2 = 3/5, p3 = 2/4, p4 = 1/3; equal lengths, no penalty.
    // B against A has the same precisions. BLEU = (5/6 · 3/5 · 1/2 · 1/3)^¼ = (1/12)^¼.
    const r = ok(selfBleu([A, B]));
    expect(r.value).toBeCloseTo(Math.pow(1 / 12, 0.25), 14);
    expect([r.documents, r.tooShort, r.order]).toEqual([2, 0, 4]);
  });

  it('scores each document against the others only, with the best single reference', () => {
    // Each copy of A has the other copy as a perfect reference (BLEU 1); B's best reference is A.
    const r = ok(selfBleu([A, A, B]));
    expect(r.value).toBeCloseTo((2 + Math.pow(1 / 12, 0.25)) / 3, 14);
    expect(ok(selfBleu([A, A, A])).value).toBe(1);
  });

  it('smooths zero precisions as NLTK method1 does, with the brevity penalty', () => {
    const x = w('a b c d');
    const y = w('e f g h i');
    // x against y: no match, p_n = 0.1/(4, 3, 2, 1); r = 5 > 4: BP = exp(1 − 5/4).
    const bx = Math.exp(1 - 5 / 4) * Math.pow((0.1 / 4) * (0.1 / 3) * (0.1 / 2) * (0.1 / 1), 0.25);
    // y against x: p_n = 0.1/(5, 4, 3, 2); longer than its reference: no penalty.
    const by = Math.pow((0.1 / 5) * (0.1 / 4) * (0.1 / 3) * (0.1 / 2), 0.25);
    expect(ok(selfBleu([x, y])).value).toBeCloseTo((bx + by) / 2, 14);
  });

  it('leaves out documents shorter than the order, takes the first maxDocuments, and says when it cannot', () => {
    const r = ok(selfBleu([w('too short'), A, B, A], { maxDocuments: 2 }));
    expect(r.value).toBeCloseTo(Math.pow(1 / 12, 0.25), 14);
    expect(r.tooShort).toBe(1);
    expect(selfBleu([A, w('no')])).toEqual({
      insufficient: 'self-BLEU needs two documents of at least 4 words; the sample has 1',
    });
  });
});
