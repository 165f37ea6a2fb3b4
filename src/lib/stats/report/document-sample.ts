/**
 * A seeded sample of whole documents for the length-sensitive figures (TTR, MATTR, MTLD, distinct-n,
 * hapax, Zipf, Heaps, compression): documents ordered by a seeded hash of their content, the shortest
 * prefix of that order holding at least `budget` tokens. The prefix of a union is found in the union of
 * the parts' prefixes, so merging is exact in any grouping; equal-size comparisons cut two samples to a
 * common token count later (compare-corpora.ts).
 */
export interface SampleEntry {
  priority: number;
  docIndex: number;
  tokens: number;
  text: string;
}

export interface SampleAcc {
  budget: number;
  /** Sorted by (priority, docIndex). */
  entries: SampleEntry[];
  tokens: number;
}

export function emptySample(budget: number): SampleAcc {
  if (!(Number.isInteger(budget) && budget >= 1)) throw new RangeError(`sample budget ${budget} must be ≥ 1`);
  return { budget, entries: [], tokens: 0 };
}

function compare(a: SampleEntry, b: SampleEntry): number {
  return a.priority - b.priority || a.docIndex - b.docIndex;
}

function prune(acc: SampleAcc): void {
  const e = acc.entries;
  while (e.length > 0 && acc.tokens - e[e.length - 1].tokens >= acc.budget) acc.tokens -= e.pop()!.tokens;
}

/** Offers a document (documents without tokens are never sampled: they hold nothing to measure). */
export function offerSample(acc: SampleAcc, entry: SampleEntry): void {
  if (entry.tokens === 0) return;
  const e = acc.entries;
  if (acc.tokens >= acc.budget && compare(entry, e[e.length - 1]) > 0) return;
  let lo = 0;
  let hi = e.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(e[mid], entry) < 0) lo = mid + 1;
    else hi = mid;
  }
  e.splice(lo, 0, entry);
  acc.tokens += entry.tokens;
  prune(acc);
}

/** b's documents follow a's: b's indices move up by `documentShift`. */
export function mergeSamples(a: SampleAcc, b: SampleAcc, documentShift: number): SampleAcc {
  if (a.budget !== b.budget) throw new RangeError('cannot merge samples with different budgets');
  const shifted = b.entries.map((x) => ({ ...x, docIndex: x.docIndex + documentShift }));
  const entries = a.entries.concat(shifted).sort(compare);
  const out = { budget: a.budget, entries, tokens: entries.reduce((s, x) => s + x.tokens, 0) };
  prune(out);
  return out;
}
