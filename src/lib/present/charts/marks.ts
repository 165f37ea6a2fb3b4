/**
 * Mark geometry: pure functions from data and scales to pixel coordinates and SVG path strings, so the
 * Svelte components only draw, and the geometry is tested (and snapshotted) without a DOM. Non-finite
 * values never reach a coordinate: they are skipped (bars) or break the line (paths).
 */
import { area, curveStepAfter, line } from 'd3-shape';
import type { ContinuousScale } from './scales';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A bin [x0, x1) with a value (count or share). */
export interface Bin {
  x0: number;
  x1: number;
  value: number;
}

/** Bins from fixed edges and values (edges.length = values.length + 1). */
export function binsFromEdges(edges: ArrayLike<number>, values: ArrayLike<number>): Bin[] {
  if (edges.length !== values.length + 1) {
    throw new RangeError(`${edges.length} edges for ${values.length} values: need one more edge than values`);
  }
  return Array.from({ length: values.length }, (_, i) => ({
    x0: edges[i],
    x1: edges[i + 1],
    value: values[i],
  }));
}

/**
 * Rectangles for bins, from the baseline (y = 0 on a linear scale, the bottom of the range on a log scale)
 * up to the value. Bins with a non-finite value, or a value ≤ 0 on a log scale, get no rectangle; a bin
 * outside the x domain is clipped to the domain. `gap` pixels are left between neighbouring bars.
 */
export function binRects(
  bins: readonly Bin[],
  x: ContinuousScale,
  y: ContinuousScale,
  gap = 0,
): (Rect & { bin: Bin })[] {
  const [xMin, xMax] = x
    .range()
    .slice()
    .sort((a, b) => a - b);
  const log = 'base' in y;
  const base = log ? Math.max(...y.range()) : y(0);
  const out: (Rect & { bin: Bin })[] = [];
  for (const bin of bins) {
    if (!Number.isFinite(bin.value) || (log && bin.value <= 0)) continue;
    const a = Math.max(xMin, Math.min(x(bin.x0), x(bin.x1)));
    const b = Math.min(xMax, Math.max(x(bin.x0), x(bin.x1)));
    if (!(b > a)) continue;
    const top = y(bin.value);
    const width = Math.max(0, b - a - gap);
    out.push({ x: a + gap / 2, y: Math.min(top, base), width, height: Math.abs(base - top), bin });
  }
  return out;
}

/**
 * A histogram's outline as one step path: up each bin's left edge, along its top, down at its right edge.
 * Overlaid corpora read better as outlines than as opaque bars. Returns the line and the closed area.
 */
export function stepPaths(
  bins: readonly Bin[],
  x: ContinuousScale,
  y: ContinuousScale,
): { line: string; area: string } {
  const log = 'base' in y;
  const ok = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const base = log ? Math.max(...y.range()) : y(0);
  // Points at each left edge, plus the last right edge, drawn with a step-after curve.
  const points: { x: number; v: number }[] = [];
  for (const b of bins) points.push({ x: b.x0, v: b.value });
  if (bins.length > 0) points.push({ x: bins[bins.length - 1].x1, v: bins[bins.length - 1].value });
  const l = line<{ x: number; v: number }>()
    .defined((p) => ok(p.v))
    .curve(curveStepAfter)
    .x((p) => x(p.x))
    .y((p) => y(p.v));
  const a = area<{ x: number; v: number }>()
    .defined((p) => ok(p.v))
    .curve(curveStepAfter)
    .x((p) => x(p.x))
    .y0(base)
    .y1((p) => y(p.v));
  return { line: l(points) ?? '', area: a(points) ?? '' };
}

export interface BandPoint {
  x: number;
  y: number;
  /** Optional interval (bootstrap, quantile band). */
  lo?: number;
  hi?: number;
}

