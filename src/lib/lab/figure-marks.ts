/**
 * From a simulation's Figure to what the chart draws: a colour per group, a line style per kind
 * (simulated solid with its band, closed forms dashed, paper bounds dotted and labelled "paper bound",
 * references grey), the axes' domains over the finite data only, legend entries, and the figure's data as
 * a CSV table. Pure, so the page only draws and every rule is tested without a DOM.
 */
import type { Table } from '../present/charts/csv-table';
import type { Axis, Figure, Series, SeriesKind } from './simulation';

/** Okabe–Ito's colour-blind-safe palette without its yellow (too pale on white). */
export const LAB_COLORS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
] as const;
export const REFERENCE_COLOR = '#6b7280';

export interface KindStyle {
  dash: string;
  width: number;
  /** Shown after the label in the legend and the tooltip. */
  suffix: string;
}

export const KIND_STYLES: Record<SeriesKind, KindStyle> = {
  simulated: { dash: '', width: 2, suffix: 'simulated' },
  'closed-form': { dash: '7 4', width: 1.6, suffix: 'closed form' },
  'paper-bound': { dash: '2 3', width: 2.2, suffix: 'paper bound' },
  reference: { dash: '', width: 1.2, suffix: 'reference' },
};

export interface StyledSeries {
  series: Series;
  color: string;
  style: KindStyle;
  /** Finite points (others break the line). */
  points: { x: number; y: number; lo?: number; hi?: number }[];
}

export interface LegendEntry {
  label: string;
  kind: SeriesKind;
  color: string;
  style: KindStyle;
  band: boolean;
}

/** Colours by group (or label when a series has none), in order of first appearance. */
export function styleSeries(figure: Figure): StyledSeries[] {
  const colors = new Map<string, string>();
  return figure.series.map((series) => {
    let color = REFERENCE_COLOR;
    if (series.kind !== 'reference') {
      const key = series.group ?? series.label;
      if (!colors.has(key)) colors.set(key, LAB_COLORS[colors.size % LAB_COLORS.length]);
      color = colors.get(key)!;
    }
    const n = Math.min(series.x.length, series.y.length);
    const points: StyledSeries['points'] = [];
    for (let i = 0; i < n; i++) {
      const p: StyledSeries['points'][number] = { x: series.x[i], y: series.y[i] };
      if (series.lo && series.hi) {
        p.lo = series.lo[i];
        p.hi = series.hi[i];
      }
      points.push(p);
    }
    return { series, color, style: KIND_STYLES[series.kind], points };
  });
}

