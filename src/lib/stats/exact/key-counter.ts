/**
 * Exact counts of (64-bit key, group) while one block of documents is read: an open-addressing table with
 * linear probing in one Uint32Array (four words a slot — k1, k2, group, count — so a probe touches one
 * cache line), grown by doubling at load ½. It never forgets; the block's table is turned into a sorted run
 * (key-run.ts) when the block ends, and from then on only runs are merged.
 */
import { fmix32 } from '../../math/fmix32';
import { sortRun, type KeyRun } from './key-run';

export interface KeyCounter {
  /** Four words per slot; count 0 marks an empty slot. */
  slots: Uint32Array;
  /** Live entries. */
  size: number;
  /** Whether group ids are kept (false: every entry has group 0). */
  grouped: boolean;
}

const INITIAL_SLOTS = 1024;

/**
 * Tables of sealed blocks, zeroed and kept for the next block of the same kind (`pool`: unigram tables stay
 * small, bigram tables grow to millions of slots): growing (rehashing) and freeing one per block cost a
 * sixth of the report's time.
 */
const spare = new Map<string, Uint32Array[]>();
const MAX_SPARE = 2;

export function emptyKeyCounter(grouped: boolean, pool = ''): KeyCounter {
  return { slots: spare.get(pool)?.pop() ?? new Uint32Array(INITIAL_SLOTS * 4), size: 0, grouped };
}

/** Hands a counter's table back for reuse by `pool`; the counter must not be used afterwards. */
export function releaseKeyCounter(c: KeyCounter, pool = ''): void {
  let list = spare.get(pool);
  if (!list) spare.set(pool, (list = []));
  if (list.length >= MAX_SPARE) return;
  c.slots.fill(0);
  list.push(c.slots);
}

function slotOf(slots: Uint32Array, k1: number, k2: number, g: number): number {
  const mask = (slots.length >> 2) - 1;
  // k1 is already a hash; k2 and the group are mixed in so that keys sharing k1 spread out too.
  let i = (k1 ^ fmix32((k2 + Math.imul(g, 0x85ebca6b)) >>> 0)) & mask;
  for (;;) {
    const w = i << 2;
    if (slots[w + 3] === 0 || (slots[w] === k1 && slots[w + 1] === k2 && slots[w + 2] === g)) return w;
    i = (i + 1) & mask;
  }
}

function grow(c: KeyCounter): void {
  const old = c.slots;
  const slots = new Uint32Array(old.length * 2);
  for (let w = 0; w < old.length; w += 4) {
    if (old[w + 3] === 0) continue;
    const at = slotOf(slots, old[w], old[w + 1], old[w + 2]);
    slots[at] = old[w];
    slots[at + 1] = old[w + 1];
    slots[at + 2] = old[w + 2];
    slots[at + 3] = old[w + 3];
  }
  c.slots = slots;
}

/** Counts one occurrence of key (k1, k2) in group `g` (ignored unless the counter is grouped). */
export function countKey(c: KeyCounter, k1: number, k2: number, g: number): void {
  const group = c.grouped ? g : 0;
  const at = slotOf(c.slots, k1 >>> 0, k2 >>> 0, group);
  if (c.slots[at + 3] !== 0) {
    c.slots[at + 3]++;
    return;
  }
  c.slots[at] = k1;
  c.slots[at + 1] = k2;
  c.slots[at + 2] = group;
  c.slots[at + 3] = 1;
  c.size++;
  if (c.size * 2 > c.slots.length >> 2) grow(c);
}

/** The counter's entries as a sorted run (the counter is left as it was). */
export function counterRun(c: KeyCounter): KeyRun {
  const n = c.size;
  const run: KeyRun = {
    k1: new Uint32Array(n),
    k2: new Uint32Array(n),
    group: c.grouped ? new Uint8Array(n) : null,
    count: new Uint32Array(n),
  };
  let m = 0;
  const s = c.slots;
  for (let w = 0; w < s.length; w += 4) {
    if (s[w + 3] === 0) continue;
    run.k1[m] = s[w];
    run.k2[m] = s[w + 1];
    if (run.group) run.group[m] = s[w + 2];
    run.count[m] = s[w + 3];
    m++;
  }
  return sortRun(run);
}
