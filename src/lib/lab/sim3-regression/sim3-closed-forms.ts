/**
 * Sim 3's closed forms (collapse-lab.md, Sim 3) and the ToEdit paper's bounds (toedit.md): the error unit
 * V of one least-squares fit, replace's linear growth, accumulate's bounded sum, edit-human's mean-field
 * level, Theorem 1's curve and Theorem 2's decaying-edits bound.
 */
import type { Sim3Params } from './sim3-params';

/** V = σ²d/(T − d − 1): the expected error of one OLS fit, the unit of every curve. */
export function errorUnit(p: Pick<Sim3Params, 'T' | 'd' | 'sigma'>): number {
  return (p.sigma * p.sigma * p.d) / (p.T - p.d - 1);
}

/** replace: E_g = (g + 1)·V. */
export function replaceError(g: number, V: number): number {
  return (g + 1) * V;
}

/** accumulate: E_g = V·Σ_{k=1}^{g+1} 1/k² ≤ (π²/6)·V. */
export function accumulateError(g: number, V: number): number {
  let s = 0;
  for (let k = g + 1; k >= 1; k--) s += 1 / (k * k);
  return V * s;
}

/**
 * edit-human(η), mean-field: treating (XᵀX)⁻¹XᵀD X as ηI (D the edit mask), e_g = ηe_{g−1} + fresh noise
 * + the human noise the kept labels carry, which gives E_g ≈ V·[1 + (1 − η^{2g})(2η − η²)/(1 − η²)],
 * stationary V·(1 + 2η − 2η²)/(1 − η²) (η = 0.5 → 2V). Exact as T → ∞; at T = 100, d = 10 the
 * simulation sits about 1 % lower.
 */
export function editHumanError(g: number, V: number, eta: number): number {
  if (eta >= 1) return replaceError(g, V);
  return V * (1 + ((1 - Math.pow(eta, 2 * g)) * (2 * eta - eta * eta)) / (1 - eta * eta));
}

export function editHumanStationary(V: number, eta: number): number {
  return (V * (1 + 2 * eta - 2 * eta * eta)) / (1 - eta * eta);
}

/** ToEdit Theorem 1 (toedit.md): base·(1 + Σ_{i≤g} ρ_i) with ρ_i = ρ₁η^(i−1). */
export function theorem1(g: number, base: number, rho1: number, decay: number): number {
  const sum = decay === 1 ? rho1 * g : (rho1 * (1 - Math.pow(decay, g))) / (1 - decay);
  return base * (1 + sum);
}

/** E tr((XᵀX)⁻²) = d(T−1)/((T−d)(T−d−1)(T−d−3)), finite for T > d + 3. */
export function expectedTraceInverseSquared(T: number, d: number): number {
  return (d * (T - 1)) / ((T - d) * (T - d - 1) * (T - d - 3));
}

/** Theorem 2's decaying-edits bound: base + σ²·sqrt(E tr((XᵀX)⁻²))·sqrt(ρ₁T)/(1 − η); null when T ≤ d + 3. */
export function decayingBound(p: Pick<Sim3Params, 'T' | 'd' | 'sigma' | 'rho1' | 'decay'>): number | null {
  if (p.T <= p.d + 3) return null;
  const base = errorUnit(p);
  return (
    base +
    (p.sigma * p.sigma * Math.sqrt(expectedTraceInverseSquared(p.T, p.d)) * Math.sqrt(p.rho1 * p.T)) /
      (1 - p.decay)
  );
}
