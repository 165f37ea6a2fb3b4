/**
 * SentencePiece-family tokenizers end to end: transformers.js's own tokenizer on every variant of the
 * generated tokenizer.json (prepend_scheme first/always/never, the Llama-2-era normalizer sequence, with and
 * without byte fallback), Semisynth's spans checked against spans known by construction (the generator's
 * reference encoder tracks where each piece came from), then the sp-bigram model's scores against its exact
 * probabilities and byte-exact editing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoTokenizer, PreTrainedTokenizer, env } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import {
  SP_DEFAULT,
  SP_VOCAB_SIZE,
  SpEncoder,
  spAlphabet,
  spTokenizerConfigJson,
  spTokenizerJson,
  trainSpMerges,
  type SpMerge,
  type SpVariant,
} from '../../scripts/testmodels/sentencepiece';
import { alignTokens, TokenAlignmentError } from '../../src/lib/scoring/tokens/byte-spans';
import {
  addedTokenRules,
  tokenizerScheme,
  type TokenizerJson,
} from '../../src/lib/scoring/tokens/tokenizer-scheme';
import { vocabularyOf, type Vocabulary } from '../../src/lib/scoring/tokens/packed-vocabulary';
import { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import { DEFAULT_CONFIG } from '../../src/lib/toedit/config';
import { editCorpus } from '../../src/lib/toedit/edit-engine';
import { bigramReference } from '../support/bigram-reference';
import { MODELS_DIR, loadNodePrior } from '../support/node-prior';
import { splicedBytes } from '../support/spliced-bytes';

const enc = new TextEncoder();
/** The usual hard texts, plus what SentencePiece makes hard: leading spaces, specials, a literal '▁'. */
const HARD_TEXTS = [
  'Semisynth looks at text one token at a time.',
  '日本語の文章もトークンに分かれます。模型崩溃',
  'family 👩‍👩‍👧 and 👍🏽 flags 🇯🇵',
  'cafe\u0301 versus café, a\u0308\u0304',
  'Windows\r\nline endings\r\n',
  '\tTabs,   runs  of   spaces   ',
  '\uFEFFa BOM first',
  '  two leading spaces',
  ' one leading space',
  '<s>special at the start</s> and after <unk>',
  'x<s> y',
  'a literal ▁ marker ▁▁ and  ▁ ',
  '',
  ' ',
];
const VARIANTS: SpVariant[] = [
  SP_DEFAULT,
  { prefix: 'always', byteFallback: true },
  { prefix: 'never', byteFallback: true },
  { prefix: 'legacy-normalizer', byteFallback: true },
  { prefix: 'first', byteFallback: false },
  { prefix: 'legacy-normalizer', byteFallback: false },
];

let alphabet: string[];
let merges: SpMerge[];
beforeAll(() => {
  env.allowRemoteModels = false; // the temporary model folders below are local; nothing is downloaded
  env.allowLocalModels = true;
  alphabet = spAlphabet(CORPUS_DOCUMENTS);
  merges = trainSpMerges(CORPUS_DOCUMENTS, alphabet);
});

function tokenizerFor(json: object): PreTrainedTokenizer {
  return new PreTrainedTokenizer(json, spTokenizerConfigJson(512));
}

function spansOf(tokenizer: PreTrainedTokenizer, json: TokenizerJson, text: string) {
  const tokens = tokenizer.tokenize(text);
  const vocab = tokenizer.get_vocab();
  const spans = alignTokens(enc.encode(text), tokens, {
    scheme: tokenizerScheme(json),
    added: addedTokenRules(json),
    knownPiece: (p) => vocab.has(p),
  });
  return { tokens, spans };
}

describe.each(VARIANTS)('SentencePiece variant prefix=$prefix byteFallback=$byteFallback', (variant) => {
  it('transformers.js tokenizes like the reference encoder, and the spans are the reference spans', () => {
    const json = spTokenizerJson(alphabet, merges, variant) as TokenizerJson;
    const tokenizer = tokenizerFor(json);
    const reference = new SpEncoder(alphabet, merges, variant);
    let prefixes = 0;
    let bytePieces = 0;
    for (const text of [...HARD_TEXTS, ...CORPUS_DOCUMENTS]) {
      const want = reference.encode(text);
      const { tokens, spans } = spansOf(tokenizer, json, text);
      expect(tokens).toEqual(want.map((p) => p.piece));
      expect(Array.from(spans.start)).toEqual(want.map((p) => p.start));
      expect(Array.from(spans.end)).toEqual(want.map((p) => p.end));
      // Pieces that spell a '▁' the text does not have: the tokenizer's own prefix.
      prefixes += want.filter(
        (p) => p.piece.startsWith('▁') && p.end - p.start < enc.encode(p.piece.replaceAll('▁', ' ')).length,
      ).length;
      bytePieces += tokens.filter((t) => /^<0x/.test(t)).length;
    }
    if (variant.prefix !== 'never') expect(prefixes).toBeGreaterThan(0);
    if (variant.byteFallback) expect(bytePieces).toBeGreaterThan(50);
    else expect(bytePieces).toBe(0);
  });
});

