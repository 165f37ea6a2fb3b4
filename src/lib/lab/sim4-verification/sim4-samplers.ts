/**
 * Sim 4's samplers: one seeded run of each model that sim4-closed-forms.ts describes and solves — 4A by its
 * sufficient statistics, 4B example by example — so the Monte-Carlo curves can be drawn over the closed
 * forms.
 */
import { normalCdf } from '../../math/special';
import type { LabRng } from '../../math/variates';
import type { Mixture, Verifier } from './sim4-closed-forms';

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
