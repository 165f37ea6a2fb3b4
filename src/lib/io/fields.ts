/**
 * Which fields (JSONL keys, CSV columns) hold text, counted over records as they stream past, and the one to
 * read by default.
 */
import { isPlainObject, readField } from './json-values';

/** A field (JSONL key, "a.b" for one level of nesting, "a[].b" for a list's items, or CSV column) and how many records have non-empty text in it. */
export interface FieldCandidate {
  name: string;
  count: number;
  /** Every non-empty value looks like a number (ids, scores, 0/1 labels): never the default text field. */
  numeric?: boolean;
}

/** Names that usually hold the text, in order of preference. */
const PREFERRED_FIELDS = ['text', 'content', 'response', 'completion', 'output', 'body'];

/** Keys with string values, top-level and one level down as "a.b", counting records where the text is non-empty. */
export function listStringFields(records: Iterable<Record<string, unknown>>): FieldCandidate[] {
  const tally = new FieldTally();
  for (const rec of records) tally.seeRecord(rec);
  return tally.result();
}

const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?%?\s*$/i;

/** Counts non-empty string values per field, in first-seen order, noting fields whose values are all numbers. */
export class FieldTally {
  private readonly counts = new Map<string, { count: number; numeric: boolean }>();

  /**
   * Every string value of a JSON record, top-level and one level down as "a.b", and the string keys of a
   * list of objects (chat turns) as "a[].b", read as readField joins them. A list of strings (tags,
   * labels) is rarely the text and is not offered, though "a[]" reads it when named.
   */
  seeRecord(rec: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(rec)) {
      if (isPlainObject(v)) for (const [k2, v2] of Object.entries(v)) this.see(`${k}.${k2}`, v2);
      else if (Array.isArray(v)) this.seeList(rec, k, v);
      else this.see(k, v);
    }
  }

  private seeList(rec: Record<string, unknown>, k: string, items: unknown[]): void {
    const keys = new Set<string>();
    for (const item of items) {
      if (!isPlainObject(item)) continue;
      for (const [k2, v2] of Object.entries(item)) if (typeof v2 === 'string') keys.add(k2);
    }
    for (const k2 of keys) this.see(`${k}[].${k2}`, readField(rec, `${k}[].${k2}`)?.value);
  }

  see(name: string, v: unknown): void {
    if (typeof v !== 'string') return;
    let c = this.counts.get(name);
    if (!c) this.counts.set(name, (c = { count: 0, numeric: true }));
    if (!v.trim()) return;
    c.count++;
    if (c.numeric && !NUMBER.test(v)) c.numeric = false;
  }

  /** Most filled first; Array.prototype.sort is stable, so ties stay in first-seen order. */
  result(): FieldCandidate[] {
    return [...this.counts]
      .map(([name, { count, numeric }]) =>
        count > 0 && numeric ? { name, count, numeric } : { name, count },
      )
      .sort((a, b) => b.count - a.count);
  }
}

/**
 * A conventional name ("text", "content", "response", …) if one is reasonably well filled,
 * otherwise the field with the most non-empty text; all-numeric fields only when there is nothing else.
 */
export function chooseDefaultField(fields: readonly FieldCandidate[]): string | undefined {
  const withText = fields.filter((f) => f.count > 0);
  const words = withText.filter((f) => !f.numeric);
  const filled = words.length > 0 ? words : withText;
  if (filled.length === 0) return undefined;
  const max = Math.max(...filled.map((f) => f.count));
  for (const want of PREFERRED_FIELDS) {
    // Half the best count: a "text" field present in only a few records shouldn't win over a full one.
    const f = filled.find((c) => c.name.trim().toLowerCase() === want && c.count * 2 >= max);
    if (f) return f.name;
  }
  return filled.reduce((best, f) => (f.count > best.count ? f : best)).name;
}
