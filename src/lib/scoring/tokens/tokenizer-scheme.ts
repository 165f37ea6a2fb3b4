/**
 * What a HF `tokenizer.json` does to text before its tokens can be put back on the text's bytes, read from
 * the file itself (transformers.js gives no offsets mapping). Two families are handled exactly:
 *
 * - byte-level BPE (GPT-2, Llama 3, SmolLM2, Qwen2.5): every token string is bytes in GPT-2's alphabet;
 * - SentencePiece-style (Llama 2, TinyLlama, Mistral, Gemma, Phi-3): token strings are text where a marker
 *   ('▁') stands for a space, `<0xNN>` pieces are single bytes (byte fallback), and a marker may be
 *   prepended that is not in the text (Metaspace `prepend_scheme`, or a `Prepend("▁")` normalizer).
 *
 * Everything else that would move or rewrite bytes is either named here (normalizers that change some texts:
 * the aligner then refuses, naming them, when a text is changed) or refused outright (tokenizers that drop
 * whitespace or add word-continuation marks).
 */

/** The parts of a tokenizer.json read here (the file has more). */
export interface TokenizerJson {
  normalizer?: unknown;
  pre_tokenizer?: unknown;
  decoder?: unknown;
  model?: unknown;
  added_tokens?: readonly { content: string; lstrip?: boolean; rstrip?: boolean; normalized?: boolean }[];
}

/** The parts of tokenizer_config.json that transformers.js applies to text before tokenizing. */
export interface TokenizerConfigJson {
  remove_space?: unknown;
  do_lowercase_and_remove_accent?: unknown;
}

export interface TokenizerScheme {
  /** 'byte-level': token strings are GPT-2-alphabet bytes; 'text': token strings are text (UTF-8). */
  alphabet: 'byte-level' | 'text';
  /** The character that stands for a space in text tokens ('▁'), or null. */
  spaceMarker: string | null;
  /** `<0xNN>` pieces are single bytes. */
  byteFallback: boolean;
  /**
   * Where the tokenizer may put a space in front of a section (the text between added tokens) that the
   * text does not have: nowhere, the first section only, or every section.
   */
  prefix: 'none' | 'first' | 'every';
  /** The prefix is added even when the section already starts with a space (a Prepend normalizer). */
  prefixUnconditional: boolean;
  /** The model's unknown token and whether runs of unknown characters become one unk. */
  unkToken: string | null;
  fuseUnk: boolean;
  /** Steps that rewrite some texts in ways that cannot be mapped back (named in refusals). */
  lossySteps: string[];
}

/** How an added token (special or not) takes whitespace from its neighbours, as in tokenizer.json. */
export interface AddedTokenRule {
  lstrip: boolean;
  rstrip: boolean;
  /**
   * Found in the normalized text (tokenizer.json `normalized: true` with a normalizer): it splits a section
   * in two without starting a new one, so a Prepend normalizer does not prefix what follows it.
   */
  normalized?: boolean;
}

/** Each added token's rule, by content (added tokens appear in tokenizer output as their literal text). */
export function addedTokenRules(json: TokenizerJson): Map<string, AddedTokenRule> {
  const normalizer = json.normalizer !== null && json.normalizer !== undefined;
  return new Map(
    (json.added_tokens ?? []).map((t) => [
      t.content,
      {
        lstrip: t.lstrip === true,
        rstrip: t.rstrip === true,
        normalized: normalizer && t.normalized === true,
      },
    ]),
  );
}

/** GPT-2's tokenizer: byte-level BPE, no prefix space, nothing rewritten. */
export const BYTE_LEVEL_SCHEME: Readonly<TokenizerScheme> = Object.freeze({
  alphabet: 'byte-level',
  spaceMarker: null,
  byteFallback: false,
  prefix: 'none',
  prefixUnconditional: false,
  unkToken: null,
  fuseUnk: false,
  lossySteps: [],
});

/** A tokenizer whose tokens can never be placed exactly on the text; the message says why. */
export class TokenizerSupportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerSupportError';
  }
}

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const SPACE_MARKER = '\u2581';

/** Reads a tokenizer.json (and its tokenizer_config.json); throws TokenizerSupportError if refused. */
export function tokenizerScheme(json: TokenizerJson, config: TokenizerConfigJson = {}): TokenizerScheme {
  const scheme: TokenizerScheme = { ...BYTE_LEVEL_SCHEME, alphabet: 'text', lossySteps: [] };
  readModel(json.model, scheme);
  readNormalizer(json.normalizer, scheme);
  readPreTokenizer(json.pre_tokenizer, scheme);
  if (scheme.alphabet === 'text' && mentionsByteLevel(json.decoder)) scheme.alphabet = 'byte-level';
  if (scheme.alphabet === 'byte-level' && scheme.spaceMarker !== null)
    throw new TokenizerSupportError(
      'the tokenizer mixes a byte-level pre-tokenizer with a Metaspace one; Semisynth cannot tell which ' +
        'bytes its tokens stand for',
    );
  if (config.remove_space === true) scheme.lossySteps.push('remove_space (tokenizer_config.json)');
  if (config.do_lowercase_and_remove_accent === true)
    scheme.lossySteps.push('do_lowercase_and_remove_accent (tokenizer_config.json)');
  return scheme;
}

