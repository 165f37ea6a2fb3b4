/**
 * A sorted run of exact n-gram counts: parallel typed arrays of 64-bit keys (two 32-bit hashes, k1 and k2,
 * from the word-punct scanner), an optional document-group id, and a count, sorted by (k1, k2, group) with
 * no key repeated. Sorted runs are what make exact counting mergeable at any size: two runs merge by one
 * linear merge-join (merge.ts), in any order, to the same run; two corpora's runs meet on their true joint
 * support the same way (joint-support.ts). 12 bytes per key (13 with groups), no hash-table slack, and
 * every array transfers between workers without a copy.
 *
 * Why hand-written: typed-array radix sorting and merge-joins are a few dozen lines each, and no library
 * sorts parallel typed arrays by a 64-bit composite key.
 */

export interface KeyRun {
  k1: Uint32Array;
  k2: Uint32Array;
  /** Document group of each entry (the report's bootstrap groups), or null once groups are summed away. */
  group: Uint8Array | null;
  count: Uint32Array;
}

export function runLength(run: KeyRun): number {
  return run.count.length;
}

export function emptyRun(grouped: boolean): KeyRun {
  return {
    k1: new Uint32Array(0),
    k2: new Uint32Array(0),
    group: grouped ? new Uint8Array(0) : null,
    count: new Uint32Array(0),
  };
}

/** Total of the counts (Float64: a large corpus's n-grams exceed 2^32 only in sums, never per key). */
export function runTotal(run: KeyRun): number {
  let t = 0;
  for (let i = 0; i < run.count.length; i++) t += run.count[i];
  return t;
}

/** −1, 0 or 1: the order of entry i of `a` against entry j of `b`, by (k1, k2, group). */
export function compareEntries(a: KeyRun, i: number, b: KeyRun, j: number): number {
  if (a.k1[i] !== b.k1[j]) return a.k1[i] < b.k1[j] ? -1 : 1;
  if (a.k2[i] !== b.k2[j]) return a.k2[i] < b.k2[j] ? -1 : 1;
  if (a.group && b.group && a.group[i] !== b.group[j]) return a.group[i] < b.group[j] ? -1 : 1;
  return 0;
}

/**
 * One stable LSD radix pass over `bits` bits (≤ 16) of `values[entry] >>> shift`: reorders `order` into `out`;
 * false (and `out` untouched) when every entry has the same digit.
 */
function radixPass(
  order: Uint32Array,
  out: Uint32Array,
  values: Uint32Array | Uint8Array,
  shift: number,
  bits: number,
  counts: Uint32Array,
): boolean {
  const mask = (1 << bits) - 1;
  counts.fill(0, 0, mask + 2);
  for (let i = 0; i < order.length; i++) counts[((values[order[i]] >>> shift) & mask) + 1]++;
  // A pass where every entry has the same digit changes nothing: skip it.
  for (let d = 1; d <= mask + 1; d++) if (counts[d] === order.length) return false;
  for (let d = 1; d <= mask + 1; d++) counts[d] += counts[d - 1];
  for (let i = 0; i < order.length; i++) {
    const e = order[i];
    out[counts[(values[e] >>> shift) & mask]++] = e;
  }
  return true;
}

/**
 * The entries of `run` (keys possibly repeated, in any order) sorted by (k1, k2, group), with the counts of
 * equal entries added: a valid run. The inputs are not modified.
 */
