/**
 * Model collapse on the learner's own text: an MLE n-gram model (n = 1..3) fitted to a corpus generates a
 * corpus of the same number of documents, is refitted on it, and so on for G generations, under
 *  - replace: each model is fitted only on the previous generation's text;
 *  - accumulate: each model is fitted on the human text plus every generation so far;
 *  - edit (ToEdit-style, edit-human): each generation is the human text with only the tokens the current
 *    model finds near-certain (p > τ at the human prefix) resampled from it; the rest stays human.
 *
 * The corpus is not a parameter (parameters go into the URL): `ngramCollapse(corpus)` returns a Simulation
 * bound to it, which tokenizes it once and reuses that for every run.
 *
 * It reuses the n-gram prior's parts: `splitPieces` and `Vocabulary` for tokens, `CountTrie` + `buildTables`
 * + `NgramModel.sampleNext(…, 'mle')` for the model. Generations are kept as piece ids and never re-split
 * from text: a draw is accepted only when it re-tokenizes as itself next to its neighbours (as
 * NgramPrior.generateIds does), so the ids are the text's pieces, and all types stay inside the first
 * vocabulary (MLE never invents one). Accumulate keeps one CountTrie and adds each generation to it.
 */
import { CountTrie, type TrieArrays } from '../scoring/ngram/count-trie';
import { buildTables, findChild as findChildImport, type KnTables } from '../scoring/ngram/kn-tables';
import { NgramModel } from '../scoring/ngram/ngram-model';
import { splitPieces } from '../scoring/ngram/pieces';
import {
  addPieceCounts,
  BOS_ID as BOS_IMPORT,
  EOS_ID as EOS_IMPORT,
  UNK_ID as UNK_IMPORT,
  Vocabulary,
} from '../scoring/ngram/vocabulary';
import { seededRng, type Uniform } from '../math/seeded';
import { jsDivergence } from '../stats/measures/divergence';
import { DEFAULT_BUCKETS } from '../stats/measures/hashed-features';
import { TokenScan } from '../stats/measures/token-scan';
import { isInsufficient } from '../stats/measures/statistic';
import { checkFields } from './field-check';
import type { Figure, ParamField, Params, Reading, Series, Simulation } from './simulation';

export type CollapseMode = 'replace' | 'accumulate' | 'edit';

export interface NgramCollapseParams extends Params {
  order: number;
  generations: number;
  mode: CollapseMode;
  /** Edit mode: a token is resampled when the current model gives it p > τ. */
  tau: number;
  /** Tail mass counts tokens outside the human corpus's k most frequent types. */
  topK: number;
}

/** A generation's documents as piece ids: document d is ids[offsets[d], offsets[d + 1]). */
export interface PieceCorpus {
  ids: Int32Array;
  offsets: Int32Array;
}

export interface GenerationStats {
  generation: number;
  tokens: number;
  /** Distinct piece types used. */
  vocabulary: number;
  /** Types used exactly once. */
  hapax: number;
  /** Share of tokens outside the human corpus's top-k types. */
  tailMass: number;
  /** JSD (bits) to generation 0 on hashed unigram+bigram features; null when this generation is empty. */
  jsd: number | null;
  /** Corpus-level distinct-1, -2, -3 over pieces (n-grams within documents). */
  distinct: [number, number, number];
  /** Edit mode: tokens flagged (p > τ) and tokens actually changed, as shares of all tokens. */
  flagRate?: number;
  changeRate?: number;
}

export interface NgramCollapseResult {
  /** Piece strings by id (ids 0–2 are `<s>`, `</s>`, `<unk>`). */
  pieces: readonly string[];
  /** One entry per finished generation, 0 (the human corpus) first. */
  stats: GenerationStats[];
  /** Each generation's text (read it with generationDocuments). Entries never change once added. */
  corpora: PieceCorpus[];
  /** Σ_w 1 − (1 − p_w)^N over the human unigram distribution: expected types after one generation. */
  expectedSurvivors: number;
  /** Total generations the run will have when finished (G + 1 with the human one). */
  total: number;
}

