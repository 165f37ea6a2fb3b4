/**
 * A fitted n-gram model: next-piece distributions, per-token scores and sampling over the KN tables.
 *
 * The next-piece distribution in a context is a mixture. With the context's active levels h_1 … h_L
 * (its suffixes that were seen with a continuation, shortest first) and Γ = γ(h_L)·…·γ(h_1):
 *
 *   p(w) = Γ·p_1(w) + Σ_j c_j·α(h_j w),    c_L = 1, c_j = c_{j+1}·γ(h_{j+1})
 *
 * Every query evaluates exactly this expression in this order, so distribution(), logProb() and
 * scoreNext() agree to the last bit. A word seen after none of the levels has p(w) = Γ·p_1(w), so a row's
 * rank, entropy and top-k need only the few seen words plus precomputed facts about p_1: a row costs
 * O(seen continuations + k + log V), not O(V).
 */
import type { RowScore } from '../reduce-logits';
import type { TrieArrays } from './count-trie';
import { buildTables, findChild, type KnTables } from './kn-tables';
import { BOS_ID, EOS_ID, Vocabulary, type VocabularyData } from './vocabulary';

/** 'kn': the smoothed distribution. 'mle': raw counts of the longest seen context (for collapse studies). */
export type SampleMode = 'kn' | 'mle';

/** Structured-clone form; its typed arrays can be transferred (see transferables()). */
export interface NgramModelData {
  format: 'semisynth-ngram-kn/1';
  order: number;
  vocabulary: VocabularyData;
  /** D1, D2, D3+ per order, as used. */
  discounts: Float64Array;
  /** The compacted count trie (see count-trie.ts). */
  word: Int32Array;
  parent: Int32Array;
  count: Float64Array;
}

export class NgramModel {
  readonly order: number;
  private readonly t: KnTables;
  // Scratch for the context being queried (queries are synchronous, so one set suffices).
  private readonly levels: Int32Array;
  private readonly coef: Float64Array;
  private nLevels = 0;
  private big = 1;
  // Sparse rows: stamp[w] === now marks w as seen in this row, with its probability in val[w].
  private readonly stamp: Int32Array;
  private readonly val: Float64Array;
  private readonly touched: Int32Array;
  private now = 0;
  private cumulative: { alpha: Float64Array; count: Float64Array } | null = null;

  constructor(
    readonly vocabulary: Vocabulary,
    private readonly trie: TrieArrays,
    tables: KnTables,
  ) {
    this.t = tables;
    this.order = tables.order;
    this.levels = new Int32Array(this.order);
    this.coef = new Float64Array(this.order);
    const v = tables.vocabSize;
    this.stamp = new Int32Array(v);
    this.val = new Float64Array(v);
    this.touched = new Int32Array(v);
  }

  get vocabSize(): number {
    return this.t.vocabSize;
  }

  /** Distinct n-grams of every order (trie nodes without the root). */
  get ngramCount(): number {
    return this.trie.word.length - 1;
  }

  /** D1, D2, D3+ used at order m (1-based). */
  discounts(m: number): [number, number, number] {
    const d = this.t.discounts;
    return [d[3 * (m - 1)], d[3 * (m - 1) + 1], d[3 * (m - 1) + 2]];
  }

  /**
   * Writes p(· | context) over the whole vocabulary into out[0, V). The context is the preceding ids,
   * oldest first, starting with `<s>` at a document start; only its last n − 1 ids matter.
   */
  distribution(context: ArrayLike<number>, out: Float64Array): void {
    const { p1, alpha, firstChild, endChild } = this.t;
    const word = this.trie.word;
    this.prepare(context);
    const big = this.big;
    for (let w = 0; w < p1.length; w++) out[w] = big * p1[w];
    for (let j = 0; j < this.nLevels; j++) {
      const h = this.levels[j];
      const c = this.coef[j];
      for (let x = firstChild[h]; x < endChild[h]; x++) out[word[x]] += c * alpha[x];
    }
  }

  prob(context: ArrayLike<number>, next: number): number {
    this.checkId(next);
    this.prepare(context);
    let p = this.big * this.t.p1[next];
    for (let j = 0; j < this.nLevels; j++) {
      const x = this.child(this.levels[j], next);
      if (x >= 0) p += this.coef[j] * this.t.alpha[x];
    }
    return p;
  }

  /** Natural log of p(next | context); −Infinity only for `<s>`. */
  logProb(context: ArrayLike<number>, next: number): number {
    return Math.log(this.prob(context, next));
  }

