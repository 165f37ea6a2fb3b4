/**
 * Exact n-gram counts of a corpus at any size that fits a memory budget, merged exactly across blocks and
 * workers — the counts every n-gram divergence is computed from (metrics.md: "over the true joint support of
 * both corpora"). Three tiers, each a function of the whole corpus only (never of block size or worker
 * count), because a partial merge can only be smaller than the final one and tiers only ever step down:
 *
 *  - `grouped`: one entry per (n-gram, document group), so permutation tests and bootstraps can re-split the
 *    corpus by groups (resampling.ts). Kept while the entries fit `budget.groupedEntries`.
 *  - `exact`: one entry per n-gram: divergences stay exact; the permutation null is no longer available.
 *    Kept while the distinct n-grams fit `budget.exactKeys`.
 *  - `hashed`: counts of 2^bits hashed buckets. Divergences on buckets are a lower bound on the exact ones
 *    (merging categories can only lower an f-divergence: the data-processing inequality), labelled as such.
 *
 * Counting logs a block's occurrences (key-counter.ts) and sorts them into a run when the block ends (or
 * grows past `sealOccurrences`); sealed runs are kept as a log-structured list (sizes roughly halving), so
 * merging n blocks costs O(N log n) and memory stays within about twice the final run.
 */
import { fmix32 } from '../../math/fmix32';
import { countKey, counterRun, emptyKeyCounter, releaseKeyCounter, type KeyCounter } from './key-counter';
import {
  collapseGroups,
  distinctKeys,
  emptyRun,
  mergeRuns,
  runBuffers,
  runLength,
  type KeyRun,
} from './key-run';

export type ExactTier = 'grouped' | 'exact' | 'hashed';

export interface ExactBudget {
  /** (n-gram, group) entries kept before groups are summed away (13 bytes each). */
  groupedEntries: number;
  /** Distinct n-grams kept before counts fall back to hashed buckets (12 bytes each). */
  exactKeys: number;
  /** log2 of the hashed buckets used past `exactKeys`. */
  hashedBits: number;
  /**
   * Occurrences a block logs before they are sorted into a run (9 bytes each, twice while sorting): a block
   * is 4 MiB of text, about 1.5 M n-grams, but a CSV file is read as one block, so long blocks seal as they go.
   */
  sealOccurrences: number;
}

/** About 55 MB of grouped entries and 400 MB of exact keys per n, in the worst case. */
export const DEFAULT_EXACT_BUDGET: ExactBudget = {
  groupedEntries: 1 << 22,
  exactKeys: 1 << 25,
  hashedBits: 20,
  sealOccurrences: 1 << 22,
};

export interface ExactNgramAcc {
  /** Which counts these are ("unigrams", "bigrams"): block tables are reused between blocks of one kind. */
  kind: string;
  tier: ExactTier;
  /** n-grams counted. */
  total: number;
  /** The table of the block being read (null once sealed, and in the hashed tier). */
  counter: KeyCounter | null;
  /** Sealed, sorted runs, largest first. */
  runs: KeyRun[];
  /** Bucket counts, in the hashed tier. */
  hashed: Uint32Array | null;
}

export interface ExactNgrams {
  tier: ExactTier;
  total: number;
  /** Document groups of the grouped tier's entries (1 otherwise). */
  groups: number;
  /** Every n-gram with its count (per group in the grouped tier), sorted; null in the hashed tier. */
  run: KeyRun | null;
  /** Distinct n-grams (exact in the grouped and exact tiers; null in the hashed tier). */
  distinct: number | null;
  /** Bucket counts in the hashed tier. */
  hashed: Uint32Array | null;
  budget: ExactBudget;
  /** How the counts were kept, in words (for the page and exports). */
  method: string;
}

/** The hashed tier's bucket of a key: murmur3's finaliser over both halves, top `bits` bits. */
export function hashedBucket(k1: number, k2: number, bits: number): number {
  return fmix32((fmix32(k1) ^ k2) >>> 0) >>> (32 - bits);
}

