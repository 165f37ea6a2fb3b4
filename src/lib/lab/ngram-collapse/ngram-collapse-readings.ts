/** The readings of "collapse on your own text": the last generation against the human text. */
import type { Reading } from '../simulation';
import type { NgramCollapseResult } from './ngram-collapse-model';

export function collapseReadings(result: NgramCollapseResult): Reading[] {
  const first = result.stats[0];
  const last = result.stats[result.stats.length - 1];
  const g = last.generation;
  return [
    { label: 'Piece types', value: last.vocabulary, detail: `generation 0: ${first.vocabulary}; after ${g}` },
    { label: 'Hapaxes', value: last.hapax, detail: `generation 0: ${first.hapax}` },
    {
      label: 'Tail mass',
      value: round(last.tailMass, 4),
      detail: `generation 0: ${round(first.tailMass, 4)}`,
    },
    { label: 'JSD to generation 0 (bits)', value: last.jsd === null ? 'no text' : round(last.jsd, 4) },
    {
      label: 'Expected types after one generation',
      value: Math.round(result.expectedSurvivors),
      detail: `Σ 1 − (1 − p)^N with N = ${first.tokens} tokens (a hapax survives w.p. 1 − (1 − 1/N)^N ≈ 63 %)`,
    },
  ];
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
