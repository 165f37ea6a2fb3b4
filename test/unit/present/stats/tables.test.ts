import { describe, expect, it } from 'vitest';
import { viewCorpora } from './corpora';
import {
  concentrationTable,
  featuresTable,
  histogramTable,
  paperBinsTable,
  perplexityTable,
  rankBucketsTable,
  topNgramsTable,
} from '../../../../src/lib/present/stats/stat-tables';
import { toCsv } from '../../../../src/lib/present/charts/csv-table';
import { isInsufficient } from '../../../../src/lib/stats/measures/statistic';

const corpora = viewCorpora();

describe('chart data tables (what the CSV exports hold)', () => {
  it('the paper bins: 10 rows per corpus whose counts sum to the scored tokens, then the exact tails', () => {
    const t = paperBinsTable(corpora);
    expect(t.columns).toEqual(['corpus', 'p_low', 'p_high', 'count', 'share', 'kind']);
    for (const c of corpora) {
      const rows = t.rows.filter((r) => r[0] === c.name && r[5] === 'bin');
      expect(rows).toHaveLength(10);
      const m = c.report.model;
      if (isInsufficient(m) || isInsufficient(m.histograms)) throw new Error('fixture is scored');
      expect(rows.reduce((s, r) => s + (r[3] as number), 0)).toBe(m.histograms.tokens);
      expect(rows.reduce((s, r) => s + (r[4] as number), 0)).toBeCloseTo(1, 12);
      expect(t.rows.some((r) => r[0] === c.name && r[5] === 'p > threshold (exact)' && r[1] === 0.99)).toBe(
        true,
      );
    }
  });

  it('every table has rows of the header width (so the CSV writer accepts it)', () => {
    for (const t of [
      paperBinsTable(corpora),
      rankBucketsTable(corpora),
      perplexityTable(corpora, 50),
      featuresTable(corpora),
      concentrationTable(corpora),
      topNgramsTable(corpora, 2, 40),
      histogramTable(corpora, (r) =>
        isInsufficient(r.lengths.words) ? undefined : r.lengths.words.histogram,
      ),
    ]) {
      expect(() => toCsv(t)).not.toThrow();
      expect(t.rows.length).toBeGreaterThan(0);
    }
  });

  it('features: 10 000 rows per corpus, counts summing to the features counted', () => {
    const t = featuresTable(corpora);
    expect(t.rows).toHaveLength(20_000);
    for (const c of corpora) {
      const f = c.report.features;
      if (isInsufficient(f)) throw new Error('fixture has words');
      const total = t.rows.filter((r) => r[0] === c.name).reduce((s, r) => s + (r[2] as number), 0);
      expect(total).toBe(f.features);
    }
  });

  it('top n-grams side by side: rank, then n-gram/count/share per corpus', () => {
    const t = topNgramsTable(corpora, 2, 5);
    expect(t.columns).toEqual([
      'rank',
      'human_ngram',
      'human_count',
      'human_share',
      'synthetic_ngram',
      'synthetic_count',
      'synthetic_share',
    ]);
    expect(t.rows).toHaveLength(5);
    expect(t.rows[0][4]).toBe('is a'); // "X is a beautiful place", six times
  });

  it('perplexity: tail mass against a threshold is the share of documents above it', () => {
    const t = perplexityTable(corpora, 1e9);
    for (const r of t.rows) expect(r[12]).toBe(0);
    const low = perplexityTable(corpora, 1);
    for (const r of low.rows) expect(r[12]).toBe(1);
  });
});
