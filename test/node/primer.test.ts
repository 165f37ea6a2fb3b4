/**
 * The first run's default prior (semisynth-test/primer), through transformers.js + onnxruntime-node: its
 * rows are the documented Dirichlet-smoothed bigram, recomputed here from counts of transformers.js's own
 * tokenization, and the README's first run (the collapsed sample, reference edit settings, seed 0) flags
 * tokens and realises edits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import { vocabularyOf } from '../../src/lib/scoring/tokens/packed-vocabulary';
import { DEFAULT_CONFIG } from '../../src/lib/toedit/config';
import { editDocument } from '../../src/lib/toedit/edit-engine';
import { COLLAPSED_SAMPLE } from '../../src/samples/collapsed';
import { PRIMER_MU } from '../../scripts/testmodels/primer';
import { bigramReference } from '../support/bigram-reference';
import { loadNodePrior } from '../support/node-prior';

const V = 320;
let primer: TransformersPrior;
let bigram: TransformersPrior;
let tokenizer: PreTrainedTokenizer;

beforeAll(async () => {
  primer = await loadNodePrior('semisynth-test/primer');
  bigram = await loadNodePrior('semisynth-test/bigram');
  tokenizer = await AutoTokenizer.from_pretrained('semisynth-test/primer');
});
afterAll(async () => {
  await primer?.dispose();
  await bigram?.dispose();
});

async function firstRun(prior: TransformersPrior) {
  const scores = await prior.score(COLLAPSED_SAMPLE, { k: 8 });
  const edit = editDocument(
    COLLAPSED_SAMPLE,
    scores,
    { ...DEFAULT_CONFIG },
    0,
    0,
    vocabularyOf(prior.vocabularyBytes()),
  );
  if (!edit.ok) throw new Error(edit.error);
  return { scores, edit };
}

describe('semisynth-test/primer', () => {
  it('scores every token with the Dirichlet-smoothed bigram of the corpus', async () => {
    // Counts as the reference test counts them; then the primer's own formula, in float64.
    const { docs } = bigramReference(tokenizer, V);
    const counts = Array.from({ length: V }, () => new Float64Array(V));
    for (const seq of docs) for (let i = 0; i + 1 < seq.length; i++) counts[seq[i]][seq[i + 1]] += 1;
    const column = new Float64Array(V);
    for (const row of counts) row.forEach((c, b) => (column[b] += c));
    const total = column.reduce((x, y) => x + y, 0);
    const unigram = Array.from(column, (c) => (c + 1) / (total + V));
    const logP = (a: number, b: number) => {
      const n = counts[a].reduce((x, y) => x + y, 0);
      return Math.log((counts[a][b] + PRIMER_MU * unigram[b]) / (n + PRIMER_MU));
    };

    const { scores } = await firstRun(primer);
    const ids = [0, ...scores.tokenIds];
    // Relative to |log p|: the graph holds log p in float32.
    let worst = 0;
    for (let i = 0; i < scores.tokenIds.length; i++) {
      const want = logP(ids[i], ids[i + 1]);
      worst = Math.max(worst, Math.abs(scores.logprob[i] - want) / Math.max(1, Math.abs(want)));
    }
    expect(scores.bosPrepended).toBe(true);
    expect(worst).toBeLessThan(1e-5);
  });

  it("flags tokens and realises edits on the README's first run, where the test bigram rarely changes one", async () => {
    const { edit } = await firstRun(primer);
    expect(edit.counts.flagged).toBeGreaterThan(100);
    expect(edit.counts.expectedEdits).toBeGreaterThan(5);
    expect(edit.counts.realisedEdits).toBeGreaterThan(0);
    expect(edit.text).not.toBe(COLLAPSED_SAMPLE);
    // Same text, same flags, but add-α smoothing leaves the alternatives almost no weight.
    const plain = (await firstRun(bigram)).edit;
    expect(plain.counts.flagged).toBe(edit.counts.flagged);
    expect(plain.counts.expectedEdits).toBeLessThan(edit.counts.expectedEdits / 4);
  });
});
