/**
 * Two corpora's exact n-gram counts met on their true joint support: one linear merge-join of the two sorted
 * runs (key-run.ts), so every n-gram either corpus has is its own category — nothing is pooled into an
 * "other" cell (metrics.md). Divergences stream over the join without building support-sized arrays, so a
 * comparison of two 1 GB corpora needs no memory beyond their runs; the permutation null, which must
 * re-split the counts by document group, builds per-group lists only for grouped runs (bounded by the
 * grouped budget).
 */
import { DivergenceTerms, type DivergenceSet } from '../measures/divergence';
import type { KeyRun } from './key-run';

/** Visits every key of a ∪ b in key order with its count in each (groups summed). */
export function forEachJointKey(
  a: KeyRun,
  b: KeyRun,
  visit: (k1: number, k2: number, ca: number, cb: number) => void,
): void {
  forEachKeyEntries(a, b, (i0, i1, j0, j1) => {
    let ca = 0;
    let cb = 0;
    for (let i = i0; i < i1; i++) ca += a.count[i];
    for (let j = j0; j < j1; j++) cb += b.count[j];
    visit(i1 > i0 ? a.k1[i0] : b.k1[j0], i1 > i0 ? a.k2[i0] : b.k2[j0], ca, cb);
  });
}

/** Walks a ∪ b key by key, calling `visit` with the key's entries: A's [i0, i1) and B's [j0, j1). */
function forEachKeyEntries(
  a: KeyRun,
  b: KeyRun,
  visit: (i0: number, i1: number, j0: number, j1: number) => void,
): void {
  let i = 0;
  let j = 0;
  while (i < a.count.length || j < b.count.length) {
    const fromA =
      j >= b.count.length ||
      (i < a.count.length && (a.k1[i] < b.k1[j] || (a.k1[i] === b.k1[j] && a.k2[i] <= b.k2[j])));
    const k1 = fromA ? a.k1[i] : b.k1[j];
    const k2 = fromA ? a.k2[i] : b.k2[j];
    const i0 = i;
    const j0 = j;
    while (i < a.count.length && a.k1[i] === k1 && a.k2[i] === k2) i++;
    while (j < b.count.length && b.k1[j] === k1 && b.k2[j] === k2) j++;
    visit(i0, i, j0, j);
  }
}

/** One key's part of a JSD, with what identifies it. */
export interface KeyContribution {
  k1: number;
  k2: number;
  countA: number;
  countB: number;
  p: number;
  q: number;
  /** Bits. */
  delta: number;
}

export interface JointDivergences extends DivergenceSet {
  /** Keys in a ∪ b. */
  support: number;
  totalA: number;
  totalB: number;
  /** The `limit` largest JSD terms, largest first (ties by key). */
  top: KeyContribution[];
}

/**
 * JSD (bits) and TV with no smoothing, KL(A‖B) and KL(B‖A) (nats) with add-α over the joint support, and
 * the largest JSD terms: two streaming passes (the first finds the support size KL's smoothing needs).
 */
export function jointDivergences(a: KeyRun, b: KeyRun, alpha: number, limit: number): JointDivergences {
  let support = 0;
  let totalA = 0;
  let totalB = 0;
  forEachJointKey(a, b, (_k1, _k2, ca, cb) => {
    support++;
    totalA += ca;
    totalB += cb;
  });
  const terms = new DivergenceTerms(totalA, totalB, alpha, support);
  const top: KeyContribution[] = [];
  let floor = 0; // the smallest delta in `top` once it is full
  forEachJointKey(a, b, (k1, k2, ca, cb) => {
    const delta = terms.add(ca, cb);
    if (limit > 0 && delta > 0 && (top.length < limit || delta > floor)) {
      const c = { k1, k2, countA: ca, countB: cb, p: ca / totalA, q: cb / totalB, delta };
      if (top.length < limit) top.push(c);
      else {
        let min = 0;
        for (let t = 1; t < top.length; t++) if (top[t].delta < top[min].delta) min = t;
        top[min] = c;
      }
      if (top.length === limit) floor = Math.min(...top.map((t) => t.delta));
    }
  });
  top.sort((x, y) => y.delta - x.delta || x.k1 - y.k1 || x.k2 - y.k2);
  return { support, totalA, totalB, ...terms.result(), top };
}

/**
 * Grouped runs re-split by document group, for permutation nulls. Bag g < G_A holds A's group g, bag G_A + g
 * holds B's group g. A re-split gives each bag to one side, so an n-gram that occurs in a single bag (most of
 * them: rare n-grams) always lands whole on one side, and its terms in JSD, TV and the KLs have closed forms
 * in its count: those are summed per bag once (`single`), and only n-grams spread over several bags are kept
 * as per-bag lists (`start`, `bagKey`, `bagCount`, indexed 0..multi − 1) and re-added on every re-split.
 */
export interface JointBags {
  /** n-grams in A ∪ B. */
  support: number;
  /** All counts, A and B. */
  all: number;
  /** KL's smoothing, which the per-bag sums below depend on. */
  alpha: number;
  /** n-grams found in more than one bag. */
  multi: number;
  /** Each multi-bag n-gram's count in A and B together. */
  total: Uint32Array;
  /** Bag b's entries are bagKey/bagCount[start[b] .. start[b + 1]). */
  start: Uint32Array;
  bagKey: Uint32Array;
  bagCount: Uint32Array;
  /** Per bag, over its single-bag n-grams: Σc, how many, Σ(c+α)ln(c+α), Σ ln(c+α). */
  single: { count: Float64Array; keys: Float64Array; xlogx: Float64Array; logx: Float64Array };
}

