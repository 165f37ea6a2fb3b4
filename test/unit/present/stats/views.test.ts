import { describe, expect, it } from 'vitest';
import { renderSnapshot } from '../charts/render';
import { viewCorpora, report, HUMAN } from './corpora';
import TokenProbabilityView from '../../../../src/components/stats/TokenProbabilityView.svelte';
import RankBucketsView from '../../../../src/components/stats/RankBucketsView.svelte';
import PerplexityView from '../../../../src/components/stats/PerplexityView.svelte';
import FeaturesView from '../../../../src/components/stats/FeaturesView.svelte';
import TopNgramsView from '../../../../src/components/stats/TopNgramsView.svelte';
import LexicalView from '../../../../src/components/stats/LexicalView.svelte';
import ZipfHeapsView from '../../../../src/components/stats/ZipfHeapsView.svelte';
import DivergenceView from '../../../../src/components/stats/DivergenceView.svelte';
import { compareReports } from '../../../../src/lib/stats/compare/compare-corpora';
import { DEFAULT_CONFIG } from '../../../../src/lib/toedit/config';
import { binRange } from '../../../../src/lib/present/charts/probability-range';

const corpora = viewCorpora();
const noExamples = () => Promise.resolve([]);
const comparisons = [
  {
    other: corpora[1],
    state: {
      status: 'ready' as const,
      comparison: compareReports(corpora[0].report, corpora[1].report, { seed: 0, replicates: 50 }),
    },
  },
];

/** Every number on a rendered view must be finite: no NaN, no Infinity, on any chart or table. */
function expectNoJunk(html: string): void {
  expect(html.match(/.{0,80}(NaN|Infinity|undefined).{0,20}/)?.[0]).toBeUndefined();
}

