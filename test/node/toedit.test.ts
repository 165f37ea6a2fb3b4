import { AutoTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import type { DocumentScores } from '../../src/lib/scoring/scores';
import { byteLevelToBytes } from '../../src/lib/scoring/tokens/byte-alphabet';
import { DEFAULT_CONFIG } from '../../src/lib/toedit/config';
import { editCorpus, editDocument } from '../../src/lib/toedit/edit-engine';
import type { Vocabulary } from '../../src/lib/scoring/tokens/packed-vocabulary';
import { bigramReference } from '../support/bigram-reference';
import { loadNodePrior } from '../support/node-prior';

const V = 320;
const enc = new TextEncoder();

let bigram: TransformersPrior;
let vocab: Vocabulary;
let logP: (a: number, b: number) => number;
let scores: DocumentScores[];

beforeAll(async () => {
  bigram = await loadNodePrior('semisynth-test/bigram');
  const tokenizer = await AutoTokenizer.from_pretrained('semisynth-test/bigram');
  logP = bigramReference(tokenizer, V).logP;
  // The engine's vocabulary from the tokenizer: byte-level strings decoded to their exact bytes.
  const table: Uint8Array[] = new Array<Uint8Array>(V).fill(new Uint8Array(0));
  for (const [token, id] of tokenizer.get_vocab()) table[id] = byteLevelToBytes(token) ?? enc.encode(token);
  const specials = new Set(bigram.info.specialIds);
  vocab = { bytes: (id) => table[id], special: (id) => specials.has(id) };
  scores = await bigram.scoreBatch(CORPUS_DOCUMENTS, { k: 8 });
});

describe('ToEdit on the bigram test model', () => {
  it('flags exactly the tokens whose exact bigram probability exceeds 0.99', () => {
    let flagged = 0;
    CORPUS_DOCUMENTS.forEach((text, d) => {
      const s = scores[d];
      const r = editDocument(text, s, DEFAULT_CONFIG, 1, d, vocab);
      if (!r.ok) throw new Error(r.error);
      const ids = [0, ...s.tokenIds]; // the BOS (id 0) precedes the first text token
      const expected: number[] = [];
      for (let t = 0; t < s.tokenIds.length; t++) {
        const p = Math.exp(logP(ids[t], ids[t + 1]));
        // No probability in this corpus sits within float32 rounding of τ, so float64 decides the same.
        expect(Math.abs(p - 0.99)).toBeGreaterThan(1e-6);
        if (p > 0.99) expected.push(t);
      }
      expect(r.log.map((e) => e.position)).toEqual(expected);
      flagged += expected.length;
    });
    expect(flagged).toBeGreaterThan(10);
  });

  it('round-trips every corpus document byte for byte when nothing is flagged', () => {
    CORPUS_DOCUMENTS.forEach((text, d) => {
      const r = editDocument(text, scores[d], { ...DEFAULT_CONFIG, tau: 1 }, 1, d, vocab);
      if (!r.ok) throw new Error(r.error);
      expect(r.text).toBe(text);
      expect(r.bytes).toEqual(enc.encode(text));
    });
  });

  it('force-changed edits are spliced by byte span, leave valid UTF-8 and never draw specials', () => {
    let edits = 0;
    for (const { docIndex, result } of editCorpus(
      CORPUS_DOCUMENTS.map((text, d) => ({ text, scores: scores[d] })),
      { ...DEFAULT_CONFIG, forceChange: true },
      5,
      vocab,
    )) {
      if (!result.ok) throw new Error(result.error);
      const original = enc.encode(CORPUS_DOCUMENTS[docIndex]);
      const parts: number[] = [];
      let cursor = 0;
      for (const e of result.log) {
        if (!e.changed || e.replacement === null) continue;
        expect(vocab.special(e.replacement)).toBe(false);
        parts.push(...original.subarray(cursor, e.byteStart), ...vocab.bytes(e.replacement));
        cursor = e.byteEnd;
      }
      parts.push(...original.subarray(cursor));
      expect(result.bytes).toEqual(Uint8Array.from(parts));
      expect(enc.encode(result.text)).toEqual(result.bytes);
      edits += result.counts.realisedEdits;
    }
    expect(edits).toBeGreaterThan(0);
  });

  it('the same document scored alone or in a batch edits to the same bytes', async () => {
    const d = CORPUS_DOCUMENTS.length - 1;
    const alone = await bigram.score(CORPUS_DOCUMENTS[d], { k: 8 });
    const a = editDocument(CORPUS_DOCUMENTS[d], alone, DEFAULT_CONFIG, 9, d, vocab);
    const b = editDocument(CORPUS_DOCUMENTS[d], scores[d], DEFAULT_CONFIG, 9, d, vocab);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.bytes).toEqual(b.bytes);
  });
});
