import { describe, expect, it } from 'vitest';
import {
  BYTE_TO_CHAR,
  byteLevelToBytes,
  bytesToByteLevel,
} from '../../../../src/lib/scoring/tokens/byte-alphabet';
import { alignTokens, TokenAlignmentError } from '../../../../src/lib/scoring/tokens/byte-spans';
import { byteToUtf16Index } from '../../../../src/lib/scoring/tokens/utf16-offsets';
import { tokenDisplay } from '../../../../src/lib/scoring/tokens/token-display';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Splits text into byte-level "tokens" of the given byte lengths, as a tokenizer would. */
function tokensOf(text: string, lengths: number[]): string[] {
  const bytes = utf8(text);
  let at = 0;
  return lengths.map((n) => bytesToByteLevel(bytes.subarray(at, (at += n))));
}

describe('byte-level alphabet', () => {
  it('is a bijection of the 256 bytes onto printable characters', () => {
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
    expect(BYTE_TO_CHAR[0x20]).toBe('Ġ'); // the space GPT-2 vocabularies are known for
    expect(BYTE_TO_CHAR[0x0a]).toBe('Ċ');
    expect(BYTE_TO_CHAR[0x41]).toBe('A');
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(byteLevelToBytes(bytesToByteLevel(all))).toEqual(all);
  });
  it('rejects characters outside the alphabet', () => {
    expect(byteLevelToBytes('▁the')).toBeNull();
  });
});

describe('alignTokens', () => {
  const cases = [
    { text: 'plain ascii', lengths: [5, 6] },
    { text: 'emoji 👩‍🔬 split mid-character', lengths: [6, 2, 5, 4, 20] },
    { text: '言語モデル', lengths: [1, 2, 3, 3, 6] },
    { text: 'cafe\u0301\r\n\tend ', lengths: [4, 2, 2, 1, 4] },
  ];
  it.each(cases)('spans of $text tile its bytes exactly', ({ text, lengths }) => {
    const bytes = utf8(text);
    const { start, end } = alignTokens(bytes, tokensOf(text, lengths));
    expect(start[0]).toBe(0);
    expect(end[lengths.length - 1]).toBe(bytes.length);
    lengths.forEach((n, i) => {
      expect(end[i] - start[i]).toBe(n);
      if (i > 0) expect(start[i]).toBe(end[i - 1]);
    });
  });
  it('places literal special tokens by their own text', () => {
    const text = 'a<s>b';
    const added = new Map([['<s>', { lstrip: false, rstrip: false }]]);
    const spans = alignTokens(utf8(text), ['a', '<s>', 'b'], { added });
    expect(Array.from(spans.end)).toEqual([1, 4, 5]);
  });
  it('refuses tokens that do not reproduce the text, saying where', () => {
    const bytes = utf8('Hello');
    expect(() => alignTokens(bytes, ['hello'])).toThrow(TokenAlignmentError);
    const error = (() => {
      try {
        alignTokens(bytes, ['He', 'LLo']);
      } catch (e) {
        return e as TokenAlignmentError;
      }
    })();
    expect(error?.byteOffset).toBe(2);
    expect(error?.message).toMatch(/token 1 .* byte 2/);
    expect(() => alignTokens(bytes, ['Hel'])).toThrow(/cover 3 of the text's 5 bytes/);
    expect(() => alignTokens(bytes, ['▁Hello'])).toThrow(/outside the byte-level alphabet/);
  });
});

describe('byteToUtf16Index', () => {
  it('maps character starts and marks bytes inside characters', () => {
    const text = 'aé😀b';
    const map = byteToUtf16Index(text);
    // a(1) é(2) 😀(4) b(1) = 8 bytes; UTF-16: a é 😀(2 units) b
    expect(Array.from(map)).toEqual([0, 1, -1, 2, -1, -1, -1, 4, 5]);
  });
});

describe('tokenDisplay', () => {
  it.each([
    { bytes: utf8(' the'), shown: ' the' },
    { bytes: utf8('言'), shown: '言' },
    { bytes: utf8('😀').subarray(0, 2), shown: '\\xF0\\x9F' },
    { bytes: Uint8Array.of(0xe8), shown: '\\xE8' },
    { bytes: utf8('\uFEFF'), shown: '\uFEFF' },
  ])('$shown', ({ bytes, shown }) => {
    expect(tokenDisplay(bytes)).toBe(shown);
  });
});
