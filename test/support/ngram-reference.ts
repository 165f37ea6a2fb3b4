/**
 * The plain, independent computation the engine's exact n-gram divergences are checked against: word-punct
 * tokens from the regex definition (word-punct.ts), n-grams as strings in a Map, JSD/TV/KL written out from
 * metrics.md over the union of both maps — no hashing, no runs, no merging.
 */
import { bisectLeft } from 'd3-array';
import { seededRng } from '../../src/lib/math/seeded';
import { wordPunctTokens } from '../../src/lib/stats/measures/word-punct';

export function ngramCounts(documents: readonly string[], n: 1 | 2): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of documents) {
    const t = wordPunctTokens(d);
    for (let i = n - 1; i < t.length; i++) {
      const g = n === 1 ? t[i] : `${t[i - 1]} ${t[i]}`;
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
  }
  return counts;
}

export interface ReferenceDivergences {
  support: number;
  jsd: number;
  tv: number;
  klAB: number;
  klBA: number;
}

/** JSD in bits, TV, and add-α KL in nats, over the union of the two maps' keys. */
export function referenceDivergences(
  a: Map<string, number>,
  b: Map<string, number>,
  alpha: number,
): ReferenceDivergences {
  const keys = new Set([...a.keys(), ...b.keys()]);
  let na = 0;
  let nb = 0;
  for (const c of a.values()) na += c;
  for (const c of b.values()) nb += c;
  const V = keys.size;
  let jsd = 0;
  let tv = 0;
  let klAB = 0;
  let klBA = 0;
  for (const k of keys) {
    const ca = a.get(k) ?? 0;
    const cb = b.get(k) ?? 0;
    const p = ca / na;
    const q = cb / nb;
    const m = (p + q) / 2;
    if (p > 0) jsd += 0.5 * p * Math.log2(p / m);
    if (q > 0) jsd += 0.5 * q * Math.log2(q / m);
    tv += Math.abs(p - q) / 2;
    const ps = (ca + alpha) / (na + alpha * V);
    const qs = (cb + alpha) / (nb + alpha * V);
    klAB += ps * Math.log(ps / qs);
    klBA += qs * Math.log(qs / ps);
  }
  return { support: V, jsd, tv, klAB, klBA };
}

/**
 * A seeded corpus over a Zipfian vocabulary of `vocabulary` made-up words (plus punctuation), documents of
 * 5–60 words, one document per paragraph: large vocabularies give hundreds of thousands of distinct bigrams
 * in a few MB. `shift` rotates which words are frequent, so two corpora differ by a controlled amount.
 */
export function zipfCorpus(options: {
  documents: number;
  vocabulary: number;
  seed: number;
  shift?: number;
  exponent?: number;
}): string[] {
  const { documents, vocabulary, seed, shift = 0, exponent = 1.05 } = options;
  const rng = seededRng(seed);
  const cdf = new Float64Array(vocabulary);
  let s = 0;
  for (let i = 0; i < vocabulary; i++) cdf[i] = s += 1 / Math.pow(i + 1, exponent);
  for (let i = 0; i < vocabulary; i++) cdf[i] /= s;
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pé', 'ün', 'ß'];
  const word = (i: number) => {
    let w = '';
    let x = (i + shift) % vocabulary;
    do {
      w += syllables[x % syllables.length];
      x = Math.floor(x / syllables.length);
    } while (x > 0);
    return w;
  };
  const draw = () => Math.min(vocabulary - 1, bisectLeft(cdf, rng()));
  const docs: string[] = [];
  for (let d = 0; d < documents; d++) {
    const n = 5 + Math.floor(rng() * 56);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = rng();
      parts.push(r < 0.06 ? '.' : r < 0.1 ? ',' : r < 0.105 ? 'Ünïcode—' : word(draw()));
    }
    docs.push(parts.join(' '));
  }
  return docs;
}
