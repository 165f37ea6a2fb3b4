/**
 * Reduces one row of logits (the model's prediction for the next token) to the scoring contract's
 * per-token values. Float64 accumulation: vocabularies reach 150k entries, and float32 sums drift.
 */
export interface RowScore {
  logprob: number;
  rank: number;
  entropy: number;
}

/**
 * @param logits  buffer holding the row at [offset, offset + vocab)
 * @param target  the actual next token
 * @param k       how many alternatives to write into topIds/topLogprobs at topOffset
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
  let max = -Infinity;
  for (let v = 0; v < vocab; v++) {
    const z = logits[offset + v];
    if (z > max) max = z;
  }
  let sumExp = 0;
  let sumExpZ = 0;
  for (let v = 0; v < vocab; v++) {
    const d = logits[offset + v] - max;
    const e = Math.exp(d);
    sumExp += e;
    sumExpZ += e * d;
  }
  const logZ = Math.log(sumExp);
  const zTarget = logits[offset + target];
  let higher = 0;
  for (let v = 0; v < vocab; v++) if (logits[offset + v] > zTarget) higher++;

  writeTopK(logits, offset, vocab, k, topIds, topOffset);
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

/**
 * Writes the ids of the k largest logits, largest first (ties: lower id first). Insertion into a sorted
 * buffer of size k: O(V·k) worst case but O(V) in practice, with no allocation per row.
 */
function writeTopK(
  logits: ArrayLike<number>,
  offset: number,
  vocab: number,
  k: number,
  out: Int32Array,
  outOffset: number,
): void {
  const n = Math.min(k, vocab);
  let filled = 0;
  for (let v = 0; v < vocab; v++) {
    const z = logits[offset + v];
    if (filled === n && z <= logits[offset + out[outOffset + n - 1]]) continue;
    let i = filled < n ? filled++ : n - 1;
    while (i > 0 && logits[offset + out[outOffset + i - 1]] < z) {
      out[outOffset + i] = out[outOffset + i - 1];
      i--;
    }
    out[outOffset + i] = v;
  }
  for (let j = n; j < k; j++) out[outOffset + j] = -1;
}
