import { describe, expect } from 'vitest';
import { casesOf, count, snapshotCases } from '../snapshot-cases';
import { corpus, EDITED, HUMAN, threeCorpora } from './corpora';
import ZipfHeapsView from '../../../../src/components/stats/ZipfHeapsView.svelte';

const [human, synthetic, edited] = threeCorpora();
// Twelve documents: past the 100 words a Heaps fit needs (each six-document corpus has about 92).
const pooled = corpus('pooled', 2, [...HUMAN, ...EDITED]);
const view = casesOf(ZipfHeapsView, { corpora: [human, synthetic], width: 480 });
/** The dotted slopes of the fitted Zipf exponents. */
const slopes = (svg: string) => count(svg, /stroke-dasharray="1 3"/g);

describe("Zipf and Heaps view: rank–frequency with the power-law fit, vocabulary growth with Heaps' fit", () => {
  snapshotCases([
    view({
      name: 'zipf-heaps-empty-corpus',
      props: { corpora: [corpus('empty', 0, [])] },
      check: (html) => {
        expect(html).toContain('n/a — the sample has no words (no documents)');
        expect(html).not.toContain('<svg');
      },
    }),
    view({
      name: 'zipf-heaps-zipf-two-corpora',
      part: { svg: 'zipf-chart' },
      check: (svg) => {
        expect(svg).toMatch(/>human \(α = [\d.]+\)</);
        expect(svg).toContain('>synthetic<'); // too few word types for a fit: no α, no slope
        expect(slopes(svg)).toBe(1);
      },
    }),
    view({
      name: 'zipf-heaps-zipf-three-corpora',
      props: { corpora: [human, synthetic, edited] },
      part: { svg: 'zipf-chart' },
      check: (svg) => expect(slopes(svg)).toBe(2),
    }),
    view({
      name: 'zipf-heaps-zipf-table',
      part: { html: 'zipf-table' },
      check: (html) => {
        expect(count(html, /<tr>/g)).toBe(3);
        expect(html).toContain('n/a — a Zipf fit needs at least 50 word types');
      },
    }),
    view({
      name: 'zipf-heaps-heaps-table',
      props: { corpora: [human, pooled] },
      part: { html: 'heaps-table' },
      check: (html) => {
        expect(html).toContain("n/a — Heaps' law is fitted on ≥ 100 words; this corpus has 92");
        expect(html).toMatch(/<td>[\d.]+<\/td>\s*<td>0\.\d+<\/td>/); // K and β of the pooled corpus
      },
    }),
    view({
      name: 'zipf-heaps-heaps-chart',
      props: { corpora: [human, pooled] },
      part: { svg: 'heaps-chart' },
      check: (svg) => {
        expect(svg).toMatch(/>pooled \(β = 0\.\d+\)</);
        expect(svg).toContain('>human<');
      },
    }),
  ]);
});
