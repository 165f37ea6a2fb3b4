/**
 * Numbers as the statistics page shows them: a Maybe becomes its value or, when the engine said the data
 * cannot support it, the reason in words — never NaN or a meaningless 0.
 */
import { isInsufficient, type Maybe } from '../stats/statistic';
import type { Estimate, Interval } from '../stats/compare-corpora';

export type Shown = { ok: true; text: string } | { ok: false; text: string; reason: string };

/** Significant digits for a statistic: 4 by default, fixed for shares. */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(digits - 1).replace('-', '−');
  const s = Number(x.toPrecision(digits)).toString();
  return s.startsWith('-') ? '−' + s.slice(1) : s;
}

/** A share (0.1234) as a percentage with `digits` decimals ("12.34 %"). */
export function formatShare(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)} %`;
}

export function showMaybe(x: Maybe<number> | undefined, format: (v: number) => string = formatNumber): Shown {
  if (x === undefined) return { ok: false, text: 'n/a', reason: 'not computed' };
  if (isInsufficient(x)) return { ok: false, text: 'n/a', reason: x.insufficient };
  if (!Number.isFinite(x)) return { ok: false, text: 'n/a', reason: 'not a finite number' };
  return { ok: true, text: format(x) };
}

export function formatInterval(i: Maybe<Interval>, format: (v: number) => string = formatNumber): string {
  if (isInsufficient(i)) return '';
  return `[${format(i.low)}, ${format(i.high)}]`;
}

/** "0.1234 [0.1100, 0.1350]" (the interval's level and method go in a title). */
export function showEstimate(
  e: Maybe<Estimate> | undefined,
  format: (v: number) => string = formatNumber,
): Shown {
  if (e === undefined) return { ok: false, text: 'n/a', reason: 'not computed' };
  if (isInsufficient(e)) return { ok: false, text: 'n/a', reason: e.insufficient };
  const interval = formatInterval(e.interval, format);
  return { ok: true, text: interval ? `${format(e.value)} ${interval}` : format(e.value) };
}
