/**
 * Scale specifications for the chart frame: d3 builds the scale; this module only decides the domain
 * (padding, nice, and a log domain that never includes 0 or a negative number, where log is undefined).
 */
import { scaleLinear, scaleLog, type ScaleLinear, type ScaleLogarithmic } from 'd3-scale';

export type ScaleType = 'linear' | 'log';

export interface ScaleSpec {
  type?: ScaleType;
  /** [min, max] in data units. For 'log', non-positive or non-finite ends are replaced (see logDomain). */
  domain: readonly [number, number];
  /** Round the ends to nice tick values (d3's nice()). Default true. */
  nice?: boolean;
  /** Flip the range (top to bottom for y). */
  reverse?: boolean;
}

export type ContinuousScale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

/** A usable linear domain: finite ends, and a non-empty span (a single value gets ±1, or ±10 %). */
export function linearDomain(domain: readonly [number, number]): [number, number] {
  let [lo, hi] = domain;
  if (!Number.isFinite(lo) && !Number.isFinite(hi)) return [0, 1];
  if (!Number.isFinite(lo)) lo = hi;
  if (!Number.isFinite(hi)) hi = lo;
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/**
 * A usable log domain: both ends finite and > 0. A lower end ≤ 0 (counts of zero, p = 0) is replaced by
 * `floor` (default: the upper end / 1000, at most 1), so zero counts fall off the bottom instead of
 * producing −∞ coordinates.
 */
export function logDomain(domain: readonly [number, number], floor?: number): [number, number] {
  let [lo, hi] = domain;
  if (lo > hi) [lo, hi] = [hi, lo];
  if (!(Number.isFinite(hi) && hi > 0)) return [1, 10];
  if (!(Number.isFinite(lo) && lo > 0)) lo = floor ?? Math.min(1, hi / 1000);
  if (lo >= hi) return [lo / 10, hi * 10];
  return [lo, hi];
}

export function makeScale(spec: ScaleSpec, range: readonly [number, number]): ContinuousScale {
  const r: [number, number] = spec.reverse ? [range[1], range[0]] : [range[0], range[1]];
  const nice = spec.nice ?? true;
  if (spec.type === 'log') {
    const s = scaleLog().domain(logDomain(spec.domain)).range(r);
    return nice ? s.nice() : s;
  }
  const s = scaleLinear().domain(linearDomain(spec.domain)).range(r);
  return nice ? s.nice() : s;
}

/** The extent of many series' finite values (log: positive values only); undefined when there are none. */
export function extentOf(values: Iterable<number>, type: ScaleType = 'linear'): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (type === 'log' && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}
