/**
 * Sim 4A: verification's phase transition in the exact Gaussian-mixture model (Feng et al., "Beyond Model
 * Collapse", ICLR 2025; collapse-lab.md).
 *
 * y = ±1, x = yμ + z with z ~ N(0, I_d) and μ = (‖μ‖, 0, …). A generator flips each label with probability
 * p; a verifier keeps a correct example with probability φ and a wrong one with ψ, both independently of x.
 * The student is ŵ = mean over kept examples of y′x; any linear w has accuracy Φ(‖μ‖ w₁/‖w‖).
 */
import type { LabRng } from '../math/variates';
import { normalCdf } from '../math/special';

export interface Verifier {
  /** P(keep | correct). */
  phi: number;
  /** P(keep | wrong). */
  psi: number;
}

/** The mixture's shape: dimension d and signal strength ‖μ‖. */
export interface Mixture {
  d: number;
  mu: number;
}

export const VERIFIER_PRESETS = {
  none: { label: 'no verifier (keep all)', phi: 1, psi: 1 },
  random: { label: 'random filter', phi: 0.3, psi: 0.3 },
  weak: { label: 'weak', phi: 0.8, psi: 0.5 },
  good: { label: 'good', phi: 0.9, psi: 0.1 },
  oracle: { label: 'oracle', phi: 1, psi: 0 },
  adversarial: { label: 'adversarial', phi: 0.5, psi: 0.8 },
} as const;

export type VerifierPreset = keyof typeof VERIFIER_PRESETS;

/** Breakdown point p* = φ/(φ + ψ); undefined (null) for a verifier that keeps nothing. */
export function breakdownPoint({ phi, psi }: Verifier): number | null {
  return phi + psi > 0 ? phi / (phi + psi) : null;
}

/** λ = (1−p)φ − pψ (net share of correct kept examples) and α = (1−p)φ + pψ (share kept). */
export function keptShares(p: number, { phi, psi }: Verifier): { lambda: number; alpha: number } {
  return { lambda: (1 - p) * phi - p * psi, alpha: (1 - p) * phi + p * psi };
}

/** Effective clean sample size n·λ²/α: 0 when nothing is kept. */
export function effectiveSampleSize(n: number, p: number, v: Verifier): number {
  const { lambda, alpha } = keptShares(p, v);
  return alpha > 0 ? (n * lambda * lambda) / alpha : 0;
}

/**
 * Closed form: acc_n ≈ Φ(‖μ‖·sign(λ) / sqrt(1 + dα/(n‖μ‖²λ²))); ½ when λ = 0 (or nothing is kept).
 * Written as Φ(‖μ‖·λ / sqrt(λ² + dα/(n‖μ‖²))), which is the same and has no 0/0 at λ = 0.
 */
export function closedFormAccuracy(n: number, p: number, v: Verifier, { d, mu }: Mixture): number {
  const { lambda, alpha } = keptShares(p, v);
  const denominator = Math.sqrt(lambda * lambda + (d * alpha) / (n * mu * mu));
  return denominator > 0 ? normalCdf((mu * lambda) / denominator) : 0.5;
}

/** n → ∞: Φ(‖μ‖) below p*, ½ at p*, 1 − Φ(‖μ‖) above. */
export function limitAccuracy(p: number, v: Verifier, { mu }: Mixture): number {
  const { lambda } = keptShares(p, v);
  return lambda > 0 ? normalCdf(mu) : lambda < 0 ? normalCdf(-mu) : 0.5;
}

/**
 * One run of the student's accuracy by its sufficient statistics, O(1) draws whatever n and d:
 * n_c ~ Bin(n, 1−p), k_c ~ Bin(n_c, φ), k_w ~ Bin(n − n_c, ψ), m = k_c + k_w;
 * w₁ = ((k_c − k_w)‖μ‖ + √m·Z)/m, w⊥² = χ²_{d−1}/m, acc = Φ(‖μ‖ w₁ / √(w₁² + w⊥²)).
 * With nothing kept (m = 0) the student has no data and guesses: ½.
 */
export function sampleAccuracy(rng: LabRng, n: number, p: number, v: Verifier, { d, mu }: Mixture): number {
  const correct = rng.binomial(n, 1 - p);
  const keptCorrect = rng.binomial(correct, v.phi);
  const keptWrong = rng.binomial(n - correct, v.psi);
  const m = keptCorrect + keptWrong;
  if (m === 0) return 0.5;
  const w1 = ((keptCorrect - keptWrong) * mu + Math.sqrt(m) * rng.normal()) / m;
  const wPerp2 = d > 1 ? rng.chiSquare(d - 1) / m : 0;
  const norm = Math.sqrt(w1 * w1 + wPerp2);
  return norm > 0 ? normalCdf((mu * w1) / norm) : 0.5;
}
