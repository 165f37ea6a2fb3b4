/**
 * Sim 4's closed forms (collapse-lab.md, Sim 4; Feng et al., "Beyond Model Collapse", ICLR 2025), for its
 * two models; sim4-samplers.ts draws runs of the same models.
 *
 * 4A, the exact Gaussian-mixture model: y = ±1, x = yμ + z with z ~ N(0, I_d) and μ = (‖μ‖, 0, …). A
 * generator flips each label with probability p; a verifier keeps a correct example with probability φ
 * and a wrong one with ψ, both independently of x. The student is ŵ = mean over kept examples of y′x; any
 * linear w has accuracy Φ(‖μ‖ w₁/‖w‖).
 *
 * 4B, the geometric view of a linear generator and a linear verifier: x ~ N(0, I_d), y = sign(w*·x). The
 * generator labels y′ = sign(ŵ_g·x), at angle θ_g from w* (error rate p = θ_g/π); the verifier keeps an
 * example when sign(ŵ_v·x) = y′ (its own accuracy 1 − θ_v/π). On kept examples y′ = (sign(ŵ_g·x) +
 * sign(ŵ_v·x))/2, so a student that averages y′x converges to the bisector ŵ_g + ŵ_v, with accuracy
 * 1 − angle(ŵ_g + ŵ_v, w*)/π.
 *
 * Assumption (4B): the generator's and the verifier's error directions are orthogonal (to each other and
 * to w*): ŵ_g = cos θ_g·e₁ + sin θ_g·e₂, ŵ_v = cos θ_v·e₁ + sin θ_v·e₃. Then ‖ŵ_g + ŵ_v‖² = 2 + 2 cos θ_g
 * cos θ_v and acc_∞ = 1 − arccos((cos θ_g + cos θ_v)/‖ŵ_g + ŵ_v‖)/π, the formula and fixtures of
 * collapse-lab.md. `errorCos` (cos of the angle between the two error directions) generalises it: 1 means
 * the verifier errs the same way as the generator, −1 the opposite way.
 */
import { normalCdf } from '../../math/special';

// ---- 4A: the Gaussian mixture --------------------------------------------------------------------------

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

// ---- 4B: a linear generator and verifier ---------------------------------------------------------------

/** cos of the angle between ŵ_g and ŵ_v. */
function cosBetween(thetaG: number, thetaV: number, errorCos: number): number {
  return Math.cos(thetaG) * Math.cos(thetaV) + Math.sin(thetaG) * Math.sin(thetaV) * errorCos;
}

/**
 * The student's limiting accuracy (angles in radians, in [0, π]). When ŵ_g + ŵ_v = 0 (opposite
 * directions) the kept set is empty and the student guesses: ½.
 */
export function geometryAccuracy(thetaG: number, thetaV: number, errorCos = 0): number {
  const norm = Math.sqrt(Math.max(0, 2 + 2 * cosBetween(thetaG, thetaV, errorCos)));
  if (!(norm > 1e-12)) return 0.5;
  const c = (Math.cos(thetaG) + Math.cos(thetaV)) / norm;
  return 1 - Math.acos(Math.min(1, Math.max(-1, c))) / Math.PI;
}

/** The generator's error angle at which the student breaks down (acc_∞ = ½): θ_g = π − θ_v. */
export function geometryBreakdown(thetaV: number): number {
  return Math.PI - thetaV;
}

/**
 * The verifier's rates against this generator, with orthogonal errors: φ = P(keep | correct),
 * ψ = P(keep | wrong), and p* = φ/(φ + ψ). Three Gaussian projections share a sign with probability
 * 1 − (θ₁₂ + θ₁₃ + θ₂₃)/(2π), which gives P(kept and correct) and P(kept and wrong). Here keeping depends
 * on x, so p* moves with the generator: it is a proxy, exact only where the keep decision is independent
 * of x given correctness (Sim 4A). It still marks the breakdown: p = p* exactly when θ_g + θ_v = π.
 */
export function geometryRates(
  thetaG: number,
  thetaV: number,
): { phi: number; psi: number; pStar: number | null; keepRate: number } {
  const gv = Math.acos(Math.min(1, Math.max(-1, cosBetween(thetaG, thetaV, 0))));
  const keptCorrect = Math.max(0, 1 - (thetaG + thetaV + gv) / (2 * Math.PI));
  const keptWrong = Math.max(0, 1 - (2 * Math.PI - thetaG - thetaV + gv) / (2 * Math.PI));
  const p = thetaG / Math.PI;
  const phi = p < 1 ? keptCorrect / (1 - p) : 0;
  const psi = p > 0 ? keptWrong / p : 0;
  return { phi, psi, pStar: phi + psi > 0 ? phi / (phi + psi) : null, keepRate: keptCorrect + keptWrong };
}
