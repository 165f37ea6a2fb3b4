/**
 * Sim 4B: the geometric view of a linear generator and a linear verifier (collapse-lab.md, Feng et al.).
 *
 * x ~ N(0, I_d), y = sign(w*·x). The generator labels y′ = sign(ŵ_g·x), at angle θ_g from w* (error rate
 * p = θ_g/π); the verifier keeps an example when sign(ŵ_v·x) = y′ (its own accuracy 1 − θ_v/π). On kept
 * examples y′ = (sign(ŵ_g·x) + sign(ŵ_v·x))/2, so a student that averages y′x converges to the bisector
 * ŵ_g + ŵ_v, with accuracy 1 − angle(ŵ_g + ŵ_v, w*)/π.
 *
 * Assumption: the generator's and the verifier's error directions are orthogonal (to each other and to
 * w*): ŵ_g = cos θ_g·e₁ + sin θ_g·e₂, ŵ_v = cos θ_v·e₁ + sin θ_v·e₃. Then ‖ŵ_g + ŵ_v‖² = 2 + 2 cos θ_g cos θ_v
 * and acc_∞ = 1 − arccos((cos θ_g + cos θ_v)/‖ŵ_g + ŵ_v‖)/π, the formula and fixtures of collapse-lab.md.
 * `errorCos` (cos of the angle between the two error directions) generalises it: 1 means the verifier
 * errs the same way as the generator, −1 the opposite way.
 */
import type { LabRng } from '../math/variates';

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

/**
 * A student trained on n generated examples in d ≥ 3 dimensions (orthogonal errors, or `errorCos`):
 * ŵ = Σ over kept of y′x (the scale does not matter), accuracy 1 − angle(ŵ, w*)/π. Only the first three
 * coordinates carry signal; the other d − 3 add noise to ŵ, drawn as one χ² per run.
 */
export function sampleGeometryAccuracy(
  rng: LabRng,
  n: number,
  thetaG: number,
  thetaV: number,
  d = 3,
  errorCos = 0,
): number {
  const g = [Math.cos(thetaG), Math.sin(thetaG), 0];
  // ŵ_v in the (e₁, e₂, e₃) frame: its error part at angle ω from the generator's.
  const s = Math.sqrt(Math.max(0, 1 - errorCos * errorCos));
  const v = [Math.cos(thetaV), Math.sin(thetaV) * errorCos, Math.sin(thetaV) * s];
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const x0 = rng.normal();
    const x1 = rng.normal();
    const x2 = rng.normal();
    const label = g[0] * x0 + g[1] * x1 + g[2] * x2 >= 0 ? 1 : -1;
    const check = v[0] * x0 + v[1] * x1 + v[2] * x2 >= 0 ? 1 : -1;
    if (label !== check) continue;
    w0 += label * x0;
    w1 += label * x1;
    w2 += label * x2;
    kept++;
  }
  // Coordinates 4..d of Σ y′x are a sum of `kept` independent N(0, 1): their squared norm is χ²·kept.
  const rest = d > 3 && kept > 0 ? rng.chiSquare(d - 3) * kept : 0;
  const norm = Math.sqrt(w0 * w0 + w1 * w1 + w2 * w2 + rest);
  if (!(norm > 0)) return 0.5;
  return 1 - Math.acos(Math.min(1, Math.max(-1, w0 / norm))) / Math.PI;
}
