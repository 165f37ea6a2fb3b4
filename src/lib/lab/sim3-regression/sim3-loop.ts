/**
 * Sim 3's engine: one replicate of the linear-regression self-training loop (Gerstgrasser et al. 2024;
 * ToEdit, Zhu et al. 2025) under every mode, on a shared design X, truth w* and human noise — common
 * random numbers, so the modes differ only by what they train on.
 *
 * Generation 0 fits OLS to the human labels y_h = X w* + ε_0. Generation g ≥ 1 trains on labels built from
 * the previous model's predictions X ŵ_{g−1} plus fresh noise σ·ε_g:
 *   replace        every label is the model's;
 *   accumulate     the model's labels are stacked with every earlier generation's (and the human ones);
 *   edit-human     each label is the model's with probability η (fresh mask each generation), else human;
 *   edit-previous  each label is the model's with probability η, else the previous generation's label;
 *   toedit         a fresh, never-edited set of round(ρ_g·T) labels becomes the model's, ρ_g = ρ₁η^(g−1);
 *                  every other label keeps its previous value (the paper's disjoint edits).
 * The error is ‖ŵ_g − w*‖².
 */
import { labRng, subSeed, type LabRng } from '../../math/variates';
import { cholesky, choleskySolve, gram, times, transposeTimes, upperSolve } from './sim3-linear';

export const SIM3_MODES = ['replace', 'accumulate', 'edit-human', 'edit-previous', 'toedit'] as const;
export type Sim3Mode = (typeof SIM3_MODES)[number];

export interface Sim3Config {
  T: number;
  d: number;
  sigma: number;
  G: number;
  /** Edit probability of edit-human and edit-previous. */
  eta: number;
  /** ToEdit: first round's edited fraction ρ₁ and its decay η (ρ_g = ρ₁η^(g−1)). */
  rho1: number;
  decay: number;
}

/**
 * How many labels ToEdit edits in round g (g ≥ 1) before the never-edited pool runs out: ρ_g·T rounded
 * half to even (Python's round()). The reference simulation behind collapse-lab.md's fixtures rounded so;
 * with it this loop reproduces them to ±0.002, while Math.round (13 rather than 12 edits in round 2 at
 * T = 50) sits about 0.009 higher.
 */
export function toeditRoundSize(c: Pick<Sim3Config, 'T' | 'rho1' | 'decay'>, g: number): number {
  return roundHalfEven(c.rho1 * Math.pow(c.decay, g - 1) * c.T);
}

export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const rest = x - f;
  if (rest !== 0.5) return rest < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Runs replicate `rep` and writes each mode's error at g = 0..G into errors[mode] at offset rep·(G+1).
 * The replicate's design, truth and human noise come from stream (seed, rep); each mode's fresh noise and
 * masks from their own sub-stream, so the numbers of one mode do not depend on which others run.
 */
