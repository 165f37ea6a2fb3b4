import { describe, expect, it } from 'vitest';
import { pieceSpans, splitPieces } from '../../../../src/lib/scoring/ngram/pieces';
import { seededRng } from '../../../../src/lib/math/seeded';

const encoder = new TextEncoder();
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Code-unit offsets where a grapheme starts (and the end). */
function graphemeBoundaries(text: string): Set<number> {
  const set = new Set([text.length]);
  for (const g of graphemes.segment(text)) set.add(g.index);
  return set;
}

/** The invariants every split must satisfy: exact tiling of the code units and of the UTF-8 bytes. */
function expectTiles(text: string): string[] {
  const { pieces, start, end } = pieceSpans(text);
  expect(pieces.join('')).toBe(text);
  expect(pieces.every((p) => p.length > 0)).toBe(true);
  const bytes = encoder.encode(text);
  let offset = 0;
  pieces.forEach((p, i) => {
    expect(start[i]).toBe(offset);
    expect(Array.from(bytes.subarray(start[i], end[i]))).toEqual(Array.from(encoder.encode(p)));
    offset = end[i];
  });
  expect(offset).toBe(bytes.length);
  return pieces;
}

describe('splitPieces', () => {
  const cases: { name: string; text: string; pieces: string[] }[] = [
    { name: 'empty string', text: '', pieces: [] },
    { name: 'words and punctuation', text: 'Hello, world!', pieces: ['Hello', ',', ' world', '!'] },
    { name: 'leading and trailing spaces', text: '  lead  ', pieces: [' ', ' lead', '  '] },
    { name: 'only spaces', text: '   ', pieces: ['   '] },
    { name: 'double space: last one joins the word', text: 'a  b', pieces: ['a', ' ', ' b'] },
    { name: 'tab is its own piece', text: 'a\tb', pieces: ['a', '\t', 'b'] },
    { name: 'tab then space', text: 'a\t b', pieces: ['a', '\t', ' b'] },
    { name: 'CRLF stays whole', text: 'x\r\ny', pieces: ['x', '\r\n', 'y'] },
    { name: 'CRLF before an indented word', text: 'x\r\n  y', pieces: ['x', '\r\n ', ' y'] },
    { name: 'blank lines', text: 'a\n\n b', pieces: ['a', '\n\n', ' b'] },
    { name: 'digits are their own runs', text: 'pi 3.14 x2', pieces: ['pi', ' 3', '.', '14', ' x', '2'] },
    { name: 'apostrophe splits (no contractions)', text: "don't", pieces: ['don', "'", 't'] },
    { name: 'precomposed accents', text: 'café été', pieces: ['café', ' été'] },
    { name: 'combining marks stay on their letter', text: 'e\u0301te\u0301', pieces: ['e\u0301te\u0301'] },
    { name: 'orphan combining mark after a space', text: 'a \u0301b', pieces: ['a', ' \u0301', 'b'] },
    { name: 'combining mark at the start', text: '\u0301ab', pieces: ['\u0301', 'ab'] },
    { name: 'no-break space carries its mark', text: 'a\u00a0\u0301b', pieces: ['a', '\u00a0\u0301', 'b'] },
    { name: 'ZWJ family emoji', text: 'hi 👩‍👩‍👧!', pieces: ['hi', ' 👩‍👩‍👧!'] },
    { name: 'skin tone modifier', text: 'ok👍🏽', pieces: ['ok', '👍🏽'] },
    { name: 'flags (regional indicator pairs)', text: 'x 🇺🇸🇫🇷', pieces: ['x', ' 🇺🇸🇫🇷'] },
    { name: 'subdivision flag (tag sequence)', text: 'go 🏴󠁧󠁢󠁳󠁣󠁴󠁿', pieces: ['go', ' 🏴󠁧󠁢󠁳󠁣󠁴󠁿'] },
    { name: 'keycap', text: 'press 1️⃣', pieces: ['press', ' 1️⃣'] },
    { name: 'emoji after a letter, no space', text: 'a🎉', pieces: ['a', '🎉'] },
    { name: 'Han: one piece per character', text: '東京は', pieces: ['東', '京', 'は'] },
    { name: 'Katakana with prolonged sound mark', text: 'コーヒー', pieces: ['コ', 'ー', 'ヒ', 'ー'] },
    { name: 'CJK punctuation', text: '首都。', pieces: ['首', '都', '。'] },
    { name: 'CJK after a space', text: 'in 東京', pieces: ['in', ' 東', '京'] },
    { name: 'Hangul words', text: '한국어 텍스트', pieces: ['한국어', ' 텍스트'] },
    { name: 'Cyrillic and Greek', text: 'Привет, κόσμε', pieces: ['Привет', ',', ' κόσμε'] },
    { name: 'Arabic with diacritics', text: 'مَرْحَبًا بِكُم', pieces: ['مَرْحَبًا', ' بِكُم'] },
    { name: 'Devanagari (vowel signs are marks)', text: 'नमस्ते दुनिया', pieces: ['नमस्ते', ' दुनिया'] },
    { name: 'lone surrogate', text: 'a\ud800b', pieces: ['a', '\ud800', 'b'] },
  ];

  it.each(cases)('$name', ({ text, pieces }) => {
    expect(splitPieces(text)).toEqual(pieces);
    expectTiles(text);
  });

  it.each(cases.filter((c) => !c.text.includes('\ud800')))(
    'piece boundaries are grapheme boundaries: $name',
    ({ text }) => {
      const boundaries = graphemeBoundaries(text);
      let offset = 0;
      for (const p of splitPieces(text)) {
        offset += p.length;
        expect(boundaries.has(offset)).toBe(true);
      }
    },
  );

  it('tiles random mixtures of scripts, spaces and emoji parts (seeded)', () => {
    const pool = [
      'a',
      'Z',
      'é',
      'e\u0301',
      '\u0301',
      '7',
      '½',
      ' ',
      '  ',
      '\t',
      '\r\n',
      '\n',
      '\r',
      '\u00a0',
      '\u3000',
      '.',
      ',',
      '"',
      '東',
      'か',
      'ー',
      '한',
      'ß',
      '👩',
      '\u200d',
      '\ufe0f',
      '🏽',
      '🇺',
      '🇸',
      '\u{e0067}',
      '1️⃣',
    ];
    const rng = seededRng(7);
    for (let t = 0; t < 500; t++) {
      let text = '';
      const n = Math.floor(rng() * 20);
      for (let i = 0; i < n; i++) text += pool[Math.floor(rng() * pool.length)];
      const pieces = expectTiles(text);
      const boundaries = graphemeBoundaries(text);
      let offset = 0;
      for (const p of pieces) {
        offset += p.length;
        expect(boundaries.has(offset), JSON.stringify(text)).toBe(true);
      }
    }
  });
});
