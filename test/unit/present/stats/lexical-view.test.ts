import { describe, expect } from 'vitest';
import { casesOf, count, snapshotCases } from '../snapshot-cases';
import { compared, corpus, threeCorpora } from './corpora';
import LexicalView from '../../../../src/components/stats/LexicalView.svelte';

const [human, synthetic, edited] = threeCorpora();
const view = casesOf(LexicalView, { corpora: [human], reference: human, comparisons: [], width: 560 });
const table = { html: 'lexical-table' };

describe('lexical view: diversity on seeded and equal-size samples, survival of rare words, lengths', () => {
  snapshotCases([
    view({
      name: 'lexical-empty-corpus',
      props: { corpora: [corpus('empty', 0, [])], reference: undefined },
      check: (html) => {
        expect(html).toContain('the sample has no words (no documents)');
        expect(html).not.toContain('<svg');
      },
    }),
    view({
      name: 'lexical-one-corpus-table',
      part: table,
      // Six short documents: MATTR's window of 50 words is longer than each.
      check: (html) =>
        expect(html).toContain('title="MATTR (window 50) is undefined for every document (6)"'),
    }),
    view({
      name: 'lexical-three-corpora-table',
      props: { corpora: [human, synthetic, edited] },
      part: table,
      check: (html) => expect(count(html, /<span class="corpus">/g)).toBe(3),
    }),
    view({
      name: 'lexical-equal-size-table',
      props: { corpora: [human, synthetic], comparisons: [compared(human, synthetic)] },
      part: { html: 'lexical-equal-1' },
      check: (html) => expect(html).toMatch(/Equal-size samples \(\d+ tokens each\)/),
    }),
    view({
      name: 'lexical-survival',
      props: {
        corpora: [human, synthetic, edited],
        comparisons: [compared(human, synthetic), compared(human, edited)],
      },
      part: { html: 'survival-table' },
      check: (html) => {
        expect(html).toContain('Survival of human');
        expect(count(html, /<td>[\d.]+ %<\/td>/g)).toBe(2);
      },
    }),
    view({
      name: 'lexical-lengths-three-corpora',
      props: { corpora: [human, synthetic, edited] },
      part: { svg: 'lengths-chart' },
      check: (svg) => expect(count(svg, />\w+ \(mean [\d.]+\)</g)).toBe(3),
    }),
    view({
      name: 'lexical-lengths-empty-document',
      props: { corpora: [corpus('short', 0, ['', 'the village is old'])], reference: undefined },
      part: { svg: 'lengths-chart' },
      // The bin [0, 1) cannot be drawn on the log axis: a note under the chart says what it holds.
      check: (svg, whole) => {
        expect(svg).toContain('>short (mean 2)<');
        expect(whole).toContain('short: 50.0 % of documents have no words (not drawn on the log axis).');
      },
    }),
  ]);
});
