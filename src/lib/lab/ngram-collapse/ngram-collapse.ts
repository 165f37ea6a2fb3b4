/**
 * Model collapse on the learner's own text: an MLE n-gram model (n = 1..3) fitted to a corpus generates a
 * corpus of the same number of documents, is refitted on it, and so on for G generations, under
 *  - replace: each model is fitted only on the previous generation's text;
 *  - accumulate: each model is fitted on the human text plus every generation so far;
 *  - edit (ToEdit-style, edit-human): each generation is the human text with only the tokens the current
 *    model finds near-certain (p > τ at the human prefix) resampled from it; the rest stays human.
 *
 * The corpus is not a parameter (parameters go into the URL): `ngramCollapse(corpus)` returns a Simulation
 * bound to it, which tokenizes it once and reuses that for every run.
 *
 * The parts: ngram-collapse-params.ts (fields, defaults, the check against the corpus),
 * ngram-collapse-corpus.ts (the text as piece ids), ngram-collapse-sampler.ts (the MLE model, sampling and
 * editing), ngram-collapse-measures.ts, ngram-collapse-closed-forms.ts, ngram-collapse-model.ts (the run),
 * ngram-collapse-figures.ts and ngram-collapse-readings.ts.
 */
import type { Simulation } from '../simulation';
import { prepareCorpus, type PreparedCorpus } from './ngram-collapse-corpus';
import { collapseFigures } from './ngram-collapse-figures';
import { runCollapse, type NgramCollapseResult } from './ngram-collapse-model';
import {
  checkCollapseParams,
  NGRAM_COLLAPSE_DEFAULTS,
  NGRAM_COLLAPSE_FIELDS,
  type NgramCollapseParams,
} from './ngram-collapse-params';
import { collapseReadings } from './ngram-collapse-readings';

/**
 * The simulation bound to `corpus` (documents as strings). Tokenizing happens on the first check() or run()
 * and is kept for later runs with other parameters.
 */
export function ngramCollapse(
  corpus: readonly string[],
  name = 'your corpus',
): Simulation<NgramCollapseParams, NgramCollapseResult> {
  let prepared: PreparedCorpus | null = null;
  const prepare = () => (prepared ??= prepareCorpus(corpus));

  return {
    id: 'ngram',
    title: `n-gram collapse on ${name}`,
    explanation:
      'An n-gram model that only repeats counts it has seen is fitted to the text, writes a new corpus of ' +
      'the same size, and is fitted again to what it wrote. A piece the model gives probability p appears ' +
      'at least once among N draws with probability 1 − (1 − p)^N, so rare pieces (hapaxes: p = 1/N, ' +
      'survival ≈ 63 %) drop out each generation and never come back: the vocabulary shrinks, the tail ' +
      'thins and the text drifts from the original (JSD grows). Keeping the human text (accumulate) slows ' +
      'this; editing only the near-certain tokens of the human text (edit) keeps the corpus anchored.',
    fields: NGRAM_COLLAPSE_FIELDS,
    defaults: NGRAM_COLLAPSE_DEFAULTS,
    check: (raw) => {
      const { vocabulary, human } = prepare();
      return checkCollapseParams(raw, name, { types: vocabulary.size - 3, tokens: human.ids.length });
    },
    run: (params, seed, onPartial) => runCollapse(prepare(), params, seed, onPartial),
    figures: collapseFigures,
    readings: collapseReadings,
  };
}
