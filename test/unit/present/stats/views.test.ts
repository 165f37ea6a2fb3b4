import { describe, expect, it } from 'vitest';
import { renderSnapshot } from '../charts/render';
import { viewCorpora } from './corpora';
import FeaturesView from '../../../../src/components/stats/FeaturesView.svelte';
import TopNgramsView from '../../../../src/components/stats/TopNgramsView.svelte';
import LexicalView from '../../../../src/components/stats/LexicalView.svelte';
import ZipfHeapsView from '../../../../src/components/stats/ZipfHeapsView.svelte';
import DivergenceView from '../../../../src/components/stats/DivergenceView.svelte';
import { compareReports } from '../../../../src/lib/stats/compare/compare-corpora';

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

  it('Zipf and Heaps', async () => {
    const html = renderSnapshot(ZipfHeapsView, { corpora, width: 480 });
    expect(html.match(/.{0,80}(NaN|Infinity).{0,20}/)?.[0]).toBeUndefined();
    await expect(html).toMatchFileSnapshot('snapshots/zipf-heaps.snap');
  });
});
