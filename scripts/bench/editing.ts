/**
 * How long token-level editing takes once a corpus is scored: a ~10 MB corpus (2.5 MB with --quick) of the
 * test-model corpus's documents, scored in batches by the bigram test model on onnxruntime-node (it has
 * tokens with p > 0.99), each batch edited right away with the reference settings. Scoring and editing
 * are timed separately; only one batch of scores is held at a time.
 */
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { CORPUS_DOCUMENTS } from '../testmodels/corpus';
import { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import {
  DEFAULT_CONFIG,
  editDocument,
  emptyCounts,
  expectedEditRate,
  flagRate,
  mergeCounts,
} from '../../src/lib/toedit';
import { vocabularyOf } from '../../src/lib/scoring/tokens/packed-vocabulary';
import { TEST_MODELS_DIR } from './paths';

const BATCH_DOCUMENTS = 64;

export interface EditingMeasurement {
  corpusBytes: number;
  documents: number;
  tokens: number;
  scoreSeconds: number;
  editSeconds: number;
  editMegabytesPerSecond: number;
  editTokensPerSecond: number;
  flagRate: number;
  expectedEditRate: number;
  realisedEditRate: number;
}

export async function runEditing(quick: boolean): Promise<EditingMeasurement> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = TEST_MODELS_DIR + path.sep;
  const prior = await TransformersPrior.load('semisynth-test/bigram', { device: 'cpu', dtype: 'fp32' });
  const vocabulary = vocabularyOf(prior.vocabularyBytes());
  const target = (quick ? 2.5 : 10) * 1024 * 1024;
  const encoder = new TextEncoder();
  const documents: string[] = [];
  let corpusBytes = 0;
  for (let i = 0; corpusBytes < target; i++) {
    const text = CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length];
    documents.push(text);
    corpusBytes += encoder.encode(text).length;
  }
  let scoreSeconds = 0;
  let editSeconds = 0;
  let counts = emptyCounts();
  for (let start = 0; start < documents.length; start += BATCH_DOCUMENTS) {
    const batch = documents.slice(start, start + BATCH_DOCUMENTS);
    let t = performance.now();
    const scores = await prior.scoreBatch(batch, { k: DEFAULT_CONFIG.k });
    scoreSeconds += (performance.now() - t) / 1000;
    t = performance.now();
    batch.forEach((text, i) => {
      const edit = editDocument(text, scores[i], DEFAULT_CONFIG, 0, start + i, vocabulary);
      if (!edit.ok) throw new Error(`document ${start + i}: ${edit.error}`);
      counts = mergeCounts(counts, edit.counts);
    });
    editSeconds += (performance.now() - t) / 1000;
  }
  await prior.dispose();
  return {
    corpusBytes,
    documents: documents.length,
    tokens: counts.tokens,
    scoreSeconds,
    editSeconds,
    editMegabytesPerSecond: corpusBytes / 1024 / 1024 / editSeconds,
    editTokensPerSecond: counts.tokens / editSeconds,
    flagRate: flagRate(counts),
    expectedEditRate: expectedEditRate(counts),
    realisedEditRate: counts.flagged === 0 ? NaN : counts.realisedEdits / counts.flagged,
  };
}
