/**
 * The corpus "collapse on your own text" runs on, as piece ids: the human documents split once into the
 * n-gram prior's pieces (`splitPieces`) with a `Vocabulary` over all of them, each generation's documents
 * in the same ids, and the check that two pieces written side by side split back into themselves.
 */
import { splitPieces } from '../../scoring/ngram/pieces';
import { addPieceCounts, Vocabulary } from '../../scoring/ngram/vocabulary';

/** A generation's documents as piece ids: document d is ids[offsets[d], offsets[d + 1]). */
export interface PieceCorpus {
  ids: Int32Array;
  offsets: Int32Array;
}

/** The human corpus, tokenized once. */
export interface PreparedCorpus {
  vocabulary: Vocabulary;
  /** Whether piece b re-tokenizes as itself after piece a; kept across runs (it depends only on the pieces). */
  joins: Joins;
  human: PieceCorpus;
  longest: number;
}

/** A corpus's documents as text. */
export function documentsOf({ ids, offsets }: PieceCorpus, pieces: readonly string[]): string[] {
  const out: string[] = [];
  for (let d = 0; d + 1 < offsets.length; d++) {
    let text = '';
    for (let i = offsets[d]; i < offsets[d + 1]; i++) text += pieces[ids[i]];
    out.push(text);
  }
  return out;
}

export function prepareCorpus(corpus: readonly string[]): PreparedCorpus {
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

export type Joins = (a: number, b: number) => boolean;
