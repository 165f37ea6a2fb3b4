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
  // One loop per case, every array in a local: a closure taking either run made Chromium's V8 handle each
  // entry as a generic call (twice Node's time for the same merge in the benchmark's profiles).
  const [ak1, ak2, ag, ac] = [a.k1, a.k2, a.group, a.count];
  const [bk1, bk2, bg, bc] = [b.k1, b.k2, b.group, b.count];
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < na && j < nb) {
    const x1 = ak1[i];
    const y1 = bk1[j];
    let c = x1 < y1 ? -1 : x1 > y1 ? 1 : 0;
    if (c === 0) {
      const x2 = ak2[i];
      const y2 = bk2[j];
      c = x2 < y2 ? -1 : x2 > y2 ? 1 : 0;
      if (c === 0 && ag !== null && bg !== null) c = ag[i] < bg[j] ? -1 : ag[i] > bg[j] ? 1 : 0;
    }
    if (c <= 0) {
      k1[m] = x1;
      k2[m] = ak2[i];
      if (group !== null) group[m] = ag![i];
      count[m] = c === 0 ? ac[i] + bc[j++] : ac[i];
      i++;
    } else {
      k1[m] = y1;
      k2[m] = bk2[j];
      if (group !== null) group[m] = bg![j];
      count[m] = bc[j];
      j++;
    }
    m++;
  }
  for (; i < na; i++, m++) {
    k1[m] = ak1[i];
    k2[m] = ak2[i];
    if (group !== null) group[m] = ag![i];
    count[m] = ac[i];
  }
  for (; j < nb; j++, m++) {
    k1[m] = bk1[j];
    k2[m] = bk2[j];
    if (group !== null) group[m] = bg![j];
    count[m] = bc[j];
  }
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
