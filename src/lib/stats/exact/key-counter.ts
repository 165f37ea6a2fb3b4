/**
 * Exact counts of (64-bit key, group) while one block of documents is read, kept as a log of occurrences:
 * every n-gram is appended (three sequential writes), and the block's log is sorted and added up into a run
 * (key-run.ts) when the block ends. A hash table was the obvious alternative, but a block's bigram table spans
 * tens of MB, so every token's probe missed the cache; appending and one radix sort at the end does the same
 * work with sequential memory traffic.
 */
import type { KeyRun } from './key-run';

export interface KeyCounter {
  k1: Uint32Array;
  k2: Uint32Array;
  group: Uint8Array;
  /** Occurrences logged. */
  size: number;
  /** Whether group ids are kept (false: every entry has group 0). */
  grouped: boolean;
}

const INITIAL = 1 << 14;

/**
 * Logs of sealed blocks, kept for the next block of the same kind (`pool`: unigram and bigram logs), so a
 * block does not regrow and free its arrays.
 */
const spare = new Map<string, KeyCounter[]>();
const MAX_SPARE = 2;

export function emptyKeyCounter(grouped: boolean, pool = ''): KeyCounter {
  const reused = spare.get(pool)?.pop();
  if (reused) return { ...reused, size: 0, grouped };
  return {
    k1: new Uint32Array(INITIAL),
    k2: new Uint32Array(INITIAL),
    group: new Uint8Array(INITIAL),
    size: 0,
    grouped,
  };
}

/** Hands a counter's arrays back for reuse by `pool`; the counter must not be used afterwards. */
export function releaseKeyCounter(c: KeyCounter, pool = ''): void {
  let list = spare.get(pool);
  if (!list) spare.set(pool, (list = []));
  if (list.length < MAX_SPARE) list.push(c);
}

function grow(c: KeyCounter): void {
  const n = c.k1.length * 2;
  const k1 = new Uint32Array(n);
  const k2 = new Uint32Array(n);
  const group = new Uint8Array(n);
  k1.set(c.k1);
  k2.set(c.k2);
  group.set(c.group);
  c.k1 = k1;
  c.k2 = k2;
  c.group = group;
}

/** Counts one occurrence of key (k1, k2) in group `g` (ignored unless the counter is grouped). */
export function countKey(c: KeyCounter, k1: number, k2: number, g: number): void {
  if (c.size === c.k1.length) grow(c);
  const i = c.size++;
  c.k1[i] = k1;
  c.k2[i] = k2;
  c.group[i] = c.grouped ? g : 0;
}

/** Sorting space reused by every block in this worker (counterRun is never re-entered). */
let scratch = {
  a1: new Uint32Array(0),
  a2: new Uint32Array(0),
  ag: new Uint8Array(0),
  b1: new Uint32Array(0),
  b2: new Uint32Array(0),
  bg: new Uint8Array(0),
  count: new Uint32Array(0),
};

function scratchFor(n: number): typeof scratch {
  if (scratch.a1.length < n) {
    const size = Math.max(n, scratch.a1.length * 2);
    scratch = {
      a1: new Uint32Array(size),
      a2: new Uint32Array(size),
      ag: new Uint8Array(size),
      b1: new Uint32Array(size),
      b2: new Uint32Array(size),
      bg: new Uint8Array(size),
      count: new Uint32Array(size),
    };
  }
  return scratch;
}

/**
 * The logged occurrences as a sorted run with their counts added up (the counter is left as it was): an LSD
 * radix sort on k1 that moves the values themselves (three 11-bit passes, whose 2,048 buckets stay in
 * cache; sorting indices instead made the final pass read at random), then one sequential pass that adds up
 * each stretch of equal k1 — nearly always one n-gram, whose occurrences are tallied per group.
 */
export function counterRun(c: KeyCounter): KeyRun {
  const n = c.size;
  const s = scratchFor(n);
  let [a1, a2, ag, b1, b2, bg] = [s.a1, s.a2, s.ag, s.b1, s.b2, s.bg];
  a1.set(c.k1.subarray(0, n));
  a2.set(c.k2.subarray(0, n));
  ag.set(c.group.subarray(0, n));
  const counts = new Uint32Array(1 << 11);
  for (const [shift, bits] of [
    [0, 11],
    [11, 11],
    [22, 10],
  ]) {
    const mask = (1 << bits) - 1;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(a1[i] >>> shift) & mask]++;
    let sum = 0;
    let single = false;
    for (let d = 0; d <= mask; d++) {
      const c0 = counts[d];
      if (c0 === n) single = true;
      counts[d] = sum;
      sum += c0;
    }
    if (single) continue; // every entry has this digit: the pass would change nothing
    for (let i = 0; i < n; i++) {
      const at = counts[(a1[i] >>> shift) & mask]++;
      b1[at] = a1[i];
      b2[at] = a2[i];
      bg[at] = ag[i];
    }
    [a1, b1] = [b1, a1];
    [a2, b2] = [b2, a2];
    [ag, bg] = [bg, ag];
  }
  // The run is written into the free half of the sorting space, then copied out at its final length: one
  // allocation of exactly the run's size.
  const out = { k1: b1, k2: b2, group: bg, count: s.count };
  let m = 0;
  const perGroup = new Uint32Array(256);
  const touched: number[] = [];
  const emit = (k1: number, k2: number, g: number, count: number) => {
    out.k1[m] = k1;
    out.k2[m] = k2;
    out.group[m] = g;
    out.count[m] = count;
    m++;
  };
  for (let start = 0; start < n;) {
    const k1 = a1[start];
    const k2 = a2[start];
    let end = start + 1;
    let oneKey = true;
    while (end < n && a1[end] === k1) {
      if (a2[end] !== k2) oneKey = false;
      end++;
    }
    if (!oneKey) {
      // Two n-grams sharing k1 (a 32-bit collision): order the stretch by (k2, group) and add up runs.
      const part = Array.from({ length: end - start }, (_, i) => start + i).sort(
        (x, y) => a2[x] - a2[y] || ag[x] - ag[y],
      );
      for (let i = 0; i < part.length;) {
        let j = i + 1;
        while (j < part.length && a2[part[j]] === a2[part[i]] && ag[part[j]] === ag[part[i]]) j++;
        emit(k1, a2[part[i]], ag[part[i]], j - i);
        i = j;
      }
    } else if (!c.grouped) {
      emit(k1, k2, 0, end - start);
    } else {
      for (let i = start; i < end; i++) {
        const g = ag[i];
        if (perGroup[g]++ === 0) touched.push(g);
      }
      if (touched.length > 1) touched.sort((x, y) => x - y);
      for (const g of touched) {
        emit(k1, k2, g, perGroup[g]);
        perGroup[g] = 0;
      }
      touched.length = 0;
    }
    start = end;
  }
  return {
    k1: out.k1.slice(0, m),
    k2: out.k2.slice(0, m),
    group: c.grouped ? out.group.slice(0, m) : null,
    count: out.count.slice(0, m),
  };
}