export function emptyExactNgrams(kind = ''): ExactNgramAcc {
  return { kind, tier: 'grouped', total: 0, counter: null, runs: [], hashed: null };
}

export function countExact(
  acc: ExactNgramAcc,
  k1: number,
  k2: number,
  group: number,
  budget: ExactBudget,
): void {
  acc.total++;
  if (acc.tier === 'hashed') {
    acc.hashed![hashedBucket(k1, k2, budget.hashedBits)]++;
    return;
  }
  acc.counter ??= emptyKeyCounter(acc.tier === 'grouped', acc.kind);
  countKey(acc.counter, k1, k2, group);
  if (acc.counter.size >= budget.sealOccurrences) sealExact(acc, budget);
}

function toHashed(runs: KeyRun[], bits: number, into?: Uint32Array): Uint32Array {
  const out = into ?? new Uint32Array(2 ** bits);
  for (const r of runs) {
    for (let i = 0; i < r.count.length; i++) out[hashedBucket(r.k1[i], r.k2[i], bits)] += r.count[i];
  }
  return out;
}

/**
 * Adds a sorted run to a run list (a new list; inputs untouched), merging while the last run is at least
 * half the size of the one before it, and steps the tier down when a merged run outgrows the budget.
 */
function pushRun(
  state: { tier: ExactTier; runs: KeyRun[]; hashed: Uint32Array | null },
  run: KeyRun,
  budget: ExactBudget,
): void {
  if (state.tier === 'hashed') {
    toHashed([run], budget.hashedBits, state.hashed!);
    return;
  }
  if (state.tier === 'exact') run = collapseGroups(run);
  state.runs.push(run);
  const rs = state.runs;
  while (rs.length >= 2 && runLength(rs[rs.length - 2]) <= 2 * runLength(rs[rs.length - 1])) {
    const b = rs.pop()!;
    const a = rs.pop()!;
    rs.push(mergeRuns(a, b));
  }
  step(state, budget);
}

/** Steps the tier down while some run is over the current tier's budget (a lower bound on the final size). */
function step(
  state: { tier: ExactTier; runs: KeyRun[]; hashed: Uint32Array | null },
  budget: ExactBudget,
): void {
  if (state.tier === 'grouped' && state.runs.some((r) => runLength(r) > budget.groupedEntries)) {
    state.tier = 'exact';
    state.runs = collapseAll(state.runs);
  }
  if (state.tier === 'exact' && state.runs.some((r) => runLength(r) > budget.exactKeys)) {
    state.tier = 'hashed';
    state.hashed = toHashed(state.runs, budget.hashedBits);
    state.runs = [];
  }
}

/** Each run with its groups summed away, then merged back into a size-ordered list. */
function collapseAll(runs: KeyRun[]): KeyRun[] {
  const out: KeyRun[] = [];
  for (const r of runs.map(collapseGroups)) {
    out.push(r);
    while (out.length >= 2 && runLength(out[out.length - 2]) <= 2 * runLength(out[out.length - 1])) {
      const b = out.pop()!;
      const a = out.pop()!;
      out.push(mergeRuns(a, b));
    }
  }
  return out;
}

/** The accumulator with its block table turned into a run (mutates: call where the block ends). */
export function sealExact(acc: ExactNgramAcc, budget: ExactBudget): void {
  if (!acc.counter) return;
  const run = counterRun(acc.counter);
  releaseKeyCounter(acc.counter, acc.kind);
  acc.counter = null;
  pushRun(acc, run, budget);
}

