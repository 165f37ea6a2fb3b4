/**
 * The statistics page's numbers as JSON: typed arrays become arrays, non-finite numbers become strings
 * ("NaN", "Infinity") since JSON has no such numbers and null would read as "missing", and keys listed
 * in `omit` (bulky engine internals, document texts) are left out.
 */
export function jsonSafe(value: unknown, omit: readonly string[] = []): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, (x) => jsonSafe(x));
  }
  if (Array.isArray(value)) return value.map((x) => jsonSafe(x, omit));
  if (value instanceof Map)
    return Object.fromEntries(Array.from(value, ([k, v]) => [String(k), jsonSafe(v, omit)]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (omit.includes(k) || v === undefined || typeof v === 'function') continue;
    out[k] = jsonSafe(v, omit);
  }
  return out;
}