export function sortRun(run: KeyRun): KeyRun {
  const n = run.count.length;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array((1 << 16) + 1);
  // Radix on k1 only; entries sharing a k1 (one n-gram in several groups, rarely two n-grams) are then put
  // in (k2, group) order within their short stretch — three fewer passes over the whole table.
  for (const shift of [0, 16]) {
    if (radixPass(order, spare, run.k1, shift, 16, counts)) [order, spare] = [spare, order];
  }
  const { k1: rk1, k2: rk2, group: rg } = run;
  const before = (x: number, y: number) =>
    rk2[x] < rk2[y] || (rk2[x] === rk2[y] && rg !== null && rg[x] < rg[y]);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && rk1[order[end]] === rk1[order[start]]) end++;
    if (end - start > 32) {
      const part = Array.from(order.subarray(start, end)).sort((x, y) =>
        before(x, y) ? -1 : before(y, x) ? 1 : 0,
      );
      order.set(part, start);
    } else {
      for (let i = start + 1; i < end; i++) {
        const e = order[i];
        let j = i - 1;
        while (j >= start && before(e, order[j])) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = e;
      }
    }
    start = end;
  }
  // Gather, adding up repeated entries.
  const k1 = new Uint32Array(n);
  const k2 = new Uint32Array(n);
  const group = run.group ? new Uint8Array(n) : null;
  const count = new Uint32Array(n);
  let m = -1;
  for (let i = 0; i < n; i++) {
    const e = order[i];
    if (
      m >= 0 &&
      k1[m] === run.k1[e] &&
      k2[m] === run.k2[e] &&
      (group === null || group[m] === run.group![e])
    ) {
      count[m] += run.count[e];
      continue;
    }
    m++;
    k1[m] = run.k1[e];
    k2[m] = run.k2[e];
    if (group) group[m] = run.group![e];
    count[m] = run.count[e];
  }
  return shrink({ k1, k2, group, count }, m + 1);
}

/** The first `length` entries (copies only when the arrays are longer). */
export function shrink(run: KeyRun, length: number): KeyRun {
  if (length === run.count.length) return run;
  return {
    k1: run.k1.slice(0, length),
    k2: run.k2.slice(0, length),
    group: run.group ? run.group.slice(0, length) : null,
    count: run.count.slice(0, length),
  };
}

/** Two runs merged: entries equal in (k1, k2, group) are added. Both must be grouped, or neither. */
export function mergeRuns(a: KeyRun, b: KeyRun): KeyRun {
  if ((a.group === null) !== (b.group === null)) {
    throw new RangeError('cannot merge a grouped run with an ungrouped one: collapse it first');
  }
  const na = a.count.length;
  const nb = b.count.length;
  if (nb === 0) return a;
  if (na === 0) return b;
  const n = na + nb;
  const k1 = new Uint32Array(n);
  const k2 = new Uint32Array(n);
  const group = a.group ? new Uint8Array(n) : null;
  const count = new Uint32Array(n);
  let i = 0;
  let j = 0;
  let m = 0;
  const take = (r: KeyRun, x: number) => {
    k1[m] = r.k1[x];
    k2[m] = r.k2[x];
    if (group) group[m] = r.group![x];
    count[m] = r.count[x];
    m++;
  };
  while (i < na && j < nb) {
    const c = compareEntries(a, i, b, j);
    if (c < 0) take(a, i++);
    else if (c > 0) take(b, j++);
    else {
      take(a, i++);
      count[m - 1] += b.count[j++];
    }
  }
  while (i < na) take(a, i++);
  while (j < nb) take(b, j++);
  return shrink({ k1, k2, group, count }, m);
}

/** The run with its groups summed away: one entry per key. */
export function collapseGroups(run: KeyRun): KeyRun {
  if (run.group === null) return run;
  const n = run.count.length;
  const k1 = new Uint32Array(n);
  const k2 = new Uint32Array(n);
  const count = new Uint32Array(n);
  let m = -1;
  for (let i = 0; i < n; i++) {
    if (m >= 0 && k1[m] === run.k1[i] && k2[m] === run.k2[i]) {
      count[m] += run.count[i];
      continue;
    }
    m++;
    k1[m] = run.k1[i];
    k2[m] = run.k2[i];
    count[m] = run.count[i];
  }
  return shrink({ k1, k2, group: null, count }, m + 1);
}

/** Distinct keys of a run (entries when ungrouped; fewer when a key appears in several groups). */
export function distinctKeys(run: KeyRun): number {
  if (run.group === null) return run.count.length;
  let d = 0;
  for (let i = 0; i < run.count.length; i++) {
    if (i === 0 || run.k1[i] !== run.k1[i - 1] || run.k2[i] !== run.k2[i - 1]) d++;
  }
  return d;
}

/** The run's typed arrays, for Comlink.transfer. */
export function runBuffers(run: KeyRun): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [run.k1, run.k2, run.count];
  if (run.group) arrays.push(run.group);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
