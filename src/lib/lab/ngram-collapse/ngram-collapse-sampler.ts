/**
 * The n-gram model of "collapse on your own text" and its two ways of writing a generation: fitting MLE
 * counts (`CountTrie` + `buildTables` + `NgramModel.sampleNext(…, 'mle')`, the n-gram prior's parts),
 * sampling a new corpus from them, and ToEdit-style editing of the human text. A draw is accepted only when
 * it re-tokenizes as itself next to its neighbours (as NgramPrior.generateIds does), so generations stay
 * the text's own pieces, inside the first vocabulary (MLE never invents a type).
 */
import { CountTrie, type TrieArrays } from '../../scoring/ngram/count-trie';
import { buildTables, findChild as findChildImport, type KnTables } from '../../scoring/ngram/kn-tables';
import { NgramModel } from '../../scoring/ngram/ngram-model';
import {
  BOS_ID as BOS_IMPORT,
  EOS_ID as EOS_IMPORT,
  UNK_ID as UNK_IMPORT,
  type Vocabulary,
} from '../../scoring/ngram/vocabulary';
import type { Uniform } from '../../math/seeded';
import type { Joins, PieceCorpus } from './ngram-collapse-corpus';

/** Draws per token before giving up (ending a document, or keeping the human token when editing). */
const MAX_DRAWS = 100;
// Module-level copies of imported bindings used per token: under Node's CommonJS interop (tsx, the bench)
// each read of an imported binding is a getter call, which showed up in profiles of a generation. Every
// per-token loop that reads them is in this file.
const BOS_ID = BOS_IMPORT;
const EOS_ID = EOS_IMPORT;
const UNK_ID = UNK_IMPORT;
const findChild = findChildImport;

/** A fitted MLE model with the arrays needed for its probabilities. */
export interface Fitted {
  model: NgramModel;
  trie: TrieArrays;
  tables: KnTables;
  /** Per context node: Σ counts of its continuations except `<s>` (the MLE denominator). */
  totals: Float64Array;
}

/** Counts every n-gram (n ≤ order) of `<s> doc </s>` for each document, as NgramAccumulator does. */
export function countCorpus(trie: CountTrie, { ids, offsets }: PieceCorpus, order: number): void {
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

export function fitted(counts: CountTrie, vocabulary: Vocabulary, order: number): Fitted {
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
export function generate(
  f: Fitted,
  documents: number,
  maxPieces: number,
  rng: Uniform,
  joins: Joins,
): PieceCorpus {
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
export function edit(
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

function grow(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
