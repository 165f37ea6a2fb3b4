import { describe, expect, it } from 'vitest';
import { casesOf, count, snapshotCases } from '../snapshot-cases';
import { renderMarkup } from '../snapshot-markup';
import { threeCorpora, viewCorpora } from './corpora';
import TokenProbabilityView from '../../../../src/components/stats/TokenProbabilityView.svelte';
import { DEFAULT_CONFIG } from '../../../../src/lib/toedit/config';
import { binRange } from '../../../../src/lib/present/charts/probability-range';

const corpora = viewCorpora();
const defaults = { corpora, config: DEFAULT_CONFIG, highlight: null, onhighlight: () => {}, width: 640 };
const view = casesOf(TokenProbabilityView, defaults);
const table = { html: 'paper-bins-table' };
const bins = { svg: 'paper-bins-chart' };
const fine = { svg: 'fine-histogram' };

describe('token probability view: the 10-bin table and chart (with the ToEdit bar), the fine histogram', () => {
  snapshotCases([
    view({ name: 'token-probability-empty', props: { corpora: [] } }),
    view({
      name: 'token-probability-no-scores',
      props: { corpora: viewCorpora(false) },
      check: (html) => {
        expect(count(html, /data-testid="insufficient"/g)).toBe(2); // one reason per corpus, no chart
        expect(html).toContain('no scores: load a model');
        expect(html).not.toContain('<svg');
      },
    }),
    view({
      name: 'token-probability-one-corpus-table',
      props: { corpora: corpora.slice(0, 1) },
      part: table,
      check: (html) => expect(count(html, /<tr/g)).toBe(1 + 10 + 3),
    }),
    view({
      name: 'token-probability-highlighted-table',
      props: { highlight: binRange(0.9, 1) },
      part: table,
      check: (html) => {
        // The highlight [0.9, 1] lights the last paper bin.
        expect(count(html, /<tr class="lit">/g)).toBe(1);
        expect(html).toContain('<strong>p > 0.99</strong>');
      },
    }),
    view({
      name: 'token-probability-drop-and-revise-table',
      props: { config: { ...DEFAULT_CONFIG, rule: 'low_drop_up_revise', dropBelow: 0.001 } },
      part: table,
      check: (html) => expect(html).toContain('<strong>p &lt; 0.001 or p > 0.99</strong>'),
    }),
    view({
      name: 'token-probability-tau-without-counts-table',
      props: { config: { ...DEFAULT_CONFIG, tau: 0.95 } },
      part: table,
      // The report counted p > 0.99 only: the ToEdit row says so instead of a number.
      check: (html) => expect(html).toMatch(/analyse again for p (>|&gt;) 0.95/),
    }),
    view({
      name: 'token-probability-highlighted-bins',
      props: { highlight: binRange(0.9, 1) },
      part: bins,
      check: (svg) => {
        expect(count(svg, /data-category=/g)).toBe(2 * 11); // 10 bins + the ToEdit bar, per corpus
        expect(count(svg, /stroke="#1d1f23"[^>]*data-category="9"/g)).toBe(2);
      },
    }),
    view({
      name: 'token-probability-three-corpora-bins',
      props: { corpora: threeCorpora() },
      part: bins,
      check: (svg) => expect(count(svg, /data-category=/g)).toBe(3 * 11),
    }),
    view({
      name: 'token-probability-fine-percentiles',
      part: fine,
      check: (svg) => {
        expect(count(svg, />p(25|50|75) [\d.]+</g)).toBe(2 * 3);
        expect(svg).toMatch(/>p50 0\.\d+</);
        expect(svg).toContain('>τ = 0.99<');
        expect(svg).not.toContain('class="highlighted"');
      },
    }),
    view({
      name: 'token-probability-brushed-fine',
      props: { highlight: binRange(0.5, 0.53) },
      part: fine,
      check: (svg) => {
        expect(count(svg, /data-testid="fine-brush-selection"/g)).toBe(1);
        expect(count(svg, /class="highlighted"/g)).toBe(2 * 9); // 9 fine bins of width 1/300, per corpus
      },
    }),
  ]);

  it('the ToEdit row counts exactly the tokens with p > τ', () => {
    const html = renderMarkup(TokenProbabilityView, defaults);
    const counts = [...html.matchAll(/data-count="(\d+)"/g)].map((m) => Number(m[1]));
    const expected = corpora.map((c) => {
      const m = c.report.model;
      if ('insufficient' in m || 'insufficient' in m.tails) throw new Error('fixture has scores');
      return m.tails.flagRates.find((r) => r.threshold === 0.99)!.count;
    });
    expect(counts).toEqual(expected);
    expect(expected[1]).toBeGreaterThan(expected[0]); // the peaked corpus has more near-certain tokens
  });
});
