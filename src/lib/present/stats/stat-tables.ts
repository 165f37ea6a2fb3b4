/**
 * The data behind each chart as a table (tidy: one row per corpus and mark), for the CSV export. The same
 * numbers the chart draws, at full precision.
 */
import type { Table, Cell } from '../charts/csv-table';
import type { HistogramResult } from '../../stats/measures/fixed-histogram';
import { isInsufficient, type Maybe } from '../../stats/measures/statistic';
import { RANK_LABELS } from '../../stats/measures/rank-buckets';
import type { Comparison } from '../../stats/compare/compare-corpora';
import type { CorpusReport, LexicalReport } from '../../stats/report/corpus-report-types';
import type { ViewCorpus } from './view-corpus';
import type { RankPoint } from './rank-frequency';

function ok<T>(x: Maybe<T> | undefined): T | undefined {
  return x === undefined || isInsufficient(x) ? undefined : x;
}

/** One row per corpus and bin (underflow and overflow as open-ended rows when present). */
export function histogramTable(
  corpora: readonly ViewCorpus[],
  pick: (r: CorpusReport) => Maybe<HistogramResult> | undefined,
  unit = 'x',
): Table {
  const rows: Cell[][] = [];
  for (const c of corpora) {
    const h = ok(pick(c.report));
    if (!h) continue;
    const e = h.edges;
    if (h.underflow > 0) rows.push([c.name, -Infinity, e[0], h.underflow, h.underflowShare]);
    for (let i = 0; i < h.counts.length; i++) rows.push([c.name, e[i], e[i + 1], h.counts[i], h.shares[i]]);
    if (h.overflow > 0) rows.push([c.name, e[e.length - 1], Infinity, h.overflow, h.overflowShare]);
  }
  return { columns: ['corpus', `${unit}_low`, `${unit}_high`, 'count', 'share'], rows };
}

/** The paper's 10 bins, then the exact tail counts (p > τ for each τ the report counted). */
export function paperBinsTable(corpora: readonly ViewCorpus[]): Table {
  const base = histogramTable(
    corpora,
    (r) =>
      isInsufficient(r.model) || isInsufficient(r.model.histograms) ? undefined : r.model.histograms.paper,
    'p',
  );
  const rows = base.rows.map((r) => [...r, 'bin']);
  for (const c of corpora) {
    const m = ok(c.report.model);
    const tails = m && ok(m.tails);
    if (!tails) continue;
    for (const f of tails.flagRates)
      rows.push([c.name, f.threshold, 1, f.count, f.rate, 'p > threshold (exact)']);
    for (const d of tails.dropRates)
      rows.push([c.name, 0, d.threshold, d.count, d.rate, 'p < threshold (exact)']);
  }
  return { columns: [...base.columns, 'kind'], rows };
}

export function rankBucketsTable(corpora: readonly ViewCorpus[]): Table {
  const rows: Cell[][] = [];
  for (const c of corpora) {
    const m = ok(c.report.model);
    const ranks = m && ok(m.ranks);
    if (!ranks) continue;
    RANK_LABELS.forEach((label, i) => rows.push([c.name, label, ranks.counts[i], ranks.shares[i]]));
  }
  return { columns: ['corpus', 'rank', 'count', 'share'], rows };
}

export function perplexityTable(corpora: readonly ViewCorpus[], tailThreshold?: number): Table {
  const rows: Cell[][] = [];
  for (const c of corpora) {
    const m = ok(c.report.model);
    const p = m && ok(m.perplexity);
    if (!p) continue;
    const q = p.quantiles;
    let tail: number | undefined;
    if (tailThreshold !== undefined) {
      const t = Math.log(tailThreshold);
      tail = p.documentLogPpl.filter((v) => v > t).length / p.documentLogPpl.length;
    }
    rows.push([
      c.name,
      p.documents,
      p.tokens,
      p.corpusPpl,
      p.meanDocumentPpl,
      Math.exp(q.q05),
      Math.exp(q.q25),
      Math.exp(q.q50),
      Math.exp(q.q75),
      Math.exp(q.q95),
      q.iqr,
      tailThreshold,
      tail,
    ]);
  }
  return {
    columns: [
      'corpus',
      'documents',
      'tokens',
      'corpus_ppl_token_weighted',
      'mean_document_ppl',
      'ppl_q05',
      'ppl_q25',
      'ppl_q50',
      'ppl_q75',
      'ppl_q95',
      'log_ppl_iqr',
      'tail_threshold_ppl',
      'tail_mass',
    ],
    rows,
  };
}

/** Every document's perplexity, one row each (the distribution the histogram bins). */
export function documentPerplexityTable(corpora: readonly ViewCorpus[]): Table {
  const rows: Cell[][] = [];
  for (const c of corpora) {
    const m = ok(c.report.model);
    const p = m && ok(m.perplexity);
    if (!p) continue;
    for (const v of p.documentLogPpl) rows.push([c.name, v, Math.exp(v)]);
  }
  return { columns: ['corpus', 'log_ppl', 'ppl'], rows };
}

export function featuresTable(corpora: readonly ViewCorpus[]): Table {
  const rows: Cell[][] = [];
  for (const c of corpora) {
    const f = ok(c.report.features);
    if (!f) continue;
    for (let b = 0; b < f.buckets; b++) rows.push([c.name, b, f.counts[b], f.distribution[b]]);
  }
  return { columns: ['corpus', 'bucket', 'count', 'share'], rows };
}

