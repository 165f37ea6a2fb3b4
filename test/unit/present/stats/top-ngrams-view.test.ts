import { describe, expect } from 'vitest';
import { casesOf, count, snapshotCases } from '../snapshot-cases';
import { corpus } from './corpora';
import TopNgramsView from '../../../../src/components/stats/TopNgramsView.svelte';

// One short document each, so every list is three or four bigrams.
const human = corpus('human', 0, ['the village is old']);
const synthetic = corpus('synthetic', 1, ['the village is very old']);
const edited = corpus('edited', 2, ['the village is quite old']);
const view = casesOf(TopNgramsView, { corpora: [human, synthetic], onexamples: () => Promise.resolve([]) });
/** The bigrams marked as missing from another corpus's list. */
const marked = (html: string) =>
  [...html.matchAll(/>([^<>]+)<\/button>\s*<span class="only"/g)].map((m) => m[1]);

describe('top n-grams view: each corpus its most frequent bigrams, marking those not in every other list', () => {
  snapshotCases([
    view({ name: 'top-ngrams-empty', props: { corpora: [] } }),
    view({
      name: 'top-ngrams-one-corpus',
      props: { corpora: [human] },
      check: (html) => {
        expect(count(html, /<tr>/g)).toBe(3);
        expect(marked(html)).toEqual([]); // nothing to compare with
      },
    }),
    view({
      name: 'top-ngrams-two-corpora',
      check: (html) => {
        expect(html).toContain('>the village<');
        expect(marked(html)).toEqual(['is old', 'is very', 'very old']);
      },
    }),
    view({
      name: 'top-ngrams-three-corpora',
      props: { corpora: [human, synthetic, edited] },
      check: (html) =>
        expect(marked(html)).toEqual(['is old', 'is very', 'very old', 'is quite', 'quite old']),
    }),
    view({
      name: 'top-ngrams-no-bigrams',
      props: { corpora: [human, corpus('one-word', 1, ['village', 'mill'])] },
      check: (html) => expect(html).toContain('n/a — no document has two word-punct tokens'),
    }),
  ]);
});