/** One entry per distinct label and kind; a simulated series with a band says so. */
export function legendEntries(styled: readonly StyledSeries[]): LegendEntry[] {
  const seen = new Set<string>();
  const out: LegendEntry[] = [];
  for (const s of styled) {
    const key = `${s.series.kind}\u0000${s.series.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      label: s.series.label,
      kind: s.series.kind,
      color: s.color,
      style: s.style,
      band: !!(s.series.lo && s.series.hi),
    });
  }
  return out;
}

const usable = (v: number, axis: Axis) => Number.isFinite(v) && (axis.scale !== 'log' || v > 0);

/**
 * The domain an axis shows: its fixed domain, else the extent of the finite values (and rules on that
 * axis) — positive ones on a log axis. Undefined when nothing is drawable, so the page can say "no data"
 * instead of drawing an empty or NaN frame.
 */
export function axisDomain(figure: Figure, which: 'x' | 'y'): [number, number] | undefined {
  const axis = figure[which];
  if (axis.domain && axis.domain.every((v) => usable(v, axis)) && axis.domain[0] !== axis.domain[1])
    return [Math.min(...axis.domain), Math.max(...axis.domain)];
  let lo = Infinity;
  let hi = -Infinity;
  const take = (v: number | undefined) => {
    if (v === undefined || !usable(v, axis)) return;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  };
  for (const s of figure.series) {
    const n = Math.min(s.x.length, s.y.length);
    for (let i = 0; i < n; i++) {
      // Only points that are drawable on both axes widen either domain.
      if (!usable(s.x[i], figure.x) || !usable(s.y[i], figure.y)) continue;
      if (which === 'x') take(s.x[i]);
      else {
        take(s.y[i]);
        take(s.lo?.[i]);
        take(s.hi?.[i]);
      }
    }
  }
  if (lo > hi) return undefined;
  for (const r of figure.rules ?? []) if (r.axis === which) take(r.value);
  return [lo, hi];
}

/** Whether a figure has anything to draw (at least one finite point on its axes). */
export function hasData(figure: Figure): boolean {
  return axisDomain(figure, 'x') !== undefined && axisDomain(figure, 'y') !== undefined;
}

/** The figure's data in long form, one row per point: series, kind, group, x, y, band. */
export function figureTable(figure: Figure): Table {
  const rows: (string | number | null)[][] = [];
  for (const s of figure.series) {
    const n = Math.min(s.x.length, s.y.length);
    for (let i = 0; i < n; i++)
      rows.push([s.label, s.kind, s.group ?? '', s.x[i], s.y[i], s.lo?.[i] ?? null, s.hi?.[i] ?? null]);
  }
  for (const r of figure.rules ?? [])
    rows.push([
      r.label,
      `rule-${r.axis}`,
      '',
      r.axis === 'x' ? r.value : null,
      r.axis === 'y' ? r.value : null,
      null,
      null,
    ]);
  return { columns: ['series', 'kind', 'group', figure.x.label, figure.y.label, 'lo', 'hi'], rows };
}

/** A reading's value as text: numbers to four significant digits, never "NaN" or "Infinity". */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  if (Number.isInteger(value) && Math.abs(value) < 1e7) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-3) return value.toExponential(2).replace('e+', 'e').replace(/-/g, '−');
  return String(Number(value.toPrecision(4))).replace(/-/g, '−');
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/**
 * Labels for a log axis spanning a decade or more: powers of ten only (other ticks stay unlabelled minor
 * marks), written out between 0.001 and 10,000 and as 10ⁿ beyond, so no label reads "1e+6".
 */
export function logTickLabel(value: number): string {
  if (!(value > 0)) return '';
  const k = Math.round(Math.log10(value));
  if (Math.abs(value / 10 ** k - 1) > 1e-9) return '';
  if (k >= -3 && k <= 4) return k >= 0 ? (10 ** k).toLocaleString('en-US') : (10 ** k).toFixed(-k);
  return `10${[...String(k)].map((c) => SUPERSCRIPT[c]).join('')}`;
}

type Point = StyledSeries['points'][number];

/**
 * At most about `buckets` × 2 points to draw, whatever the series' length: the x range is cut into equal
 * buckets and each keeps its lowest and its highest point (in x order), so spikes, the minimum and the
 * maximum survive while a 5000-generation curve costs the page what a 1000-point one does. Points that
 * cannot be drawn (non-finite) are kept where they are, so lines still break there. The first and last
 * points always stay; `logX` makes the buckets equal on a log axis. Only for drawing: exports use the full
 * series.
 */
export function decimate(points: readonly Point[], buckets: number, logX = false): Point[] {
  const n = points.length;
  if (n <= 2 * buckets || buckets < 1) return points.slice();
  const out: Point[] = [points[0]];
  // On a log axis the buckets are equal in log x, as they are on screen.
  const t = logX ? (v: number) => Math.log(v) : (v: number) => v;
  const x0 = t(points[0].x);
  const span = t(points[n - 1].x) - x0;
  let lo = -1; // indices of the bucket's lowest and highest points
  let hi = -1;
  let bucket = -1;
  const flush = () => {
    if (lo >= 0) {
      if (lo === hi) out.push(points[lo]);
      else out.push(points[Math.min(lo, hi)], points[Math.max(lo, hi)]);
    }
    lo = hi = -1;
  };
  for (let i = 1; i < n - 1; i++) {
    const p = points[i];
    const b =
      Number.isFinite(span) && span > 0
        ? Math.floor(((t(p.x) - x0) / span) * buckets)
        : Math.floor((i / n) * buckets);
    if (b !== bucket) {
      flush();
      bucket = b;
    }
    if (!Number.isFinite(p.y) || !Number.isFinite(p.x)) {
      flush();
      out.push(p); // a gap stays a gap
      continue;
    }
    if (lo < 0 || p.y < points[lo].y) lo = i;
    if (hi < 0 || p.y > points[hi].y) hi = i;
  }
  flush();
  out.push(points[n - 1]);
  return out;
}
