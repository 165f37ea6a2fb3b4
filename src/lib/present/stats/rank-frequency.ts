/**
 * The Zipf figure's reference line. The fit (zipf.ts) is made on the report's seeded sample while the plot
 * shows the whole corpus's rank–frequency curve, so the fit is drawn as its slope, not its intercept: a
 * line f(r) = f(r₀)·(r/r₀)^(−s) with the fitted rank exponent s, through the curve's point at rank r₀,
 * from rank 1 down to frequency 1.
 */
export interface RankPoint {
  x: number;
  y: number;
}

export function slopeLine(curve: readonly RankPoint[], rankExponent: number, anchorRank = 10): RankPoint[] {
  if (!(rankExponent > 0) || !Number.isFinite(rankExponent) || curve.length === 0) return [];
  const anchor = curve.find((p) => p.x >= anchorRank) ?? curve[curve.length - 1];
  if (!(anchor.y > 0)) return [];
  const at = (r: number) => anchor.y * Math.pow(r / anchor.x, -rankExponent);
  // Where the line reaches frequency 1, capped at the curve's last rank.
  const last = Math.min(curve[curve.length - 1].x, anchor.x * Math.pow(anchor.y, 1 / rankExponent));
  if (!(last > 1)) return [];
  return [
    { x: 1, y: at(1) },
    { x: last, y: at(last) },
  ];
}
