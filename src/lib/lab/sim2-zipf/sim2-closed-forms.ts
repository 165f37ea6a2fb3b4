/**
 * Sim 2's closed forms (collapse-lab.md, Sim 2): the clean scaling law of a memorising learner on Zipf
 * items, and the floor a tail cut at rank k puts under its error, exactly and for N = ∞.
 */
import { logGamma, powerSum, zeta } from '../../math/special';

/** The clean law's constant: E(T) ≈ C·T^(−(1−1/β)), C = (1/β)Γ(1 − 1/β)ζ(β)^(−1/β) (β = 2: 0.691). */
export function cleanConstant(beta: number): number {
  return Math.exp(logGamma(1 - 1 / beta) - Math.log(beta) - Math.log(zeta(beta)) / beta);
}

/** The clean law for infinitely many items: C·T^(−(1−1/β)). */
export function cleanLaw(T: number, beta: number): number {
  return cleanConstant(beta) * Math.pow(T, -(1 - 1 / beta));
}

/** The floor of a tail cut at k with N items: Σ_{k<i≤N} p_i, exactly. */
export function tailFloor(k: number, N: number, beta: number): number {
  if (k >= N) return 0;
  return powerSum(beta, k + 1, N) / powerSum(beta, 1, N);
}

/** The floor for N = ∞, to first order: k^(1−β)/((β − 1)ζ(β)). */
export function tailFloorAsymptotic(k: number, beta: number): number {
  return Math.pow(k, 1 - beta) / ((beta - 1) * zeta(beta));
}
