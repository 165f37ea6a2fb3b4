/**
 * A SentencePiece-style tokenizer for the test models, the way Llama 2 / TinyLlama / Mistral ship it as a HF
 * `tokenizer.json`: a BPE model over characters where '▁' stands for a space, `<0xNN>` byte-fallback pieces
 * for characters outside the alphabet (CJK, emoji), `<unk>`, and a Metaspace pre-tokenizer that prepends
 * '▁' to the text (prepend_scheme "first") — or, as a variant, the older Prepend("▁") + Replace(" ", "▁")
 * normalizer sequence.
 *
 * Vocabulary layout: 0 `<s>`, 1 `</s>`, 2 `<unk>`, 3..258 `<0x00>`..`<0xFF>` (id = 3 + byte), then the
 * alphabet (characters seen at least ALPHABET_MIN_COUNT times in the corpus, spaces as '▁', by code point),
 * then one piece per merge in training order. The reference encoder here tracks each piece's byte span in
 * the text, so tests can check Semisynth's spans against spans known by construction.
 */

import type { Merge } from './bpe';
import { trainWordMerges } from './bpe-trainer';

export const SP_BOS = '<s>';
export const SP_EOS = '</s>';
export const SP_UNK = '<unk>';
export const SP_SPECIAL_TOKENS = [SP_BOS, SP_EOS, SP_UNK] as const;
export const SP_BYTE_OFFSET = SP_SPECIAL_TOKENS.length;
export const SP_VOCAB_SIZE = 512;
export const MARKER = '\u2581';
/** Rarer characters (most CJK, every emoji) stay out of the alphabet, so they take the byte-fallback path. */
export const ALPHABET_MIN_COUNT = 3;

/** How the '▁' prefix is produced: Metaspace's prepend_scheme, or the Llama-2-era normalizer sequence. */
export type SpPrefix = 'first' | 'always' | 'never' | 'legacy-normalizer';

export interface SpVariant {
  prefix: SpPrefix;
  /** false: characters outside the alphabet become `<unk>` (fused runs) instead of byte pieces. */
  byteFallback: boolean;
}
export const SP_DEFAULT: SpVariant = { prefix: 'first', byteFallback: true };

export type SpMerge = Merge;

const utf8 = new TextEncoder();
const bytePiece = (b: number) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;

