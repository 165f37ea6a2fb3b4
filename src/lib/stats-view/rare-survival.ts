/**
 * Survival of the reference corpus's rare types: of the words that occur once in the reference (its
 * hapax legomena), the share that occur at all in the other corpus. Synthetic text drops the long tail,
 * so its survival is low. Read from the reports' unigram summaries, which hold every distinct word only
 * while they are exact; otherwise the figure is insufficient (a word missing from a Misra–Gries summary
 * may still occur up to errorBound times).
 */
import type { TopNgrams } from '../stats/corpus-report';
import { insufficient, isInsufficient, type Maybe } from '../stats/statistic';

export interface RareSurvival {
  /** Reference words with count 1. */
  hapaxes: number;
  /** Of those, how many occur in the other corpus. */
  surviving: number;
  share: number;
}

export function rareTypeSurvival(reference: Maybe<TopNgrams>, other: Maybe<TopNgrams>): Maybe<RareSurvival> {
  if (isInsufficient(reference)) return insufficient(`reference: ${reference.insufficient}`);
  if (isInsufficient(other)) return insufficient(`other corpus: ${other.insufficient}`);
  if (!reference.exact)
    return insufficient(
      `the reference has more distinct words than its exact table holds (${reference.capacity}): its hapaxes are not known`,
    );
  if (!other.exact)
    return insufficient(
      `the other corpus has more distinct words than its exact table holds (${other.capacity}): absence cannot be told`,
    );
  const present = new Set(other.summary.ngrams);
  let hapaxes = 0;
  let surviving = 0;
  const { ngrams, counts } = reference.summary;
  for (let i = 0; i < ngrams.length; i++) {
    if (counts[i] !== 1) continue;
    hapaxes++;
    if (present.has(ngrams[i])) surviving++;
  }
  if (hapaxes === 0) return insufficient('the reference has no word that occurs exactly once');
  return { hapaxes, surviving, share: surviving / hapaxes };
}