/** A line through (x, y) and, where lo/hi are given, the band between them; gaps at non-finite values. */
export function bandLinePaths(
  points: readonly BandPoint[],
  x: ContinuousScale,
  y: ContinuousScale,
): { line: string; band: string } {
  const logX = 'base' in x;
  const logY = 'base' in y;
  const okX = (v: number) => Number.isFinite(v) && (!logX || v > 0);
  const okY = (v: number | undefined): v is number =>
    v !== undefined && Number.isFinite(v) && (!logY || v > 0);
  const l = line<BandPoint>()
    .defined((p) => okX(p.x) && okY(p.y))
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  const hasBand = points.some((p) => okY(p.lo) && okY(p.hi));
  const a = area<BandPoint>()
    .defined((p) => okX(p.x) && okY(p.lo) && okY(p.hi))
    .x((p) => x(p.x))
    .y0((p) => y(p.lo!))
    .y1((p) => y(p.hi!));
  return { line: l(points as BandPoint[]) ?? '', band: hasBand ? (a(points as BandPoint[]) ?? '') : '' };
}

/**
 * Many values (10 000 hashed buckets) drawn as one area: each pixel column keeps the largest value of the
 * items that fall in it (the shape of the spikes is what the eye compares), so the path has at most one
 * point per pixel whatever the item count. `values[i]` sits at x = i (or at `xs[i]`). Items outside the x
 * range are left out. Runs in the page on every resize, so it avoids a scale call per item where the
 * mapping is affine, and keeps the columns in a typed array.
 */
export function envelopePath(
  values: ArrayLike<number>,
  x: ContinuousScale,
  y: ContinuousScale,
  xs?: ArrayLike<number>,
): { line: string; area: string; columns: number } {
  const logY = 'base' in y;
  const base = logY ? Math.max(...y.range()) : y(0);
  const [r0, r1] = x.range();
  const left = Math.round(Math.min(r0, r1));
  const width = Math.round(Math.max(r0, r1)) - left + 1;
  const best = new Float64Array(Math.max(0, width)).fill(NaN);
  const affine = !xs && !('base' in x);
  const [d0, d1] = x.domain();
  const slope = affine ? (r1 - r0) / (d1 - d0) : 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (logY && v <= 0)) continue;
    const px = Math.round(affine ? r0 + slope * (i - d0) : x(xs ? xs[i] : i)) - left;
    if (!(px >= 0 && px < width)) continue;
    if (!(best[px] >= v)) best[px] = v; // NaN (empty column) compares false
  }
  const points: string[] = [];
  let first = -1;
  let last = -1;
  for (let k = 0; k < width; k++) {
    if (Number.isNaN(best[k])) continue;
    if (first < 0) first = k;
    last = k;
    points.push(`${k + left},${round2(y(best[k]))}`);
  }
  if (points.length === 0) return { line: '', area: '', columns: 0 };
  const line = 'M' + points.join('L');
  const area = `M${first + left},${round2(base)}L${points.join('L')}L${last + left},${round2(base)}Z`;
  return { line, area, columns: points.length };
}

/** Grouped bars: one group per category (band), one bar per series inside it. */
export function groupedBarRects(
  categories: number,
  series: number,
  value: (category: number, series: number) => number,
  plot: { left: number; right: number },
  y: ContinuousScale,
  padding = 0.2,
): (Rect & { category: number; series: number; value: number })[] {
  const out: (Rect & { category: number; series: number; value: number })[] = [];
  if (categories <= 0 || series <= 0) return out;
  const band = (plot.right - plot.left) / categories;
  const inner = band * (1 - padding);
  const bar = inner / series;
  const log = 'base' in y;
  const base = log ? Math.max(...y.range()) : y(0);
  for (let c = 0; c < categories; c++) {
    for (let s = 0; s < series; s++) {
      const v = value(c, s);
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      const top = y(v);
      out.push({
        x: plot.left + c * band + (band - inner) / 2 + s * bar,
        y: Math.min(top, base),
        width: bar,
        height: Math.abs(base - top),
        category: c,
        series: s,
        value: v,
      });
    }
  }
  return out;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Rounds every number in an SVG path or attribute string to `digits` decimals (for snapshots). */
export function roundNumbers(text: string, digits = 3): string {
  const f = 10 ** digits;
  return text.replace(/-?\d+\.\d+(e-?\d+)?/g, (m) => {
    const r = Math.round(Number(m) * f) / f;
    return String(Object.is(r, -0) ? 0 : r);
  });
}
