/**
 * A SentencePiece-family model (Metaspace, byte fallback, <unk>) in Chromium: the prior worker of the built
 * app loads semisynth-test/sp-bigram and scores the hard texts; its spans, ids and vocabulary bytes must be
 * Node's, its log-probabilities the exact bigram ones within 1e-4, and edits with its vocabulary byte-exact.
 */
import { AutoTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priorWorker, startApp, type App } from './harness';
import { loadNodePrior } from '../support/node-prior';
import { bigramReference } from '../support/bigram-reference';
import { splicedBytes } from '../support/spliced-bytes';
import { SP_VOCAB_SIZE } from '../../scripts/testmodels/sentencepiece';
import type { PriorWorkerApi } from '../../src/lib/scoring/prior-worker-api';
import { vocabularyOf } from '../../src/lib/scoring/tokens/packed-vocabulary';
import { DEFAULT_CONFIG } from '../../src/lib/toedit/config';
import { editDocument } from '../../src/lib/toedit/edit-engine';
import type { DocumentScores } from '../../src/lib/scoring/scores';

const TEXTS = [
  '言語モデル 模型崩溃 and 한국어',
  'family 👩‍👩‍👧 and 👍🏽',
  'cafe\u0301 a\u0308\u0304\r\n\tTabs,   runs  of   spaces   ',
  '\uFEFFa BOM, then  two spaces',
  ' a leading space, <s> a special, a literal ▁',
];
const enc = new TextEncoder();

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

type Hook = { __semisynthPriorApi: PriorWorkerApi };
/** What crosses back from the worker, typed arrays as plain arrays. */
interface PageResult {
  vocabulary: { bytes: number[]; offsets: number[]; special: number[] };
  scores: {
    tokenIds: number[];
    byteStart: number[];
    byteEnd: number[];
    logprob: number[];
    topIds: number[];
    topLogprobs: number[];
  }[];
}

describe.each(['wasm', 'webgpu'] as const)('SentencePiece model in Chromium on %s', (device) => {
  it('scores the hard texts like Node, on exact byte spans, and its vocabulary edits byte-exactly', async () => {
    const { page, context } = await app.newPage();
    try {
      const worker = await priorWorker(page);
      const result = (await worker.evaluate(
        async ({ texts, device }) => {
          const api = (self as unknown as Hook).__semisynthPriorApi;
          const loaded = await api.load({ kind: 'bundled', id: 'semisynth-test/sp-bigram' }, device, 'fp32');
          const scores = await api.scoreBatch(texts, 8);
          const plain = (a: ArrayLike<number>) => Array.from(a);
          return {
            vocabulary: {
              bytes: plain(loaded.vocabulary.bytes),
              offsets: plain(loaded.vocabulary.offsets),
              special: plain(loaded.vocabulary.special),
            },
            scores: scores.map((s) => ({
              tokenIds: plain(s.tokenIds),
              byteStart: plain(s.byteStart),
              byteEnd: plain(s.byteEnd),
              logprob: plain(s.logprob),
              topIds: plain(s.topIds),
              topLogprobs: plain(s.topLogprobs),
            })),
          };
        },
        { texts: TEXTS, device },
      )) as PageResult;

      const node = await loadNodePrior('semisynth-test/sp-bigram');
      const nodeVocabulary = node.vocabularyBytes();
      expect(result.vocabulary.bytes).toEqual(Array.from(nodeVocabulary.bytes));
      expect(result.vocabulary.offsets).toEqual(Array.from(nodeVocabulary.offsets));
      expect(result.vocabulary.special).toEqual(Array.from(nodeVocabulary.special));
      const { logP } = bigramReference(
        await AutoTokenizer.from_pretrained('semisynth-test/sp-bigram'),
        SP_VOCAB_SIZE,
      );
      const vocab = vocabularyOf({
        bytes: Uint8Array.from(result.vocabulary.bytes),
        offsets: Uint32Array.from(result.vocabulary.offsets),
        special: Uint8Array.from(result.vocabulary.special),
      });
      let edits = 0;
      for (const [d, text] of TEXTS.entries()) {
        const s = result.scores[d];
        const want = await node.score(text, { k: 8 });
        expect(s.tokenIds).toEqual(Array.from(want.tokenIds));
        expect(s.byteStart).toEqual(Array.from(want.byteStart));
        expect(s.byteEnd).toEqual(Array.from(want.byteEnd));
        expect(s.byteEnd.at(-1)).toBe(enc.encode(text).length);
        const ids = [0, ...s.tokenIds];
        s.logprob.forEach((lp, t) => expect(Math.abs(lp - logP(ids[t], ids[t + 1]))).toBeLessThan(1e-4));

        const scores: DocumentScores = {
          tokenIds: Int32Array.from(s.tokenIds),
          byteStart: Uint32Array.from(s.byteStart),
          byteEnd: Uint32Array.from(s.byteEnd),
          logprob: Float32Array.from(s.logprob),
          rank: new Int32Array(s.tokenIds.length),
          entropy: new Float32Array(s.tokenIds.length),
          k: 8,
          topIds: Int32Array.from(s.topIds),
          topLogprobs: Float32Array.from(s.topLogprobs),
          bosPrepended: true,
        };
        const edit = editDocument(
          text,
          scores,
          { ...DEFAULT_CONFIG, tau: 0.2, forceChange: true },
          11,
          d,
          vocab,
        );
        if (!edit.ok) throw new Error(edit.error);
        expect(edit.bytes).toEqual(splicedBytes(enc.encode(text), edit.log, vocab));
        edits += edit.counts.realisedEdits;
        expect(enc.encode(edit.text)).toEqual(edit.bytes);
      }
      expect(edits).toBeGreaterThan(0);
      await node.dispose();
    } finally {
      await context.close();
    }
  });
});