/** Draws per token before giving up (ending a document, or keeping the human token when editing). */
const MAX_DRAWS = 100;
// Module-level copies of imported bindings used per token: under Node's CommonJS interop (tsx, the bench)
// each read of an imported binding is a getter call, which showed up in profiles of a generation.
const BOS_ID = BOS_IMPORT;
const EOS_ID = EOS_IMPORT;
const UNK_ID = UNK_IMPORT;
const findChild = findChildImport;
/** Reused between documents and runs (runs are synchronous). */
const SCAN = new TokenScan();

export const NGRAM_COLLAPSE_FIELDS: readonly ParamField[] = [
  {
    kind: 'number',
    key: 'order',
    label: 'n-gram order n',
    min: 1,
    max: 3,
    step: 1,
    integer: true,
    help: 'Each piece is drawn given the n − 1 pieces before it (raw counts, no smoothing).',
  },
  { kind: 'number', key: 'generations', label: 'Generations G', min: 1, max: 50, step: 1, integer: true },
  {
    kind: 'choice',
    key: 'mode',
    label: 'Training data',
    options: [
      { value: 'replace', label: 'replace: only the last generation' },
      { value: 'accumulate', label: 'accumulate: human + every generation' },
      { value: 'edit', label: 'edit: human text, near-certain tokens resampled' },
    ],
  },
  {
    kind: 'number',
    key: 'tau',
    label: 'Edit threshold τ',
    min: 0,
    max: 0.999,
    step: 0.001,
    help: 'Edit mode: resample a token when the current model gives it p > τ (ToEdit uses 0.99).',
  },
  {
    kind: 'number',
    key: 'topK',
    label: 'Tail: outside the top k types',
    min: 1,
    max: 10000,
    step: 1,
    log: true,
    integer: true,
  },
];

export const NGRAM_COLLAPSE_DEFAULTS: NgramCollapseParams = {
  order: 2,
  generations: 10,
  mode: 'replace',
  tau: 0.99,
  topK: 100,
};

/** The human corpus, tokenized once. */
interface Prepared {
  vocabulary: Vocabulary;
  /** Whether piece b re-tokenizes as itself after piece a; kept across runs (it depends only on the pieces). */
  joins: Joins;
  human: PieceCorpus;
  longest: number;
}

/**
 * The simulation bound to `corpus` (documents as strings). Tokenizing happens on the first check() or run()
 * and is kept for later runs with other parameters.
 */
export function ngramCollapse(
  corpus: readonly string[],
  name = 'your corpus',
): Simulation<NgramCollapseParams, NgramCollapseResult> {
  let prepared: Prepared | null = null;
  const prepare = () => (prepared ??= prepareCorpus(corpus));

  return {
    id: 'ngram',
    title: `n-gram collapse on ${name}`,
    explanation:
      'An n-gram model that only repeats counts it has seen is fitted to the text, writes a new corpus of ' +
      'the same size, and is fitted again to what it wrote. A piece the model gives probability p appears ' +
      'at least once among N draws with probability 1 − (1 − p)^N, so rare pieces (hapaxes: p = 1/N, ' +
      'survival ≈ 63 %) drop out each generation and never come back: the vocabulary shrinks, the tail ' +
      'thins and the text drifts from the original (JSD grows). Keeping the human text (accumulate) slows ' +
      'this; editing only the near-certain tokens of the human text (edit) keeps the corpus anchored.',
    fields: NGRAM_COLLAPSE_FIELDS,
    defaults: NGRAM_COLLAPSE_DEFAULTS,
    check(raw) {
      const { params, notes } = checkFields(NGRAM_COLLAPSE_FIELDS, NGRAM_COLLAPSE_DEFAULTS, raw);
      const { vocabulary, human } = prepare();
      if (human.ids.length === 0) {
        return { ok: false, error: `${name} has no text to fit a model to: add documents with some words.` };
      }
      const types = vocabulary.size - 3;
      if (params.topK >= types) {
        const k = Math.max(1, types - 1);
        notes.push(
          `Tail: ${name} has only ${types} piece types, so the tail is measured outside the top ${k} instead of ${params.topK}.`,
        );
        params.topK = k;
      }
      return { ok: true, params, notes };
    },
    run: (params, seed, onPartial) => runCollapse(prepare(), params, seed, onPartial),
    figures: collapseFigures,
    readings: collapseReadings,
  };
}

