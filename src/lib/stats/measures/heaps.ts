/**
 * Heaps' law V(N) = K·N^β: vocabulary size V after N words (metrics.md). A single reading order makes the
 * curve depend on which documents come first, so the curve is averaged over R seeded random orders of the
 * documents (words keep their order inside a document), read at log-spaced N, and fitted there by least
 * squares on log V = log K + β log N. Least squares on the log–log curve is acceptable here, unlike for
 * Zipf: the points are a deterministic average curve, not a frequency distribution whose tail points are
 * few and noisy. Points below `minFitWords` (default 100), where nearly every word is new, are left out of
 * the fit.
 *
 * Mergeable: each document is kept as its distinct words' 53-bit keys (key-hash.ts) in order of first
 * appearance, with the position of that first appearance — enough to replay any document order exactly.
 * Memory: 12 bytes per distinct word per document (a 200 000-word sample ≈ 2 MB). finalize() puts the
 * documents in a canonical order (by a fingerprint of their content) before shuffling, so the curve for
 * a seed does not depend on how the corpus was sharded.
 */
import { stringKey } from '../../math/key-hash';
import { emptyKeySet, keySetAdd } from '../../math/key-set';
import { insufficient, type Maybe, type Statistic } from './statistic';
import { seededRng } from '../../math/seeded';

export interface HeapsOptions {
  /** Random document orders averaged (default 10). */
  replicates?: number;
  seed?: number;
  /** Log-spaced points on the curve (default 50). */
  points?: number;
  /** Curve points with fewer words than this are not fitted (default 100). */
  minFitWords?: number;
}

export interface HeapsDocument {
  /** Keys of the document's distinct words, in order of first appearance. */
  keys: Float64Array;
  /** 0-based word position of each key's first appearance. */
  firstAt: Uint32Array;
  words: number;
}

export interface HeapsAcc {
  documents: HeapsDocument[];
  words: number;
}

export interface HeapsFit {
  /** V(N) ≈ k·N^beta. */
  k: number;
  beta: number;
  /** R² of the log–log fit on the fitted points. */
  r2: number;
  /** Mean number of types after `tokens[i]` words, over the seeded document orders. */
  curve: { tokens: Float64Array; types: Float64Array };
  /** Curve points used by the fit (those with ≥ minFitWords words). */
  fittedPoints: number;
  replicates: number;
  seed: number;
  words: number;
  documents: number;
}

/** A fingerprint of a document's content, for the canonical order. */
function fingerprint(d: HeapsDocument): number {
  let h = d.words;
  for (let i = 0; i < d.keys.length; i++)
    h = (Math.imul(h ^ (d.keys[i] >>> 0), 0x9e3779b1) + d.firstAt[i]) | 0;
  return h;
}

/** Integer log-spaced N from 1 to total, ascending, distinct, ending at total. */
export function logSpacedCounts(total: number, points: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < points; i++) {
    const n = Math.round(Math.exp((Math.log(total) * i) / Math.max(1, points - 1)));
    if (out.length === 0 || n > out[out.length - 1]) out.push(n);
  }
  if (out[out.length - 1] !== total) out.push(total);
  return Float64Array.from(out);
}

export function heaps(options: HeapsOptions = {}): Statistic<HeapsAcc, readonly string[], Maybe<HeapsFit>> {
  const { replicates = 10, seed = 0, points = 50, minFitWords = 100 } = options;
  if (!(Number.isInteger(replicates) && replicates >= 1)) throw new RangeError(`replicates must be ≥ 1`);
  if (!(Number.isInteger(points) && points >= 2)) throw new RangeError(`points must be ≥ 2`);
  return {
    empty: () => ({ documents: [], words: 0 }),
    add(acc, words) {
      if (words.length === 0) return; // adds nothing to any curve
      const seen = new Set<number>();
      const keys: number[] = [];
      const firstAt: number[] = [];
      for (let i = 0; i < words.length; i++) {
        const k = stringKey(words[i]);
        if (seen.has(k)) continue;
        seen.add(k);
        keys.push(k);
        firstAt.push(i);
      }
      acc.documents.push({
        keys: Float64Array.from(keys),
        firstAt: Uint32Array.from(firstAt),
        words: words.length,
      });
      acc.words += words.length;
    },
    merge: (a, b) => ({ documents: a.documents.concat(b.documents), words: a.words + b.words }),
    finalize(acc) {
      const total = acc.words;
      const grid = logSpacedCounts(Math.max(1, total), points);
      const fitted = grid.filter((n) => n >= minFitWords);
      if (total === 0) return insufficient('no words: no vocabulary growth to fit');
      if (fitted.length < 3) {
        return insufficient(
          `Heaps' law is fitted on ≥ ${minFitWords} words; this corpus has ${total} — too few to fit a curve`,
        );
      }
      const docs = acc.documents
        .map((d) => ({ d, f: fingerprint(d) }))
        .sort((x, y) => x.f - y.f || x.d.words - y.d.words)
        .map((x) => x.d);
      const sum = new Float64Array(grid.length);
      const rng = seededRng(seed);
      const order = Array.from(docs.keys());
      for (let r = 0; r < replicates; r++) {
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(rng() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        const seen = emptyKeySet();
        let v = 0;
        let g = 0;
        let base = 0;
        for (const i of order) {
          const d = docs[i];
          for (let j = 0; j < d.keys.length; j++) {
            if (!keySetAdd(seen, d.keys[j])) continue;
            const position = base + d.firstAt[j]; // the type counts from N = position + 1 on
            while (g < grid.length && grid[g] <= position) sum[g++] += v;
            v++;
          }
          base += d.words;
        }
        while (g < grid.length) sum[g++] += v;
      }
      const types = sum.map((s) => s / replicates);
      // Least squares of log V on log N over the fitted points.
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let sxy = 0;
      let syy = 0;
      let m = 0;
      grid.forEach((n, i) => {
        if (n < minFitWords) return;
        const x = Math.log(n);
        const y = Math.log(types[i]);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        syy += y * y;
        m++;
      });
      const cxx = sxx - (sx * sx) / m;
      const cxy = sxy - (sx * sy) / m;
      const cyy = syy - (sy * sy) / m;
      const beta = cxy / cxx;
      const logK = (sy - beta * sx) / m;
      return {
        k: Math.exp(logK),
        beta,
        r2: cyy > 0 ? (cxy * cxy) / (cxx * cyy) : 1,
        curve: { tokens: grid, types },
        fittedPoints: m,
        replicates,
        seed,
        words: total,
        documents: docs.length,
      };
    },
  };
}
