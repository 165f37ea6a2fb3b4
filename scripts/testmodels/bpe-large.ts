/**
 * A large byte-level BPE tokenizer (BPE_LARGE_VOCAB entries, tens of thousands of merges), trained by the
 * project's own trainer on a seeded synthetic corpus, so that span and vocabulary code meets what real
 * vocabularies hold: thousands of 'Ġ'-prefixed words, long pieces, runs of spaces and newlines as single
 * tokens, pieces that are part of a UTF-8 character (CJK, emoji), and added tokens — special ones typed in the
 * text, and a non-special one — after the model's vocabulary, as Qwen's and Llama 3's tokenizers have them.
 *
 * Tokenizer only (no model): it is for alignment and vocabulary tests.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { buildVocab, tokenizerConfigJson, tokenizerJson, type Merge } from './bpe';
import { trainMergesIncremental } from './bpe-trainer';

export const BPE_LARGE_VOCAB = 32000;
export const BPE_LARGE_SEED = 20251206;
/** Added after the vocabulary: `special` ones are never replacements; the last one is an ordinary added token. */
export const BPE_LARGE_ADDED = [
  { content: '<|im_start|>', special: true },
  { content: '<|im_end|>', special: true },
  { content: '<|endoftext|>', special: true },
  { content: '<tool_call>', special: false },
] as const;

const ONSETS = [
  '',
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'w',
  'z',
  'br',
  'ch',
  'cr',
  'dr',
  'fl',
  'gr',
  'pl',
  'pr',
  'qu',
  'sh',
  'sl',
  'st',
  'str',
  'th',
  'tr',
];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ee', 'ie', 'oo', 'ou', 'y', 'é', 'ö', 'ü'];
const CODAS = ['', '', '', 'n', 'r', 's', 't', 'l', 'm', 'ng', 'nd', 'st', 'rk', 'ck', 'x', 'ß'];
const PUNCT = [',', ',', '.', '.', '.', ';', ':', '!', '?', ' —', ' (', ')', '"', "'s", "'ll"];
const SPACES = ['  ', '   ', '\t', '\n', '\n\n', '\r\n', '    ', '\u00a0'];
const EMOJI = ['🙂', '😀', '👍🏽', '👩‍👩‍👧', '🇯🇵', '❤️', '🧑‍🔬'];

/**
 * Seeded synthetic documents: Zipf-distributed words from a lexicon of syllable words (accents and ß
 * included), capitals, punctuation, numbers, code-like lines, runs of whitespace, CJK runs and emoji.
 */
export function bpeLargeCorpus(documents = 400, seed = BPE_LARGE_SEED): string[] {
  const rng = xoroshiro128plus(seed);
  const u = () => uniformFloat64(rng);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(u() * xs.length)];
  const syllable = () => pick(ONSETS) + pick(NUCLEI) + pick(CODAS);
  const lexicon = Array.from({ length: 50000 }, () => {
    let w = '';
    const n = 1 + Math.floor(u() * u() * 5);
    for (let i = 0; i < n; i++) w += syllable();
    return w;
  });
  // Zipf(1.05) by rank, sampled through the cumulative weights.
  const cumulative = new Float64Array(lexicon.length);
  let total = 0;
  lexicon.forEach((_, r) => (cumulative[r] = total += 1 / Math.pow(r + 1, 1.05)));
  const word = () => {
    const x = u() * total;
    let [lo, hi] = [0, lexicon.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lexicon[lo];
  };
  const cjk = () =>
    Array.from({ length: 1 + Math.floor(u() * 6) }, () =>
      String.fromCodePoint(0x4e00 + Math.floor(u() * 400)),
    ).join('');
  const out: string[] = [];
  for (let d = 0; d < documents; d++) {
    let doc = '';
    const sentences = 20 + Math.floor(u() * 40);
    for (let s = 0; s < sentences; s++) {
      const n = 4 + Math.floor(u() * 16);
      for (let i = 0; i < n; i++) {
        let w = word();
        if (i === 0) w = w[0].toUpperCase() + w.slice(1);
        const r = u();
        if (r < 0.03) w = String(Math.floor(u() * 100000));
        else if (r < 0.04) w = cjk();
        else if (r < 0.045) w = pick(EMOJI);
        else if (r < 0.05) w = `${w}(${word()}_${word()}) {`;
        doc += (i === 0 ? '' : u() < 0.04 ? pick(SPACES) : ' ') + w;
        if (u() < 0.08) doc += pick(PUNCT);
      }
      doc += pick(['. ', '. ', '! ', '? ', '.\n', '.\n\n', '.\r\n']);
    }
    out.push(doc);
  }
  return out;
}

export function bpeLargeMerges(): Merge[] {
  return trainMergesIncremental(bpeLargeCorpus(), BPE_LARGE_VOCAB);
}

/** tokenizer.json: bpe.ts's byte-level tokenizer with the large merges and the added tokens after them. */
export function bpeLargeTokenizerJson(merges: readonly Merge[]): object {
  const base = tokenizerJson(merges) as { added_tokens: object[] };
  const size = buildVocab(merges).size;
  const added = BPE_LARGE_ADDED.map((t, i) => ({
    id: size + i,
    content: t.content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: t.special,
  }));
  return { ...base, added_tokens: [...base.added_tokens, ...added] };
}

export function bpeLargeTokenizerConfigJson(): object {
  return tokenizerConfigJson(4096);
}
