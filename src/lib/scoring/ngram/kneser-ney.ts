/**
 * Fitting an interpolated modified Kneser–Ney n-gram model over pieces (see kn-tables.ts for the maths).
 *
 * Documents are added one at a time and trained as `<s> p_1 … p_n </s>`. Without a fixed vocabulary, each
 * document is kept as 32-bit piece ids (not as text) until finalize() knows the vocabulary; with one, the
 * counts are taken at once and nothing is kept.
 */
import { CountTrie } from './count-trie';
import { buildTables } from './kn-tables';
import { NgramModel } from './ngram-model';
import { splitPieces } from './pieces';
import { BOS_ID, EOS_ID, Vocabulary, type VocabularyOptions } from './vocabulary';

export { NgramModel, type NgramModelData, type SampleMode } from './ngram-model';

export const MAX_ORDER = 5;

export interface FitOptions extends VocabularyOptions {
  /** n, 1..5 (default 3): each piece is predicted from the n − 1 before it. */
  order?: number;
  /** Use this vocabulary instead of building one from the corpus (minCount/maxVocab are then ignored). */
  vocabulary?: Vocabulary;
  /** Fixed D1, D2, D3+ for every order instead of the estimates from counts-of-counts. */
  discounts?: readonly [number, number, number];
}

export class NgramAccumulator {
  readonly order: number;
  private readonly trie = new CountTrie();
  private finalized = false;
  private documents = 0;
  // Buffered mode (no fixed vocabulary): first-seen ids, their pieces and counts, and every document's ids.
  private readonly tempIds = new Map<string, number>();
  private readonly tempPieces: string[] = [];
  private tempCounts: number[] = [];
  private buffer: Int32Array = new Int32Array(1 << 16);
  private buffered = 0;

  constructor(private readonly options: FitOptions = {}) {
    const order = options.order ?? 3;
    if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) {
      throw new RangeError(`n-gram order ${order} must be an integer in 1..${MAX_ORDER}`);
    }
    this.order = order;
  }

  /** Adds one document (its pieces between `<s>` and `</s>`). */
  add(document: string): void {
    if (this.finalized) throw new Error('n-gram accumulator: add() after finalize()');
    this.documents++;
    const pieces = splitPieces(document);
    const vocabulary = this.options.vocabulary;
    if (vocabulary) {
      const ids = new Int32Array(pieces.length + 2);
      ids[0] = BOS_ID;
      ids[ids.length - 1] = EOS_ID;
      pieces.forEach((p, i) => (ids[i + 1] = vocabulary.id(p)));
      this.countSequence(ids);
      return;
    }
    this.reserve(pieces.length + 1);
    for (const p of pieces) {
      let id = this.tempIds.get(p);
      if (id === undefined) {
        id = this.tempPieces.length;
        this.tempIds.set(p, id);
        this.tempPieces.push(p);
        this.tempCounts.push(0);
      }
      this.tempCounts[id]++;
      this.buffer[this.buffered++] = id;
    }
    this.buffer[this.buffered++] = -1; // document end
  }

  get documentCount(): number {
    return this.documents;
  }

  /** Builds the model; the accumulator cannot be used afterwards. */
  finalize(): NgramModel {
    if (this.finalized) throw new Error('n-gram accumulator: finalize() called twice');
    this.finalized = true;
    const vocabulary = this.options.vocabulary ?? this.replayBuffer();
    const trie = this.trie.compact(vocabulary.size);
    const fixed = this.options.discounts;
    const discounts = fixed
      ? Float64Array.from({ length: 3 * this.order }, (_, i) => fixed[i % 3])
      : undefined;
    return new NgramModel(vocabulary, trie, buildTables(trie, this.order, vocabulary.size, discounts));
  }

  private replayBuffer(): Vocabulary {
    const counts = new Map<string, number>();
    this.tempPieces.forEach((p, id) => counts.set(p, this.tempCounts[id]));
    const vocabulary = Vocabulary.fromCounts(counts, this.options);
    const remap = Int32Array.from(this.tempPieces, (p) => vocabulary.id(p));
    this.tempIds.clear();
    this.tempCounts = [];
    let seq: Int32Array = new Int32Array(256);
    let length = 1;
    seq[0] = BOS_ID;
    for (let i = 0; i < this.buffered; i++) {
      const id = this.buffer[i];
      if (length + 1 >= seq.length) seq = grow(seq, seq.length * 2);
      if (id >= 0) {
        seq[length++] = remap[id];
        continue;
      }
      seq[length++] = EOS_ID;
      this.countSequence(seq.subarray(0, length));
      length = 1;
    }
    this.buffer = new Int32Array(0);
    return vocabulary;
  }

  /** Every n-gram (n ≤ order) inside the sequence, once per occurrence. */
  private countSequence(ids: Int32Array): void {
    for (let from = 0; from < ids.length; from++) this.trie.countFrom(ids, from, this.order);
  }

  private reserve(extra: number): void {
    if (this.buffered + extra <= this.buffer.length) return;
    this.buffer = grow(this.buffer, Math.max(this.buffer.length * 2, this.buffered + extra));
  }
}

/** Fits a model to the documents (any iterable: an array, a generator reading a file line by line…). */
export function fit(documents: Iterable<string>, options: FitOptions = {}): NgramModel {
  const accumulator = new NgramAccumulator(options);
  for (const d of documents) accumulator.add(d);
  return accumulator.finalize();
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