export function concentrationTable(corpora: readonly ViewCorpus[]): Table {
  const rows: Cell[][] = [];
  for (const c of corpora) {
    const f = ok(c.report.features);
    const k = f && ok(f.concentration);
    if (!k) continue;
    for (const t of k.topKMass) rows.push([c.name, `top-${t.k} mass`, t.mass]);
    rows.push([c.name, 'normalised entropy', k.normalisedEntropy]);
    rows.push([c.name, 'gini', k.gini]);
  }
  return { columns: ['corpus', 'measure', 'value'], rows };
}

/** The ranked per-feature JSD contributions of a comparison (names as the user calls the corpora now). */
export function contributionsTable(comparison: Comparison, nameA: string, nameB: string): Table {
  const f = ok(comparison.features);
  const rows: Cell[][] = (f?.contributions ?? []).map((c, i) => [
    i + 1,
    c.bucket,
    c.ngrams.map((n) => n.ngram).join(' | '),
    c.countA,
    c.countB,
    c.p,
    c.q,
    c.delta,
    c.sign > 0 ? nameA : nameB,
    c.cumulativeShare,
  ]);
  return {
    columns: [
      'rank',
      'bucket',
      'known_ngrams',
      `count_${nameA}`,
      `count_${nameB}`,
      'p',
      'q',
      'jsd_contribution_bits',
      'used_more_by',
      'cumulative_share',
    ],
    rows,
  };
}

/** The top k n-grams of each corpus side by side: one row per rank. */
export function topNgramsTable(corpora: readonly ViewCorpus[], n: 1 | 2, k = 40): Table {
  const lists = corpora.map((c) => ok(n === 1 ? c.report.unigrams : c.report.bigrams)?.top ?? []);
  const rows: Cell[][] = [];
  for (let r = 0; r < k; r++) {
    if (!lists.some((l) => l[r])) break;
    rows.push([r + 1, ...lists.flatMap((l) => [l[r]?.ngram, l[r]?.count, l[r]?.share])]);
  }
  return {
    columns: ['rank', ...corpora.flatMap((c) => [`${c.name}_ngram`, `${c.name}_count`, `${c.name}_share`])],
    rows,
  };
}

export const LEXICAL_MEASURES: { key: string; label: string; read: (l: LexicalReport) => Maybe<number> }[] = [
  { key: 'ttr', label: 'TTR', read: (l) => l.ttr },
  { key: 'mattr_document_mean', label: 'MATTR (window 50), mean of documents', read: (l) => l.mattr },
  { key: 'mattr_pooled', label: 'MATTR (window 50), pooled sample', read: (l) => l.mattrPooled },
  { key: 'mtld_document_mean', label: 'MTLD (0.72), mean of documents', read: (l) => l.mtld },
  { key: 'mtld_pooled', label: 'MTLD (0.72), pooled sample', read: (l) => l.mtldPooled },
  {
    key: 'self_bleu_4',
    label: 'self-BLEU-4 (≤ 200 documents)',
    read: (l) => (isInsufficient(l.selfBleu) ? l.selfBleu : l.selfBleu.value),
  },
  { key: 'hapax_ratio', label: 'hapax ratio V₁/V', read: (l) => l.hapaxRatio },
  { key: 'good_turing_unseen', label: 'Good–Turing unseen V₁/N', read: (l) => l.goodTuringUnseen },
  { key: 'compression_ratio', label: 'compression ratio (bytes/gzip)', read: (l) => l.compressionRatio },
];

/** Lexical measures per corpus: metric rows, one value column per corpus. */
export function lexicalTable(corpora: readonly { name: string; lexical: Maybe<LexicalReport> }[]): Table {
  const measures = [...LEXICAL_MEASURES];
  const first = corpora.map((c) => ok(c.lexical)).find((l) => l);
  for (const d of first?.distinct ?? []) {
    measures.push({
      key: `distinct_${d.n}_corpus`,
      label: `distinct-${d.n} (corpus)`,
      read: (l) => l.distinct.find((x) => x.n === d.n)?.corpus ?? { insufficient: 'not computed' },
    });
    measures.push({
      key: `distinct_${d.n}_per_document`,
      label: `distinct-${d.n} (per document)`,
      read: (l) => l.distinct.find((x) => x.n === d.n)?.perDocument ?? { insufficient: 'not computed' },
    });
  }
  const rows: Cell[][] = [
    ['tokens', ...corpora.map((c) => ok(c.lexical)?.tokens)],
    ['documents', ...corpora.map((c) => ok(c.lexical)?.documents)],
  ];
  for (const m of measures) {
    rows.push([
      m.key,
      ...corpora.map((c) => {
        const l = ok(c.lexical);
        return l ? ok(m.read(l)) : undefined;
      }),
    ]);
  }
  return { columns: ['measure', ...corpora.map((c) => c.name)], rows };
}

export function pointsTable(
  series: readonly { name: string; points: readonly RankPoint[] }[],
  x: string,
  y: string,
): Table {
  return {
    columns: ['corpus', x, y],
    rows: series.flatMap((s) => s.points.map((p) => [s.name, p.x, p.y])),
  };
}
