/**
 * How concentrated a count vector (hashed-feature buckets) is: human text spreads over many buckets,
 * synthetic text piles into few. Top-k mass, normalised entropy H(P)/log B (1 = uniform, 0 = one bucket),
 * and the Gini coefficient over all B buckets, empty ones included (0 = uniform, (B−1)/B = one bucket).
 */
import { insufficient, type Maybe } from './statistic';

export interface Concentration {
  topKMass: { k: number; mass: number }[];
  normalisedEntropy: number;
  gini: number;
}

export function concentration(
  counts: ArrayLike<number>,
  ks: readonly number[] = [10, 100, 1000],
): Maybe<Concentration> {
  const b = counts.length;
  const sorted = Float64Array.from(counts).sort(); // ascending
  let n = 0;
  for (const c of sorted) {
    if (!(c >= 0)) throw new RangeError('counts must be non-negative');
    n += c;
  }
  if (n === 0) return insufficient('no counts');
  if (b < 2) return insufficient('one bucket: concentration is trivial');

  let h = 0;
  let weighted = 0;
  sorted.forEach((c, i) => {
    if (c > 0) h -= (c / n) * Math.log(c / n);
    weighted += (2 * (i + 1) - b - 1) * c;
  });

  const topKMass = ks.map((k) => {
    let mass = 0;
    for (let i = b - 1; i >= Math.max(0, b - k); i--) mass += sorted[i];
    return { k, mass: mass / n };
  });
  return { topKMass, normalisedEntropy: h / Math.log(b), gini: weighted / (b * n) };
}
