import { interpolateRdBu } from 'd3-scale-chromatic';
import { lab } from 'd3-color';
import { scaleDiverging } from 'd3-scale';

/**
 * Token colour by probability, on the log-odds scale: both tails of the U-shaped token-probability
 * distribution stay distinguishable (p = 0.99 vs 0.999 are as far apart as 0.01 vs 0.001), surprising tokens
 * are red, near-certain ones (what ToEdit resamples) blue, p = 0.5 neutral.
 */
export const LOGIT_LIMIT = Math.log(999); // colours saturate beyond p = 0.001 and p = 0.999

export function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

const scale = scaleDiverging((t: number) => interpolateRdBu(t))
  .domain([-LOGIT_LIMIT, 0, LOGIT_LIMIT])
  .clamp(true);

/** Background colour for a token with probability p (unscored tokens: neutral grey). */
export function probabilityColor(p: number): string {
  if (!Number.isFinite(p)) return '#d9d9d9';
  return scale(logit(Math.min(Math.max(p, 0), 1)));
}

/** Black or white text, whichever reads better on the background (CIELAB lightness). */
export function textColorOn(background: string): string {
  return lab(background).l < 55 ? '#ffffff' : '#111111';
}

/** Legend ticks: probabilities spaced evenly in log-odds. */
export const LEGEND_TICKS = [0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999];
