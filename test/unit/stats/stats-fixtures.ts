/** Shared test helpers: DocumentScores from plain arrays, seeded corpora, seeded shuffles and shards, ok(). */
import { seededRng, type Uniform } from '../../../src/lib/math/seeded';
import type { DocumentScores } from '../../../src/lib/scoring/scores';
import { isInsufficient, type Maybe } from '../../../src/lib/stats/measures/statistic';

/** Scores for one document; only logprob and rank matter to the statistics. */
export function scores(logprobs: number[], ranks?: number[]): DocumentScores {
  const n = logprobs.length;
  return {
    tokenIds: new Int32Array(n),
    byteStart: new Uint32Array(n),
    byteEnd: new Uint32Array(n),
    logprob: Float32Array.from(logprobs),
    rank: Int32Array.from(ranks ?? logprobs.map((x) => (Number.isNaN(x) ? 0 : 1))),
    entropy: new Float32Array(n),
    k: 0,
    topIds: new Int32Array(0),
    topLogprobs: new Float32Array(0),
    bosPrepended: false,
  };
}

/** A random corpus: documents of 0–40 tokens, a few unscored tokens, a U-shaped spread of p. */
export function randomCorpus(documents: number, seed: number): DocumentScores[] {
  const rng = seededRng(seed);
  return Array.from({ length: documents }, () => {
    const n = Math.floor(rng() * 41);
    const lps: number[] = [];
    const ranks: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = rng();
      if (r < 0.05) {
        lps.push(NaN);
        ranks.push(0);
        continue;
      }
      // Mix of near-certain, uniform and very unlikely tokens (down to p ≈ 1e-12, below the log10 range).
      const p = r < 0.3 ? 1 - rng() * 0.05 : r < 0.8 ? rng() : Math.pow(10, -12 * rng());
      lps.push(Math.log(p));
      ranks.push(1 + Math.floor(Math.pow(10, 4 * rng())));
    }
    return scores(lps, ranks);
  });
}

export function shuffled<T>(xs: readonly T[], rng: Uniform): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A seeded shuffle of xs cut into `k` shards at random places (shards may be empty). */
export function randomShards<T>(xs: readonly T[], k: number, seed: number): T[][] {
  const rng = seededRng(seed);
  const s = shuffled(xs, rng);
  const cuts = Array.from({ length: k - 1 }, () => Math.floor(rng() * (s.length + 1))).sort((a, b) => a - b);
  const bounds = [0, ...cuts, s.length];
  return Array.from({ length: k }, (_, i) => s.slice(bounds[i], bounds[i + 1]));
}

/** The result of a statistic that must have had enough data; throws its reason otherwise. */
export function ok<T>(x: Maybe<T>): T {
  if (isInsufficient(x)) throw new Error(x.insufficient);
  return x;
}
