import { describe, expect, it } from 'vitest';
import { casesOf, count, expectNoJunk, snapshotCases } from '../snapshot-cases';
import { renderMarkup } from '../snapshot-markup';
import { compared, comparingAndFailed, corpus, threeCorpora } from './corpora';
import DivergenceView from '../../../../src/components/stats/DivergenceView.svelte';

const [human, synthetic, edited] = threeCorpora();
const vsSynthetic = compared(human, synthetic);
const vsEdited = compared(human, edited);
const onexamples = () => Promise.resolve([]);
const defaults = { reference: human, comparisons: [vsSynthetic], onexamples, width: 560, rows: 5 };
const view = casesOf(DivergenceView, defaults);
const table = { html: 'divergence-table' };

describe('divergence view: JSD, TV and KL from the reference, how many features make up the JSD, and which', () => {
  snapshotCases([
    view({
      name: 'divergence-no-comparison',
      props: { comparisons: [] },
      check: (html) => expect(count(html, /<tr>/g)).toBe(1), // the header alone
    }),
    view({
      name: 'divergence-comparing-and-failed',
      props: {
        comparisons: comparingAndFailed(synthetic, edited),
      },
      check: (html) => {
        expect(html).toContain('comparing…');
        expect(html).toContain('n/a — the stats worker stopped');
        expect(html).not.toContain('Largest contributions');
      },
    }),
    view({
      name: 'divergence-empty-corpus',
      props: { comparisons: [compared(human, corpus('empty', 1, []))] },
      check: (html) => {
        expect(html).toContain('n/a — features: empty — no documents');
        expect(html).not.toContain('data-testid="contribution"');
      },
    }),
    view({
      name: 'divergence-table',
      part: table,
      check: (html) => {
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
      },
    }),
    view({
      name: 'divergence-three-corpora-table',
      props: { comparisons: [vsSynthetic, vsEdited] },
      part: table,
      check: (html) => expect(count(html, /data-testid="jsd-features"/g)).toBe(2),
    }),
    view({
      name: 'divergence-three-corpora-cumulative',
      props: { comparisons: [vsSynthetic, vsEdited] },
      part: { svg: 'jsd-cumulative' },
      check: (svg) => {
        expect(svg).toContain('>half the divergence<');
        expect(count(svg, />\d+ features</g)).toBe(2);
      },
    }),
    view({
      name: 'divergence-contributions',
      part: { html: 'contributions-table' },
      check: (html) => expect(count(html, /data-testid="contribution"/g)).toBe(5),
    }),
  ]);

  it('lists 25 contributions unless told otherwise', () => {
    const html = renderMarkup(DivergenceView, { ...defaults, rows: undefined });
    expectNoJunk(html);
    expect(count(html, /data-testid="contribution"/g)).toBe(25);
  });
});
