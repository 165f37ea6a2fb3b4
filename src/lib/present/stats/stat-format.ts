/**
 * Numbers as the statistics page shows them: a Maybe becomes its value or, when the engine said the data
 * cannot support it, the reason in words — never NaN or a meaningless 0.
 */
import { isInsufficient, type Maybe } from '../../stats/measures/statistic';
import type { Estimate, Interval, NullTest } from '../../stats/compare/compare-corpora';

export type Shown =
  | {
      ok: true;
      text: string;
      /** Smaller lines under the value: the plug-in value, the permutation test. */
      detail?: string[];
      /** How the numbers were computed, for a title. */
      title?: string;
    }
  | { ok: false; text: string; reason: string };

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

/** A p-value: two significant digits, and "≤" at the smallest value the re-splits can give. */
export function formatPValue(t: NullTest): string {
  const floor = 1 / (t.replicates + 1);
  return t.pValue <= floor * (1 + 1e-9)
    ? `p ≤ ${formatNumber(floor, 2)}`
    : `p = ${formatNumber(t.pValue, 2)}`;
}

/**
 * "0.1234 [0.1100, 0.1350]" with a second line "p = 0.01 · null 95 %: 0.0231" (and the plug-in value when
 * the estimate is bias-corrected). `around`: the test is of |value − around| (AUROC's ½), so the null's
 * quantile is shown as a band around it.
 */
export function showEstimate(
  e: Maybe<Estimate> | undefined,
  format: (v: number) => string = formatNumber,
  options: { around?: number; prefix?: string } = {},
): Shown {
  if (e === undefined) return { ok: false, text: 'n/a', reason: 'not computed' };
  if (isInsufficient(e)) return { ok: false, text: 'n/a', reason: e.insufficient };
  if (!Number.isFinite(e.value)) return { ok: false, text: 'n/a', reason: 'not a finite number' };
  const interval = formatInterval(e.interval, format);
  const prefix = options.prefix ?? '';
  const text = interval ? `${prefix}${format(e.value)} ${interval}` : `${prefix}${format(e.value)}`;
  const parts: string[] = [];
  const titles: string[] = [];
  if (e.plugin !== e.value) parts.push(`plug-in ${format(e.plugin)}`);
  if (isInsufficient(e.test)) titles.push(e.test.insufficient);
  else {
    const t = e.test;
    const level = `${Math.round(t.level * 100)} %`;
    const q = options.around === undefined ? format(t.quantile) : `${options.around} ± ${format(t.quantile)}`;
    parts.push(`${formatPValue(t)} · null ${level}: ${q}`);
    titles.push(`permutation null (${t.replicates} re-splits; mean ${format(t.mean)}): ${t.method}`);
  }
  if (isInsufficient(e.interval)) titles.unshift(e.interval.insufficient);
  else titles.unshift(`${Math.round(e.interval.level * 100)} % interval: ${e.interval.method}`);
  return { ok: true, text, detail: parts.length > 0 ? parts : undefined, title: titles.join('\n') };
}
