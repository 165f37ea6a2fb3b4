/**
 * A range of token probabilities, shared by the statistics page's histogram brush and the text page's
 * token view (linked brushing), and the ranges ToEdit touches for a config, so "the p > τ bar" is exactly
 * what editing flags: the same comparisons as src/lib/toedit/flags.ts decide().
 */
import type { ToEditConfig } from '../../toedit/config';

export interface ProbabilityRange {
  lo: number;
  hi: number;
  /** p > lo rather than p ≥ lo. */
  loOpen: boolean;
  /** p < hi rather than p ≤ hi. */
  hiOpen: boolean;
}

export function inRange(p: number, r: ProbabilityRange): boolean {
  if (Number.isNaN(p)) return false;
  return (r.loOpen ? p > r.lo : p >= r.lo) && (r.hiOpen ? p < r.hi : p <= r.hi);
}

/**
 * A range covering whole histogram bins [lo, hi): half-open like the bins, except that a range reaching
 * the top of [0, 1] includes p = 1 (the last bin is closed).
 */
export function binRange(lo: number, hi: number): ProbabilityRange {
  return { lo, hi, loOpen: false, hiOpen: hi < 1 };
}

/** The probabilities a ToEdit config revises or deletes, as ranges (the same comparisons as decide()). */
export function editRanges(
  config: Pick<ToEditConfig, 'rule' | 'tau' | 'dropBelow'>,
): { action: 'revise' | 'delete'; range: ProbabilityRange }[] {
  const above = { lo: config.tau, hi: 1, loOpen: true, hiOpen: false };
  const drop = { lo: 0, hi: config.dropBelow, loOpen: false, hiOpen: true };
  switch (config.rule) {
    case 'above':
      return [{ action: 'revise', range: above }];
    case 'at-least':
      return [{ action: 'revise', range: { ...above, loOpen: false } }];
    case 'at-most':
      return [{ action: 'revise', range: { lo: 0, hi: config.tau, loOpen: false, hiOpen: false } }];
    case 'low_drop_up_revise':
      return [
        { action: 'delete', range: drop },
        { action: 'revise', range: above },
      ];
    case 'filtering':
      return [{ action: 'delete', range: drop }];
  }
}

/** "p > 0.99", "0.2 ≤ p < 0.3", … */
export function describeRange(r: ProbabilityRange, digits = 3): string {
  const f = (v: number) => String(Number(v.toFixed(digits)));
  if (r.lo <= 0 && !r.loOpen) return `p ${r.hiOpen ? '<' : '≤'} ${f(r.hi)}`;
  if (r.hi >= 1 && !r.hiOpen) return `p ${r.loOpen ? '>' : '≥'} ${f(r.lo)}`;
  return `${f(r.lo)} ${r.loOpen ? '<' : '≤'} p ${r.hiOpen ? '<' : '≤'} ${f(r.hi)}`;
}