export function jointBags(a: KeyRun, b: KeyRun, groupsA: number, groupsB: number, alpha: number): JointBags {
  const ga = a.group;
  const gb = b.group;
  if (!ga || !gb) throw new RangeError('the permutation null needs grouped runs');
  const bags = groupsA + groupsB;
  const single = {
    count: new Float64Array(bags),
    keys: new Float64Array(bags),
    xlogx: new Float64Array(bags),
    logx: new Float64Array(bags),
  };
  const start = new Uint32Array(bags + 1);
  let support = 0;
  let multi = 0;
  let all = 0;
  // First pass: single-bag sums, and how many multi-bag entries each bag holds.
  forEachKeyEntries(a, b, (i0, i1, j0, j1) => {
    support++;
    if (i1 - i0 + j1 - j0 === 1) {
      const bag = i1 > i0 ? ga[i0] : groupsA + gb[j0];
      const c = i1 > i0 ? a.count[i0] : b.count[j0];
      all += c;
      single.count[bag] += c;
      single.keys[bag]++;
      single.xlogx[bag] += (c + alpha) * Math.log(c + alpha);
      single.logx[bag] += Math.log(c + alpha);
      return;
    }
    multi++;
    for (let i = i0; i < i1; i++) {
      start[ga[i] + 1]++;
      all += a.count[i];
    }
    for (let j = j0; j < j1; j++) {
      start[groupsA + gb[j] + 1]++;
      all += b.count[j];
    }
  });
  for (let x = 1; x <= bags; x++) start[x] += start[x - 1];
  const cursor = start.slice(0, bags);
  const bagKey = new Uint32Array(start[bags]);
  const bagCount = new Uint32Array(start[bags]);
  const total = new Uint32Array(multi);
  let key = 0;
  forEachKeyEntries(a, b, (i0, i1, j0, j1) => {
    if (i1 - i0 + j1 - j0 === 1) return;
    let t = 0;
    for (let i = i0; i < i1; i++) {
      const at = cursor[ga[i]]++;
      bagKey[at] = key;
      bagCount[at] = a.count[i];
      t += a.count[i];
    }
    for (let j = j0; j < j1; j++) {
      const at = cursor[groupsA + gb[j]]++;
      bagKey[at] = key;
      bagCount[at] = b.count[j];
      t += b.count[j];
    }
    total[key++] = t;
  });
  return { support, all, alpha, multi, total, start, bagKey, bagCount, single };
}

/** Scratch space for resplitDivergences (one per null, reused across re-splits). */
export function resplitScratch(bags: JointBags): Float64Array {
  return new Float64Array(bags.multi);
}

/**
 * JSD (bits), TV and add-α KLs between the two sides of a re-split (bags with inA[b] = 1 form pseudo-A):
 * the multi-bag n-grams term by term, the single-bag ones from their per-bag sums.
 */
export function resplitDivergences(bags: JointBags, inA: Uint8Array, scratch: Float64Array): DivergenceSet {
  const ca = scratch;
  ca.fill(0);
  const s = bags.single;
  let na = 0;
  const side = { count: [0, 0], keys: [0, 0], xlogx: [0, 0], logx: [0, 0] };
  for (let x = 0; x < inA.length; x++) {
    const k = inA[x] ? 0 : 1;
    side.count[k] += s.count[x];
    side.keys[k] += s.keys[x];
    side.xlogx[k] += s.xlogx[x];
    side.logx[k] += s.logx[x];
    if (!inA[x]) continue;
    for (let e = bags.start[x]; e < bags.start[x + 1]; e++) {
      ca[bags.bagKey[e]] += bags.bagCount[e];
      na += bags.bagCount[e];
    }
  }
  na += side.count[0];
  const nb = bags.all - na;
  const alpha = bags.alpha;
  const terms = new DivergenceTerms(na, nb, alpha, bags.support);
  if (!(na > 0 && nb > 0)) return terms.result();
  for (let k = 0; k < bags.multi; k++) terms.add(ca[k], bags.total[k] - ca[k]);
  // Single-bag n-grams on pseudo-A have (c, 0): JSD term c/(2 n_A), |p − q| = c/n_A; on pseudo-B, (0, c).
  terms.jsd += side.count[0] / (2 * na) + side.count[1] / (2 * nb);
  terms.tv += side.count[0] / na + side.count[1] / nb;
  if (alpha > 0) {
    const la = Math.log(alpha);
    const za = na + alpha * bags.support;
    const zb = nb + alpha * bags.support;
    const lza = Math.log(za);
    const lzb = Math.log(zb);
    // On pseudo-A: ps = (c+α)/Z_A, qs = α/Z_B.
    terms.klAB += (side.xlogx[0] + (side.count[0] + alpha * side.keys[0]) * (lzb - lza - la)) / za;
    terms.klBA += (alpha / zb) * (side.keys[0] * (la + lza - lzb) - side.logx[0]);
    // On pseudo-B: ps = α/Z_A, qs = (c+α)/Z_B.
    terms.klBA += (side.xlogx[1] + (side.count[1] + alpha * side.keys[1]) * (lza - lzb - la)) / zb;
    terms.klAB += (alpha / za) * (side.keys[1] * (la + lzb - lza) - side.logx[1]);
  } else if (side.keys[0] + side.keys[1] > 0) {
    terms.klAB = terms.klBA = Infinity; // unsmoothed KL is infinite wherever one side has none
  }
  return terms.result();
}