/** Generation g's documents as text. */
export function generationDocuments(result: NgramCollapseResult, generation: number): string[] {
  const corpus = result.corpora[generation];
  if (!corpus) throw new RangeError(`generation ${generation} has not been generated`);
  return documentsOf(corpus, result.pieces);
}

function documentsOf({ ids, offsets }: PieceCorpus, pieces: readonly string[]): string[] {
  const out: string[] = [];
  for (let d = 0; d + 1 < offsets.length; d++) {
    let text = '';
    for (let i = offsets[d]; i < offsets[d + 1]; i++) text += pieces[ids[i]];
    out.push(text);
  }
  return out;
}

function prepareCorpus(corpus: readonly string[]): Prepared {
  const split = corpus.map(splitPieces);
  const counts = new Map<string, number>();
  for (const p of split) addPieceCounts(counts, p);
  // Every piece gets an id (no <unk>): ids ordered by count, so the top k types are ids 3 … k + 2.
  const vocabulary = Vocabulary.fromCounts(counts, { maxVocab: counts.size + 3 });
  const offsets = new Int32Array(corpus.length + 1);
  split.forEach((p, d) => (offsets[d + 1] = offsets[d] + p.length));
  const ids = new Int32Array(offsets[corpus.length]);
  let longest = 0;
  split.forEach((p, d) => {
    longest = Math.max(longest, p.length);
    p.forEach((piece, i) => (ids[offsets[d] + i] = vocabulary.id(piece)));
  });
  return { vocabulary, joins: joinChecker(vocabulary.pieces), human: { ids, offsets }, longest };
}

/** A fitted MLE model with the arrays needed for its probabilities. */
interface Fitted {
  model: NgramModel;
  trie: TrieArrays;
  tables: KnTables;
  /** Per context node: Σ counts of its continuations except `<s>` (the MLE denominator). */
  totals: Float64Array;
}

/** Counts every n-gram (n ≤ order) of `<s> doc </s>` for each document, as NgramAccumulator does. */
function countCorpus(trie: CountTrie, { ids, offsets }: PieceCorpus, order: number): void {
  let seq = new Int32Array(64);
  for (let d = 0; d + 1 < offsets.length; d++) {
    const n = offsets[d + 1] - offsets[d];
    if (seq.length < n + 2) seq = new Int32Array(2 * (n + 2));
    seq[0] = BOS_ID;
    seq.set(ids.subarray(offsets[d], offsets[d + 1]), 1);
    seq[n + 1] = EOS_ID;
    for (let from = 0; from < n + 2; from++) trie.countFrom(seq.subarray(0, n + 2), from, order);
  }
}

function fitted(counts: CountTrie, vocabulary: Vocabulary, order: number): Fitted {
  const trie = counts.compact(vocabulary.size);
  // The KN tables are built because NgramModel needs them; 'mle' sampling uses only the raw counts.
  const tables = buildTables(trie, order, vocabulary.size);
  const totals = new Float64Array(trie.word.length);
  for (let x = 1; x < trie.word.length; x++) {
    if (trie.word[x] !== BOS_ID) totals[trie.parent[x]] += trie.count[x];
  }
  return { model: new NgramModel(vocabulary, trie, tables), trie, tables, totals };
}

/**
 * The MLE probability 'mle' sampling draws `next` with: its count over the total in the longest suffix of
 * the context seen with a continuation (the level NgramModel.sampleNext picks in 'mle' mode).
 */