/** a's n-grams then b's (exact counts merge in any order to the same result); inputs untouched. */
export function mergeExact(a: ExactNgramAcc, b: ExactNgramAcc, budget: ExactBudget): ExactNgramAcc {
  const out = { tier: a.tier, runs: [] as KeyRun[], hashed: null as Uint32Array | null };
  // The lower of the two tiers, applied to a's runs first.
  const tier: ExactTier =
    a.tier === 'hashed' || b.tier === 'hashed'
      ? 'hashed'
      : a.tier === 'exact' || b.tier === 'exact'
        ? 'exact'
        : 'grouped';
  const runsOf = (x: ExactNgramAcc) => (x.counter ? [...x.runs, counterRun(x.counter)] : x.runs);
  if (tier === 'hashed') {
    out.tier = 'hashed';
    out.hashed = new Uint32Array(2 ** budget.hashedBits);
    for (const x of [a, b]) {
      if (x.hashed) for (let i = 0; i < x.hashed.length; i++) out.hashed[i] += x.hashed[i];
      toHashed(runsOf(x), budget.hashedBits, out.hashed);
    }
  } else {
    out.tier = tier;
    for (const r of [...runsOf(a), ...runsOf(b)]) pushRun(out, r, budget);
  }
  return {
    kind: a.kind,
    tier: out.tier,
    total: a.total + b.total,
    counter: null,
    runs: out.runs,
    hashed: out.hashed,
  };
}

/** Every run merged into one, the tier checked against the budget once more on the final size. */
export function finalizeExact(acc: ExactNgramAcc, groups: number, budget: ExactBudget): ExactNgrams {
  const state: { tier: ExactTier; runs: KeyRun[]; hashed: Uint32Array | null } = {
    tier: acc.tier,
    runs: [...acc.runs],
    hashed: acc.hashed && acc.hashed.slice(),
  };
  if (acc.counter) pushRun(state, counterRun(acc.counter), budget);
  let run: KeyRun | null = null;
  if (state.tier !== 'hashed') {
    run = state.runs.reduce((x, y) => mergeRuns(x, y), emptyRun(state.tier === 'grouped'));
    state.runs = [run];
    step(state, budget);
    run = state.runs[0] ?? null;
  }
  const tier = state.tier;
  const buckets = 2 ** budget.hashedBits;
  return {
    tier,
    total: acc.total,
    groups: tier === 'grouped' ? groups : 1,
    run,
    distinct: run ? distinctKeys(run) : null,
    hashed: state.hashed,
    budget,
    method:
      tier === 'hashed'
        ? `more distinct n-grams than the exact budget (${budget.exactKeys.toLocaleString('en-US')}): counts of ${buckets.toLocaleString('en-US')} hashed buckets (murmur3 finaliser of the 64-bit key); divergences on buckets are lower bounds of the exact ones`
        : `exact: every distinct n-gram counted by its 64-bit key${tier === 'grouped' ? `, per document group (${groups} groups)` : ` (too many n-gram × group entries for the permutation budget of ${budget.groupedEntries.toLocaleString('en-US')})`}`,
  };
}

/** Bucket counts of a finished table in any tier (the hashed tier's own, or its exact run's, bucketed). */
export function hashedCounts(e: ExactNgrams): Uint32Array {
  return e.hashed ?? toHashed(e.run ? [e.run] : [], e.budget.hashedBits);
}

/** The typed arrays an accumulator owns, for Comlink.transfer (seal it first: counters are not sent). */
export function exactBuffers(acc: ExactNgramAcc): ArrayBuffer[] {
  const out = acc.runs.flatMap(runBuffers);
  if (acc.counter)
    out.push(...[acc.counter.k1, acc.counter.k2, acc.counter.group].map((a) => a.buffer as ArrayBuffer));
  if (acc.hashed) out.push(acc.hashed.buffer as ArrayBuffer);
  return out;
}

/** The typed arrays of a finished table, for Comlink.transfer. */
export function exactResultBuffers(e: ExactNgrams): ArrayBuffer[] {
  const out = e.run ? runBuffers(e.run) : [];
  if (e.hashed) out.push(e.hashed.buffer as ArrayBuffer);
  return out;
}
