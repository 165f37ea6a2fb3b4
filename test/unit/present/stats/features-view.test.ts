import { describe, expect } from 'vitest';
import { casesOf, count, snapshotCases } from '../snapshot-cases';
import { corpus, threeCorpora } from './corpora';
import FeaturesView from '../../../../src/components/stats/FeaturesView.svelte';

const [human, synthetic, edited] = threeCorpora();
const view = casesOf(FeaturesView, { corpora: [human, synthetic], width: 640 });
const chart = { svg: 'features-chart' };

/** One envelope per corpus, with at most one point per pixel column. */
function envelopes(svg: string, n: number): void {
  const columns = [...svg.matchAll(/data-columns="(\d+)"/g)].map((m) => Number(m[1]));
  expect(columns).toHaveLength(n);
  for (const c of columns) expect(c).toBeLessThanOrEqual(640);
}

describe('hashed features view: one envelope per corpus over 10 000 buckets, and their concentration', () => {
  snapshotCases([
    view({
      name: 'features-empty-corpus',
      props: { corpora: [corpus('empty', 0, [])] },
      check: (html) => {
        expect(html).toContain('n/a — no documents');
        expect(html).not.toContain('<svg');
      },
    }),
    view({
      name: 'features-one-corpus',
      props: { corpora: [human] },
      part: chart,
      check: (svg) => envelopes(svg, 1),
    }),
    view({ name: 'features-two-corpora', part: chart, check: (svg) => envelopes(svg, 2) }),
    view({
      name: 'features-three-corpora-concentration',
      props: { corpora: [human, synthetic, edited] },
      part: { html: 'concentration-table' },
      check: (html) => {
        expect(html).toContain('normalised entropy');
        expect(count(html, /<tr>/g)).toBe(1 + 3 + 3); // the header, top-10/100/1000, entropy, Gini, count
      },
    }),
  ]);
});