  /**
   * The scoring contract's values for one position (definitions as in scoring/reduce-logits.ts): log p of the
   * target, rank = 1 + #{w : p(w) > p(target)}, entropy (nats) of the full distribution, and the k most
   * probable ids (ties: lower id first) with their log-probs written at topIds/topLogprobs[topOffset…].
   */
  scoreNext(
    context: ArrayLike<number>,
    target: number,
    k: number,
    topIds: Int32Array,
    topLogprobs: Float32Array,
    topOffset: number,
  ): RowScore {
    this.checkId(target);
    const { p1, byP1, alpha, firstChild, endChild } = this.t;
    const { stamp, val, touched } = this;
    const word = this.trie.word;
    this.prepare(context);
    const big = this.big;
    const now = this.nextStamp();
    let seen = 0;
    for (let j = 0; j < this.nLevels; j++) {
      const h = this.levels[j];
      const c = this.coef[j];
      for (let x = firstChild[h]; x < endChild[h]; x++) {
        const w = word[x];
        if (stamp[w] !== now) {
          stamp[w] = now;
          val[w] = big * p1[w];
          touched[seen++] = w;
        }
        val[w] += c * alpha[x];
      }
    }
    const pt = stamp[target] === now ? val[target] : big * p1[target];

    // Rank: seen words counted directly; unseen ones as (all words by Γ·p_1) − (seen words by Γ·p_1).
    let higher = this.countBaseAbove(pt);
    // Entropy: seen words directly; unseen ones as Σ_all Γp_1 log Γp_1 − Σ_seen Γp_1 log Γp_1.
    let plogp = big * (Math.log(big) * this.t.p1Sum + this.t.p1LogP1);
    for (let i = 0; i < seen; i++) {
      const w = touched[i];
      const v = val[w];
      const b = big * p1[w];
      if (v > pt) higher++;
      if (b > pt) higher--;
      if (v > 0) plogp += v * Math.log(v);
      if (b > 0) plogp -= b * Math.log(b);
    }

    // Top-k: candidates are the seen words plus the first unseen words in p_1 order (and any that tie
    // with the last of them, since Γ·p_1 can round distinct p_1 values to one product).
    const n = Math.min(k, p1.length);
    let filled = 0;
    const offer = (w: number, p: number) => {
      if (n === 0) return;
      if (filled === n) {
        const last = topIds[topOffset + n - 1];
        const pl = this.valueOf(last, now, big);
        if (p < pl || (p === pl && w > last)) return;
      }
      let i = filled < n ? filled++ : n - 1;
      while (i > 0) {
        const prev = topIds[topOffset + i - 1];
        const pp = this.valueOf(prev, now, big);
        if (pp > p || (pp === p && prev < w)) break;
        topIds[topOffset + i] = prev;
        i--;
      }
      topIds[topOffset + i] = w;
    };
    for (let i = 0; i < seen; i++) offer(touched[i], val[touched[i]]);
    let taken = 0;
    let lastBase = -1;
    for (let i = 0; i < byP1.length; i++) {
      const w = byP1[i];
      if (stamp[w] === now) continue;
      const b = big * p1[w];
      if (taken >= n && b !== lastBase) break;
      offer(w, b);
      taken++;
      lastBase = b;
    }
    for (let j = 0; j < k; j++) {
      if (j >= n) {
        topIds[topOffset + j] = -1;
        topLogprobs[topOffset + j] = -Infinity;
      } else topLogprobs[topOffset + j] = Math.log(this.valueOf(topIds[topOffset + j], now, big));
    }
    return { logprob: Math.log(pt), rank: higher + 1, entropy: -plogp };
  }

  /**
   * Draws the next id after `context` (never `<s>`). 'kn' samples the smoothed mixture level by level
   * (a level's own mass 1 − γ, else back off), ending in p_1 and its uniform floor; 'mle' samples the raw
   * counts of the longest context seen with a continuation.
   */
  sampleNext(context: ArrayLike<number>, rng: () => number, mode: SampleMode = 'kn'): number {
    const { gamma } = this.t;
    const { alpha, count } = this.sampling();
    this.prepare(context);
    if (mode === 'mle') {
      const h = this.nLevels > 0 ? this.levels[this.nLevels - 1] : 0;
      const w = this.pick(h, count, rng);
      return w >= 0 ? w : EOS_ID; // an empty corpus has nothing to repeat
    }
    for (let j = this.nLevels - 1; j >= 0; j--) {
      const h = this.levels[j];
      if (rng() >= gamma[h]) {
        const w = this.pick(h, alpha, rng);
        if (w >= 0) return w;
      }
    }
    if (gamma[0] > 0 && rng() >= gamma[0]) {
      const w = this.pick(0, alpha, rng);
      if (w >= 0) return w;
    }
    return 1 + Math.floor(rng() * (this.t.vocabSize - 1));
  }

  /** A copy of the counts and discounts; fromData() rebuilds an identical model. */
  toData(): NgramModelData {
    return {
      format: 'semisynth-ngram-kn/1',
      order: this.order,
      vocabulary: this.vocabulary.toData(),
      discounts: this.t.discounts.slice(),
      word: this.trie.word.slice(),
      parent: this.trie.parent.slice(),
      count: this.trie.count.slice(),
    };
  }

