/**
 * Frequent n-grams with a bounded number of counters: exact counts while at most `capacity` distinct
 * n-grams have been seen, then Misra–Gries. When the table outgrows `capacity`, every counter is lowered by
 * δ, the count of the (k+1)-th largest (k = capacity/2), and counters at 0 are dropped, leaving ≤ k. Each
 * reduction takes δ from at least k+1 counters, so the sum of all δ — `errorBound` — is at most N/(k+1)
 * (N n-grams counted), and it stays so under merging (add the tables, then reduce the same way: Agarwal et
 * al., "Mergeable summaries", 2012). Hence every kept count c satisfies c ≤ true ≤ c + errorBound, and
 * any n-gram with true count > errorBound is kept.
 *
 * Why Misra–Gries and not Space-Saving: its merge has that proven bound with plain addition, and every step
 * is deterministic (a reduction depends only on the counts, never on insertion order), so the same inputs
 * merged in the same order give the same table in any worker.
 *
 * Why hand-written: n-grams are keyed by a 64-bit hash (two independent 32-bit hashes, from the scanner)
 * in an open-addressing table (one Uint32Array), and the n-gram's string is built only when it is first
 * inserted, where a Map<string, number> would build and hash a string for every occurrence.
 * Two different n-grams share a key with probability about n²/2^65 (10^-5 at 10 million distinct).
 *
 * Distinct counts: while the table is exact its size is the distinct count. From the first reduction on,
 * a HyperLogLog of every key seen is kept (`types`), started from the table's keys just before they are
 * forgotten, so its registers are exactly those of a HyperLogLog kept from the start — without paying for
 * one on every n-gram of corpora that never outgrow the table.
 */
import { addHash, emptyHll, mergeHll } from './hyperloglog';

export interface MisraGries {
  capacity: number;
  /** n-grams counted. */
  total: number;
  /** Σ δ over every reduction: the largest possible undercount of any n-gram. 0 = exact. */
  errorBound: number;
  /** Live entries. */
  size: number;
  /**
   * Open-addressing table, linear probing, four words per slot — key1, key2, count, index into `items` —
   * interleaved so that a probe touches one cache line. Count 0 marks an empty slot.
   */
  slots: Uint32Array;
  /** The n-grams' strings, appended as keys arrive (dead ones are dropped when the table is rebuilt). */
  items: string[];
  /** HyperLogLog registers of every key seen; null while the table is exact (then `size` is exact). */
  types: Uint8Array | null;
}

/** Plain data for crossing a worker boundary: items joined by '\n' (word-punct n-grams hold no newline). */
export interface PackedMisraGries {
  capacity: number;
  total: number;
  errorBound: number;
  key1: Uint32Array;
  key2: Uint32Array;
  counts: Float64Array;
  items: string;
  types: Uint8Array | null;
}

const INITIAL_SLOTS = 1024;

export function emptyMisraGries(capacity: number): MisraGries {
  if (!(Number.isInteger(capacity) && capacity >= 2))
    throw new RangeError(`capacity ${capacity} must be ≥ 2`);
  return {
    capacity,
    total: 0,
    errorBound: 0,
    size: 0,
    slots: new Uint32Array(INITIAL_SLOTS * 4),
    items: [],
    types: null,
  };
}

/** Word offset of the slot holding the key, or of the empty slot where it belongs. */
function slotOf(slots: Uint32Array, k1: number, k2: number): number {
  const mask = (slots.length >> 2) - 1;
  let i = (k1 ^ Math.imul(k2, 0x9e3779b1)) & mask;
  for (;;) {
    const w = i << 2;
    if (slots[w + 2] === 0 || (slots[w] === k1 && slots[w + 1] === k2)) return w;
    i = (i + 1) & mask;
  }
}

/** Re-lays the live entries (minus `delta`, dropping those ≤ delta) into `slotCount` slots, compacting items. */
function rebuild(s: MisraGries, slotCount: number, delta: number): void {
  const old = s.slots;
  const oldItems = s.items;
  const slots = new Uint32Array(slotCount * 4);
  const items: string[] = [];
  for (let w = 0; w < old.length; w += 4) {
    const c = old[w + 2];
    if (c === 0 || c <= delta) continue;
    const at = slotOf(slots, old[w], old[w + 1]);
    slots[at] = old[w];
    slots[at + 1] = old[w + 1];
    slots[at + 2] = c - delta;
    slots[at + 3] = items.length;
    items.push(oldItems[old[w + 3]]);
  }
  s.slots = slots;
  s.items = items;
  s.size = items.length;
}

/** A HyperLogLog of the table's keys (by their first hash, the FNV-1a of the n-gram). */
function typesOf(s: MisraGries): Uint8Array {
  const registers = emptyHll();
  for (let w = 0; w < s.slots.length; w += 4) if (s.slots[w + 2] !== 0) addHash(registers, s.slots[w]);
  return registers;
}

