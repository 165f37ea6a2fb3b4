/**
 * Divergences between two count vectors on a shared support (hashed-feature buckets), each smoothed as
 * p̃_g = (c_g + α)/(N + αB). Defaults differ on purpose:
 *  - JSD and total variation default to α = 0: both are finite and bounded without smoothing, and
 *    smoothing only pulls them toward 0 (with B = 10 000, α = 0.5 adds 5 000 pseudo-counts — more than a
 *    small corpus has features).
 *  - KL defaults to α = 0.5 (add-half, Jeffreys/Krichevsky–Trofimov), since KL(P‖Q) is infinite wherever
 *    Q has a zero that P has not; with α = 0 that case is reported as insufficient, not as ∞.
 * An empty corpus is insufficient whatever α: its smoothed distribution would be the prior alone.
 */
import { insufficient, type Maybe } from './statistic';

/** (c + α)/(N + αB); insufficient when there are no counts. */
export function smoothed(counts: ArrayLike<number>, alpha = 0): Maybe<Float64Array> {
  if (!(alpha >= 0)) throw new RangeError(`alpha ${alpha} must be ≥ 0`);
  let n = 0;
  for (let i = 0; i < counts.length; i++) {
    if (!(counts[i] >= 0)) throw new RangeError('counts must be non-negative');
    n += counts[i];
  }
  if (n === 0) return insufficient('an empty corpus: no counts to compare');
  const z = n + alpha * counts.length;
  return Float64Array.from(counts, (c) => (c + alpha) / z);
}

function pair(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  alpha: number,
): Maybe<[Float64Array, Float64Array]> {
  if (p.length !== q.length) throw new RangeError(`supports differ: ${p.length} vs ${q.length} buckets`);
  const ps = smoothed(p, alpha);
  if ('insufficient' in ps) return ps;
  const qs = smoothed(q, alpha);
  if ('insufficient' in qs) return qs;
  return [ps, qs];
}

/** KL(P‖Q) in nats. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>, alpha = 0.5): Maybe<number> {
  const pq = pair(p, q, alpha);
  if ('insufficient' in pq) return pq;
  const [ps, qs] = pq;
  let kl = 0;
  for (let g = 0; g < ps.length; g++) {
    if (ps[g] === 0) continue;
    if (qs[g] === 0) return insufficient('KL is infinite: P has mass where Q has none (use α > 0)');
    kl += ps[g] * Math.log(ps[g] / qs[g]);
  }
  return Math.max(0, kl); // ≥ 0 in exact arithmetic; clamp rounding of nearly equal inputs
}

/**
 * One feature's share of the JSD (bits): δ_g = m log(1/m) − ½[p log(1/p) + q log(1/q)], m = (p + q)/2,
 * computed in the algebraically equal form ½[p log(p/m) + q log(q/m)], which does not cancel when p ≈ q
 * (and is exactly 0 when p = q). Σ_g δ_g = JSD.
 */
export function jsdTerm(p: number, q: number): number {
  const m = (p + q) / 2;
  let d = 0;
  if (p > 0) d += p * Math.log2(p / m);
  if (q > 0) d += q * Math.log2(q / m);
  return d / 2;
}

/** Jensen–Shannon divergence with log2: symmetric, in [0, 1], 0 for identical, 1 for disjoint supports. */
export function jsDivergence(p: ArrayLike<number>, q: ArrayLike<number>, alpha = 0): Maybe<number> {
  const pq = pair(p, q, alpha);
  if ('insufficient' in pq) return pq;
  const [ps, qs] = pq;
  let jsd = 0;
  for (let g = 0; g < ps.length; g++) jsd += jsdTerm(ps[g], qs[g]);
  return Math.min(1, Math.max(0, jsd));
}

/** ½ Σ |p − q|, in [0, 1]. */
export function totalVariation(p: ArrayLike<number>, q: ArrayLike<number>, alpha = 0): Maybe<number> {
  const pq = pair(p, q, alpha);
  if ('insufficient' in pq) return pq;
  const [ps, qs] = pq;
  let tv = 0;
  for (let g = 0; g < ps.length; g++) tv += Math.abs(ps[g] - qs[g]);
  return Math.min(1, tv / 2);
}

export interface JsdContribution {
  /** Bucket (feature) index. */
  feature: number;
  p: number;
  q: number;
  /** δ_g ≥ 0, bits. */
  delta: number;
  /** +1 when P uses the feature more, −1 when Q does. */
  sign: 1 | -1;
  /** Σ of δ over this and every higher-ranked feature, over the JSD: rises to 1 at the last feature. */
  cumulativeShare: number;
}

/**
 * Features ranked by their JSD contribution (largest first, ties by feature index), signed, with
 * cumulative share; the first `limit` of them. Features with δ = 0 are left out. Insufficient when the
 * JSD is 0: no feature contributes, and shares of 0 are 0/0.
 */
