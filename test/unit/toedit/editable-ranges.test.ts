import { describe, expect, it } from 'vitest';
import { checkRanges, insideRanges, shiftRanges } from '../../../src/lib/toedit/editable-ranges';
import { decideAll } from '../../../src/lib/toedit/flags';
import { editDocument } from '../../../src/lib/toedit/edit-engine';
import { DEFAULT_CONFIG } from '../../../src/lib/toedit/config';
import { buildDocument, TestVocab } from './toedit-fixtures';

describe('insideRanges', () => {
  const ranges = [
    { start: 3, end: 6 },
    { start: 10, end: 10 },
    { start: 12, end: 20 },
  ];
  it.each([
    { span: [3, 6], inside: true },
    { span: [4, 5], inside: true },
    { span: [2, 4], inside: false }, // straddles the start
    { span: [5, 7], inside: false }, // straddles the end
    { span: [6, 12], inside: false }, // between ranges
    { span: [0, 1], inside: false },
    { span: [12, 20], inside: true },
    { span: [5, 13], inside: false }, // across two ranges
    { span: [19, 21], inside: false },
  ])('[$span.0, $span.1) → $inside', ({ span, inside }) => {
    expect(insideRanges(ranges, span[0], span[1])).toBe(inside);
  });
  it('null ranges: the whole text', () => expect(insideRanges(null, 0, 99)).toBe(true));
});

describe('checkRanges', () => {
  it.each([
    { ranges: [{ start: 0, end: 3 }], bytes: 3, error: null },
    { ranges: [{ start: 0, end: 4 }], bytes: 3, error: /range 0 \[0, 4\).*3 bytes/ },
    {
      ranges: [
        { start: 2, end: 3 },
        { start: 1, end: 2 },
      ],
      bytes: 3,
      error: /range 1 \[1, 2\)/,
    },
    { ranges: [{ start: 2, end: 1 }], bytes: 3, error: /range 0/ },
  ])('$ranges in $bytes bytes', ({ ranges, bytes, error }) => {
    const got = checkRanges(ranges, bytes);
    if (error === null) expect(got).toBeNull();
    else expect(got).toMatch(error);
  });
});

describe('shiftRanges', () => {
  it('moves each edge by the changes before it', () => {
    const ranges = [
      { start: 2, end: 6 },
      { start: 8, end: 12 },
    ];
    const changes = [
      { byteStart: 2, byteEnd: 3, newLength: 4 }, // +3 inside the first range
      { byteStart: 9, byteEnd: 11, newLength: 0 }, // −2 inside the second
    ];
    expect(shiftRanges(ranges, changes)).toEqual([
      { start: 2, end: 9 },
      { start: 11, end: 13 },
    ]);
  });
});

describe('the engine with editable ranges', () => {
  // "ab|cd|ef|gh": ranges cover "cd" and the first half of "ef"; every token is near-certain.
  const vocab = new TestVocab();
  const alt = vocab.id('X');
  const lp = Math.log(0.999);
  const pieces = ['ab', 'cd', 'ef', 'gh'];
  const { text, scores } = buildDocument(
    vocab,
    pieces.map((s) => ({
      id: vocab.id(s),
      logprob: lp,
      top: [
        [vocab.id(s), lp],
        [alt, Math.log(0.001)],
      ] as [number, number][],
    })),
    { bosPrepended: true },
  );
  const editable = [{ start: 2, end: 5 }];

  it('flags only tokens wholly inside a range: never one straddling its edge', () => {
    const config = { ...DEFAULT_CONFIG, forceChange: true };
    expect(decideAll(scores, config, editable)).toEqual(['keep', 'revise', 'keep', 'keep']);
    const r = editDocument(text, scores, config, 0, 0, vocab, editable);
    if (!r.ok) throw new Error(r.error);
    expect(r.log.map((e) => e.position)).toEqual([1]);
    expect(r.text).toBe('abXefgh');
    expect(r.editable).toEqual([{ start: 2, end: 4 }]);
    expect(r.counts.tokens).toBe(1);
    expect(r.counts.scored).toBe(1);
  });

  it('refuses ranges outside the text', () => {
    expect(editDocument(text, scores, DEFAULT_CONFIG, 0, 0, vocab, [{ start: 4, end: 99 }])).toEqual({
      ok: false,
      error: "editable range 0 [4, 99) is out of order or outside the text's 8 bytes",
    });
  });

  it('without ranges, edits as before and reports none', () => {
    const r = editDocument(text, scores, { ...DEFAULT_CONFIG, forceChange: true }, 0, 0, vocab);
    if (!r.ok) throw new Error(r.error);
    expect(r.text).toBe('XXXX');
    expect(r.editable).toBeNull();
    expect(r.counts.tokens).toBe(4);
  });
});
