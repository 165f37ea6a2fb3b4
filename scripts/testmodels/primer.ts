/**
 * The primer: the bundled prior a first run uses. The test bigram's counts (`corpus.ts`, same 320-token BPE)
 * under Dirichlet smoothing instead of add-α:
 *
 * Definition. With c(a, b) the bigram counts of the corpus documents `<s> t_1 … t_n </s>`, N(a) = Σ_b c(a, b),
 * C(b) = Σ_a c(a, b), T = Σ_b C(b) and V = 320:
 *
 *     u(b) = (C(b) + 1) / (T + V)                     (the unigram distribution, add-one)
 *     p(b | a) = (c(a, b) + μ·u(b)) / (N(a) + μ),  μ = 1/4    (MacKay & Peto 1995)
 *
 * Why not the test bigram: add-α spreads the mass a context keeps back evenly over all 320 tokens, so a
 * flagged token's top-8 alternatives each get ~1e-5 and ToEdit's draw (weights p^(1/β), β = 1.5) almost
 * never changes it (0.3 % of flagged tokens). Here that mass goes to frequent tokens, as in a neural prior,
 * so a flagged token's alternatives are real pieces with small but non-zero weight and the reference draw
 * changes a few percent of flagged tokens. A context seen N times with one continuation has
 * p ≈ N / (N + 1/4): above 0.99 once N ≥ 25 (the corpus's repeated "collapsed sample" phrase).
 */
import { bigramConfig } from './bigram';

export const PRIMER_MU = 1 / 4;

/** log p(b | a) as float32 [V*V], by the formula at the top of this file (in float64). */
export function primerLogTable(counts: Float64Array, vocabSize: number, mu = PRIMER_MU): Float32Array {
  const unigram = new Float64Array(vocabSize);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    unigram[i % vocabSize] += counts[i];
    total += counts[i];
  }
  for (let b = 0; b < vocabSize; b++) unigram[b] = (unigram[b] + 1) / (total + vocabSize);
  const table = new Float32Array(vocabSize * vocabSize);
  for (let a = 0; a < vocabSize; a++) {
    let rowTotal = 0;
    for (let b = 0; b < vocabSize; b++) rowTotal += counts[a * vocabSize + b];
    for (let b = 0; b < vocabSize; b++)
      table[a * vocabSize + b] = Math.log((counts[a * vocabSize + b] + mu * unigram[b]) / (rowTotal + mu));
  }
  return table;
}

/** config.json: the test bigram's, with the primer's definition. (The graph is the bigram's: bigramOnnx.) */
export function primerConfig(vocabSize: number): object {
  return bigramConfig(vocabSize, {
    kind: 'bigram',
    definition:
      'p(b|a) = (c(a,b) + mu*u(b)) / (N(a) + mu), u(b) = (C(b) + 1) / (T + V), over the test ' +
      'corpus documents "<s> tokens </s>"; logits[s] = log p(.|input_ids[s]) (float32)',
    mu: PRIMER_MU,
  });
}