describe('a legacy Metaspace with add_prefix_space and no prepend_scheme', () => {
  // transformers.js reads prepend_scheme only (default "always"); spans follow what it does, whatever the flag.
  it.each([true, false])('add_prefix_space: %s aligns as transformers.js tokenizes it', (flag) => {
    const json = spTokenizerJson(alphabet, merges, SP_DEFAULT) as TokenizerJson;
    const legacy = {
      ...json,
      pre_tokenizer: { type: 'Metaspace', replacement: '▁', add_prefix_space: flag },
    };
    const tokenizer = tokenizerFor(legacy);
    const reference = new SpEncoder(alphabet, merges, { prefix: 'always', byteFallback: true });
    for (const text of HARD_TEXTS) {
      const want = reference.encode(text);
      const { tokens, spans } = spansOf(tokenizer, legacy, text);
      expect(tokens).toEqual(want.map((p) => p.piece));
      expect(Array.from(spans.start)).toEqual(want.map((p) => p.start));
      expect(Array.from(spans.end)).toEqual(want.map((p) => p.end));
    }
  });
});

describe('added tokens that strip whitespace (lstrip / rstrip)', () => {
  it('the whitespace they take from their neighbours lies in their own span', () => {
    const json = spTokenizerJson(alphabet, merges, {
      prefix: 'always',
      byteFallback: true,
    }) as TokenizerJson & {
      added_tokens: object[];
    };
    const extra = [
      { id: 512, content: '<|user|>', lstrip: true, rstrip: true },
      { id: 513, content: '<|end|>', lstrip: false, rstrip: true },
    ].map((t) => ({ ...t, single_word: false, normalized: false, special: true }));
    const withAdded = { ...json, added_tokens: [...json.added_tokens, ...extra] };
    const tokenizer = tokenizerFor(withAdded);
    const text = 'a  <|user|>  b<|end|>\n c';
    const tokens = tokenizer.tokenize(text);
    const vocab = tokenizer.get_vocab();
    const spans = alignTokens(enc.encode(text), tokens, {
      scheme: tokenizerScheme(withAdded),
      added: addedTokenRules(withAdded),
      knownPiece: (p) => vocab.has(p),
    });
    const pieces = tokens.map((t, i) => [t, text.slice(spans.start[i], spans.end[i])]);
    expect(pieces).toEqual([
      ['▁a', 'a'],
      ['<|user|>', '  <|user|>  '],
      ['▁b', 'b'],
      ['<|end|>', '<|end|>\n '],
      ['▁c', 'c'],
    ]);
  });
});

describe('added tokens matched in the normalized text (normalized: true)', () => {
  const withNormalizedAdded = (variant: SpVariant, normalizer?: object) => {
    const json = spTokenizerJson(alphabet, merges, variant) as TokenizerJson & { added_tokens: object[] };
    return {
      ...json,
      ...(normalizer ? { normalizer } : {}),
      added_tokens: json.added_tokens.map((t) => ({ ...t, normalized: true })),
    } as TokenizerJson;
  };
  const piecesOf = (json: TokenizerJson, text: string) => {
    const { tokens, spans } = spansOf(tokenizerFor(json), json, text);
    return tokens.map((t, i) => [t, text.slice(spans.start[i], spans.end[i])]);
  };

  it('Metaspace "first": every piece of the first section gets the prefix, also after such a token', () => {
    const json = withNormalizedAdded(SP_DEFAULT, { type: 'Replace', pattern: { String: ' ' }, content: '▁' });
    expect(piecesOf(json, 'a<s>b')).toEqual([
      ['▁a', 'a'],
      ['<s>', '<s>'],
      ['▁b', 'b'],
    ]);
  });

  it('Prepend normalizer: transformers.js matches the normalized content ("▁<s>"), placed on its text', () => {
    const json = withNormalizedAdded({ prefix: 'legacy-normalizer', byteFallback: true });
    expect(piecesOf(json, '<s> the')).toEqual([
      ['▁<s>', '<s>'],
      ['▁the', ' the'],
    ]);
  });
});

