/**
 * Space-Saving heavy hitters (Metwally, Agrawal & El Abbadi 2005): the most frequent items of a stream in
 * bounded memory — `capacity` (m) counters, whatever the number of distinct items. For top n-grams of
 * corpora too large for exact counts (metrics.md).
 *
 * Each counter holds an item, its estimated count and an error. A seen item's counter grows by its weight;
 * an unseen one replaces the counter with the smallest count μ, inheriting count μ + weight and error μ.
 * With N the total weight seen, the summary guarantees (and finalize() reports):
 *   - every estimate is an overestimate by at most the entry's error: count − error ≤ true ≤ count;
 *   - every error, and the true count of every item not listed, is ≤ errorBound = μ (0 while exact);
 *   - errorBound ≤ N/m, so every item with true count > N/m is listed.
 * While no counter was ever replaced, the counts are exact (`exact: true`, errorBound 0).
 *
 * Merging (Agarwal et al. 2012, "Mergeable summaries"): their Misra–Gries merge — add the counters, then
 * keep the top m, subtracting the (m+1)-th count — carried into Space-Saving's form through the
 * isomorphism they describe (a Space-Saving counter minus μ is a Misra–Gries counter), which is the
 * merge of Cafaro, Pulimeno & Tempesta 2016: an item missing from one summary counts that summary's μ
 * there (the most its true count could be) in both count and error; the m largest combined counts are
 * kept, ties by item. After merging, the guarantees above hold with N the two streams' total weight:
 * each combined count ≥ μ_a + μ_b, so every error (≤ μ_a + μ_b) and every dropped item's count is ≤ the
 * new μ, the m-th largest combined count; and the m largest counts sum to at most N (each summary's
 * counts sum to at most its N, and a fill-in μ never exceeds a listed count), so μ ≤ N/m. Merged results
 * need not equal the single-stream summary (Space-Saving depends on arrival order), but both carry the
 * same guarantee; the tests check the guarantee on shards.
 *
 * Counters are found by a 53-bit key of the item (key-hash.ts) in an open-addressing table (typed arrays,
 * linear probing, load ≤ ¼, backward-shift deletion; a Map<number, slot> ran at a third of the speed), and
 * an item's string is built only when it takes a counter: n-grams are never joined into strings just to be
 * looked up. Two items sharing a key (probability ≈ distinct²/2^54) would share a counter.
 */
import { ngramKey, stringKey, wordLanes } from './key-hash';
import { insufficient, type Maybe, type Statistic } from './statistic';

export interface SpaceSavingAcc {
  capacity: number;
  /** N: total weight offered. */
  total: number;
  /** True while no counter has been replaced (and no merge dropped an item): counts are exact. */
  exact: boolean;
  size: number;
  items: string[];
  /** Each slot's item key (stringKey for offer(), ngramKey for ngramSketch). */
  keys: Float64Array;
  counts: Float64Array;
  errors: Float64Array;
  /** Min-heap of slots ordered by count, and each slot's position in it. */
  heap: Int32Array;
  position: Int32Array;
  /** key → slot: open addressing over `tableKeys` (−1 = empty) with the slot in `tableSlots`. */
  tableKeys: Float64Array;
  tableSlots: Int32Array;
}

export interface HeavyHitter {
  item: string;
  /** Estimated count: an overestimate by at most `error`. */
  count: number;
  error: number;
  /** count − error: a lower bound on the true count. */
  guaranteed: number;
}

export interface HeavyHitters {
  capacity: number;
  total: number;
  exact: boolean;
  /** Bound on every entry's error and on the true count of every item not listed; ≤ total / capacity. */
  errorBound: number;
  /** total / capacity: the worst case errorBound can reach. */
  worstCaseBound: number;
  /** Largest count first; ties in code-unit order of the item. */
  entries: HeavyHitter[];
}

export function emptySpaceSaving(capacity: number): SpaceSavingAcc {
  if (!(Number.isInteger(capacity) && capacity >= 1)) {
    throw new RangeError(`capacity ${capacity} must be a positive integer`);
  }
  return {
    capacity,
    total: 0,
    exact: true,
    size: 0,
    items: [],
    keys: new Float64Array(capacity),
    counts: new Float64Array(capacity),
    errors: new Float64Array(capacity),
    heap: new Int32Array(capacity),
    position: new Int32Array(capacity),
    tableKeys: new Float64Array(tableSize(capacity)).fill(EMPTY),
    tableSlots: new Int32Array(tableSize(capacity)),
  };
}

const EMPTY = -1;

function tableSize(capacity: number): number {
  let size = 16;
  while (size < capacity * 4) size *= 2;
  return size;
}

