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

/**
 * Blanks labels that would run into the one before them (kept as minor marks), so a narrow axis — a log
 * axis over many decades on a phone — never prints "1,000" over "10,000". Widths are estimated from the
 * characters (no DOM here): `charWidth` px each, at least `gap` px between labels.
 */
export function thinLabels(ticks: readonly Tick[], charWidth = 6.2, gap = 4): Tick[] {
  let right = -Infinity;
  return [...ticks]
    .sort((a, b) => a.position - b.position)
    .map((t) => {
      if (!t.label) return t;
      const half = ([...t.label].length * charWidth) / 2;
      if (t.position - half < right + gap) return { ...t, label: '' };
      right = t.position + half;
      return t;
    });
}
