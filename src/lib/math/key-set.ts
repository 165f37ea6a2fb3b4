/**
 * An exact set of 53-bit integer keys (key-hash.ts) in one Float64Array: open addressing with linear
 * probing, load factor ≤ ½, −1 marks an empty slot. Plain data ({ slots, size }), so it crosses to and
 * from workers by structured clone, and has no 2^24-entry cap as JavaScript's Set does. Memory: 8 bytes per
 * slot, 16–32 bytes per key.
 *
 * Keys must be integers in [0, 2^53); their low 32 bits pick the slot, so they must be well mixed (hash
 * outputs are).
 */
export interface KeySet {
  slots: Float64Array;
  size: number;
}

const EMPTY = -1;

export function emptyKeySet(expected = 0): KeySet {
  let capacity = 16;
  while (capacity < expected * 2) capacity *= 2;
  return { slots: new Float64Array(capacity).fill(EMPTY), size: 0 };
}

function insert(slots: Float64Array, key: number): boolean {
  const mask = slots.length - 1;
  let i = (key >>> 0) & mask; // >>> 0 is the key mod 2^32, exactly, for integers below 2^53
  for (;;) {
    const s = slots[i];
    if (s === EMPTY) {
      slots[i] = key;
      return true;
    }
    if (s === key) return false;
    i = (i + 1) & mask;
  }
}

function grow(set: KeySet): void {
  const old = set.slots;
  const slots = new Float64Array(old.length * 2).fill(EMPTY);
  for (let i = 0; i < old.length; i++) if (old[i] !== EMPTY) insert(slots, old[i]);
  set.slots = slots;
}

/** Adds `key`; true when it was not there yet. */
export function keySetAdd(set: KeySet, key: number): boolean {
  if ((set.size + 1) * 2 > set.slots.length) grow(set);
  const added = insert(set.slots, key);
  if (added) set.size++;
  return added;
}

export function keySetHas(set: KeySet, key: number): boolean {
  const slots = set.slots;
  const mask = slots.length - 1;
  let i = (key >>> 0) & mask;
  for (;;) {
    const s = slots[i];
    if (s === EMPTY) return false;
    if (s === key) return true;
    i = (i + 1) & mask;
  }
}

export function keySetForEach(set: KeySet, visit: (key: number) => void): void {
  const slots = set.slots;
  for (let i = 0; i < slots.length; i++) if (slots[i] !== EMPTY) visit(slots[i]);
}

/** A ∪ B as a new set; both inputs are left untouched. */
export function keySetUnion(a: KeySet, b: KeySet): KeySet {
  const [big, small] = a.size >= b.size ? [a, b] : [b, a];
  const out = emptyKeySet(big.size + small.size);
  keySetForEach(big, (k) => keySetAdd(out, k));
  keySetForEach(small, (k) => keySetAdd(out, k));
  return out;
}

/** The keys, ascending (for comparisons and canonical orders). */
export function keySetKeys(set: KeySet): Float64Array {
  const out = new Float64Array(set.size);
  let j = 0;
  keySetForEach(set, (k) => (out[j++] = k));
  return out.sort();
}
