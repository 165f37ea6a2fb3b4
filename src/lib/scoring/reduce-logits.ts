/**
 * Reduces one row of logits (the model's prediction for the next token) to the scoring contract's
 * per-token values. Float64 accumulation: vocabularies reach 150k entries, and float32 sums drift.
 *
 * On WASM and in Node this runs for every scored token over the whole vocabulary, and for a small model it is
 * the largest part of the scoring time (README, Large corpora), so a row is read twice, not four times: one pass
 * finds the maximum, the target's rank and the top k together, the other sums the exponentials. Each value is
 * computed by the same float64 operations in the same order as the plain four-pass form, so the results are bit
 * for bit the same (test/unit/scoring/reduce.test.ts keeps that form as its reference).
 */
export interface RowScore {
  logprob: number;
  rank: number;
  entropy: number;
}

/** The top-k buffer's values (logits[offset + topIds[j]]), so the insertion compares without an indirect read. */
let topValues = new Float64Array(64);

/**
 * @param logits  buffer holding the row at [offset, offset + vocab)
 * @param target  the actual next token
 * @param k       how many alternatives (≥ 1) to write into topIds/topLogprobs at topOffset: the ids of
 *                the k largest logits, largest first (ties: lower id first), and -1 past the vocabulary
 */
export function reduceRow(
  logits: ArrayLike<number>,
  offset: number,
  vocab: number,
  target: number,
  k: number,
  topIds: Int32Array,
  topLogprobs: Float32Array,
  topOffset: number,
): RowScore {
  const zTarget = logits[offset + target];
  const n = Math.min(k, vocab);
  if (topValues.length < n) topValues = new Float64Array(n);
  const values = topValues;
  let max = -Infinity;
  let higher = 0;
  let filled = 0;
  for (let v = 0; v < vocab; v++) {
    const z = logits[offset + v];
    if (z > max) max = z;
    if (z > zTarget) higher++;
    // Insertion into the sorted top-k buffer: O(V·k) worst case but O(V) in practice, no allocation per row.
    if (filled === n && z <= values[n - 1]) continue;
    let i = filled < n ? filled++ : n - 1;
    while (i > 0 && values[i - 1] < z) {
      topIds[topOffset + i] = topIds[topOffset + i - 1];
      values[i] = values[i - 1];
      i--;
    }
    topIds[topOffset + i] = v;
    values[i] = z;
  }
  for (let j = n; j < k; j++) topIds[topOffset + j] = -1;

  let sumExp = 0;
  let sumExpZ = 0;
  for (let v = 0; v < vocab; v++) {
    const d = logits[offset + v] - max;
    const e = Math.exp(d);
    sumExp += e;
    sumExpZ += e * d;
  }
  const logZ = Math.log(sumExp);
  for (let j = 0; j < k; j++) {
    const id = topIds[topOffset + j];
    topLogprobs[topOffset + j] = id < 0 ? -Infinity : logits[offset + id] - max - logZ;
  }
  return {
    logprob: zTarget - max - logZ,
    rank: higher + 1,
    // H = log Z − E[z − max]  (all relative to max for stability)
    entropy: logZ - sumExpZ / sumExp,
  };
}
