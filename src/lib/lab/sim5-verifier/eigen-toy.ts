/**
 * Sim 5's built-in toy: a generator proposes the eigenvalues of random symmetric matrices, sometimes
 * wrongly, and a verifier checks them with invariants that are cheap to compute from the matrix itself:
 *
 *   trace:      Σ λ_i = tr A                 (misses a "pair" mistake, +δ and −δ, which keeps the sum)
 *   Frobenius:  Σ λ_i² = ‖A‖_F² = Σ a_ij²    (misses a flipped sign, λ → −λ, which keeps the squares)
 *   det sign:   sign Π λ_i = sign det A      (optional; catches a flipped sign of a non-zero λ)
 *
 * Each check is computed to some relative precision; the verifier's score is how many digits both agree
 * to, and it keeps a candidate whose score reaches the tolerance. Ground truth is known — the eigenvalues
 * come from the Jacobi method — so every candidate is labelled correct or not, which is what Sim 5 needs:
 * small mistakes slip through (ψ > 0) and a tight tolerance rejects correct but rounded answers (φ < 1).
 *
 * Eigenvalues and determinants are hand-written: the project has no linear-algebra dependency, and for
 * matrices of at most 8×8 the cyclic Jacobi method and Gaussian elimination are a few lines each.
 */
import type { LabRng } from '../../math/variates';

export type Mistake = 'none' | 'shift' | 'pair' | 'sign';

export interface EigenToyOptions {
  /** Matrix size k (2..8). */
  size: number;
  candidates: number;
  /** Probability that the generator makes a mistake. */
  errorRate: number;
  /** Whether the verifier also compares the sign of the determinant. */
  detCheck: boolean;
}

export interface EigenCandidate {
  /** True eigenvalues, ascending. */
  truth: Float64Array;
  /** The generator's proposal (same order as truth before the mistake). */
  proposal: Float64Array;
  mistake: Mistake;
  /** Every proposed eigenvalue within CORRECT_WITHIN·s of the truth (s = RMS eigenvalue). */
  correct: boolean;
  /** |Σλ̂ − tr A| / ‖A‖_F. */
  traceResidual: number;
  /** |Σλ̂² − ‖A‖_F²| / ‖A‖_F². */
  frobeniusResidual: number;
  detSignAgrees: boolean;
  /** Digits both invariants agree to (0 when the det check is on and the sign disagrees). */
  score: number;
}

/** A proposal is correct when every eigenvalue is within 1 % of the RMS eigenvalue. */
export const CORRECT_WITHIN = 0.01;
/** The generator's rounding noise on every eigenvalue, relative to the RMS eigenvalue. */
export const NOISE = 0.002;
/** Scores are capped here (floating-point agreement beyond this is not informative). */
export const MAX_DIGITS = 12;

/** A k×k symmetric matrix (row-major) with independent N(0, 1) entries on and above the diagonal. */
export function randomSymmetric(rng: LabRng, k: number): Float64Array {
  const a = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) a[i * k + j] = a[j * k + i] = rng.normal();
  }
  return a;
}

/** Eigenvalues of a symmetric k×k matrix (row-major), ascending: cyclic Jacobi rotations. */
export function symmetricEigenvalues(matrix: ArrayLike<number>, k: number): Float64Array {
  const a = Float64Array.from(matrix);
  let total = 0;
  for (let i = 0; i < k * k; i++) total += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p * k + q] * a[p * k + q];
    if (off <= 1e-30 * total) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (apq === 0) continue;
        // The rotation that zeroes a_pq (Numerical Recipes' stable form of tan θ).
        const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p];
          const arq = a[r * k + q];
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r];
          const aqr = a[q * k + r];
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
      }
    }
  }
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) out[i] = a[i * k + i];
  return out.sort();
}

/** det A by Gaussian elimination with partial pivoting. */
export function determinant(matrix: ArrayLike<number>, k: number): number {
  const a = Float64Array.from(matrix);
  let det = 1;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r * k + col]) > Math.abs(a[pivot * k + col])) pivot = r;
    if (a[pivot * k + col] === 0) return 0;
    if (pivot !== col) {
      for (let c = 0; c < k; c++) [a[col * k + c], a[pivot * k + c]] = [a[pivot * k + c], a[col * k + c]];
      det = -det;
    }
    const d = a[col * k + col];
    det *= d;
    for (let r = col + 1; r < k; r++) {
      const f = a[r * k + col] / d;
      for (let c = col; c < k; c++) a[r * k + c] -= f * a[col * k + c];
    }
  }
  return det;
}

/** A mistake's size relative to the RMS eigenvalue: log-uniform from 0.5 % to 200 %, either sign. */
function mistakeSize(rng: LabRng): number {
  const size = 10 ** (-2.3 + 2.6 * rng.uniform());
  return rng.uniform() < 0.5 ? -size : size;
}

/** One candidate: a fresh matrix, the generator's proposal, ground truth and the verifier's checks. */
export function eigenCandidate(rng: LabRng, options: EigenToyOptions): EigenCandidate {
  const k = options.size;
  const a = randomSymmetric(rng, k);
  const truth = symmetricEigenvalues(a, k);
  let frob2 = 0;
  let trace = 0;
  for (let i = 0; i < k; i++) trace += a[i * k + i];
  for (let i = 0; i < k * k; i++) frob2 += a[i] * a[i];
  const rms = Math.sqrt(frob2 / k);

  const proposal = Float64Array.from(truth, (x) => x + NOISE * rms * rng.normal());
  let mistake: Mistake = 'none';
  if (rng.uniform() < options.errorRate) {
    const kinds: Mistake[] = ['shift', 'pair', 'sign'];
    mistake = kinds[Math.floor(rng.uniform() * 3)];
    const i = Math.floor(rng.uniform() * k);
    if (mistake === 'shift') proposal[i] += mistakeSize(rng) * rms;
    else if (mistake === 'sign') proposal[i] = -proposal[i];
    else {
      const j = (i + 1 + Math.floor(rng.uniform() * (k - 1))) % k;
      const delta = mistakeSize(rng) * rms;
      proposal[i] += delta;
      proposal[j] -= delta;
    }
  }

  // Correct: the proposal, as a set, matches the truth (compare sorted).
  const sorted = proposal.slice().sort();
  let worst = 0;
  for (let i = 0; i < k; i++) worst = Math.max(worst, Math.abs(sorted[i] - truth[i]));
  const correct = worst <= CORRECT_WITHIN * rms;

  let sum = 0;
  let sumSq = 0;
  let product = 1;
  for (const x of proposal) {
    sum += x;
    sumSq += x * x;
    product *= x;
  }
  const traceResidual = Math.abs(sum - trace) / Math.sqrt(frob2);
  const frobeniusResidual = Math.abs(sumSq - frob2) / frob2;
  const detSignAgrees = Math.sign(product) === Math.sign(determinant(a, k));
  const worstResidual = Math.max(traceResidual, frobeniusResidual, 10 ** -MAX_DIGITS);
  const digits = Math.min(MAX_DIGITS, Math.max(0, -Math.log10(worstResidual)));
  const score = options.detCheck && !detSignAgrees ? 0 : digits;
  return { truth, proposal, mistake, correct, traceResidual, frobeniusResidual, detSignAgrees, score };
}

export function eigenCandidates(rng: LabRng, options: EigenToyOptions): EigenCandidate[] {
  return Array.from({ length: options.candidates }, () => eigenCandidate(rng, options));
}
