/**
 * What the token-probability views read from the reports: the model-based part of each corpus (or why it
 * has none), the exact share of tokens ToEdit touches at the editor's thresholds, and percentiles.
 */
import { isInsufficient, type Maybe } from '../../stats/measures/statistic';
import type { ProbabilityHistograms } from '../../stats/measures/probability-histograms';
import type { ProbabilityTails, Rate } from '../../stats/measures/probability-tails';
import type { CorpusReport, ModelReport } from '../../stats/report/corpus-report-types';
import type { ToEditConfig } from '../../toedit/config';
import { histogramQuantile } from './histogram-quantiles';

export function modelOf(report: CorpusReport): Maybe<ModelReport> {
  return report.model;
}

export function histogramsOf(report: CorpusReport): Maybe<ProbabilityHistograms> {
  const m = report.model;
  if (isInsufficient(m)) return m;
  return m.histograms;
}

/**
 * The exact count of tokens a config revises (and deletes), read from the tail counts the report made at
 * the config's thresholds. Insufficient when the report was made at other thresholds (τ changed since).
 */
export function editShare(
  tails: Maybe<ProbabilityTails>,
  config: Pick<ToEditConfig, 'rule' | 'tau' | 'dropBelow'>,
): Maybe<{ revise: Rate | null; remove: Rate | null }> {
  if (isInsufficient(tails)) return tails;
  const flag = (t: number) => tails.flagRates.find((r) => r.threshold === t);
  const drop = (t: number) => tails.dropRates.find((r) => r.threshold === t);
  const needs = (what: string, t: number) =>
    ({ insufficient: `the report counted other thresholds; analyse again for ${what} ${t}` }) as const;
  switch (config.rule) {
    case 'above': {
      const r = flag(config.tau);
      return r ? { revise: r, remove: null } : needs('p >', config.tau);
    }
    case 'low_drop_up_revise': {
      const r = flag(config.tau);
      const d = drop(config.dropBelow);
      if (!r) return needs('p >', config.tau);
      if (!d) return needs('p <', config.dropBelow);
      return { revise: r, remove: d };
    }
    case 'filtering': {
      const d = drop(config.dropBelow);
      return d ? { revise: null, remove: d } : needs('p <', config.dropBelow);
    }
    case 'at-least':
    case 'at-most':
      // p ≥ τ and p ≤ τ are not among the report's strict tail counts.
      return {
        insufficient: `exact counts are kept for p > τ and p < λ; rule '${config.rule}' is not one of them`,
      };
  }
}

export interface Percentiles {
  p25: number;
  p50: number;
  p75: number;
}

/** 25th/50th/75th percentiles of token probability from the fine histogram (within one bin width). */
export function probabilityPercentiles(h: ProbabilityHistograms): Maybe<Percentiles> {
  const q = (level: number) => histogramQuantile(h.fine.edges, h.fine.counts, level);
  const p25 = q(0.25);
  const p50 = q(0.5);
  const p75 = q(0.75);
  if (isInsufficient(p25)) return p25;
  if (isInsufficient(p50)) return p50;
  if (isInsufficient(p75)) return p75;
  return { p25, p50, p75 };
}

/** "[0.0, 0.1)", …, "[0.9, 1.0]": the paper's bin labels (the last bin is closed). */
export function binLabel(lo: number, hi: number, last: boolean): string {
  return `[${lo.toFixed(1)}, ${hi.toFixed(1)}${last ? ']' : ')'}`;
}