function mleProb(f: Fitted, context: Int32Array, next: number): number {
  const { word, count } = f.trie;
  const { firstChild, endChild, gamma } = f.tables;
  const order = f.tables.order;
  let h = 0;
  for (let l = 1; l <= Math.min(context.length, order - 1); l++) {
    let node = 0;
    for (let i = context.length - l; i < context.length && node >= 0; i++) {
      node = findChild(word, firstChild, endChild, node, context[i]);
    }
    if (node < 0) break;
    if (gamma[node] > 0) h = node;
  }
  const x = findChild(word, firstChild, endChild, h, next);
  return x < 0 || f.totals[h] === 0 ? 0 : count[x] / f.totals[h];
}

/** Whether piece b written after piece a tokenizes back to exactly a, b (cached per pair: the regex is slow). */
function joinChecker(pieces: readonly string[]): (a: number, b: number) => boolean {
  const cache = new Map<number, boolean>();
  const v = pieces.length;
  return (a, b) => {
    const key = a * v + b;
    let ok = cache.get(key);
    if (ok === undefined) {
      const split = splitPieces(pieces[a] + pieces[b]);
      ok = split.length === 2 && split[0] === pieces[a];
      cache.set(key, ok);
    }
    return ok;
  };
}

type Joins = (a: number, b: number) => boolean;

/**
 * The last min(len, n − 1) ids of seq[0, len) in a reused array per length: sampleNext reads a context
 * per token, and a fresh subarray each time was a measurable share of a generation (allocation and GC).
 */
function contextWindows(order: number): (seq: Int32Array, len: number) => Int32Array {
  const history = order - 1;
  const windows = Array.from({ length: order }, (_, l) => new Int32Array(l));
  return (seq, len) => {
    const l = Math.min(len, history);
    const w = windows[l];
    for (let i = 0; i < l; i++) w[i] = seq[len - l + i];
    return w;
  };
}

/**
 * A corpus of `documents` documents sampled from the model (conditioned on clean re-tokenization).
 *
 * Only a unigram model needs the join check: with n ≥ 2, 'mle' draws a continuation seen after the previous
 * piece, so the pair was adjacent in the training text, which is canonical (the human text's own split, or
 * a generation built by these rules) — and the split of a text is decided at each boundary by the two
 * pieces around it (the one lookahead rule, for " x" after spaces, reads at most two characters of the next
 * piece), so an adjacent pair always re-tokenizes as itself. The unit test re-splits every document.
 */
function generate(f: Fitted, documents: number, maxPieces: number, rng: Uniform, joins: Joins): PieceCorpus {
  const check = f.tables.order === 1;
  const window = contextWindows(f.tables.order);
  const offsets = new Int32Array(documents + 1);
  let ids = new Int32Array(1024);
  let n = 0;
  const seq = new Int32Array(maxPieces + 1);
  for (let d = 0; d < documents; d++) {
    seq[0] = BOS_ID;
    let len = 1;
    while (len - 1 < maxPieces) {
      const context = window(seq, len);
      let next = EOS_ID;
      for (let draw = 0; draw < MAX_DRAWS; draw++) {
        const id = f.model.sampleNext(context, rng, 'mle');
        if (
          id === EOS_ID ||
          (id !== UNK_ID && id !== BOS_ID && (len === 1 || !check || joins(seq[len - 1], id)))
        ) {
          next = id;
          break;
        }
      }
      if (next === EOS_ID) break;
      seq[len++] = next;
    }
    if (n + len > ids.length) ids = grow(ids, Math.max(2 * ids.length, n + len));
    ids.set(seq.subarray(1, len), n);
    n += len - 1;
    offsets[d + 1] = n;
  }
  return { ids: ids.slice(0, n), offsets };
}

/**
 * ToEdit on the human text with the current model: a token with p > τ at its human prefix is replaced by
 * a draw from the model there (edits are not fed forward, as in ToEdit). A draw must re-tokenize cleanly
 * between its neighbours; after MAX_DRAWS failures the human token stays.
 */
