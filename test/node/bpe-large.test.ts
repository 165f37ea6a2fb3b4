/**
 * The 32k byte-level BPE tokenizer (bpe-large) through transformers.js: a real vocabulary's quirks — thousands
 * of 'Ġ' words, whitespace runs as tokens, pieces of UTF-8 characters, added tokens after the vocabulary —
 * and Semisynth's spans and vocabulary bytes on the hard texts, checked against the generator's encoder.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BPE_LARGE_ADDED, BPE_LARGE_VOCAB, bpeLargeCorpus } from '../../scripts/testmodels/bpe-large';
import { BpeEncoder, type Merge } from '../../scripts/testmodels/bpe';
import { alignTokens } from '../../src/lib/scoring/tokens/byte-spans';
import { tokenBytes } from '../../src/lib/scoring/tokens/token-bytes';
import {
  addedTokenRules,
  tokenizerScheme,
  type TokenizerJson,
} from '../../src/lib/scoring/tokens/tokenizer-scheme';
import { MODELS_DIR } from '../support/node-prior';

const enc = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true });
const HARD_TEXTS = [
  '言語モデル 模型崩溃 and 한국어 텍스트',
  'family 👩‍👩‍👧 and 👍🏽 flags 🇯🇵 ❤️',
  'cafe\u0301 versus café, a\u0308\u0304, Straße',
  'Windows\r\nline endings\r\n\r\n',
  '\tTabs,   runs  of   spaces         and\n\n\n\nnewlines   ',
  '\uFEFFa BOM first',
  '    if (x) {\n        return y;\n    }',
];

let tokenizer: PreTrainedTokenizer;
let json: TokenizerJson & { model: { merges: Merge[] } };
let encoder: BpeEncoder;
beforeAll(async () => {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = MODELS_DIR + path.sep;
  tokenizer = await AutoTokenizer.from_pretrained('semisynth-test/bpe-large');
  json = JSON.parse(readFileSync(path.join(MODELS_DIR, 'semisynth-test/bpe-large/tokenizer.json'), 'utf8'));
  encoder = new BpeEncoder(json.model.merges);
});

function place(text: string) {
  const tokens = tokenizer.tokenize(text);
  const added = addedTokenRules(json);
  const scheme = tokenizerScheme(json);
  const spans = alignTokens(enc.encode(text), tokens, { scheme, added });
  return { tokens, spans, scheme, added };
}

describe('the bpe-large tokenizer', () => {
  it('has the quirks of a real vocabulary', () => {
    const vocab = tokenizer.get_vocab();
    expect(json.model.merges.length).toBe(BPE_LARGE_VOCAB - 259);
    expect(vocab.size).toBe(BPE_LARGE_VOCAB + BPE_LARGE_ADDED.length);
    const scheme = tokenizerScheme(json);
    const tokens = [...vocab.keys()];
    const bytes = tokens.map((t) =>
      tokenBytes(
        scheme,
        t,
        json.added_tokens!.some((a) => a.content === t),
      )!,
    );
    const partial = bytes.filter((b) => {
      try {
        strict.decode(b);
        return false;
      } catch {
        return true;
      }
    });
    expect(tokens.filter((t) => t.startsWith('Ġ')).length).toBeGreaterThan(10_000);
    expect(tokens.filter((t) => /^(Ġ|Ċ|ĉ|č)+$/.test(t)).length).toBeGreaterThan(5); // whitespace runs
    expect(partial.length).toBeGreaterThan(100); // pieces of UTF-8 characters
    expect(Math.max(...bytes.map((b) => b.length))).toBeGreaterThanOrEqual(16);
    expect(tokenizer.all_special_ids).toEqual(expect.arrayContaining([BPE_LARGE_VOCAB, BPE_LARGE_VOCAB + 2]));
  });

  it('tokenizes like the generator’s encoder, and every span holds exactly its token’s bytes', () => {
    const texts = [...HARD_TEXTS, ...bpeLargeCorpus(3, 7)];
    let tokens = 0;
    for (const text of texts) {
      const placed = place(text);
      expect(placed.tokens).toEqual(encoder.tokenize(text));
      const bytes = enc.encode(text);
      placed.tokens.forEach((t, i) => {
        expect(bytes.subarray(placed.spans.start[i], placed.spans.end[i])).toEqual(
          tokenBytes(placed.scheme, t, false),
        );
        if (i > 0) expect(placed.spans.start[i]).toBe(placed.spans.end[i - 1]);
      });
      expect(placed.spans.end.at(-1)).toBe(bytes.length);
      tokens += placed.tokens.length;
    }
    expect(tokens).toBeGreaterThan(3000);
  });

  it('added tokens typed in the text are their literal text, special or not', () => {
    const text = '<|im_start|>user\nHi  there<|im_end|>\n<tool_call> {"a": 1}<|endoftext|>';
    const { tokens, spans, added } = place(text);
    const literal = tokens
      .map((t, i) => [t, text.slice(spans.start[i], spans.end[i])])
      .filter(([t]) => added.has(t));
    expect(literal).toEqual(
      BPE_LARGE_ADDED.map((a) => [a.content, a.content]).sort(
        (a, b) => text.indexOf(a[0]) - text.indexOf(b[0]),
      ),
    );
    expect(spans.end.at(-1)).toBe(enc.encode(text).length);
  });
});
