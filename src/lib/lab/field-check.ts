/**
 * The common part of a simulation's check(): every declared field read from raw parameters (a URL, a
 * lesson, a slider), a missing or unreadable value replaced by the default, a number clamped into its
 * field's range and rounded when it must be whole — each change with one plain sentence. Simulations then
 * add their own cross-field rules (e.g. a verifier that keeps nothing) on top.
 */
import type { ParamField, Params, ParamValue } from './simulation';

export function checkFields<P extends Params>(
  fields: readonly ParamField[],
  defaults: P,
  raw: Params,
): { params: P; notes: string[] } {
  const notes: string[] = [];
  const params: Params = {};
  for (const field of fields) {
    params[field.key] = checkField(field, raw[field.key], defaults[field.key], notes);
  }
  return { params: params as P, notes };
}

function checkField(field: ParamField, value: ParamValue | undefined, fallback: ParamValue, notes: string[]) {
  if (value === undefined) return fallback;
  switch (field.kind) {
    case 'number': {
      const v = typeof value === 'number' ? value : NaN;
      if (!Number.isFinite(v)) {
        notes.push(
          `${field.label}: ${String(value)} is not a number; using the default, ${String(fallback)}.`,
        );
        return fallback;
      }
      const clamped = Math.min(field.max, Math.max(field.min, v));
      if (clamped !== v)
        notes.push(`${field.label}: ${v} is outside ${field.min}–${field.max}; using ${clamped}.`);
      const whole = field.integer ? Math.round(clamped) : clamped;
      if (whole !== clamped) notes.push(`${field.label}: ${clamped} is not a whole number; using ${whole}.`);
      return whole;
    }
    case 'choice': {
      if (typeof value === 'string' && field.options.some((o) => o.value === value)) return value;
      notes.push(
        `${field.label}: “${String(value)}” is not one of ${field.options.map((o) => o.value).join(', ')}; using ${String(fallback)}.`,
      );
      return fallback;
    }
    case 'toggle': {
      if (typeof value === 'boolean') return value;
      notes.push(`${field.label}: ${String(value)} is neither on nor off; using ${fallback ? 'on' : 'off'}.`);
      return fallback;
    }
  }
}
