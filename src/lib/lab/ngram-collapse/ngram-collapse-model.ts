/**
 * The run of "collapse on your own text": for G generations, fit the model to the training data of the
 * mode (the last generation, everything so far, or the human text to edit), write the next generation,
 * and measure it against the human text. Accumulate keeps one CountTrie and adds each generation to it.
 */
import { seededRng } from '../../math/seeded';
import { CountTrie } from '../../scoring/ngram/count-trie';
import { documentsOf, type PieceCorpus, type PreparedCorpus } from './ngram-collapse-corpus';
import { expectedSurvivors } from './ngram-collapse-closed-forms';
import { features, measure, type GenerationStats } from './ngram-collapse-measures';
import type { NgramCollapseParams } from './ngram-collapse-params';
import { countCorpus, edit, fitted, generate, type Fitted } from './ngram-collapse-sampler';

export interface NgramCollapseResult {
  /** Piece strings by id (ids 0–2 are `<s>`, `</s>`, `<unk>`). */
  pieces: readonly string[];
  /** One entry per finished generation, 0 (the human corpus) first. */
  stats: GenerationStats[];
  /** Each generation's text (read it with generationDocuments). Entries never change once added. */
  corpora: PieceCorpus[];
  /** Σ_w 1 − (1 − p_w)^N over the human unigram distribution: expected types after one generation. */
  expectedSurvivors: number;
  /** Total generations the run will have when finished (G + 1 with the human one). */
  total: number;
}

/** Generation g's documents as text. */
export function generationDocuments(result: NgramCollapseResult, generation: number): string[] {
  const corpus = result.corpora[generation];
  if (!corpus) throw new RangeError(`generation ${generation} has not been generated`);
  return documentsOf(corpus, result.pieces);
}

export function runCollapse(
  prepared: PreparedCorpus,
  params: NgramCollapseParams,
  seed: number,
  onPartial?: (partial: NgramCollapseResult, done: number, total: number) => void,
): NgramCollapseResult {
  const { vocabulary, human, longest, joins } = prepared;
  const { order, generations, mode, tau, topK } = params;
  const pieces = vocabulary.pieces;
  const rng = seededRng(seed);
  const documents = human.offsets.length - 1;
  // Long enough never to cut a document the model would end; short enough that a loop still stops.
  const maxPieces = Math.max(64, 4 * longest);
  const humanFeatures = features(human, pieces);
  const result: NgramCollapseResult = {
    pieces,
    stats: [measure(0, human, vocabulary.size, topK, pieces, humanFeatures)],
    corpora: [human],
    expectedSurvivors: expectedSurvivors(human, vocabulary.size),
    total: generations + 1,
  };
  onPartial?.(result, 1, generations + 1);

  const accumulated = new CountTrie();
  if (mode === 'accumulate') countCorpus(accumulated, human, order);
  let current = human;
  for (let g = 1; g <= generations; g++) {
    let model: Fitted;
    if (mode === 'accumulate') model = fitted(accumulated, vocabulary, order);
    else {
      const counts = new CountTrie();
      countCorpus(counts, current, order);
      model = fitted(counts, vocabulary, order);
    }
    let stats: GenerationStats;
    if (mode === 'edit') {
      const e = edit(model, human, tau, rng, joins);
      current = e.corpus;
      stats = measure(g, current, vocabulary.size, topK, pieces, humanFeatures);
      const tokens = Math.max(1, human.ids.length);
      stats.flagRate = e.flagged / tokens;
      stats.changeRate = e.changed / tokens;
    } else {
      current = generate(model, documents, maxPieces, rng, joins);
      if (mode === 'accumulate') countCorpus(accumulated, current, order);
      stats = measure(g, current, vocabulary.size, topK, pieces, humanFeatures);
    }
    result.stats.push(stats);
    result.corpora.push(current);
    onPartial?.(result, g + 1, generations + 1);
  }
  return result;
}
