/**
 * Interpolated modified Kneser–Ney (Chen & Goodman 1998) over a compacted count trie: the per-node tables
 * that make every query a walk over a few children.
 *
 *   p_m(w | h) = max(a(hw) − D_m(a(hw)), 0) / Σ_v a(hv)  +  γ(h) · p_{m−1}(w | h′)
 *   γ(h)       = (D_m1·N1(h•) + D_m2·N2(h•) + D_m3+·N3+(h•)) / Σ_v a(hv)
 *
 * (h′ is h without its first word; N_r(h•) counts continuations of h with a() = r, N3+ with a() ≥ 3.)
 *
 * a() is the raw count at the highest order and for n-grams starting with `<s>` (nothing can precede
 * them); otherwise the continuation count N1+(•g), the number of distinct words seen before g. A context
 * never seen with a continuation contributes nothing (p_m = p_{m−1}). The lowest order interpolates with
 * the uniform distribution over every id except `<s>`:
 *
 *   p_1(w) = max(a(w) − D_1(a(w)), 0) / Σ_v a(v)  +  γ(root) / (V − 1),     p_1(<s>) = 0
 *
 * so every id except `<s>` has a positive probability in every context.
 */
import type { TrieArrays } from './count-trie';
import { BOS_ID } from './vocabulary';

/** D1, D2, D3+ used per slot where counts-of-counts cannot support the estimate (tiny, repetitive corpora). */
export const FALLBACK_DISCOUNTS: readonly [number, number, number] = [0.5, 1.0, 1.5];

export interface KnTables {
  order: number;
  vocabSize: number;
  /** D1, D2, D3+ for order m at [3(m−1), 3m). */
  discounts: Float64Array;
  depth: Uint8Array;
  /** Children of node h are nodes [firstChild[h], endChild[h]), sorted by word. */
  firstChild: Int32Array;
  endChild: Int32Array;
  /** The node's discounted share in its parent context: (a − D(a)) / Σ a(siblings). */
  alpha: Float64Array;
  /** The node's backoff weight as a context; 0 when it has no continuations. */
  gamma: Float64Array;
  /** The full lowest-order distribution p_1, and the ids ordered by it (descending, ties lower id first). */
  p1: Float64Array;
  byP1: Int32Array;
  p1Sum: number;
  /** Σ p_1 log p_1 (terms with p_1 = 0 are 0). */
  p1LogP1: number;
}

/**
 * Chen & Goodman's estimates from counts-of-counts n1..n4 of one order: Y = n1/(n1 + 2 n2),
 * D1 = 1 − 2Y n2/n1, D2 = 2 − 3Y n3/n2, D3+ = 3 − 4Y n4/n3. A slot whose counts are zero or whose estimate
 * falls outside (0, r) (it would give seen n-grams zero or negative own mass) takes FALLBACK_DISCOUNTS[r−1].
 */
export function estimateDiscounts(n: readonly [number, number, number, number]): [number, number, number] {
  const [n1, n2, n3, n4] = n;
  const y = n1 / (n1 + 2 * n2);
  const estimates = [1 - (2 * y * n2) / n1, 2 - (3 * y * n3) / n2, 3 - (4 * y * n4) / n3];
  const out: [number, number, number] = [...FALLBACK_DISCOUNTS];
  for (let r = 1; r <= 3; r++) {
    const d = estimates[r - 1];
    if (n[r - 1] > 0 && n[r] > 0 && d > 0 && d < r) out[r - 1] = d;
  }
  return out;
}

/** Checks fixed discounts: each D_r in (0, r], so a seen n-gram's own mass is never negative. */
export function checkDiscounts(d: ArrayLike<number>): void {
  for (let i = 0; i < d.length; i++) {
    const r = (i % 3) + 1;
    if (!(d[i] > 0 && d[i] <= r)) throw new RangeError(`discount D${r} = ${d[i]} must be in (0, ${r}]`);
  }
}

/**
 * Derives the tables from the compacted trie. With `discounts` (3 per order) those are used; otherwise
 * they are estimated per order from the counts-of-counts of the adjusted counts a().
 */
