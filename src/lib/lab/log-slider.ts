/**
 * A log-scale slider for fields like M, T or n that span decades: the thumb moves through log(value),
 * and the value it lands on is rounded to two significant digits (10, 12, 15, 20, …, 1000, 1200), so a
 * URL written from a drag stays short and readable. The range input itself runs 0…STEPS.
 */
import type { ParamField } from './simulation';

export const STEPS = 1000;

type NumberField = Extract<ParamField, { kind: 'number' }>;

/** Where the thumb sits for `value` (clamped to the track). */
export function logPosition(field: NumberField, value: number): number {
  const { lo, hi } = logEnds(field);
  const v = Math.min(hi, Math.max(lo, value));
  return Math.round((STEPS * Math.log(v / lo)) / Math.log(hi / lo));
}

/** The value at thumb position `position`: two significant digits, whole when the field is, in range. */
export function logValue(field: NumberField, position: number): number {
  const { lo, hi } = logEnds(field);
  const t = Math.min(STEPS, Math.max(0, position)) / STEPS;
  if (t === 0) return field.min;
  if (t === 1) return field.max;
  const raw = lo * Math.exp(t * Math.log(hi / lo));
  const magnitude = 10 ** (Math.floor(Math.log10(raw)) - 1);
  let v = Math.round(raw / magnitude) * magnitude;
  v = Number(v.toPrecision(2)); // drop float noise (0.30000000000000004)
  if (field.integer) v = Math.round(v);
  return Math.min(field.max, Math.max(field.min, v));
}

/** A log track needs a positive lower end: a field starting at 0 starts its track at one step. */
function logEnds(field: NumberField): { lo: number; hi: number } {
  const lo = field.min > 0 ? field.min : Math.max(field.step, field.max / 1e6);
  return { lo, hi: Math.max(field.max, lo * 10) };
}