/** Lowers every counter by the (k+1)-th largest count (k = capacity/2) and drops those at 0. */
function reduce(s: MisraGries): void {
  s.types ??= typesOf(s); // the last moment every key seen is still in the table
  const k = s.capacity >> 1;
  const values = new Uint32Array(s.size);
  let n = 0;
  for (let w = 2; w < s.slots.length; w += 4) if (s.slots[w] !== 0) values[n++] = s.slots[w];
  values.sort();
  const delta = values[values.length - 1 - k];
  s.errorBound += delta;
  rebuild(s, s.slots.length >> 2, delta);
}

function insertNew(s: MisraGries, at: number, k1: number, k2: number, count: number, item: string): void {
  const slots = s.slots;
  slots[at] = k1;
  slots[at + 1] = k2;
  slots[at + 2] = count;
  slots[at + 3] = s.items.length;
  s.items.push(item);
  s.size++;
  if (s.size * 2 > slots.length >> 2) rebuild(s, (slots.length >> 2) * 2, 0);
}

/**
 * Counts one n-gram by its key. Its string is text[aStart, aEnd) for a unigram, or that plus a space plus
 * text[bStart, bEnd) for a bigram (bStart ≥ 0), and is built only the first time the key is seen.
 */
export function countNgram(
  s: MisraGries,
  k1: number,
  k2: number,
  text: string,
  aStart: number,
  aEnd: number,
  bStart = -1,
  bEnd = -1,
): void {
  s.total++;
  if (s.types) addHash(s.types, k1);
  const at = slotOf(s.slots, k1, k2);
  if (s.slots[at + 2] !== 0) {
    s.slots[at + 2]++;
    return;
  }
  const a = text.slice(aStart, aEnd);
  insertNew(s, at, k1, k2, 1, bStart < 0 ? a : a + ' ' + text.slice(bStart, bEnd));
  if (s.size > s.capacity) reduce(s);
}

/** b's counts added to a copy of a's, then one reduction if the result outgrew the capacity. */
export function mergeMisraGries(a: MisraGries, b: MisraGries): MisraGries {
  if (a.capacity !== b.capacity) throw new RangeError('cannot merge summaries of different capacities');
  const out: MisraGries = {
    capacity: a.capacity,
    total: a.total + b.total,
    errorBound: a.errorBound + b.errorBound,
    size: a.size,
    slots: a.slots.slice(),
    items: a.items.slice(),
    types: a.types || b.types ? mergeHll(a.types ?? typesOf(a), b.types ?? typesOf(b)) : null,
  };
  const bs = b.slots;
  for (let w = 0; w < bs.length; w += 4) {
    const c = bs[w + 2];
    if (c === 0) continue;
    const at = slotOf(out.slots, bs[w], bs[w + 1]);
    if (out.slots[at + 2] !== 0) out.slots[at + 2] += c;
    else insertNew(out, at, bs[w], bs[w + 1], c, b.items[bs[w + 3]]);
  }
  if (out.size > out.capacity) reduce(out);
  return out;
}

/** Kept n-grams, most frequent first, ties in code-unit order (never in table order). */
export function sortedItems(s: MisraGries): [string, number][] {
  const out: [string, number][] = [];
  for (let w = 0; w < s.slots.length; w += 4)
    if (s.slots[w + 2] !== 0) out.push([s.items[s.slots[w + 3]], s.slots[w + 2]]);
  return out.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

export function packMisraGries(s: MisraGries): PackedMisraGries {
  const key1 = new Uint32Array(s.size);
  const key2 = new Uint32Array(s.size);
  const counts = new Float64Array(s.size);
  const items: string[] = [];
  for (let w = 0; w < s.slots.length; w += 4) {
    if (s.slots[w + 2] === 0) continue;
    key1[items.length] = s.slots[w];
    key2[items.length] = s.slots[w + 1];
    counts[items.length] = s.slots[w + 2];
    items.push(s.items[s.slots[w + 3]]);
  }
  return {
    capacity: s.capacity,
    total: s.total,
    errorBound: s.errorBound,
    key1,
    key2,
    counts,
    items: items.join('\n'),
    types: s.types && s.types.slice(),
  };
}

export function unpackMisraGries(p: PackedMisraGries): MisraGries {
  let slotCount = INITIAL_SLOTS;
  while (slotCount < p.counts.length * 2 + 2) slotCount *= 2;
  const s: MisraGries = {
    capacity: p.capacity,
    total: p.total,
    errorBound: p.errorBound,
    size: 0,
    slots: new Uint32Array(slotCount * 4),
    items: p.counts.length > 0 ? p.items.split('\n') : [],
    types: p.types,
  };
  for (let i = 0; i < p.counts.length; i++) {
    const at = slotOf(s.slots, p.key1[i], p.key2[i]);
    s.slots[at] = p.key1[i];
    s.slots[at + 1] = p.key2[i];
    s.slots[at + 2] = p.counts[i];
    s.slots[at + 3] = i;
    s.size++;
  }
  return s;
}