export function jsdContributions(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  options: { alpha?: number; limit?: number } = {},
): Maybe<{ jsd: number; contributions: JsdContribution[] }> {
  const { alpha = 0, limit = Infinity } = options;
  const pq = pair(p, q, alpha);
  if ('insufficient' in pq) return pq;
  const [ps, qs] = pq;
  const deltas = Float64Array.from(ps, (pg, g) => jsdTerm(pg, qs[g]));
  let jsd = 0;
  for (const d of deltas) jsd += d;
  if (jsd === 0) return insufficient('identical distributions: no feature contributes');
  const ranked = Array.from(deltas.keys())
    .filter((g) => deltas[g] > 0)
    .sort((a, b) => deltas[b] - deltas[a] || a - b);
  let running = 0;
  const contributions = ranked.slice(0, limit).map((g): JsdContribution => {
    running += deltas[g];
    return {
      feature: g,
      p: ps[g],
      q: qs[g],
      delta: deltas[g],
      sign: ps[g] > qs[g] ? 1 : -1,
      cumulativeShare: running / jsd,
    };
  });
  return { jsd, contributions };
}

export interface DivergenceSet {
  /** Bits, in [0, 1]. */
  jsd: number;
  tv: number;
  /** Nats, both smoothed with α over the support's length. */
  klAB: number;
  klBA: number;
}

/**
 * Running sums of the JSD, TV and add-α KL terms of categories with counts (a, b), given both sides'
 * totals and the support's size (KL's smoothing spreads α over every category): the one loop body of every
 * divergence over counts — dense vectors, merged runs, permutation re-splits.
 */
export class DivergenceTerms {
  jsd = 0;
  tv = 0;
  klAB = 0;
  klBA = 0;
  private readonly za: number;
  private readonly zb: number;

  constructor(
    readonly totalA: number,
    readonly totalB: number,
    readonly alpha: number,
    support: number,
  ) {
    this.za = totalA + alpha * support;
    this.zb = totalB + alpha * support;
  }

  /** Adds one category; returns its JSD term δ (bits). */
  add(a: number, b: number): number {
    const p = a / this.totalA;
    const q = b / this.totalB;
    const delta = jsdTerm(p, q);
    this.jsd += delta;
    this.tv += Math.abs(p - q);
    const ps = (a + this.alpha) / this.za;
    const qs = (b + this.alpha) / this.zb;
    // With α = 0 KL is infinite where one side has none (and 0 log 0 = 0 where a side has none of its own).
    if (ps > 0) this.klAB += qs > 0 ? ps * Math.log(ps / qs) : Infinity;
    if (qs > 0) this.klBA += ps > 0 ? qs * Math.log(qs / ps) : Infinity;
    return delta;
  }

  /** Adds `n` categories empty on both sides: they move KL only through smoothing. */
  addEmpty(n: number): void {
    if (!(this.alpha > 0) || n === 0) return;
    const ps = this.alpha / this.za;
    const qs = this.alpha / this.zb;
    this.klAB += n * ps * Math.log(ps / qs);
    this.klBA += n * qs * Math.log(qs / ps);
  }

  /** The sums as divergences (rounding clamped into range); NaN where a side is empty. */
  result(): DivergenceSet {
    if (!(this.totalA > 0 && this.totalB > 0)) return { jsd: NaN, tv: NaN, klAB: NaN, klBA: NaN };
    return {
      jsd: Math.min(1, Math.max(0, this.jsd)),
      tv: Math.min(1, this.tv / 2),
      klAB: Math.max(0, this.klAB),
      klBA: Math.max(0, this.klBA),
    };
  }
}

/**
 * JSD, TV and both KLs of two count vectors in one pass, from their totals (given, so a caller holding
 * B = total − A need not build B), with no smoothed copies: what a permutation null recomputes hundreds of
 * times. NaN where a side is empty.
 */
export function divergenceSet(
  ca: ArrayLike<number>,
  cb: ArrayLike<number>,
  alpha: number,
  totalA = sum(ca),
  totalB = sum(cb),
): DivergenceSet {
  const terms = new DivergenceTerms(totalA, totalB, alpha, ca.length);
  if (!(totalA > 0 && totalB > 0)) return terms.result();
  let empty = 0;
  for (let i = 0; i < ca.length; i++) {
    if (ca[i] === 0 && cb[i] === 0) empty++;
    else terms.add(ca[i], cb[i]);
  }
  terms.addEmpty(empty);
  return terms.result();
}

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

/** JSD (bits) of two count vectors, unsmoothed, without copies: what a bootstrap recomputes per replicate. */
export function jsdOfCounts(ca: ArrayLike<number>, cb: ArrayLike<number>): number {
  const na = sum(ca);
  const nb = sum(cb);
  if (na <= 0 || nb <= 0) return NaN;
  let jsd = 0;
  for (let i = 0; i < ca.length; i++) if (ca[i] > 0 || cb[i] > 0) jsd += jsdTerm(ca[i] / na, cb[i] / nb);
  return Math.min(1, Math.max(0, jsd));
}