/** The table position holding `key`, or −1. */
function find(acc: SpaceSavingAcc, key: number): number {
  const keys = acc.tableKeys;
  const mask = keys.length - 1;
  for (let i = (key >>> 0) & mask; ; i = (i + 1) & mask) {
    const k = keys[i];
    if (k === key) return i;
    if (k === EMPTY) return -1;
  }
}

function tableInsert(acc: SpaceSavingAcc, key: number, slot: number): void {
  const keys = acc.tableKeys;
  const mask = keys.length - 1;
  let i = (key >>> 0) & mask;
  while (keys[i] !== EMPTY) i = (i + 1) & mask;
  keys[i] = key;
  acc.tableSlots[i] = slot;
}

/** Removes the entry at table position i, shifting later entries of its probe run back (no tombstones). */
function tableDelete(acc: SpaceSavingAcc, i: number): void {
  const keys = acc.tableKeys;
  const slots = acc.tableSlots;
  const mask = keys.length - 1;
  let j = i;
  for (;;) {
    j = (j + 1) & mask;
    const k = keys[j];
    if (k === EMPTY) break;
    const home = (k >>> 0) & mask;
    // The entry at j may move to i unless its home lies cyclically in (i, j].
    if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
    keys[i] = k;
    slots[i] = slots[j];
    i = j;
  }
  keys[i] = EMPTY;
}

function swap(acc: SpaceSavingAcc, i: number, j: number): void {
  const { heap, position } = acc;
  const a = heap[i];
  const b = heap[j];
  heap[i] = b;
  heap[j] = a;
  position[b] = i;
  position[a] = j;
}

function siftDown(acc: SpaceSavingAcc, i: number): void {
  const { heap, counts, size } = acc;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const r = l + 1;
    const c = r < size && counts[heap[r]] < counts[heap[l]] ? r : l;
    if (counts[heap[c]] >= counts[heap[i]]) return;
    swap(acc, i, c);
    i = c;
  }
}

function siftUp(acc: SpaceSavingAcc, i: number): void {
  const { heap, counts } = acc;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (counts[heap[p]] <= counts[heap[i]]) return;
    swap(acc, i, p);
    i = p;
  }
}

/** Adds `weight` to the counter of `key` if it has one (and to the total); false when it has none. */
function bump(acc: SpaceSavingAcc, key: number, weight: number): boolean {
  if (!(weight > 0)) throw new RangeError(`weight ${weight} must be positive`);
  acc.total += weight;
  const at = find(acc, key);
  if (at < 0) return false;
  const slot = acc.tableSlots[at];
  acc.counts[slot] += weight;
  siftDown(acc, acc.position[slot]);
  return true;
}

/** Gives a counter to an item that has none (after bump() returned false). */
function place(acc: SpaceSavingAcc, key: number, item: string, weight: number): void {
  let s: number;
  let min = 0;
  const replacing = acc.size === acc.capacity;
  if (!replacing) {
    s = acc.size++;
    acc.heap[s] = s;
    acc.position[s] = s;
  } else {
    s = acc.heap[0];
    min = acc.counts[s];
    tableDelete(acc, find(acc, acc.keys[s]));
    acc.exact = false;
  }
  acc.items[s] = item;
  acc.keys[s] = key;
  tableInsert(acc, key, s);
  acc.counts[s] = min + weight;
  acc.errors[s] = min;
  // A replaced counter sits at the root and its count only grew: it can only move down. An appended one
  // sits at the end: it can only move up.
  if (replacing) siftDown(acc, 0);
  else siftUp(acc, s);
}

/** Offers `item` with `weight` (default 1) to the summary. O(log m). */
export function offer(acc: SpaceSavingAcc, item: string, weight = 1): void {
  const key = stringKey(item);
  if (!bump(acc, key, weight)) place(acc, key, item, weight);
}

/** μ: the count an item missing from the summary may at most have (0 while exact). */
export function missingBound(acc: SpaceSavingAcc): number {
  return acc.exact || acc.size === 0 ? 0 : acc.counts[acc.heap[0]];
}

const byCountThenItem = (x: { item: string; count: number }, y: { item: string; count: number }): number =>
  y.count - x.count || (x.item < y.item ? -1 : x.item > y.item ? 1 : 0);

interface Entry {
  key: number;
  item: string;
  count: number;
  error: number;
}

/** A summary holding exactly these entries (in this order), for merges. */
function fromEntries(capacity: number, total: number, exact: boolean, entries: Entry[]): SpaceSavingAcc {
  const acc = emptySpaceSaving(capacity);
  acc.total = total;
  acc.exact = exact;
  entries.forEach((e, s) => {
    acc.items[s] = e.item;
    acc.keys[s] = e.key;
    acc.counts[s] = e.count;
    acc.errors[s] = e.error;
    acc.heap[s] = s;
    acc.position[s] = s;
    tableInsert(acc, e.key, s);
    acc.size = s + 1;
    siftUp(acc, s);
  });
  return acc;
}