describe('statistics views rendered in Node from real reports (SVG/HTML snapshots, 3 decimals)', () => {
  it('token probability: the 10-bin table, 11 bar groups (10 bins + the ToEdit bar), fine histogram and percentiles', async () => {
    const html = renderSnapshot(TokenProbabilityView, {
      corpora,
      config: DEFAULT_CONFIG,
      highlight: binRange(0.9, 1),
      onhighlight: () => {},
      width: 640,
    });
    expectNoJunk(html);
    expect(html.match(/data-category=/g)).toHaveLength(2 * 11);
    // The highlight [0.9, 1] lights the last paper bin in the table and in the chart.
    expect(html.match(/<tr class="lit">/g)).toHaveLength(1);
    expect(html.includes('<strong>p > 0.99</strong>')).toBe(true);
    expect(/>p50 0\.\d+</.test(html)).toBe(true);
    await expect(html).toMatchFileSnapshot('snapshots/token-probability.snap');
  });

  it('the ToEdit row counts exactly the tokens with p > τ', () => {
    const html = renderSnapshot(TokenProbabilityView, {
      corpora,
      config: DEFAULT_CONFIG,
      highlight: null,
      onhighlight: () => {},
      width: 640,
    });
    const counts = [...html.matchAll(/data-count="(\d+)"/g)].map((m) => Number(m[1]));
    const expected = corpora.map((c) => {
      const m = c.report.model;
      if ('insufficient' in m || 'insufficient' in m.tails) throw new Error('fixture has scores');
      return m.tails.flagRates.find((r) => r.threshold === 0.99)!.count;
    });
    expect(counts).toEqual(expected);
    expect(expected[1]).toBeGreaterThan(expected[0]); // the peaked corpus has more near-certain tokens
  });

  it('a config the report has no exact counts for says so instead of a number', () => {
    const html = renderSnapshot(TokenProbabilityView, {
      corpora,
      config: { ...DEFAULT_CONFIG, tau: 0.95 },
      highlight: null,
      onhighlight: () => {},
      width: 640,
    });
    expect(/analyse again for p (>|&gt;) 0.95/.test(html)).toBe(true);
  });

  it('rank buckets', async () => {
    const html = renderSnapshot(RankBucketsView, { corpora, width: 480 });
    expectNoJunk(html);
    expect(html.match(/data-category=/g)).toHaveLength(8);
    await expect(html).toMatchFileSnapshot('snapshots/rank-buckets.snap');
  });

  it('perplexity: table with corpus PPL beside mean document PPL, histogram and medians', async () => {
    const html = renderSnapshot(PerplexityView, {
      corpora,
      reference: corpora[0],
      comparisons: [],
      width: 560,
    });
    expectNoJunk(html);
    expect(html.includes('corpus PPL (token-weighted)')).toBe(true);
    expect(html.match(/>median /g)).toHaveLength(2);
    await expect(html).toMatchFileSnapshot('snapshots/perplexity.snap');
  });

  it('model-free corpora show the reason instead of model-based numbers', () => {
    const html = renderSnapshot(PerplexityView, {
      corpora: viewCorpora(false),
      reference: undefined,
      comparisons: [],
      width: 560,
    });
    expect(html.includes('no scores: load a model and score the documents')).toBe(true);
    expect(html.includes('corpus PPL')).toBe(false);
  });

  it('hashed features: one envelope per corpus, at most one point per pixel column, and concentration', async () => {
    const html = renderSnapshot(FeaturesView, { corpora, width: 640 });
    expectNoJunk(html);
    const columns = [...html.matchAll(/data-columns="(\d+)"/g)].map((m) => Number(m[1]));
    expect(columns).toHaveLength(2);
    for (const c of columns) expect(c).toBeLessThanOrEqual(640);
    expect(html.includes('normalised entropy')).toBe(true);
    await expect(html).toMatchFileSnapshot('snapshots/features.snap');
  });

  it('top n-grams side by side, marking those missing from the other list', async () => {
    const html = renderSnapshot(TopNgramsView, { corpora, onexamples: noExamples });
    expectNoJunk(html);
    expect(html.includes('>the village<')).toBe(true);
    await expect(html).toMatchFileSnapshot('snapshots/top-ngrams.snap');
  });

  it('lexical view, lengths and the survival of rare words', async () => {
    const html = renderSnapshot(LexicalView, { corpora, reference: corpora[0], comparisons, width: 560 });
    expect(html.match(/.{0,80}(NaN|Infinity).{0,20}/)?.[0]).toBeUndefined();
    expect(html.includes('Survival of human')).toBe(true);
    await expect(html).toMatchFileSnapshot('snapshots/lexical.snap');
  });

  it('divergences: JSD with its interval, KL both ways, and ranked contributions', async () => {
    const html = renderSnapshot(DivergenceView, {
      reference: corpora[0],
      comparisons,
      onexamples: noExamples,
      width: 560,
    });
    expectNoJunk(html);
    const jsd =
      /data-testid="jsd-features">\s*<span class="num"[^>]*>([\d.]+) \[([\d.]+), ([\d.]+)\]<\/span>\s*<span class="detail">plug-in ([\d.]+)<\/span>\s*<span class="detail">p (?:=|≤) [\d.]+ · null 95 %: [\d.]+</.exec(
        html,
      );
    expect(jsd).not.toBeNull();
    const [value, low, high, plugin] = jsd!.slice(1).map(Number);
    expect(value).toBeGreaterThan(0);
    expect(plugin).toBeGreaterThan(value); // bias-corrected downward
    expect(low).toBeLessThanOrEqual(value);
    expect(value).toBeLessThanOrEqual(high);
    // Exact n-gram JSDs with their tests (no interval: sparse support).
    expect(html).toMatch(
      /data-testid="jsd-bigrams">\s*<span class="num"[^>]*>[\d.]+<\/span>\s*<span class="detail">p /,
    );
    expect(html.match(/data-testid="contribution"/g)?.length).toBe(25);
    await expect(html).toMatchFileSnapshot('snapshots/divergence.snap');
  });

  it('perplexity with a comparison: KS and AUROC with intervals, all three with permutation tests', () => {
    const html = renderSnapshot(PerplexityView, { corpora, reference: corpora[0], comparisons, width: 560 });
    const row = /data-testid="two-sample-table"[^]*?<tbody>([^]*?)<\/tbody>/.exec(html)?.[1] ?? '';
    expect(row.match(/class="num"[^>]*>[\d.]+ \[[\d.]+, [\d.]+\]/g)).toHaveLength(2);
    expect(row.match(/class="detail">p (?:=|≤) [\d.]+ · null 95 %: /g)).toHaveLength(3);
  });

  it('Zipf and Heaps', async () => {
    const html = renderSnapshot(ZipfHeapsView, { corpora, width: 480 });
    expect(html.match(/.{0,80}(NaN|Infinity).{0,20}/)?.[0]).toBeUndefined();
    await expect(html).toMatchFileSnapshot('snapshots/zipf-heaps.snap');
  });

  it('a one-document corpus draws no perplexity histogram and says why', () => {
    const one = [{ name: 'one', slot: 0, report: report('one', HUMAN.slice(0, 1), true) }];
    const html = renderSnapshot(PerplexityView, {
      corpora: one,
      reference: one[0],
      comparisons: [],
      width: 560,
    });
    expect(html.includes('there is one document')).toBe(true);
    expect(html.includes('data-testid="perplexity-chart"')).toBe(false);
  });
});
