import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { forEachWord, segmenterWords, words } from '../../../src/lib/stats/measures/words';

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

describe('words', () => {
  it.each([
    ['The cat sat.', ['The', 'cat', 'sat']],
    ["Don't stop: e.g. 3.14 and 1,000", ["Don't", 'stop', 'e.g', '3.14', 'and', '1,000']],
    ['日本語のテキスト', ['日本語', 'の', 'テキスト']],
    ['我们喜欢自然语言处理', segmenterWords('我们喜欢自然语言处理')],
    ['Ça va — très bien!', ['Ça', 'va', 'très', 'bien']],
    ['ok 😀 👍🏽 ok', ['ok', 'ok']],
    ['...!?—–"\'', []],
    ['', []],
    ['   \n\t ', []],
    ['snake_case _ __', ['snake_case', '__']], // ICU: a lone "_" is not word-like, "__" is
  ])('%j → %j', (text, expected) => expect(words(text)).toEqual(expected));

  it('segments CJK into several words (not one run, as a whitespace split would)', () => {
    expect(words('日本語のテキスト').length).toBe(3);
    expect(words('日本語のテキスト', 'ja')).toEqual(['日本語', 'の', 'テキスト']);
  });

  it('lowercases when asked, and counts what it visits', () => {
    expect(words('The CAT, Ça', { lowercase: true })).toEqual(['the', 'cat', 'ça']);
    const seen: string[] = [];
    expect(forEachWord('a b 日本', (w) => seen.push(w))).toBe(seen.length);
    expect(seen).toEqual(['a', 'b', '日本']);
  });

  // The ASCII fast path must be UAX #29 exactly: compare with the segmenter on random strings over every
  // ASCII character, weighted toward the characters the join rules are about.
  it('the ASCII fast path agrees with Intl.Segmenter on random ASCII strings', () => {
    const rng = seededRng(29);
    const mismatches: string[] = [];
    const all = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
    const tricky = "aZ09_.,;:' \n";
    for (let t = 0; t < 10_000; t++) {
      const len = 1 + Math.floor(rng() * 14);
      let s = '';
      for (let i = 0; i < len; i++) {
        const pool = rng() < 0.7 ? tricky : all;
        s += pool[Math.floor(rng() * pool.length)];
      }
      if (!same(words(s), segmenterWords(s))) mismatches.push(s);
    }
    expect(mismatches.slice(0, 5).map((s) => [s, words(s), segmenterWords(s)])).toEqual([]);
  });

  it('the Latin fast path agrees with Intl.Segmenter on random strings over U+0080–U+024F and typographic punctuation', () => {
    const rng = seededRng(32);
    const mismatches: string[] = [];
    const latin = Array.from({ length: 0x250 - 0x80 }, (_, i) => String.fromCharCode(0x80 + i)).join('');
    const punctuation = '–—‘’“”…';
    const tricky = "aé1_.,;:'·’‘ \n";
    const slow = '\u00ad\u0301αж日😀\u200d'; // soft hyphen, combining acute, Greek, Cyrillic, CJK, emoji, ZWJ
    const pools = [tricky, latin, punctuation, slow];
    const weights = [0.5, 0.3, 0.15, 0.05];
    for (let t = 0; t < 10_000; t++) {
      const len = 1 + Math.floor(rng() * 14);
      let s = '';
      for (let i = 0; i < len; i++) {
        let u = rng();
        let p = 0;
        while (u > weights[p]) u -= weights[p++];
        const pool = pools[p];
        s += pool[Math.floor(rng() * pool.length)];
      }
      if (!same(words(s), segmenterWords(s))) mismatches.push(s);
    }
    expect(mismatches.slice(0, 5).map((s) => [s, words(s), segmenterWords(s)])).toEqual([]);
  });

  it('mixed ASCII and non-ASCII text gives exactly the segmenter words', () => {
    const rng = seededRng(30);
    const mismatches: string[] = [];
    const pieces = [
      'the',
      'cat',
      "don't",
      '3.14',
      'a.b',
      '.',
      ',',
      ' ',
      ' ',
      '\n',
      'über',
      'naïve',
      'x\u0301y',
      ' \u0301',
      '日本語の',
      'テキスト',
      '。',
      '😀',
      '👍🏽',
      '\u200d',
      'ＡＢＣ',
      'a’b',
      '\u00a0',
      'Ελληνικά',
      'русский',
      'ไทยภาษา',
    ];
    for (let t = 0; t < 3_000; t++) {
      const n = 1 + Math.floor(rng() * 30);
      let s = '';
      for (let i = 0; i < n; i++) s += pieces[Math.floor(rng() * pieces.length)];
      if (!same(words(s), segmenterWords(s))) mismatches.push(s);
    }
    expect(mismatches.slice(0, 5).map((s) => [s, words(s), segmenterWords(s)])).toEqual([]);
  });

  it('long CJK documents (cut into pieces) give the same words as one segmenter call', () => {
    const rng = seededRng(31);
    const parts = [
      '日本語の',
      'テキストを',
      '分割します',
      '。',
      '、',
      '東京',
      'は',
      '大きい',
      '都市です',
      '！',
    ];
    let s = '';
    while (s.length < 20_000) s += parts[Math.floor(rng() * parts.length)];
    expect(words(s, 'ja')).toEqual(segmenterWords(s, 'ja'));
    const spaced = 'word '.repeat(500) + s + ' end';
    expect(words(spaced, 'ja')).toEqual(segmenterWords(spaced, 'ja'));
  });
});
