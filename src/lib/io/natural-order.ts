/**
 * The one order of a multi-file corpus: paths in natural order ("shard-2" before "shard-10"), so the same
 * selection always gives the same documents in the same order, however the browser listed the files.
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

export function naturalCompare(a: string, b: string): number {
  // The collator can call two different strings equal (e.g. "a01" and "a1"): code units break the tie.
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A copy of `items` sorted by `pathOf` in natural order. */
export function naturalSort<T>(items: Iterable<T>, pathOf: (item: T) => string): T[] {
  return [...items].sort((x, y) => naturalCompare(pathOf(x), pathOf(y)));
}
