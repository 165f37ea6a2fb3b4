/**
 * The figures of "collapse on your own text": vocabulary and hapaxes against the survival formula, tail
 * mass, JSD to the human text, distinct-n and, when editing, the tokens flagged and changed — a result's
 * per-generation statistics turned into series.
 */
import type { Figure, Series } from '../simulation';
import type { NgramCollapseResult } from './ngram-collapse-model';
import type { GenerationStats } from './ngram-collapse-measures';
import type { NgramCollapseParams } from './ngram-collapse-params';

function generationSeries(
  stats: readonly GenerationStats[],
  label: string,
  y: (s: GenerationStats) => number | null | undefined,
  group?: string,
): Series {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of stats) {
    const v = y(s);
    if (typeof v === 'number' && Number.isFinite(v)) {
      xs.push(s.generation);
      ys.push(v);
    }
  }
  return { label, kind: 'simulated', x: xs, y: ys, ...(group ? { group } : {}) };
}

export function collapseFigures(result: NgramCollapseResult, params: NgramCollapseParams): Figure[] {
  const { stats } = result;
  const x = {
    label: 'generation',
    scale: 'linear' as const,
    domain: [0, params.generations] as [number, number],
  };
  const figures: Figure[] = [
    {
      id: 'vocabulary',
      title: 'Vocabulary and hapaxes',
      x,
      y: { label: 'piece types', scale: 'linear' },
      series: [
        generationSeries(stats, 'types used', (s) => s.vocabulary, 'types'),
        generationSeries(stats, 'hapaxes (used once)', (s) => s.hapax, 'hapax'),
      ],
      rules: [
        {
          axis: 'y',
          value: result.expectedSurvivors,
          label: 'expected after one generation: Σ 1 − (1 − p)^N',
        },
      ],
      caption:
        'A type with probability p survives N draws with probability 1 − (1 − p)^N; a hapax (p = 1/N) ' +
        'survives with about 63 %, and a type that is lost never comes back.',
    },
    {
      id: 'tail',
      title: `Tail mass: tokens outside the human top ${params.topK} types`,
      x,
      y: { label: 'share of tokens', scale: 'linear', domain: [0, 1] },
      series: [generationSeries(stats, 'tail mass', (s) => s.tailMass)],
      caption: 'The rare part of the distribution thins first: the model over-samples what was frequent.',
    },
    {
      id: 'jsd',
      title: 'Distance to the human text (JSD on hashed unigram+bigram features)',
      x,
      y: { label: 'JSD (bits)', scale: 'linear' },
      series: [generationSeries(stats, 'JSD to generation 0', (s) => s.jsd)],
      caption: '0 is the human text itself; 1 would be disjoint features.',
    },
    {
      id: 'distinct',
      title: 'Distinct-n (unique n-grams over all n-grams)',
      x,
      y: { label: 'distinct-n', scale: 'linear', domain: [0, 1] },
      series: [1, 2, 3].map((n) =>
        generationSeries(stats, `distinct-${n}`, (s) => s.distinct[n - 1], `d${n}`),
      ),
    },
  ];
  if (params.mode === 'edit') {
    figures.push({
      id: 'edits',
      title: `Tokens flagged (p > ${params.tau}) and changed per generation`,
      x,
      y: { label: 'share of tokens', scale: 'linear', domain: [0, 1] },
      series: [
        generationSeries(stats, 'flagged', (s) => s.flagRate, 'flagged'),
        generationSeries(stats, 'changed', (s) => s.changeRate, 'changed'),
      ],
      caption:
        'A flagged token is redrawn from the model, which mostly draws it again: far fewer change than are flagged.',
    });
  }
  return figures;
}
