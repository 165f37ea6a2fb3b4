/**
 * Seeded uniform random numbers for every stochastic step (sampling, editing, simulations): the same seed
 * gives the same sequence in Node, in a worker and in the page. xoroshiro128+ from pure-rand; each draw
 * uses 53 random bits.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A source of uniform floats in [0, 1). */
export type Uniform = () => number;

/** Uniform floats in [0, 1) from `seed` (an integer; only its low 32 bits are used). */
export function seededRng(seed: number): Uniform {
  if (!Number.isInteger(seed)) throw new RangeError(`seed ${seed} must be an integer`);
  const rng = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(rng);
}