/** Merge of two summaries of the same capacity (module comment): a new summary, inputs untouched. */
export function mergeSpaceSaving(a: SpaceSavingAcc, b: SpaceSavingAcc): SpaceSavingAcc {
  if (a.capacity !== b.capacity) {
    throw new RangeError(`cannot merge summaries of capacity ${a.capacity} and ${b.capacity}`);
  }
  const muA = missingBound(a);
  const muB = missingBound(b);
  const combined = new Map<number, Entry>();
  for (let s = 0; s < a.size; s++) {
    const key = a.keys[s];
    combined.set(key, { key, item: a.items[s], count: a.counts[s] + muB, error: a.errors[s] + muB });
  }
  for (let s = 0; s < b.size; s++) {
    const key = b.keys[s];
    const e = combined.get(key);
    if (e) {
      // Present in both: undo b's fill-in and add b's own counter.
      e.count += b.counts[s] - muB;
      e.error += b.errors[s] - muB;
    } else {
      combined.set(key, { key, item: b.items[s], count: b.counts[s] + muA, error: b.errors[s] + muA });
    }
  }
  const entries = Array.from(combined.values()).sort(byCountThenItem);
  const dropped = entries.length > a.capacity;
  return fromEntries(
    a.capacity,
    a.total + b.total,
    a.exact && b.exact && !dropped,
    entries.slice(0, a.capacity),
  );
}

export function finalizeSpaceSaving(acc: SpaceSavingAcc, limit = Infinity): Maybe<HeavyHitters> {
  if (acc.total === 0) return insufficient('nothing counted: no items in the corpus');
  const entries: HeavyHitter[] = [];
  for (let s = 0; s < acc.size; s++) {
    const count = acc.counts[s];
    const error = acc.errors[s];
    entries.push({ item: acc.items[s], count, error, guaranteed: count - error });
  }
  entries.sort(byCountThenItem);
  return {
    capacity: acc.capacity,
    total: acc.total,
    exact: acc.exact,
    errorBound: missingBound(acc),
    worstCaseBound: acc.total / acc.capacity,
    entries: entries.slice(0, limit),
  };
}

/** Space-Saving over a stream of items, one add() per item. */
export function spaceSaving(capacity: number): Statistic<SpaceSavingAcc, string, Maybe<HeavyHitters>> {
  emptySpaceSaving(capacity); // validates capacity now rather than at the first empty()
  return {
    empty: () => emptySpaceSaving(capacity),
    add: (acc, item) => offer(acc, item),
    merge: mergeSpaceSaving,
    finalize: (acc) => finalizeSpaceSaving(acc),
  };
}

export interface NgramSketchOptions {
  /** n ≥ 1 (default 2). */
  n?: number;
  /** Counters kept (default 10 000): memory is O(capacity), the error bound N/capacity. */
  capacity?: number;
  /** How many entries finalize() lists (default 64). */
  limit?: number;
}

/**
 * Top n-grams of a corpus with bounded memory: one add() per document's words (e.g. wordPunctTokens, so
 * the n-grams match ngramCounts'); an n-gram is n words joined by one space, never across documents.
 */
export function ngramSketch(
  options: NgramSketchOptions = {},
): Statistic<SpaceSavingAcc, readonly string[], Maybe<HeavyHitters>> {
  const { n = 2, capacity = 10_000, limit = 64 } = options;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n ${n} must be a positive integer`);
  emptySpaceSaving(capacity);
  let lanes: { lo: Uint32Array; hi: Uint32Array } | undefined; // reused across documents
  return {
    empty: () => emptySpaceSaving(capacity),
    add(acc, words) {
      if (words.length < n) return;
      lanes = wordLanes(words, lanes);
      for (let i = 0; i + n <= words.length; i++) {
        const key =
          n === 1 ? lanes.lo[i] + 4294967296 * (lanes.hi[i] & 0x1fffff) : ngramKey(lanes.lo, lanes.hi, i, n);
        if (bump(acc, key, 1)) continue;
        let g = words[i];
        for (let k = 1; k < n; k++) g += ' ' + words[i + k];
        place(acc, key, g, 1);
      }
    },
    merge: mergeSpaceSaving,
    finalize(acc) {
      if (acc.total === 0) return insufficient(`no document has ${n} words: no ${n}-grams to count`);
      return finalizeSpaceSaving(acc, limit);
    },
  };
}