/** Characters of the corpus (spaces as '▁') seen at least ALPHABET_MIN_COUNT times, by code point. */
export function spAlphabet(texts: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of texts)
    for (const ch of text.replaceAll(' ', MARKER)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  counts.set(MARKER, Math.max(counts.get(MARKER) ?? 0, ALPHABET_MIN_COUNT)); // the prefix needs it
  return [...counts]
    .filter(([, n]) => n >= ALPHABET_MIN_COUNT)
    .map(([ch]) => ch)
    .sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

/**
 * Trains merges over words ('▁'-led runs, whitespace runs attached to the word they precede) until the
 * vocabulary has SP_VOCAB_SIZE entries, with the project's BPE trainer (bpe-trainer.ts: most frequent pair
 * first, ties to the pair whose left, then right, piece sorts first). Characters outside the alphabet split
 * words (they are bytes at encoding time and never merge).
 */
export function trainSpMerges(texts: readonly string[], alphabet: readonly string[]): SpMerge[] {
  const inAlphabet = new Set(alphabet);
  const wordCounts = new Map<string, number>();
  for (const text of texts) {
    const normalized = MARKER + text.replaceAll(' ', MARKER);
    for (const word of normalized.match(/▁*[^▁]+|▁+/gu) ?? [])
      for (const part of word.split(/(?:)/u).reduce<string[][]>(
        (parts, ch) => {
          if (inAlphabet.has(ch)) parts[parts.length - 1].push(ch);
          else parts.push([]);
          return parts;
        },
        [[]],
      ))
        if (part.length > 1)
          wordCounts.set(part.join('\u0000'), (wordCounts.get(part.join('\u0000')) ?? 0) + 1);
  }
  const words = [...wordCounts].map(([w, count]) => ({ symbols: w.split('\u0000'), count }));
  const known = new Set([
    ...SP_SPECIAL_TOKENS,
    ...Array.from({ length: 256 }, (_, b) => bytePiece(b)),
    ...alphabet,
  ]);
  return trainWordMerges(words, known, SP_VOCAB_SIZE);
}

/** Piece → id for the layout at the top of this file. */
export function spVocab(alphabet: readonly string[], merges: readonly SpMerge[]): Map<string, number> {
  const vocab = new Map<string, number>();
  const pieces = [
    ...SP_SPECIAL_TOKENS,
    ...Array.from({ length: 256 }, (_, b) => bytePiece(b)),
    ...alphabet,
    ...merges.map(([a, b]) => a + b),
  ];
  for (const p of pieces) if (!vocab.has(p)) vocab.set(p, vocab.size);
  return vocab;
}

/** A piece and the bytes of the text it covers: [start, end) (a prepended '▁' covers nothing). */
export interface SpPiece {
  piece: string;
  start: number;
  end: number;
}

/**
 * Encodes text the way transformers.js runs the tokenizer.json written below (no special tokens added):
 * `<s>`, `</s>`, `<unk>` typed in the text are their own tokens and split it into sections; each section
 * gets the variant's prefix, spaces become '▁', merges apply lowest rank first (leftmost on ties), and a
 * character outside the vocabulary becomes its UTF-8 bytes as `<0xNN>` pieces (or `<unk>`, fused). Every
 * piece carries the byte span it covers, known by construction.
 */
export class SpEncoder {
  readonly vocab: Map<string, number>;
  private readonly ranks: Map<string, number>;

  constructor(
    alphabet: readonly string[],
    merges: readonly SpMerge[],
    readonly variant: SpVariant = SP_DEFAULT,
  ) {
    this.vocab = spVocab(alphabet, merges);
    this.ranks = new Map(merges.map(([a, b], i) => [`${a}\u0000${b}`, i]));
  }

  encode(text: string): SpPiece[] {
    const out: SpPiece[] = [];
    const specials = new RegExp(SP_SPECIAL_TOKENS.map((t) => t.replace(/[<>/]/g, '\\$&')).join('|'), 'g');
    let cursor = 0;
    let byte = 0;
    let section = 0;
    const flush = (upto: number) => {
      const part = text.slice(cursor, upto);
      if (part.length > 0) out.push(...this.section(part, byte, section));
      byte += utf8.encode(part).length;
      section++;
    };
    for (const m of text.matchAll(specials)) {
      flush(m.index);
      out.push({ piece: m[0], start: byte, end: byte + m[0].length });
      byte += m[0].length;
      cursor = m.index + m[0].length;
      section++;
    }
    flush(text.length);
    return out;
  }

  private section(text: string, base: number, index: number): SpPiece[] {
    type Sym = { piece: string; start: number; end: number };
    let symbols: Sym[] = [];
    let at = base;
    for (const ch of text) {
      const n = utf8.encode(ch).length;
      symbols.push({ piece: ch === ' ' ? MARKER : ch, start: at, end: at + n });
      at += n;
    }
    const { prefix } = this.variant;
    const startsWithMarker = symbols[0].piece === MARKER;
    if (
      prefix === 'legacy-normalizer' ||
      (!startsWithMarker && (prefix === 'always' || (prefix === 'first' && index === 0)))
    )
      symbols.unshift({ piece: MARKER, start: base, end: base });
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = this.ranks.get(`${symbols[i].piece}\u0000${symbols[i + 1].piece}`);
        if (rank !== undefined && rank < bestRank) [bestRank, best] = [rank, i];
      }
      if (best < 0) break;
      const [a, b] = [symbols[best], symbols[best + 1]];
      symbols = [
        ...symbols.slice(0, best),
        { piece: a.piece + b.piece, start: a.start, end: b.end },
        ...symbols.slice(best + 2),
      ];
    }
    const out: SpPiece[] = [];
    for (const s of symbols) {
      if (this.vocab.has(s.piece)) out.push(s);
      else if (this.variant.byteFallback) {
        const bytes = utf8.encode(s.piece === MARKER ? ' ' : s.piece);
        bytes.forEach((b, j) => out.push({ piece: bytePiece(b), start: s.start + j, end: s.start + j + 1 }));
      } else if (out.at(-1)?.piece === SP_UNK && out.at(-1)!.end === s.start) out.at(-1)!.end = s.end;
      else out.push({ piece: SP_UNK, start: s.start, end: s.end });
    }
    return out;
  }
}

function addedToken(content: string, id: number) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/** HF `tokenizer.json` for the variant (the default is what the test models ship). */
export function spTokenizerJson(
  alphabet: readonly string[],
  merges: readonly SpMerge[],
  variant: SpVariant = SP_DEFAULT,
): object {
  const legacy = variant.prefix === 'legacy-normalizer';
  const replace = (from: string, to: string) => ({ type: 'Replace', pattern: { String: from }, content: to });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SP_SPECIAL_TOKENS.map((t, id) => addedToken(t, id)),
    normalizer: legacy
      ? { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: MARKER }, replace(' ', MARKER)] }
      : null,
    pre_tokenizer: legacy
      ? null
      : { type: 'Metaspace', replacement: MARKER, prepend_scheme: variant.prefix, split: false },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: SP_BOS, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: SP_BOS, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: SP_BOS, type_id: 1 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { [SP_BOS]: { id: SP_BOS, ids: [0], tokens: [SP_BOS] } },
    },
    decoder: {
      type: 'Sequence',
      decoders: [
        replace(MARKER, ' '),
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: SP_UNK,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: variant.byteFallback,
      ignore_merges: false,
      vocab: Object.fromEntries(spVocab(alphabet, merges)),
      merges: merges.map(([a, b]) => [a, b]),
    },
  };
}

/** HF `tokenizer_config.json`, Llama-style. */
export function spTokenizerConfigJson(modelMaxLength: number): object {
  return {
    tokenizer_class: 'LlamaTokenizer',
    added_tokens_decoder: Object.fromEntries(
      SP_SPECIAL_TOKENS.map((t, id) => {
        const { id: _id, ...rest } = addedToken(t, id);
        return [String(id), rest];
      }),
    ),
    bos_token: SP_BOS,
    eos_token: SP_EOS,
    unk_token: SP_UNK,
    pad_token: null,
    add_bos_token: true,
    add_eos_token: false,
    clean_up_tokenization_spaces: false,
    legacy: false,
    model_max_length: modelMaxLength,
    padding_side: 'right',
  };
}
