import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { fnv1a32 } from '../../../src/lib/math/fnv1a';
import { addTextFeatures } from '../../../src/lib/stats/measures/hashed-features';
import { addScannedFeatures } from '../../../src/lib/stats/report/scan-features';
import { TokenScan } from '../../../src/lib/stats/measures/token-scan';
import { wordPunctTokens } from '../../../src/lib/stats/measures/word-punct';

/** Characters from every class the regex distinguishes, including the awkward ones. */
const ALPHABET = [
  'a',
  'Z',
  'é',
  'E\u0301',
  '1',
  '_',
  ' ',
  '\t',
  '\n',
  '\r',
  '.',
  ',',
  '!',
  '—',
  '日',
  '本',
  '語',
  'の',
  '\u00a0',
  '\u3000',
  '\u2028',
  '😀',
  '𝒜',
  '\ud800',
  '\udc00',
  'İ',
  'ß',
  'Σ',
  '-',
  '\u200b',
  '\ufeff',
  '٣',
  '‿',
  "'",
  '"',
  '\u0301',
  'ﬁ',
];

function scanTokens(text: string): { tokens: string[]; scan: TokenScan } {
  const lower = text.toLowerCase();
  const scan = new TokenScan();
  const n = scan.scan(lower);
  return { tokens: Array.from({ length: n }, (_, i) => lower.slice(scan.start[i], scan.end[i])), scan };
}

describe('TokenScan', () => {
  it.each([
    ['Hello, World!', ['hello', ',', 'world', '!']],
    ["Don't", ['don', "'", 't']],
    ['wait...?!  ok', ['wait', '...?!', 'ok']],
    ['日本語のテキスト', ['日本語のテキスト']],
    ['a😀b', ['a', '😀', 'b']],
    ['', []],
  ])('%j → %j', (text, tokens) => expect(scanTokens(text).tokens).toEqual(tokens));

  it('finds the same tokens as wordPunctTokens, with FNV-1a of each unigram and bigram, on random Unicode', () => {
    const rng = seededRng(7);
    const mismatches: string[] = [];
    for (let k = 0; k < 3000; k++) {
      let s = '';
      const len = Math.floor(rng() * 24);
      for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(rng() * ALPHABET.length)];
      const want = wordPunctTokens(s);
      const { tokens, scan } = scanTokens(s);
      const same =
        tokens.length === want.length &&
        want.every(
          (w, i) =>
            tokens[i] === w &&
            scan.hash[i] === fnv1a32(w) &&
            (i === 0 || scan.pairHash[i] === fnv1a32(`${want[i - 1]} ${w}`)),
        );
      if (!same) mismatches.push(JSON.stringify(s));
    }
    expect(mismatches).toEqual([]);
  });

  it('grows past its initial capacity and gives equal second keys to equal tokens', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `w${i % 7}`).join(' ');
    const { tokens, scan } = scanTokens(text);
    expect(tokens).toHaveLength(3000);
    expect(scan.key2[0]).toBe(scan.key2[7]);
    expect(scan.key2[0]).not.toBe(scan.key2[1]);
  });
});

describe('addScannedFeatures', () => {
  it('counts exactly what addTextFeatures counts', () => {
    const rng = seededRng(11);
    const scan = new TokenScan();
    const a = new Float64Array(97);
    const b = new Float64Array(97);
    let added = 0;
    let reference = 0;
    for (let k = 0; k < 500; k++) {
      let s = '';
      const len = Math.floor(rng() * 40);
      for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(rng() * ALPHABET.length)];
      added += addScannedFeatures(a, s, scan);
      reference += addTextFeatures(b, s);
    }
    expect(a).toEqual(b);
    expect(added).toBe(reference);
  });
});
