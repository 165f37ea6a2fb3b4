/**
 * Seeded uniform random numbers for every stochastic step (sampling, editing, statistics, simulations):
 * the same seed gives the same sequence in Node, in a worker and in the page. xoroshiro128+ from pure-rand;
 * each draw uses 53 random bits.
 *
 * The generator's 128-bit state comes from the seed through a SplitMix-style sequence (golden-ratio steps,
 * each through murmur3's finaliser), not from pure-rand's `xoroshiro128plus(seed)`: that one starts from the
 * state (−1, ~seed, seed, 0), whose first outputs barely depend on a small seed — for seeds 0…7999 the first
 * draw was always in [0.99999, 1), so seeds 1, 2, 3 … all made the same first choice.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { fmix32 } from './fmix32';

/** A source of uniform floats in [0, 1). */
export type Uniform = () => number;

const GOLDEN = 0x9e3779b9;

/** Uniform floats in [0, 1) from `seed` (an integer; only its low 32 bits are used). */
export function seededRng(seed: number): Uniform {
  if (!Number.isInteger(seed)) throw new RangeError(`seed ${seed} must be an integer`);
  let s = seed | 0;
  const state = [0, 0, 0, 0].map(() => {
    s = (s + GOLDEN) | 0;
    return fmix32(s) | 0;
  });
  // xoroshiro must not start from the all-zero state: fmix32 is a bijection and the four inputs differ, so
  // at most one word is 0.
  const rng = xoroshiro128plusFromState(state);
  return () => uniformFloat64(rng);
}
