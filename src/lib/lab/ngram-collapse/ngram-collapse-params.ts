/**
 * "Collapse on your own text": its parameters, their defaults, and the check against the corpus they will
 * run on (an empty corpus is refused; a tail measured outside more types than the corpus has is narrowed).
 */
import { checkFields } from '../field-check';
import type { Checked, ParamField, Params } from '../simulation';

export type CollapseMode = 'replace' | 'accumulate' | 'edit';

export interface NgramCollapseParams extends Params {
  order: number;
  generations: number;
  mode: CollapseMode;
  /** Edit mode: a token is resampled when the current model gives it p > τ. */
  tau: number;
  /** Tail mass counts tokens outside the human corpus's k most frequent types. */
  topK: number;
}

export const NGRAM_COLLAPSE_FIELDS: readonly ParamField[] = [
  {
    kind: 'number',
    key: 'order',
    label: 'n-gram order n',
    min: 1,
    max: 3,
    step: 1,
    integer: true,
    help: 'Each piece is drawn given the n − 1 pieces before it (raw counts, no smoothing).',
  },
  { kind: 'number', key: 'generations', label: 'Generations G', min: 1, max: 50, step: 1, integer: true },
  {
    kind: 'choice',
    key: 'mode',
    label: 'Training data',
    options: [
      { value: 'replace', label: 'replace: only the last generation' },
      { value: 'accumulate', label: 'accumulate: human + every generation' },
      { value: 'edit', label: 'edit: human text, near-certain tokens resampled' },
    ],
  },
  {
    kind: 'number',
    key: 'tau',
    label: 'Edit threshold τ',
    min: 0,
    max: 0.999,
    step: 0.001,
    help: 'Edit mode: resample a token when the current model gives it p > τ (ToEdit uses 0.99).',
  },
  {
    kind: 'number',
    key: 'topK',
    label: 'Tail: outside the top k types',
    min: 1,
    max: 10000,
    step: 1,
    log: true,
    integer: true,
  },
];

export const NGRAM_COLLAPSE_DEFAULTS: NgramCollapseParams = {
  order: 2,
  generations: 10,
  mode: 'replace',
  tau: 0.99,
  topK: 100,
};

/**
 * The fields checked, then against the corpus: `types` piece types in `tokens` tokens. `name` says which
 * corpus in the sentences.
 */
export function checkCollapseParams(
  raw: Params,
  name: string,
  corpus: { types: number; tokens: number },
): Checked<NgramCollapseParams> {
  const { params, notes } = checkFields(NGRAM_COLLAPSE_FIELDS, NGRAM_COLLAPSE_DEFAULTS, raw);
  if (corpus.tokens === 0) {
    return { ok: false, error: `${name} has no text to fit a model to: add documents with some words.` };
  }
  const types = corpus.types;
  if (params.topK >= types) {
    const k = Math.max(1, types - 1);
    notes.push(
      `Tail: ${name} has only ${types} piece types, so the tail is measured outside the top ${k} instead of ${params.topK}.`,
    );
    params.topK = k;
  }
  return { ok: true, params, notes };
}