export function buildTables(
  trie: TrieArrays,
  order: number,
  vocabSize: number,
  discounts?: Float64Array,
): KnTables {
  const { word, parent, count } = trie;
  const n = word.length;
  const depth = new Uint8Array(n);
  const firstChild = new Int32Array(n);
  const endChild = new Int32Array(n);
  const firstWord = new Int32Array(n);
  for (let x = 1; x < n; x++) {
    const p = parent[x];
    depth[x] = depth[p] + 1;
    firstWord[x] = depth[x] === 1 ? word[x] : firstWord[p];
    if (endChild[p] === 0) firstChild[p] = x;
    endChild[p] = x + 1;
  }

  // Continuation counts through suffix links: the suffix of node x (x minus its first word) gains one
  // distinct left neighbour. Parents precede children, so suffix[parent] is known when x is reached.
  const suffix = new Int32Array(n);
  const continuation = new Float64Array(n);
  for (let x = 1; x < n; x++) {
    if (depth[x] === 1) continue;
    const s = findChild(word, firstChild, endChild, suffix[parent[x]], word[x]);
    if (s < 0) throw new Error('n-gram model: a suffix of a counted n-gram is missing (corrupt counts)');
    suffix[x] = s;
    continuation[s]++;
  }
  const adjusted = new Float64Array(n);
  for (let x = 1; x < n; x++) {
    if (depth[x] === 1 && word[x] === BOS_ID) continue; // <s> is context only, never predicted
    adjusted[x] = depth[x] === order || firstWord[x] === BOS_ID ? count[x] : continuation[x];
  }

  if (discounts) checkDiscounts(discounts);
  const d = discounts ?? estimateAllDiscounts(adjusted, depth, order);

  const alpha = new Float64Array(n);
  const gamma = new Float64Array(n);
  for (let h = 0; h < n; h++) {
    let total = 0;
    let mass = 0;
    const base = 3 * depth[h]; // children have order depth[h] + 1
    for (let x = firstChild[h]; x < endChild[h]; x++) {
      const a = adjusted[x];
      if (a === 0) continue;
      total += a;
      mass += d[base + Math.min(a, 3) - 1];
    }
    if (total === 0) continue;
    gamma[h] = mass / total;
    for (let x = firstChild[h]; x < endChild[h]; x++) {
      const a = adjusted[x];
      if (a > 0) alpha[x] = (a - d[base + Math.min(a, 3) - 1]) / total;
    }
  }

  // An empty corpus leaves p_1 uniform.
  const rootGamma = endChild[0] > firstChild[0] && gamma[0] > 0 ? gamma[0] : 1;
  const uniform = rootGamma / (vocabSize - 1);
  const p1 = new Float64Array(vocabSize).fill(uniform);
  p1[BOS_ID] = 0;
  for (let x = firstChild[0]; x < endChild[0]; x++) if (alpha[x] > 0) p1[word[x]] = alpha[x] + uniform;
  const byP1 = Int32Array.from(
    Array.from({ length: vocabSize }, (_, i) => i).sort((a, b) => p1[b] - p1[a] || a - b),
  );
  let p1Sum = 0;
  let p1LogP1 = 0;
  for (let w = 0; w < vocabSize; w++) {
    p1Sum += p1[w];
    if (p1[w] > 0) p1LogP1 += p1[w] * Math.log(p1[w]);
  }
  return {
    order,
    vocabSize,
    discounts: d,
    depth,
    firstChild,
    endChild,
    alpha,
    gamma,
    p1,
    byP1,
    p1Sum,
    p1LogP1,
  };
}

function estimateAllDiscounts(adjusted: Float64Array, depth: Uint8Array, order: number): Float64Array {
  const countsOfCounts = Array.from(
    { length: order },
    () => [0, 0, 0, 0] as [number, number, number, number],
  );
  for (let x = 1; x < adjusted.length; x++) {
    const a = adjusted[x];
    if (a >= 1 && a <= 4) countsOfCounts[depth[x] - 1][a - 1]++;
  }
  const d = new Float64Array(3 * order);
  countsOfCounts.forEach((c, m) => d.set(estimateDiscounts(c), 3 * m));
  return d;
}

/** The child of node h with word w (binary search over its sorted children), or -1. */
export function findChild(
  word: Int32Array,
  firstChild: Int32Array,
  endChild: Int32Array,
  h: number,
  w: number,
): number {
  let lo = firstChild[h];
  let hi = endChild[h];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = word[mid];
    if (v === w) return mid;
    if (v < w) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}