function edit(
  f: Fitted,
  human: PieceCorpus,
  tau: number,
  rng: Uniform,
  joins: Joins,
): { corpus: PieceCorpus; flagged: number; changed: number } {
  const window = contextWindows(f.tables.order);
  const ids = human.ids.slice();
  const { offsets } = human;
  let seq = new Int32Array(64);
  let flagged = 0;
  let changed = 0;
  for (let d = 0; d + 1 < offsets.length; d++) {
    const start = offsets[d];
    const n = offsets[d + 1] - start;
    if (seq.length < n + 1) seq = new Int32Array(2 * (n + 1));
    seq[0] = BOS_ID;
    seq.set(human.ids.subarray(start, start + n), 1);
    for (let i = 1; i <= n; i++) {
      const context = window(seq, i);
      const p = mleProb(f, context, seq[i]);
      if (!(p > tau)) continue;
      flagged++;
      if (p >= 1) continue; // the only continuation seen: a draw would return this token (most flags under MLE)
      const prev = i > 1 ? ids[start + i - 2] : -1;
      const next = i < n ? seq[i + 1] : -1;
      for (let draw = 0; draw < MAX_DRAWS; draw++) {
        const id = f.model.sampleNext(context, rng, 'mle');
        if (id === EOS_ID || id === UNK_ID || id === BOS_ID) continue;
        if ((prev >= 0 && !joins(prev, id)) || (next >= 0 && !joins(id, next))) continue;
        ids[start + i - 1] = id;
        if (id !== seq[i]) changed++;
        break;
      }
    }
  }
  return { corpus: { ids, offsets }, flagged, changed };
}

function runCollapse(
  prepared: Prepared,
  params: NgramCollapseParams,
  seed: number,
  onPartial?: (partial: NgramCollapseResult, done: number, total: number) => void,
): NgramCollapseResult {
  const { vocabulary, human, longest, joins } = prepared;
  const { order, generations, mode, tau, topK } = params;
  const pieces = vocabulary.pieces;
  const rng = seededRng(seed);
  const documents = human.offsets.length - 1;
  // Long enough never to cut a document the model would end; short enough that a loop still stops.
  const maxPieces = Math.max(64, 4 * longest);
  const humanFeatures = features(human, pieces);
  const result: NgramCollapseResult = {
    pieces,
    stats: [measure(0, human, vocabulary.size, topK, pieces, humanFeatures)],
    corpora: [human],
    expectedSurvivors: expectedSurvivors(human, vocabulary.size),
    total: generations + 1,
  };
  onPartial?.(result, 1, generations + 1);

  const accumulated = new CountTrie();
  if (mode === 'accumulate') countCorpus(accumulated, human, order);
  let current = human;
  for (let g = 1; g <= generations; g++) {
    let model: Fitted;
    if (mode === 'accumulate') model = fitted(accumulated, vocabulary, order);
    else {
      const counts = new CountTrie();
      countCorpus(counts, current, order);
      model = fitted(counts, vocabulary, order);
    }
    let stats: GenerationStats;
    if (mode === 'edit') {
      const e = edit(model, human, tau, rng, joins);
      current = e.corpus;
      stats = measure(g, current, vocabulary.size, topK, pieces, humanFeatures);
      const tokens = Math.max(1, human.ids.length);
      stats.flagRate = e.flagged / tokens;
      stats.changeRate = e.changed / tokens;
    } else {
      current = generate(model, documents, maxPieces, rng, joins);
      if (mode === 'accumulate') countCorpus(accumulated, current, order);
      stats = measure(g, current, vocabulary.size, topK, pieces, humanFeatures);
    }
    result.stats.push(stats);
    result.corpora.push(current);
    onPartial?.(result, g + 1, generations + 1);
  }
  return result;
}

/**
 * Hashed unigram + bigram bucket counts of the generation's text (hashed-features.ts), through the
 * statistics engine's fused scanner (TokenScan: the same tokens and FNV hashes as addTextFeatures, several
 * times faster), since this runs once per generation on the whole corpus.
 */
