import { describe, expect, it } from 'vitest';
import {
  checkCollapseParams,
  NGRAM_COLLAPSE_DEFAULTS,
} from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-params';
import type { Params } from '../../../../src/lib/lab/simulation';

/** A corpus of 2,000 piece types in 40,000 tokens. */
const check = (raw: Params) => checkCollapseParams(raw, 'the test corpus', { types: 2000, tokens: 40_000 });

describe('ngram collapse: check', () => {
  it('clamps with a note and limits top-k to the vocabulary', () => {
    const c = check({ order: 7, generations: 0, mode: 'replace', tau: 2, topK: 9999 });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.params.order).toBe(3);
    expect(c.params.generations).toBe(1);
    expect(c.params.tau).toBe(0.999);
    expect(c.params.topK).toBeLessThan(9999);
    expect(c.notes.join(' ')).toMatch(/n-gram order n: 7 is outside 1–3; using 3/);
    expect(c.notes.join(' ')).toMatch(
      /the test corpus has only 2000 piece types, so the tail is measured outside the top 1999 instead of 9999/,
    );
    const bad = check({ mode: 'regenerate', order: Number.NaN });
    expect(bad.ok && bad.params.mode).toBe('replace');
    expect(bad.ok && bad.params.order).toBe(NGRAM_COLLAPSE_DEFAULTS.order);
  });

  it('accepts the defaults unchanged', () => {
    expect(check(NGRAM_COLLAPSE_DEFAULTS)).toEqual({ ok: true, params: NGRAM_COLLAPSE_DEFAULTS, notes: [] });
  });

  it('refuses a corpus without a token, naming it', () => {
    expect(checkCollapseParams({}, 'empty.txt', { types: 0, tokens: 0 })).toEqual({
      ok: false,
      error: 'empty.txt has no text to fit a model to: add documents with some words.',
    });
  });
});