function readModel(model: unknown, scheme: TokenizerScheme): void {
  if (!isObject(model)) throw new TokenizerSupportError('tokenizer.json has no model');
  switch (model.type) {
    case 'BPE':
      if (model.continuing_subword_prefix || model.end_of_word_suffix)
        throw new TokenizerSupportError(
          'the BPE model marks word pieces (continuing_subword_prefix / end_of_word_suffix), which adds ' +
            'characters that are not in the text; Semisynth cannot place such tokens on the text',
        );
      scheme.byteFallback = model.byte_fallback === true;
      scheme.unkToken = typeof model.unk_token === 'string' ? model.unk_token : null;
      scheme.fuseUnk = model.fuse_unk === true;
      return;
    case 'Unigram': {
      scheme.byteFallback = model.byte_fallback === true;
      const vocab = Array.isArray(model.vocab) ? (model.vocab as unknown[]) : [];
      const unk = typeof model.unk_id === 'number' ? vocab[model.unk_id] : undefined;
      scheme.unkToken = Array.isArray(unk) && typeof unk[0] === 'string' ? unk[0] : null;
      scheme.fuseUnk = true; // transformers.js's Unigram always fuses unknown characters
      return;
    }
    case 'WordPiece':
      throw new TokenizerSupportError(
        'WordPiece tokenizers (BERT-style) drop whitespace and mark word continuations with "##", so ' +
          'their tokens cannot be placed back on the text; they belong to encoder models, not causal LMs',
      );
    default:
      throw new TokenizerSupportError(
        `the tokenizer model "${String(model.type)}" is not supported; Semisynth aligns BPE and Unigram models`,
      );
  }
}

function readNormalizer(n: unknown, scheme: TokenizerScheme): void {
  if (n === null || n === undefined) return;
  if (!isObject(n)) throw new TokenizerSupportError('tokenizer.json has a malformed normalizer');
  switch (n.type) {
    case 'Sequence':
      for (const x of Array.isArray(n.normalizers) ? n.normalizers : []) readNormalizer(x, scheme);
      return;
    case 'Prepend':
      // Llama-2-era exports: Prepend("▁") + Replace(" ", "▁") instead of a Metaspace pre-tokenizer. It runs
      // on every section and does not look at what the section starts with.
      if (n.prepend === SPACE_MARKER) {
        scheme.spaceMarker = SPACE_MARKER;
        scheme.prefix = 'every';
        scheme.prefixUnconditional = true;
        return;
      }
      scheme.lossySteps.push(`the Prepend(${JSON.stringify(n.prepend)}) normalizer`);
      return;
    case 'Replace': {
      const pattern = isObject(n.pattern) ? n.pattern : {};
      if (pattern.String === ' ' && typeof n.content === 'string' && [...n.content].length === 1) {
        scheme.spaceMarker = n.content;
        return;
      }
      const what = 'String' in pattern ? JSON.stringify(pattern.String) : `/${String(pattern.Regex)}/`;
      scheme.lossySteps.push(`the Replace(${what} → ${JSON.stringify(n.content)}) normalizer`);
      return;
    }
    default:
      // NFC, NFD, NFKC, NFKD, Lowercase, Strip, StripAccents, Precompiled, BertNormalizer: each rewrites
      // some texts (composed characters, capitals, outer whitespace, accents) with no way back to the bytes.
      scheme.lossySteps.push(`the ${String(n.type)} normalizer`);
  }
}

function readPreTokenizer(p: unknown, scheme: TokenizerScheme): void {
  if (p === null || p === undefined) return;
  if (!isObject(p)) throw new TokenizerSupportError('tokenizer.json has a malformed pre_tokenizer');
  switch (p.type) {
    case 'Sequence':
      for (const x of Array.isArray(p.pretokenizers) ? p.pretokenizers : []) readPreTokenizer(x, scheme);
      return;
    case 'ByteLevel':
      scheme.alphabet = 'byte-level';
      if (p.add_prefix_space === true) scheme.prefix = 'every';
      return;
    case 'Metaspace': {
      scheme.spaceMarker = typeof p.replacement === 'string' ? p.replacement : SPACE_MARKER;
      if (scheme.prefixUnconditional) return; // a Prepend normalizer already starts every section with it
      // transformers.js reads prepend_scheme only (a legacy add_prefix_space is ignored), default 'always'.
      const prepend = p.prepend_scheme ?? 'always';
      scheme.prefix = prepend === 'never' ? 'none' : prepend === 'first' ? 'first' : 'every';
      return;
    }
    case 'Split':
    case 'Digits':
    case 'Punctuation':
      if (p.behavior === 'Removed')
        throw new TokenizerSupportError(
          `the ${p.type} pre-tokenizer removes what it matches, so tokens would not cover the whole text`,
        );
      return; // only splits: bytes unchanged
    case 'Whitespace':
    case 'WhitespaceSplit':
    case 'BertPreTokenizer':
      throw new TokenizerSupportError(
        `the ${p.type} pre-tokenizer drops whitespace, so tokens cannot be placed back on the text`,
      );
    default:
      scheme.lossySteps.push(`the ${String(p.type)} pre-tokenizer`);
  }
}

function mentionsByteLevel(decoder: unknown): boolean {
  if (!isObject(decoder)) return false;
  if (decoder.type === 'ByteLevel') return true;
  return Array.isArray(decoder.decoders) && decoder.decoders.some(mentionsByteLevel);
}
