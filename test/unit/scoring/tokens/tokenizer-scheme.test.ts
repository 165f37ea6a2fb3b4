import { describe, expect, it } from 'vitest';
import {
  tokenizerScheme,
  TokenizerSupportError,
  type TokenizerJson,
} from '../../../../src/lib/scoring/tokens/tokenizer-scheme';
import { alignTokens } from '../../../../src/lib/scoring/tokens/byte-spans';
import { tokenBytes } from '../../../../src/lib/scoring/tokens/token-bytes';

const bpe = { type: 'BPE', vocab: {}, merges: [] };
const spBpe = { ...bpe, byte_fallback: true, unk_token: '<unk>', fuse_unk: true };
const metaspace = (prepend_scheme?: string) => ({ type: 'Metaspace', replacement: '▁', prepend_scheme });
const legacyNormalizer = {
  type: 'Sequence',
  normalizers: [
    { type: 'Prepend', prepend: '▁' },
    { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
  ],
};
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('tokenizerScheme', () => {
  it.each([
    {
      name: 'GPT-2 (ByteLevel)',
      json: { model: bpe, pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false } },
      want: { alphabet: 'byte-level', prefix: 'none', spaceMarker: null },
    },
    {
      name: 'Llama 3 (Split + ByteLevel)',
      json: {
        model: { ...bpe, ignore_merges: true },
        pre_tokenizer: {
          type: 'Sequence',
          pretokenizers: [
            { type: 'Split', pattern: { Regex: "'s|\\p{L}+" }, behavior: 'Isolated' },
            { type: 'ByteLevel', add_prefix_space: false, use_regex: false },
          ],
        },
      },
      want: { alphabet: 'byte-level', prefix: 'none' },
    },
    {
      name: 'RoBERTa-style ByteLevel with a prefix space',
      json: { model: bpe, pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true } },
      want: { alphabet: 'byte-level', prefix: 'every', prefixUnconditional: false },
    },
    {
      name: 'Llama 2 / TinyLlama (Prepend + Replace normalizers)',
      json: { model: spBpe, normalizer: legacyNormalizer, pre_tokenizer: null },
      want: {
        alphabet: 'text',
        spaceMarker: '▁',
        byteFallback: true,
        prefix: 'every',
        prefixUnconditional: true,
        unkToken: '<unk>',
        fuseUnk: true,
        lossySteps: [],
      },
    },
    {
      name: 'Metaspace first',
      json: { model: spBpe, pre_tokenizer: metaspace('first') },
      want: { alphabet: 'text', prefix: 'first', prefixUnconditional: false },
    },
    {
      name: 'Metaspace with no prepend_scheme (transformers.js: always)',
      json: { model: spBpe, pre_tokenizer: { ...metaspace(), add_prefix_space: false } },
      want: { prefix: 'every' },
    },
    {
      name: 'Metaspace never',
      json: { model: spBpe, pre_tokenizer: metaspace('never') },
      want: { prefix: 'none' },
    },
    {
      name: 'Unigram with NFKC',
      json: {
        model: {
          type: 'Unigram',
          unk_id: 1,
          vocab: [
            ['<pad>', 0],
            ['<unk>', 0],
          ],
        },
        normalizer: { type: 'NFKC' },
        pre_tokenizer: metaspace('always'),
      },
      want: { unkToken: '<unk>', fuseUnk: true, lossySteps: ['the NFKC normalizer'] },
    },
  ])('$name', ({ json, want }) => {
    expect(tokenizerScheme(json as TokenizerJson)).toMatchObject(want);
  });

  it('names tokenizer_config.json steps that rewrite text', () => {
    const scheme = tokenizerScheme(
      { model: spBpe, pre_tokenizer: metaspace('first') },
      { remove_space: true },
    );
    expect(scheme.lossySteps).toEqual(['remove_space (tokenizer_config.json)']);
  });

  it.each([
    { json: { model: { type: 'WordPiece', vocab: {} } }, why: /WordPiece .* drop whitespace/ },
    { json: { model: { ...bpe, continuing_subword_prefix: '##' } }, why: /continuing_subword_prefix/ },
    {
      json: { model: bpe, pre_tokenizer: { type: 'Whitespace' } },
      why: /Whitespace pre-tokenizer drops whitespace/,
    },
    {
      json: { model: bpe, pre_tokenizer: { type: 'Split', pattern: { String: ' ' }, behavior: 'Removed' } },
      why: /removes what it matches/,
    },
    { json: { model: { type: 'WordLevel', vocab: {} } }, why: /"WordLevel" is not supported/ },
  ])('refuses what it cannot align: $why', ({ json, why }) => {
    expect(() => tokenizerScheme(json as TokenizerJson)).toThrow(TokenizerSupportError);
    expect(() => tokenizerScheme(json as TokenizerJson)).toThrow(why);
  });
});

describe('tokenBytes', () => {
  const sp = tokenizerScheme({ model: spBpe, pre_tokenizer: metaspace('first') });
  const gpt2 = tokenizerScheme({ model: bpe, pre_tokenizer: { type: 'ByteLevel' } });
  it.each([
    { scheme: sp, token: '▁the', added: false, bytes: utf8(' the') },
    { scheme: sp, token: '▁▁', added: false, bytes: utf8('  ') },
    { scheme: sp, token: '<0xE8>', added: false, bytes: Uint8Array.of(0xe8) },
    { scheme: sp, token: '<0x0A>', added: false, bytes: Uint8Array.of(0x0a) },
    { scheme: sp, token: '<s>', added: true, bytes: utf8('<s>') },
    { scheme: gpt2, token: 'Ġthe', added: false, bytes: utf8(' the') },
    { scheme: gpt2, token: 'ĠĠĠ', added: false, bytes: utf8('   ') },
    { scheme: gpt2, token: '<|endoftext|>', added: true, bytes: utf8('<|endoftext|>') },
  ])('$token → its exact bytes', ({ scheme, token, added, bytes }) => {
    expect(tokenBytes(scheme, token, added)).toEqual(bytes);
  });
  it('is null for a byte-level string outside the alphabet', () => {
    expect(tokenBytes(gpt2, '▁the', false)).toBeNull();
  });
});

describe('alignTokens with a prefix space', () => {
  const roberta = tokenizerScheme({
    model: bpe,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true },
  });
  it('a ByteLevel prefix space covers no byte, a real one its byte', () => {
    expect(Array.from(alignTokens(utf8('hi'), ['Ġhi'], { scheme: roberta }).end)).toEqual([2]);
    expect(Array.from(alignTokens(utf8(' hi'), ['Ġhi'], { scheme: roberta }).end)).toEqual([3]);
  });
  it('a Prepend normalizer prefixes even a section that starts with a space', () => {
    const llama2 = tokenizerScheme({ model: spBpe, normalizer: legacyNormalizer });
    const spans = alignTokens(utf8(' hi'), ['▁', '▁hi'], { scheme: llama2 });
    expect([Array.from(spans.start), Array.from(spans.end)]).toEqual([
      [0, 0],
      [0, 3],
    ]);
  });
  it('never outside a section start', () => {
    const sp = tokenizerScheme({ model: spBpe, pre_tokenizer: metaspace('first') });
    expect(() => alignTokens(utf8('ab'), ['a', '▁b'], { scheme: sp })).toThrow(/token 1 .* byte 1/);
  });
});
