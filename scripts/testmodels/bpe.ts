/**
 * Byte-level BPE (GPT-2 style) for the test models: alphabet, a tiny deterministic merge trainer, an encoder
 * that applies merges the way tokenizers.js does, and writers for HF `tokenizer.json` / `tokenizer_config.json`.
 *
 * Vocabulary layout: 0 `<s>`, 1 `</s>`, 2 `<pad>`, then the 256 byte tokens in byte order (id = 3 + byte),
 * then one token per merge in training order.
 */

export const BOS = '<s>';
export const EOS = '</s>';
export const PAD = '<pad>';
export const SPECIAL_TOKENS = [BOS, EOS, PAD] as const;
export const BOS_ID = 0;
export const EOS_ID = 1;
export const PAD_ID = 2;
export const BYTE_TOKEN_OFFSET = SPECIAL_TOKENS.length;

/**
 * GPT-2's bytes→unicode table: printable Latin-1 bytes map to themselves, the other 68 bytes to U+0100… in
 * byte order, so every byte has a visible, non-whitespace character (space is 'Ġ', newline 'Ċ').
 */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out: string[] = [];
  let next = 0;
  for (let b = 0; b < 256; b++) out.push(String.fromCharCode(printable(b) ? b : 256 + next++));
  return out;
})();

export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

/** The pre-tokenizer regex of tokenizers.js's ByteLevel pre-tokenizer (use_regex: true), verbatim. */
export const PRETOKENIZE_PATTERN =
  /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const utf8 = new TextEncoder();

/** UTF-8 bytes → byte-level string. */
export function bytesToByteLevel(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += BYTE_TO_CHAR[b];
  return s;
}

/** Byte-level string (e.g. a token) → the bytes it stands for. Throws on characters outside the alphabet. */
export function byteLevelToBytes(token: string): Uint8Array {
  return Uint8Array.from(Array.from(token), (c) => {
    const b = CHAR_TO_BYTE.get(c);
    if (b === undefined) throw new Error(`not a byte-level character: U+${c.codePointAt(0)?.toString(16)}`);
    return b;
  });
}

/** Pre-tokenizes text into byte-level words, exactly like the ByteLevel pre-tokenizer. */
export function preTokenize(text: string): string[] {
  return (text.match(PRETOKENIZE_PATTERN) ?? []).map((w) => bytesToByteLevel(utf8.encode(w)));
}

export type Merge = readonly [string, string];

/**
 * Trains merges until the vocabulary (specials + 256 bytes + merged tokens) has `vocabSize` entries.
 * Each step merges the most frequent adjacent pair; ties go to the pair whose left (then right) symbol sorts
 * first by UTF-16 code units, so the result depends only on the texts.
 */
