/**
 * The shape every corpus statistic takes (datatrove's empty / add / merge / finalize), so that shards
 * scored in several workers merge to exactly the single-worker result.
 *
 * Accumulators are plain data (numbers, typed arrays, plain arrays) so they cross worker boundaries by
 * structured clone. add() mutates its accumulator (it runs once per document, often per token, and
 * allocation there is the cost); merge() returns a new accumulator and leaves both inputs untouched.
 */
export interface Statistic<Acc, Input, Result> {
  empty(): Acc;
  add(acc: Acc, input: Input): void;
  merge(a: Acc, b: Acc): Acc;
  finalize(acc: Acc): Result;
}

/**
 * What a statistic returns when the data cannot support it (no documents, an empty sample, …): the reason,
 * in words, for the page to show instead of a meaningless number (NaN, 0/0, a quantile of nothing).
 */
export interface Insufficient {
  insufficient: string;
}

/** A result, or the reason there is none. */
export type Maybe<T> = T | Insufficient;

export function insufficient(reason: string): Insufficient {
  return { insufficient: reason };
}

export function isInsufficient<T>(x: Maybe<T>): x is Insufficient {
  return typeof x === 'object' && x !== null && 'insufficient' in x;
}

/** Add every statistic's inputs in order: the single-worker result the merge tests compare against. */
export function compute<Acc, Input, Result>(
  stat: Statistic<Acc, Input, Result>,
  inputs: Iterable<Input>,
): Result {
  const acc = stat.empty();
  for (const x of inputs) stat.add(acc, x);
  return stat.finalize(acc);
}

/** Merge many accumulators left to right (an empty list gives empty()). */
export function mergeAll<Acc, Input, Result>(stat: Statistic<Acc, Input, Result>, accs: Iterable<Acc>): Acc {
  let out = stat.empty();
  for (const a of accs) out = stat.merge(out, a);
  return out;
}
