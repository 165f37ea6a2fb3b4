/**
 * Sim 1's closed forms (collapse-lab.md, Sim 1), for "replace": the drift of log σ², the expected σ² and
 * log σ² after g generations, when the median σ halves, the mass beyond 3σ0, and the fitted density.
 */
import { digamma, normalCdf } from '../../math/special';

/** Per-generation drift of E[log σ²]: ψ((M−1)/2) + log(2/(M−δ)) (≈ −2/M for δ = 0, −1/M for δ = 1). */
export function logVarDrift(M: number, delta: number): number {
  return digamma((M - 1) / 2) + Math.log(2 / (M - delta));
}

/** E[log σ_g²] = log σ0² + g·drift (replace). */
export function expectedLogVar(g: number, M: number, delta: number, sigma0: number): number {
  return 2 * Math.log(sigma0) + g * logVarDrift(M, delta);
}

/** E[σ_g²] = σ0²·((M−1)/(M−δ))^g (replace). */
export function expectedVar(g: number, M: number, delta: number, sigma0: number): number {
  return sigma0 * sigma0 * Math.exp(g * Math.log((M - 1) / (M - delta)));
}

/**
 * Generations until the median σ halves: log σ_g² is a sum of g i.i.d. terms, so its median ≈ its mean and
 * median σ_g ≈ σ0·exp(g·drift/2); solving for σ0/2 gives ln 4 / (−drift) ≈ 0.69·M (δ = 0), 1.39·M (δ = 1).
 */
export function halvingGeneration(M: number, delta: number): number {
  return Math.log(4) / -logVarDrift(M, delta);
}

/** Mass of the fitted N(μ_g, σ_g²) farther than 3σ0 from its own mean: 2Φ(−3σ0/σ_g). */
export function tailMass(sigma: number, sigma0: number): number {
  return sigma > 0 ? 2 * normalCdf((-3 * sigma0) / sigma) : 0;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** N(μ, σ²) density at x; 0 rather than NaN or ∞ when σ has collapsed below what a double can hold. */
export function normalPdf(x: number, mu: number, sigma: number): number {
  if (!(sigma > 0)) return 0;
  const z = (x - mu) / sigma;
  const v = (INV_SQRT_2PI / sigma) * Math.exp(-0.5 * z * z);
  return Number.isFinite(v) ? v : 0;
}