export function trainMerges(texts: readonly string[], vocabSize: number): Merge[] {
  const wordCounts = new Map<string, number>();
  for (const text of texts)
    for (const w of preTokenize(text)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const words = [...wordCounts].map(([w, count]) => ({ symbols: Array.from(w), count }));

  const known = new Set<string>([...SPECIAL_TOKENS, ...BYTE_TO_CHAR]);
  const merges: Merge[] = [];
  while (known.size < vocabSize) {
    const pairCounts = new Map<string, { pair: Merge; count: number }>();
    for (const { symbols, count } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]}\u0000${symbols[i + 1]}`;
        const entry = pairCounts.get(key);
        if (entry) entry.count += count;
        else pairCounts.set(key, { pair: [symbols[i], symbols[i + 1]], count });
      }
    }
    let best: { pair: Merge; count: number } | undefined;
    for (const e of pairCounts.values()) {
      if (!best || e.count > best.count || (e.count === best.count && comparePairs(e.pair, best.pair) < 0))
        best = e;
    }
    if (!best) throw new Error(`corpus too small: no pairs left at vocabulary size ${known.size}`);
    const [left, right] = best.pair;
    merges.push(best.pair);
    known.add(left + right);
    for (const w of words) w.symbols = mergePair(w.symbols, left, right);
  }
  return merges;
}

function comparePairs(a: Merge, b: Merge): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/** Replaces every non-overlapping occurrence of (left, right), scanning left to right. */
export function mergePair(symbols: string[], left: string, right: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
      out.push(left + right);
      i++;
    } else out.push(symbols[i]);
  }
  return out;
}

/** Token → id for the layout described at the top of this file. */
export function buildVocab(merges: readonly Merge[]): Map<string, number> {
  const vocab = new Map<string, number>();
  for (const t of [...SPECIAL_TOKENS, ...BYTE_TO_CHAR, ...merges.map(([a, b]) => a + b)]) {
    if (!vocab.has(t)) vocab.set(t, vocab.size);
  }
  return vocab;
}

/** Applies merges to text like tokenizers.js's BPE model: lowest-rank pair first, leftmost on ties. */
export class BpeEncoder {
  readonly vocab: Map<string, number>;
  private readonly ranks: Map<string, number>;

  constructor(merges: readonly Merge[]) {
    this.vocab = buildVocab(merges);
    this.ranks = new Map(merges.map(([a, b], i) => [`${a}\u0000${b}`, i]));
  }

  /** Byte-level token strings (no special tokens are recognized or added). */
  tokenize(text: string): string[] {
    return preTokenize(text).flatMap((w) => this.bpe(w));
  }

  /** Token ids (no special tokens are recognized or added). */
  encode(text: string): number[] {
    return this.tokenize(text).map((t) => this.vocab.get(t) as number);
  }

  private bpe(word: string): string[] {
    let symbols = Array.from(word);
    for (;;) {
      let bestIndex = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = this.ranks.get(`${symbols[i]}\u0000${symbols[i + 1]}`);
        if (rank !== undefined && rank < bestRank) [bestRank, bestIndex] = [rank, i];
      }
      if (bestIndex < 0) return symbols;
      symbols = [
        ...symbols.slice(0, bestIndex),
        symbols[bestIndex] + symbols[bestIndex + 1],
        ...symbols.slice(bestIndex + 2),
      ];
    }
  }
}

function addedToken(content: string, id: number) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/**
 * HF `tokenizer.json`: BPE model, ByteLevel pre-tokenizer (GPT-2 regex, no prefix space) and decoder, no
 * normalizer. The TemplateProcessing post-processor prepends `<s>` when `add_special_tokens` is true (the
 * default of `tokenizer(text)` and `tokenizer.encode(text)`), like Llama's tokenizer; Semisynth's scoring
 * code encodes with `add_special_tokens: false` and prepends BOS itself.
 */
export function tokenizerJson(merges: readonly Merge[]): object {
  const bos = { SpecialToken: { id: BOS, type_id: 0 } };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((t, id) => addedToken(t, id)),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [bos, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [bos, { Sequence: { id: 'A', type_id: 0 } }, bos, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { [BOS]: { id: BOS, ids: [BOS_ID], tokens: [BOS] } },
    },
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(buildVocab(merges)),
      merges: merges.map(([a, b]) => [a, b]),
    },
  };
}

/**
 * HF `tokenizer_config.json`. `clean_up_tokenization_spaces: false` matters: tokenizers.js defaults it to
 * true, which would turn " ." into "." on decode and break decode(encode(text)) === text.
 */
export function tokenizerConfigJson(modelMaxLength: number): object {
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    added_tokens_decoder: Object.fromEntries(
      SPECIAL_TOKENS.map((t, id) => {
        const { id: _id, ...rest } = addedToken(t, id);
        return [String(id), rest];
      }),
    ),
    bos_token: BOS,
    eos_token: EOS,
    pad_token: PAD,
    unk_token: null,
    add_bos_token: true,
    add_eos_token: false,
    clean_up_tokenization_spaces: false,
    model_max_length: modelMaxLength,
    padding_side: 'right',
  };
}