  static fromData(data: NgramModelData): NgramModel {
    if (data.format !== 'semisynth-ngram-kn/1') {
      throw new Error(`n-gram model: unknown format ${data.format}`);
    }
    if (data.discounts.length !== 3 * data.order) throw new Error('n-gram model: need 3 discounts per order');
    const vocabulary = Vocabulary.fromData(data.vocabulary);
    const trie = { word: data.word, parent: data.parent, count: data.count };
    checkTrie(trie, vocabulary.size);
    return new NgramModel(vocabulary, trie, buildTables(trie, data.order, vocabulary.size, data.discounts));
  }

  /** Fills levels/coef/big for the context (see the mixture in the file comment). */
  private prepare(context: ArrayLike<number>): void {
    const { gamma } = this.t;
    const len = context.length;
    let nl = 0;
    for (let l = 1; l <= Math.min(len, this.order - 1); l++) {
      let h = 0;
      for (let i = len - l; i < len && h >= 0; i++) h = this.child(h, this.checkId(context[i]));
      if (h < 0) break; // a longer suffix contains this one, so it was not seen either
      if (gamma[h] > 0) this.levels[nl++] = h;
    }
    let g = 1;
    for (let j = nl - 1; j >= 0; j--) {
      this.coef[j] = g;
      g *= gamma[this.levels[j]];
    }
    this.nLevels = nl;
    this.big = g;
  }

  private child(h: number, w: number): number {
    return findChild(this.trie.word, this.t.firstChild, this.t.endChild, h, w);
  }

  /** Number of words whose unseen-branch probability Γ·p_1(w) exceeds p (binary search over byP1). */
  private countBaseAbove(p: number): number {
    const { p1, byP1 } = this.t;
    let lo = 0;
    let hi = byP1.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.big * p1[byP1[mid]] > p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private valueOf(w: number, now: number, big: number): number {
    return this.stamp[w] === now ? this.val[w] : big * this.t.p1[w];
  }

  /** Picks a child of h with probability proportional to its weight (cumulative over siblings), or -1. */
  private pick(h: number, cumulative: Float64Array, rng: () => number): number {
    const lo = this.t.firstChild[h];
    const end = this.t.endChild[h];
    if (lo === end || !(cumulative[end - 1] > 0)) return -1;
    const r = rng() * cumulative[end - 1];
    let a = lo;
    let b = end - 1; // rounding can make r reach the total: then the last child
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (cumulative[mid] > r) b = mid;
      else a = mid + 1;
    }
    while (a > lo && cumulative[a] === cumulative[a - 1]) a--; // never a zero-weight child
    return this.trie.word[a];
  }

  /** Per-sibling running sums of α and of raw counts (`<s>` weighted 0), built on the first sample. */
  private sampling(): { alpha: Float64Array; count: Float64Array } {
    if (this.cumulative) return this.cumulative;
    const { firstChild, endChild, alpha } = this.t;
    const { word, count } = this.trie;
    const n = word.length;
    const ca = new Float64Array(n);
    const cc = new Float64Array(n);
    for (let h = 0; h < n; h++) {
      let sa = 0;
      let sc = 0;
      for (let x = firstChild[h]; x < endChild[h]; x++) {
        if (word[x] !== BOS_ID) {
          sa += alpha[x];
          sc += count[x];
        }
        ca[x] = sa;
        cc[x] = sc;
      }
    }
    this.cumulative = { alpha: ca, count: cc };
    return this.cumulative;
  }

  private nextStamp(): number {
    if (this.now === 0x7fffffff) {
      this.stamp.fill(0);
      this.now = 0;
    }
    return ++this.now;
  }

  private checkId(id: number): number {
    if (!(Number.isInteger(id) && id >= 0 && id < this.t.vocabSize)) {
      throw new RangeError(`n-gram model: id ${id} is outside the vocabulary (0..${this.t.vocabSize - 1})`);
    }
    return id;
  }
}

/** Rejects data that would silently give wrong tables: parents must precede children, ids in range. */
function checkTrie({ word, parent, count }: TrieArrays, vocabSize: number): void {
  const n = word.length;
  let ok = n >= 1 && parent.length === n && count.length === n;
  for (let x = 1; ok && x < n; x++) {
    ok = parent[x] >= 0 && parent[x] < x && word[x] >= 0 && word[x] < vocabSize && count[x] >= 0;
  }
  if (!ok) throw new Error('n-gram model: malformed count trie');
}

/** The buffers to list when posting NgramModelData to a worker (they are detached on the sender). */
export function transferables(data: NgramModelData): ArrayBuffer[] {
  return [data.discounts, data.word, data.parent, data.count].map((a) => a.buffer as ArrayBuffer);
}
