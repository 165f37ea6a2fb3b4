/**
 * The Zipf figure: counts sorted in decreasing order plotted against their rank on log–log axes. A
 * summary can hold 65 536 counts; the plot keeps every rank up to 100 and then log-spaced ranks (at most
 * `maxPoints`), which draws the same line, and the last rank so the tail's end shows.
 */
import type { ZipfFit } from '../stats/corpus-report';

export interface RankPoint {
  x: number;
  y: number;
}

export function rankFrequencyPoints(countsDescending: ArrayLike<number>, maxPoints = 400): RankPoint[] {
  const n = countsDescending.length;
  const out: RankPoint[] = [];
  if (n === 0) return out;
  const dense = Math.min(n, 100);
  for (let r = 1; r <= dense; r++) out.push({ x: r, y: countsDescending[r - 1] });
  if (n > dense) {
    const steps = Math.max(1, maxPoints - dense);
    const ratio = Math.pow(n / dense, 1 / steps);
    let last = dense;
    for (let k = 1; k <= steps; k++) {
      const r = Math.min(n, Math.round(dense * Math.pow(ratio, k)));
      if (r > last) {
        out.push({ x: r, y: countsDescending[r - 1] });
        last = r;
      }
    }
    if (last < n) out.push({ x: n, y: countsDescending[n - 1] });
  }
  return out;
}

/**
 * The fitted power law drawn on the rank–frequency plot. The MLE is for the frequency distribution,
 * P(f) ∝ f^(−α) for f ≥ xmin; in rank terms that is f(r) ∝ r^(−1/(α−1)). The line goes through the point
 * where the fitted tail ends — rank `tail`, frequency xmin — and rises with that slope to rank 1.
 */
export function zipfFitLine(fit: ZipfFit): RankPoint[] {
  if (!(fit.exponent > 1) || !(fit.tail >= 1) || !(fit.xmin >= 1)) return [];
  const slope = 1 / (fit.exponent - 1);
  return [
    { x: 1, y: fit.xmin * Math.pow(fit.tail, slope) },
    { x: fit.tail, y: fit.xmin },
  ];
}

/** The rank exponent s = 1/(α − 1) of a frequency exponent α (Zipf's s ≈ 1 for α ≈ 2). */
export function rankExponent(alpha: number): number {
  return 1 / (alpha - 1);
}