describe('normalizers that rewrite text', () => {
  const withNormalizer = (extra: object) => {
    const json = spTokenizerJson(alphabet, merges, SP_DEFAULT) as TokenizerJson & { normalizer: unknown };
    return { ...json, normalizer: extra } as TokenizerJson;
  };
  it.each([
    { normalizer: { type: 'NFKC' }, changed: 'ﬁne ①', name: /NFKC normalizer/ },
    { normalizer: { type: 'Lowercase' }, changed: 'Hello', name: /Lowercase normalizer/ },
    {
      normalizer: { type: 'Replace', pattern: { String: '\t' }, content: ' ' },
      changed: 'a\tb',
      name: /Replace\("\\t" → " "\) normalizer/,
    },
  ])(
    '$normalizer.type: texts it changes are refused, naming it; others align',
    ({ normalizer, changed, name }) => {
      const json = withNormalizer(normalizer);
      const tokenizer = tokenizerFor(json);
      const error = (() => {
        try {
          spansOf(tokenizer, json, changed);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(TokenAlignmentError);
      expect((error as Error).message).toMatch(name);
      const plain = 'plain text stays exact';
      const { spans } = spansOf(tokenizer, json, plain);
      expect(spans.end.at(-1)).toBe(enc.encode(plain).length);
    },
  );
});

describe('a tokenizer that cannot be aligned', () => {
  it('is refused when the model loads, before its weights are read, saying why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'semisynth-wordpiece-'));
    try {
      const model = path.join(dir, 'test', 'wordpiece');
      mkdirSync(model, { recursive: true }); // no onnx/ at all: the refusal must come first
      const source = path.join(MODELS_DIR, 'semisynth-test', 'sp-bigram');
      for (const f of ['config.json', 'tokenizer_config.json'])
        writeFileSync(path.join(model, f), readFileSync(path.join(source, f)));
      const wordPiece = {
        version: '1.0',
        truncation: null,
        padding: null,
        added_tokens: [],
        normalizer: null,
        pre_tokenizer: { type: 'BertPreTokenizer' },
        post_processor: null,
        decoder: null,
        model: {
          type: 'WordPiece',
          unk_token: '[UNK]',
          continuing_subword_prefix: '##',
          vocab: { '[UNK]': 0 },
        },
      };
      writeFileSync(path.join(model, 'tokenizer.json'), JSON.stringify(wordPiece));
      env.localModelPath = dir + path.sep;
      await expect(
        TransformersPrior.load('test/wordpiece', { device: 'cpu', dtype: 'fp32' }),
      ).rejects.toThrow(
        /^test\/wordpiece: tokenizer\.json: WordPiece tokenizers .* byte-level BPE or SentencePiece-style/,
      );
    } finally {
      env.localModelPath = MODELS_DIR + path.sep;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a Llama-2-style tokenizer whose added tokens are matched normalized', () => {
  it('gives such a token its id (transformers.js spells it "▁</s>") and its text as span', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'semisynth-normalized-'));
    try {
      const model = path.join(dir, 'test', 'normalized');
      const source = path.join(MODELS_DIR, 'semisynth-test', 'sp-bigram');
      mkdirSync(path.join(model, 'onnx'), { recursive: true });
      for (const f of ['config.json', 'tokenizer_config.json', 'onnx/model.onnx'])
        writeFileSync(path.join(model, f), readFileSync(path.join(source, f)));
      const json = spTokenizerJson(alphabet, merges, { prefix: 'legacy-normalizer', byteFallback: true }) as {
        added_tokens: object[];
      };
      const normalized = {
        ...json,
        added_tokens: json.added_tokens.map((t) => ({ ...t, normalized: true })),
      };
      writeFileSync(path.join(model, 'tokenizer.json'), JSON.stringify(normalized));
      env.localModelPath = dir + path.sep;
      const prior = await TransformersPrior.load('test/normalized', { device: 'cpu', dtype: 'fp32' });
      const text = 'a </s> the';
      const { ids, start, end } = prior.tokenize(text);
      const vocab = new SpEncoder(alphabet, merges).vocab;
      expect(Array.from(ids)).toEqual([vocab.get('▁a'), vocab.get('</s>'), vocab.get('▁the')]);
      expect(Array.from(start, (s, i) => text.slice(s, end[i]))).toEqual(['a', ' </s>', ' the']);
      await prior.dispose();
    } finally {
      env.localModelPath = MODELS_DIR + path.sep;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the sp-bigram model (exact probabilities) through TransformersPrior', () => {
  let prior: TransformersPrior;
  let vocab: Vocabulary;
  let logP: (a: number, b: number) => number;
  let reference: SpEncoder;
  beforeAll(async () => {
    prior = await loadNodePrior('semisynth-test/sp-bigram');
    vocab = vocabularyOf(prior.vocabularyBytes());
    logP = bigramReference(
      await AutoTokenizer.from_pretrained('semisynth-test/sp-bigram'),
      SP_VOCAB_SIZE,
    ).logP;
    reference = new SpEncoder(alphabet, merges);
  });

  it('scores every token within 1e-4 of its exact log p, on spans that tile the text', async () => {
    const texts = HARD_TEXTS.filter((t) => t.length > 0);
    const all = await prior.scoreBatch(texts, { k: 8 });
    all.forEach((s, d) => {
      const want = reference.encode(texts[d]);
      expect(Array.from(s.tokenIds)).toEqual(want.map((p) => reference.vocab.get(p.piece)));
      expect(Array.from(s.byteStart)).toEqual(want.map((p) => p.start));
      expect(Array.from(s.byteEnd)).toEqual(want.map((p) => p.end));
      const ids = [0, ...s.tokenIds];
      for (let t = 0; t < s.tokenIds.length; t++)
        expect(Math.abs(s.logprob[t] - logP(ids[t], ids[t + 1]))).toBeLessThan(1e-4);
    });
  });

  it('knows each id’s bytes: byte pieces are one byte, ▁ is a space, <unk> is never a replacement', () => {
    const id = (piece: string) => reference.vocab.get(piece)!;
    expect(vocab.bytes(id('<0xE8>'))).toEqual(Uint8Array.of(0xe8));
    expect(vocab.bytes(id('▁'))).toEqual(enc.encode(' '));
    const word = [...reference.vocab.keys()].find((p) => p.startsWith('▁') && p.length > 3)!;
    expect(vocab.bytes(id(word))).toEqual(enc.encode(word.replaceAll('▁', ' ')));
    expect(vocab.special(id('<unk>'))).toBe(true);
    expect(prior.vocabularyLabels()[id('<0xE8>')]).toBe('\\xE8');
  });

  it('force-changed edits splice exact bytes and round-trip the untouched text', async () => {
    const texts = [...HARD_TEXTS.filter((t) => t.length > 0), ...CORPUS_DOCUMENTS];
    const scores = await prior.scoreBatch(texts, { k: 8 });
    let edits = 0;
    let byteEdits = 0;
    const pieces: string[] = [];
    for (const [piece, id] of reference.vocab) pieces[id] = piece;
    for (const { docIndex, result } of editCorpus(
      texts.map((text, d) => ({ text, scores: scores[d] })),
      // A low threshold, so ordinary and byte-fallback tokens are flagged too, not only the collapsed phrase.
      { ...DEFAULT_CONFIG, tau: 0.2, forceChange: true },
      3,
      vocab,
    )) {
      if (!result.ok) throw new Error(result.error);
      expect(result.bytes).toEqual(splicedBytes(enc.encode(texts[docIndex]), result.log, vocab));
      expect(enc.encode(result.text)).toEqual(result.bytes);
      edits += result.counts.realisedEdits;
      for (const e of result.log)
        if (e.changed && e.replacement !== null && /^<0x/.test(pieces[e.replacement])) byteEdits++;
    }
    expect(edits).toBeGreaterThan(20);
    expect(byteEdits).toBeGreaterThan(0);
    const unflagged = editCorpus(
      texts.map((text, d) => ({ text, scores: scores[d] })),
      { ...DEFAULT_CONFIG, tau: 1 },
      3,
      vocab,
    );
    for (const { docIndex, result } of unflagged) {
      expect(result.ok && result.text).toBe(texts[docIndex]);
    }
  });
});

describe('the sp-llama model', () => {
  it('scores a hard text the same in chunks with KV carry-over as in one pass', async () => {
    const prior = await loadNodePrior('semisynth-test/sp-llama');
    const text = HARD_TEXTS.join(' ');
    const whole = await prior.score(text, { k: 4 });
    const chunked = await prior.score(text, { k: 4, chunkSize: 7 });
    expect(whole.tokenIds.length).toBeGreaterThan(100);
    let worst = 0;
    for (let t = 0; t < whole.logprob.length; t++)
      worst = Math.max(worst, Math.abs(whole.logprob[t] - chunked.logprob[t]));
    expect(worst).toBeLessThan(1e-4);
    expect(whole.byteEnd.at(-1)).toBe(enc.encode(text).length);
    await prior.dispose();
  });
});