export function runReplicate(
  c: Sim3Config,
  seed: number,
  rep: number,
  modes: readonly Sim3Mode[],
  errors: Record<Sim3Mode, Float64Array>,
): void {
  const { T, d, sigma, G } = c;
  const repSeed = subSeed(seed, rep);
  const rng = labRng(repSeed);
  const X = new Float64Array(T * d);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal();
  const wStar = new Float64Array(d);
  const sd = 1 / Math.sqrt(d);
  for (let j = 0; j < d; j++) wStar[j] = sd * rng.normal();
  const yHuman = times(X, T, d, wStar, new Float64Array(T));
  for (let t = 0; t < T; t++) yHuman[t] += sigma * rng.normal();
  const L = cholesky(gram(X, T, d), d);

  const work = new Float64Array(d);
  const error = (w: Float64Array): number => {
    let e = 0;
    for (let j = 0; j < d; j++) e += (w[j] - wStar[j]) ** 2;
    return e;
  };
  /** ŵ = (XᵀX)⁻¹ b for b = Xᵀy, written into w. */
  const solveInto = (b: Float64Array, w: Float64Array): Float64Array => {
    w.set(b);
    return choleskySolve(L, d, w);
  };
  const bHuman = transposeTimes(X, T, d, yHuman, new Float64Array(d));
  const w0 = solveInto(bHuman, new Float64Array(d));
  const e0 = error(w0);
  const offset = rep * (G + 1);

  for (const mode of modes) {
    const m = labRng(subSeed(repSeed, SIM3_MODES.indexOf(mode) + 1));
    const out = errors[mode];
    out[offset] = e0;
    const w = Float64Array.from(w0);
    switch (mode) {
      case 'replace':
        // OLS(X ŵ + σε) = ŵ + (XᵀX)⁻¹Xᵀσε exactly, and given X that last term is N(0, σ²(XᵀX)⁻¹):
        // drawn as σ·L⁻ᵀz from d normals instead of T normals and a T×d product.
        for (let g = 1; g <= G; g++) {
          addFitNoise(m, w);
          out[offset + g] = error(w);
        }
        break;
      case 'accumulate': {
        // Stacking g+1 copies of X: ŵ_g = mean of the per-generation fits OLS(y_j), where
        // OLS(y_0) = ŵ_0 and OLS(y_j) = ŵ_{j−1} + (XᵀX)⁻¹Xᵀσε_j.
        const sum = Float64Array.from(w0);
        const target = new Float64Array(d);
        for (let g = 1; g <= G; g++) {
          target.set(w);
          addFitNoise(m, target);
          for (let j = 0; j < d; j++) {
            sum[j] += target[j];
            w[j] = sum[j] / (g + 1);
          }
          out[offset + g] = error(w);
        }
        break;
      }
      case 'edit-human':
      case 'edit-previous': {
        // Only edited rows change, so Xᵀy is updated row by row: Xᵀy_new = Xᵀy_base + Σ_edited x_t(new_t − base_t),
        // the base being the human labels (edit-human) or the previous generation's (edit-previous).
        const human = mode === 'edit-human';
        const labels = Float64Array.from(yHuman);
        const b = Float64Array.from(bHuman);
        for (let g = 1; g <= G; g++) {
          if (human) b.set(bHuman);
          for (let t = 0; t < T; t++) {
            if (m.uniform() >= c.eta) continue;
            const row = t * d;
            let predicted = 0;
            for (let j = 0; j < d; j++) predicted += X[row + j] * w[j];
            const label = predicted + sigma * m.normal();
            const change = label - (human ? yHuman[t] : labels[t]);
            if (!human) labels[t] = label;
            for (let j = 0; j < d; j++) b[j] += X[row + j] * change;
          }
          solveInto(b, w);
          out[offset + g] = error(w);
        }
        break;
      }
      case 'toedit': {
        const labels = Float64Array.from(yHuman);
        const b = Float64Array.from(bHuman);
        // Never-edited indices live in pool[0..left); a round swaps a random subset to the end of that range.
        const pool = Int32Array.from({ length: T }, (_, i) => i);
        let left = T;
        for (let g = 1; g <= G; g++) {
          const size = Math.min(left, toeditRoundSize(c, g));
          for (let k = 0; k < size; k++) {
            const pick = Math.floor(m.uniform() * left);
            const t = pool[pick];
            pool[pick] = pool[left - 1];
            pool[left - 1] = t;
            left--;
            const row = t * d;
            let predicted = 0;
            for (let j = 0; j < d; j++) predicted += X[row + j] * w[j];
            const label = predicted + sigma * m.normal();
            const change = label - labels[t];
            labels[t] = label;
            for (let j = 0; j < d; j++) b[j] += X[row + j] * change;
          }
          // Every edit of round g uses ŵ_{g−1}: w is only refitted after the round.
          if (size > 0) solveInto(b, w);
          out[offset + g] = error(w);
        }
        break;
      }
    }
  }

  function addFitNoise(m: LabRng, w: Float64Array): void {
    for (let j = 0; j < d; j++) work[j] = sigma * m.normal();
    upperSolve(L, d, work);
    for (let j = 0; j < d; j++) w[j] += work[j];
  }
}
