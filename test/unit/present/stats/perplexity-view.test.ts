import { describe, expect } from 'vitest';
import { casesOf, count, snapshotCases } from '../snapshot-cases';
import { compared, comparingAndFailed, corpus, HUMAN, threeCorpora, viewCorpora } from './corpora';
import PerplexityView from '../../../../src/components/stats/PerplexityView.svelte';

const [human, synthetic, edited] = threeCorpora();
const one = corpus('one', 0, HUMAN.slice(0, 1));
const view = casesOf(PerplexityView, {
  corpora: [human, synthetic],
  reference: human,
  comparisons: [],
  width: 560,
});
const histogram = { svg: 'perplexity-chart' };
const twoSample = { html: 'two-sample-table' };

describe('perplexity view: corpus and document PPL, their histogram with medians, two-sample tests', () => {
  snapshotCases([
    view({ name: 'perplexity-empty', props: { corpora: [], reference: undefined } }),
    view({
      name: 'perplexity-no-scores',
      props: { corpora: viewCorpora(false), reference: undefined },
      check: (html) => {
        expect(html).toContain('no scores: load a model and score the documents');
        expect(html).not.toContain('corpus PPL');
      },
    }),
    view({
      name: 'perplexity-one-document',
      props: { corpora: [one], reference: one },
      check: (html) => {
        expect(html).toContain('there is one document');
        expect(html).not.toContain('data-testid="perplexity-chart"');
      },
    }),
    view({
      name: 'perplexity-two-corpora-table',
      part: { html: 'perplexity-table' },
      check: (html) => {
        expect(html).toContain('corpus PPL (token-weighted)');
        expect(count(html, /data-testid="corpus-ppl"/g)).toBe(2);
      },
    }),
    view({
      name: 'perplexity-two-corpora-histogram',
      part: histogram,
      check: (svg) => {
        expect(count(svg, />median /g)).toBe(2);
        expect(svg).toMatch(/>t = [\d.]+ \(ref\. p95\)</);
      },
    }),
    view({
      name: 'perplexity-three-corpora-histogram',
      props: { corpora: [human, synthetic, edited] },
      part: histogram,
      check: (svg) => expect(count(svg, />median /g)).toBe(3),
    }),
    view({
      name: 'perplexity-compared',
      props: { comparisons: [compared(human, synthetic)] },
      part: twoSample,
      check: (html) => {
        // KS and AUROC with intervals, all three with permutation tests.
        const row = /<tbody>([^]*?)<\/tbody>/.exec(html)?.[1] ?? '';
        expect(row.match(/class="num"[^>]*>[\d.]+ \[[\d.]+, [\d.]+\]/g)).toHaveLength(2);
        expect(row.match(/class="detail">p (?:=|≤) [\d.]+ · null 95 %: /g)).toHaveLength(3);
      },
    }),
    view({
      name: 'perplexity-comparing-and-failed',
      props: {
        corpora: [human, synthetic, edited],
        comparisons: comparingAndFailed(synthetic, edited),
      },
      part: twoSample,
      check: (html) => {
        expect(html).toContain('comparing…');
        expect(html).toContain('n/a — the stats worker stopped');
      },
    }),
  ]);
});
