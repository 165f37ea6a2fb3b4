/**
 * The byte-level BPE trainer of bpe.ts (most frequent pair first; ties to the pair whose left, then right,
 * symbol sorts first), made incremental so that tens of thousands of merges train in seconds: pair counts
 * are kept between merges and only the words holding the merged pair are recounted, and the best pair comes
 * from a heap whose stale entries are skipped. trainMerges recounts every pair of every word per merge,
 * which is fine for the 61 merges of the small test models and far too slow for 30k. Both give the same
 * merges (tested).
 */
import { BYTE_TO_CHAR, SPECIAL_TOKENS, mergePair, preTokenize, type Merge } from './bpe';

export interface Word {
  symbols: string[];
  count: number;
}
interface Entry {
  left: string;
  right: string;
  count: number;
}

const keyOf = (left: string, right: string) => `${left}\u0000${right}`;

/** Better = larger count, then smaller (left, right) by UTF-16 code units. */
function better(a: Entry, b: Entry): boolean {
  if (a.count !== b.count) return a.count > b.count;
  if (a.left !== b.left) return a.left < b.left;
  return a.right < b.right;
}

/** A binary heap of entries, best on top. */
class EntryHeap {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(e: Entry): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!better(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  pop(): Entry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let best = i;
        if (l < a.length && better(a[l], a[best])) best = l;
        if (r < a.length && better(a[r], a[best])) best = r;
        if (best === i) break;
        [a[i], a[best]] = [a[best], a[i]];
        i = best;
      }
    }
    return top;
  }
}

/** Same contract and result as trainMerges in bpe.ts. */
export function trainMergesIncremental(texts: readonly string[], vocabSize: number): Merge[] {
  const wordCounts = new Map<string, number>();
  for (const text of texts)
    for (const w of preTokenize(text)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const words = [...wordCounts].map(([w, count]) => ({ symbols: Array.from(w), count }));
  return trainWordMerges(words, new Set([...SPECIAL_TOKENS, ...BYTE_TO_CHAR]), vocabSize);
}

/**
 * Merges until `known` (the vocabulary before merging; it grows) has `vocabSize` entries, over words given
 * as symbol sequences with counts (consumed: their symbols are merged in place).
 */
export function trainWordMerges(words: Word[], known: Set<string>, vocabSize: number): Merge[] {
  const counts = new Map<string, number>();
  const where = new Map<string, Set<number>>(); // pair → words that held it (some may no longer)
  const heap = new EntryHeap();
  const dirty = new Map<string, Entry>(); // pairs whose count changed since the heap last heard of them
  const add = (w: number, delta: number) => {
    const { symbols, count } = words[w];
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = keyOf(symbols[i], symbols[i + 1]);
      counts.set(key, (counts.get(key) ?? 0) + delta * count);
      if (delta > 0) {
        let set = where.get(key);
        if (!set) where.set(key, (set = new Set()));
        set.add(w);
      }
      if (!dirty.has(key)) dirty.set(key, { left: symbols[i], right: symbols[i + 1], count: 0 });
    }
  };
  /** One heap entry per changed pair, with its count now; older entries are recognised as stale. */
  const flush = () => {
    for (const [key, e] of dirty) {
      const n = counts.get(key) ?? 0;
      if (n > 0) heap.push({ ...e, count: n });
    }
    dirty.clear();
  };
  words.forEach((_, w) => add(w, 1));
  flush();

  const merges: Merge[] = [];
  while (known.size < vocabSize) {
    let best: Entry | undefined;
    while (heap.size > 0) {
      const e = heap.pop()!;
      if (counts.get(keyOf(e.left, e.right)) === e.count) {
        best = e;
        break;
      }
    }
    if (!best) throw new Error(`corpus too small: no pairs left at vocabulary size ${known.size}`);
    const { left, right } = best;
    merges.push([left, right]);
    known.add(left + right);
    for (const w of where.get(keyOf(left, right)) ?? []) {
      const symbols = words[w].symbols;
      let holds = false;
      for (let i = 0; i + 1 < symbols.length && !holds; i++)
        holds = symbols[i] === left && symbols[i + 1] === right;
      if (!holds) continue;
      add(w, -1);
      words[w].symbols = mergePair(symbols, left, right);
      add(w, 1);
    }
    flush();
  }
  return merges;
}
