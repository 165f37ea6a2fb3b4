import { describe, expect, it } from 'vitest';
import {
  BYTE_TOKEN_OFFSET,
  BYTE_TO_CHAR,
  BpeEncoder,
  CHAR_TO_BYTE,
  bytesToByteLevel,
  buildVocab,
  byteLevelToBytes,
  preTokenize,
  tokenizerJson,
  trainMerges,
} from '../../scripts/testmodels/bpe';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';

const utf8 = (s: string) => new TextEncoder().encode(s);
const concatBytes = (tokens: string[]) => Uint8Array.from(tokens.flatMap((t) => [...byteLevelToBytes(t)]));

describe('byte-level alphabet', () => {
  it('is a bijection between the 256 bytes and 256 distinct characters', () => {
    expect(BYTE_TO_CHAR).toHaveLength(256);
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
    for (let b = 0; b < 256; b++) {
      expect(BYTE_TO_CHAR[b]).toHaveLength(1);
      expect(CHAR_TO_BYTE.get(BYTE_TO_CHAR[b])).toBe(b);
      expect(BYTE_TO_CHAR[b]).not.toMatch(/\s/);
    }
  });

  it.each([
    [0x00, '\u0100'],
    [0x0a, 'Ċ'],
    [0x0d, 'č'],
    [0x20, 'Ġ'],
    [0x21, '!'],
    [0x41, 'A'],
    [0x7e, '~'],
    [0x7f, '\u0121'],
    [0xa0, '\u0142'],
    [0xa1, '¡'],
    [0xad, 'Ń'],
    [0xff, 'ÿ'],
  ])('maps byte 0x%s like GPT-2', (byte, char) => {
    expect(BYTE_TO_CHAR[byte]).toBe(char);
  });

  it('round-trips arbitrary bytes', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    expect(byteLevelToBytes(bytesToByteLevel(all))).toEqual(all);
    expect(() => byteLevelToBytes(' ')).toThrow(/not a byte-level character/);
  });
});

describe('pre-tokenizer', () => {
  it.each([
    ['Hello world', ['Hello', 'Ġworld']],
    ["don't stop", ['don', "'t", 'Ġstop']],
    ['  x', ['Ġ', 'Ġx']],
    ['a\r\nb', ['a', 'č', 'Ċ', 'b']],
    ['42 apples, 7 pears.', ['42', 'Ġapples', ',', 'Ġ7', 'Ġpears', '.']],
    ['\tend  ', ['ĉ', 'end', 'ĠĠ']],
    ['', []],
  ])('splits %j', (text, words) => {
    expect(preTokenize(text)).toEqual(words);
  });
});

describe('merge training', () => {
  it('learns hand-checked merges on a toy corpus (ties: smaller left, then right symbol)', () => {
    // words: low, Ġlower, Ġlowest. Step 1: (l,o) and (o,w) both 3 → (l,o). Step 3: (Ġ,low) and (low,e)
    // both 2 → 'low' < 'Ġ' (U+0120). Step 5: three pairs of 1 → ('s','t') since 's' < 'Ġlowe'.
    const merges = trainMerges(['low lower lowest'], BYTE_TOKEN_OFFSET + 256 + 5);
    expect(merges).toEqual([
      ['l', 'o'],
      ['lo', 'w'],
      ['low', 'e'],
      ['Ġ', 'lowe'],
      ['s', 't'],
    ]);
    const enc = new BpeEncoder(merges);
    expect(enc.tokenize('lowest lower')).toEqual(['lowe', 'st', 'Ġlowe', 'r']);
    expect(enc.encode('lo')).toEqual([BYTE_TOKEN_OFFSET + 256]);
  });

  it('counts a word once per occurrence and merges non-overlapping pairs left to right', () => {
    expect(trainMerges(['aaaa aaaa', 'aaaa'], BYTE_TOKEN_OFFSET + 256 + 2)).toEqual([
      ['a', 'a'],
      ['aa', 'aa'],
    ]);
    expect(new BpeEncoder([['a', 'a']]).tokenize('aaa')).toEqual(['aa', 'a']);
  });

  it('is deterministic and independent of document order', () => {
    const a = trainMerges(CORPUS_DOCUMENTS, 320);
    const b = trainMerges(CORPUS_DOCUMENTS, 320);
    const c = trainMerges([...CORPUS_DOCUMENTS].reverse(), 320);
    expect(a).toHaveLength(320 - 259);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('fails loudly when the corpus runs out of pairs', () => {
    expect(() => trainMerges(['ab'], 300)).toThrow(/corpus too small/);
  });
});

describe('vocabulary and tokenizer.json', () => {
  const merges = trainMerges(CORPUS_DOCUMENTS, 320);
  const vocab = buildVocab(merges);

  it('has specials 0-2, bytes at 3 + byte, merges after, 320 in all', () => {
    expect(vocab.size).toBe(320);
    expect([vocab.get('<s>'), vocab.get('</s>'), vocab.get('<pad>')]).toEqual([0, 1, 2]);
    for (let b = 0; b < 256; b++) expect(vocab.get(BYTE_TO_CHAR[b])).toBe(BYTE_TOKEN_OFFSET + b);
    expect(vocab.get(merges[0].join(''))).toBe(259);
    expect(new Set(vocab.values()).size).toBe(320);
  });

  it('writes a BPE model with the same vocabulary and merges', () => {
    const json = tokenizerJson(merges) as { model: { vocab: Record<string, number>; merges: string[][] } };
    expect(new Map(Object.entries(json.model.vocab))).toEqual(vocab);
    expect(json.model.merges).toEqual(merges.map((m) => [...m]));
  });

  it.each([
    'Model collapse, token by token.',
    '👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽',
    '日本語 模型崩溃 한국어',
    'cafe\u0301 n\u0303',
    'CRLF\r\nline\r\n',
    '\ttab  and trailing  ',
  ])('encodes %j into tokens whose bytes concatenate to the UTF-8 text', (text) => {
    const enc = new BpeEncoder(merges);
    expect(concatBytes(enc.tokenize(text))).toEqual(utf8(text));
    expect(enc.encode(text).every((id) => id >= BYTE_TOKEN_OFFSET && id < 320)).toBe(true);
  });
});
