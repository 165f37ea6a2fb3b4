import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import type { DocumentScores } from '../../src/lib/scoring/scores';
import { bigramReference } from '../support/bigram-reference';
import { loadNodePrior } from '../support/node-prior';

const V = 320;
const TRICKY = 'Semisynth 👩‍🔬 言語モデル cafe\u0301\r\n\tÅngström <s> </s> end ';

let bigram: TransformersPrior;
let llama: TransformersPrior;
let tokenizer: PreTrainedTokenizer;
beforeAll(async () => {
  [bigram, llama] = await Promise.all([
    loadNodePrior('semisynth-test/bigram'),
    loadNodePrior('semisynth-test/tiny-llama'),
  ]);
  tokenizer = await AutoTokenizer.from_pretrained('semisynth-test/bigram');
});

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('scoring the bigram model (probabilities known exactly)', () => {
  it('gives each token its exact log p, rank, entropy and top-k', async () => {
    const { logP } = bigramReference(tokenizer, V);
    let checked = 0;
    let nearCertain = 0;
    for (const text of CORPUS_DOCUMENTS) {
      const s = await bigram.score(text, { k: 8 });
      expect(s.bosPrepended).toBe(true);
      const ids = [0, ...s.tokenIds];
      for (let t = 0; t < s.tokenIds.length; t++) {
        const prev = ids[t];
        const row = Array.from({ length: V }, (_, v) => logP(prev, v));
        const want = row[s.tokenIds[t]];
        expect(Math.abs(s.logprob[t] - want)).toBeLessThan(1e-5);
        expect(s.rank[t]).toBe(1 + row.filter((x) => x > want + 1e-9).length);
        const entropy = -row.reduce((acc, lp) => acc + Math.exp(lp) * lp, 0);
        expect(Math.abs(s.entropy[t] - entropy)).toBeLessThan(1e-5);
        const top = Array.from(s.topIds.subarray(t * 8, t * 8 + 8));
        // Compare probabilities rather than ids: equal counts tie exactly, and ties may order either way.
        const wantTop = [...row].sort((a, b) => b - a).slice(0, 8);
        expect(maxDiff(Array.from(s.topLogprobs.subarray(t * 8, t * 8 + 8)), wantTop)).toBeLessThan(1e-5);
        top.forEach((id, j) => expect(Math.abs(row[id] - wantTop[j])).toBeLessThan(1e-5));
        if (Math.exp(want) > 0.99) nearCertain++;
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(nearCertain).toBeGreaterThan(100); // what ToEdit will resample
  });
});

describe('scoring contract', () => {
  it.each([
    ['bigram', () => bigram],
    ['tiny-llama', () => llama],
  ])('%s: byte spans tile the text exactly, every token scored, deterministic', async (_, prior) => {
    const s = await prior().score(TRICKY);
    const bytes = new TextEncoder().encode(TRICKY);
    expect(s.byteStart[0]).toBe(0);
    expect(s.byteEnd[s.byteEnd.length - 1]).toBe(bytes.length);
    for (let t = 1; t < s.tokenIds.length; t++) expect(s.byteStart[t]).toBe(s.byteEnd[t - 1]);
    expect(Array.from(s.logprob).every(Number.isFinite)).toBe(true);
    expect(Array.from(s.rank).every((r) => r >= 1 && r <= V)).toBe(true);
    expect(Array.from(s.entropy).every((h) => h >= 0 && h <= Math.log(V) + 1e-5)).toBe(true);
    expect(tokenizer.decode(Array.from(s.tokenIds))).toBe(TRICKY);
    const again = await prior().score(TRICKY);
    expect(again.logprob).toEqual(s.logprob);
  });

  it('an empty text has no tokens and no scores', async () => {
    const s = await llama.score('');
    expect(s.tokenIds.length).toBe(0);
    expect(s.logprob.length).toBe(0);
  });
});

describe('long documents: no text is dropped', () => {
  const long = CORPUS_DOCUMENTS.slice(0, 4).join('\n\n'); // a few hundred tokens

  it.each([1, 7, 30, 100])(
    'chunks of %i with KV carry-over equal one full pass (1e-5)',
    async (chunkSize) => {
      const full = await llama.score(long);
      expect(full.tokenIds.length).toBeGreaterThan(200);
      const chunked: DocumentScores = await llama.score(long, { chunkSize });
      expect(maxDiff(chunked.logprob, full.logprob)).toBeLessThan(1e-5);
      expect(maxDiff(chunked.entropy, full.entropy)).toBeLessThan(1e-5);
      expect(chunked.rank).toEqual(full.rank);
    },
  );

  it('scores every token of a document longer than the context window', async () => {
    const veryLong = Array.from({ length: 6 }, () => long).join('\n');
    const s = await llama.score(veryLong);
    expect(s.tokenIds.length).toBeGreaterThan(llama.info.maxContext * 2);
    expect(Array.from(s.logprob).every(Number.isFinite)).toBe(true);
    // Inside the first window the context is complete, so scores equal those of the short document.
    const head = await llama.score(long);
    expect(
      maxDiff(s.logprob.subarray(0, head.tokenIds.length - 1), head.logprob.subarray(0, -1)),
    ).toBeLessThan(1e-5);
  });
});