function features(corpus: PieceCorpus, pieces: readonly string[]): Float64Array {
  const counts = new Float64Array(DEFAULT_BUCKETS);
  for (const text of documentsOf(corpus, pieces)) {
    const n = SCAN.scan(text.toLowerCase());
    for (let i = 0; i < n; i++) {
      counts[SCAN.hash[i] % DEFAULT_BUCKETS]++;
      if (i > 0) counts[SCAN.pairHash[i] % DEFAULT_BUCKETS]++;
    }
  }
  return counts;
}

function measure(
  generation: number,
  corpus: PieceCorpus,
  vocabSize: number,
  topK: number,
  pieces: readonly string[],
  humanFeatures: Float64Array,
): GenerationStats {
  const { ids, offsets } = corpus;
  const counts = new Int32Array(vocabSize);
  let tail = 0;
  for (let i = 0; i < ids.length; i++) {
    counts[ids[i]]++;
    if (ids[i] >= 3 + topK) tail++;
  }
  let vocabulary = 0;
  let hapax = 0;
  for (const c of counts) {
    if (c > 0) vocabulary++;
    if (c === 1) hapax++;
  }
  const jsd = generation === 0 ? 0 : jsDivergence(humanFeatures, features(corpus, pieces));
  return {
    generation,
    tokens: ids.length,
    vocabulary,
    hapax,
    tailMass: ids.length === 0 ? 0 : tail / ids.length,
    jsd: isInsufficient(jsd) ? null : jsd,
    distinct: [ids.length === 0 ? 0 : vocabulary / ids.length, ...distinctCounts(ids, offsets)],
  };
}

/**
 * Unique n-grams over all n-grams (n-grams inside documents only); 0 when there are none. Counted in an
 * open-addressing table of (prefix index, id) pairs — a JavaScript Set of numbers was the slowest part of a
 * generation. A trigram is (index of its bigram, id), so no key ever exceeds 32 bits per part.
 */
function distinctCounts(ids: Int32Array, offsets: Int32Array): [number, number] {
  const bigrams = new PairSet(ids.length);
  const trigrams = new PairSet(ids.length);
  let total2 = 0;
  let total3 = 0;
  for (let d = 0; d + 1 < offsets.length; d++) {
    let prevBigram = -1;
    for (let i = offsets[d] + 1; i < offsets[d + 1]; i++) {
      const b = bigrams.add(ids[i - 1], ids[i]);
      total2++;
      if (prevBigram >= 0) {
        trigrams.add(prevBigram, ids[i]);
        total3++;
      }
      prevBigram = b;
    }
  }
  return [total2 === 0 ? 0 : bigrams.size / total2, total3 === 0 ? 0 : trigrams.size / total3];
}

/** A set of pairs of non-negative 31-bit integers; add() returns the pair's index (insertion order). */
class PairSet {
  size = 0;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly slots: Int32Array;

  constructor(capacity: number) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    let n = 16;
    while (n < 2 * capacity) n *= 2;
    this.slots = new Int32Array(n); // index + 1; 0 = empty
  }

  add(x: number, y: number): number {
    const mask = this.slots.length - 1;
    let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = this.slots[s] - 1;
      if (k < 0) {
        this.a[this.size] = x;
        this.b[this.size] = y;
        this.slots[s] = ++this.size;
        return this.size - 1;
      }
      if (this.a[k] === x && this.b[k] === y) return k;
    }
  }
}

/**
 * Expected number of types after one generation of N independent draws from the human unigram
 * distribution: Σ_w 1 − (1 − p_w)^N, with (1 − p)^N = exp(N·log1p(−p)). Exact for n = 1; for longer
 * contexts the draws are dependent but have the same marginal, so it stays a close guide.
 */
function expectedSurvivors(human: PieceCorpus, vocabSize: number): number {
  const counts = new Int32Array(vocabSize);
  for (const id of human.ids) counts[id]++;
  const n = human.ids.length;
  let sum = 0;
  for (const c of counts) if (c > 0) sum += 1 - Math.exp(n * Math.log1p(-c / n));
  return sum;
}

