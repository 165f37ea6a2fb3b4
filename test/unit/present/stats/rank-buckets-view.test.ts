import { describe, expect, it } from 'vitest';
import { casesOf, count, snapshotCases } from '../snapshot-cases';
import { renderMarkup } from '../snapshot-markup';
import { threeCorpora, viewCorpora } from './corpora';
import RankBucketsView from '../../../../src/components/stats/RankBucketsView.svelte';

const corpora = threeCorpora();
const view = casesOf(RankBucketsView, { corpora, width: 480 });
const chart = { svg: 'rank-buckets' };

describe("rank buckets view: GLTR's top-10/100/1000 shares, one bar per corpus", () => {
  snapshotCases([
    view({
      name: 'rank-buckets-one-corpus',
      props: { corpora: corpora.slice(0, 1) },
      part: chart,
      check: (svg) => expect(count(svg, /data-category=/g)).toBe(4),
    }),
    view({
      name: 'rank-buckets-two-corpora',
      props: { corpora: corpora.slice(0, 2) },
      part: chart,
      check: (svg) => expect(count(svg, /data-category=/g)).toBe(8),
    }),
    view({
      name: 'rank-buckets-three-corpora',
      part: chart,
      check: (svg) => {
        expect(count(svg, /data-category=/g)).toBe(12);
        expect(svg).toContain('>rank >1000<');
      },
    }),
  ]);

  it('draws nothing without scores, or without corpora', () => {
    expect(renderMarkup(RankBucketsView, { corpora: viewCorpora(false), width: 480 })).toBe('');
    expect(renderMarkup(RankBucketsView, { corpora: [], width: 480 })).toBe('');
  });
});
