/**
 * Axis ticks: positions and labels from d3's ticks and tick formats. On a log scale d3 returns every
 * 1..9 × 10^k tick; only the ones d3's format labels (powers of ten, or 1/2/5 on short domains) get a
 * label, the rest are drawn as minor marks so the axis stays readable.
 */
import { format as d3format } from 'd3-format';
import type { ContinuousScale } from './scales';

export interface Tick {
  value: number;
  /** Pixel position along the axis. */
  position: number;
  /** Empty for a minor (unlabelled) tick. */
  label: string;
}

export function isLogScale(scale: ContinuousScale): boolean {
  return 'base' in scale;
}

export function axisTicks(
  scale: ContinuousScale,
  count = 5,
  format?: string | ((v: number) => string),
): Tick[] {
  const ticks = scale.ticks(count);
  let label: (v: number) => string;
  if (typeof format === 'function') label = format;
  else if (isLogScale(scale)) {
    // d3's log tickFormat returns '' for the ticks it thins out; keep those as minor ticks.
    label = scale.tickFormat(count, format ?? '~g');
  } else label = format ? d3format(format) : scale.tickFormat(count);
  return ticks.map((value) => ({ value, position: scale(value), label: label(value) }));
}