function generationSeries(
  stats: readonly GenerationStats[],
  label: string,
  y: (s: GenerationStats) => number | null | undefined,
  group?: string,
): Series {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of stats) {
    const v = y(s);
    if (typeof v === 'number' && Number.isFinite(v)) {
      xs.push(s.generation);
      ys.push(v);
    }
  }
  return { label, kind: 'simulated', x: xs, y: ys, ...(group ? { group } : {}) };
}

function collapseFigures(result: NgramCollapseResult, params: NgramCollapseParams): Figure[] {
  const { stats } = result;
  const x = {
    label: 'generation',
    scale: 'linear' as const,
    domain: [0, params.generations] as [number, number],
  };
  const figures: Figure[] = [
    {
      id: 'vocabulary',
      title: 'Vocabulary and hapaxes',
      x,
      y: { label: 'piece types', scale: 'linear' },
      series: [
        generationSeries(stats, 'types used', (s) => s.vocabulary, 'types'),
        generationSeries(stats, 'hapaxes (used once)', (s) => s.hapax, 'hapax'),
      ],
      rules: [
        {
          axis: 'y',
          value: result.expectedSurvivors,
          label: 'expected after one generation: Σ 1 − (1 − p)^N',
        },
      ],
      caption:
        'A type with probability p survives N draws with probability 1 − (1 − p)^N; a hapax (p = 1/N) ' +
        'survives with about 63 %, and a type that is lost never comes back.',
    },
    {
      id: 'tail',
      title: `Tail mass: tokens outside the human top ${params.topK} types`,
      x,
      y: { label: 'share of tokens', scale: 'linear', domain: [0, 1] },
      series: [generationSeries(stats, 'tail mass', (s) => s.tailMass)],
      caption: 'The rare part of the distribution thins first: the model over-samples what was frequent.',
    },
    {
      id: 'jsd',
      title: 'Distance to the human text (JSD on hashed unigram+bigram features)',
      x,
      y: { label: 'JSD (bits)', scale: 'linear' },
      series: [generationSeries(stats, 'JSD to generation 0', (s) => s.jsd)],
      caption: '0 is the human text itself; 1 would be disjoint features.',
    },
    {
      id: 'distinct',
      title: 'Distinct-n (unique n-grams over all n-grams)',
      x,
      y: { label: 'distinct-n', scale: 'linear', domain: [0, 1] },
      series: [1, 2, 3].map((n) =>
        generationSeries(stats, `distinct-${n}`, (s) => s.distinct[n - 1], `d${n}`),
      ),
    },
  ];
  if (params.mode === 'edit') {
    figures.push({
      id: 'edits',
      title: `Tokens flagged (p > ${params.tau}) and changed per generation`,
      x,
      y: { label: 'share of tokens', scale: 'linear', domain: [0, 1] },
      series: [
        generationSeries(stats, 'flagged', (s) => s.flagRate, 'flagged'),
        generationSeries(stats, 'changed', (s) => s.changeRate, 'changed'),
      ],
      caption:
        'A flagged token is redrawn from the model, which mostly draws it again: far fewer change than are flagged.',
    });
  }
  return figures;
}

function collapseReadings(result: NgramCollapseResult): Reading[] {
  const first = result.stats[0];
  const last = result.stats[result.stats.length - 1];
  const g = last.generation;
  return [
    { label: 'Piece types', value: last.vocabulary, detail: `generation 0: ${first.vocabulary}; after ${g}` },
    { label: 'Hapaxes', value: last.hapax, detail: `generation 0: ${first.hapax}` },
    {
      label: 'Tail mass',
      value: round(last.tailMass, 4),
      detail: `generation 0: ${round(first.tailMass, 4)}`,
    },
    { label: 'JSD to generation 0 (bits)', value: last.jsd === null ? 'no text' : round(last.jsd, 4) },
    {
      label: 'Expected types after one generation',
      value: Math.round(result.expectedSurvivors),
      detail: `Σ 1 − (1 − p)^N with N = ${first.tokens} tokens (a hapax survives w.p. 1 − (1 − 1/N)^N ≈ 63 %)`,
    },
  ];
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function grow(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
