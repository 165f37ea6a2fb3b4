import { describe, expect, it } from 'vitest';
import { collapseFigures } from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-figures';
import type { NgramCollapseResult } from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-model';
import type { GenerationStats } from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-measures';
import {
  NGRAM_COLLAPSE_DEFAULTS,
  type NgramCollapseParams,
} from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-params';
import { figureById, undrawable } from '../figure-checks';

const stat = (generation: number, vocabulary: number, jsd: number | null, edits?: [number, number]) =>
  ({
    generation,
    tokens: 100,
    vocabulary,
    hapax: vocabulary / 2,
    tailMass: vocabulary / 200,
    jsd,
    distinct: [vocabulary / 100, 0.5, 0.75],
    ...(edits ? { flagRate: edits[0], changeRate: edits[1] } : {}),
  }) satisfies GenerationStats;

/** Generations 0–2 of a hand-made run; generation 2 wrote no text, so it has no JSD. */
function result(stats: GenerationStats[]): NgramCollapseResult {
  return { pieces: [], stats, corpora: [], expectedSurvivors: 31.5, total: 3 };
}

const P: NgramCollapseParams = { ...NGRAM_COLLAPSE_DEFAULTS, generations: 2 };

describe('n-gram collapse figures', () => {
  const figs = collapseFigures(result([stat(0, 50, 0), stat(1, 40, 0.1), stat(2, 30, null)]), P);

  it('draw vocabulary, tail, JSD and distinct-n over generations 0–G', () => {
    expect(figs.map((f) => f.id)).toEqual(['vocabulary', 'tail', 'jsd', 'distinct']);
    for (const f of figs) expect(f.x.domain).toEqual([0, 2]);
    expect(figureById(figs, 'vocabulary').series.map((s) => [s.label, s.y])).toEqual([
      ['types used', [50, 40, 30]],
      ['hapaxes (used once)', [25, 20, 15]],
    ]);
    expect(figureById(figs, 'distinct').series.map((s) => s.label)).toEqual([
      'distinct-1',
      'distinct-2',
      'distinct-3',
    ]);
    expect(undrawable(figs, [])).toEqual([]);
  });

  it('show the survival formula as a rule at the expected types after one generation', () => {
    const vocabulary = figureById(figs, 'vocabulary');
    expect(vocabulary.caption).toContain('1 − (1 − p)^N');
    expect(vocabulary.rules).toEqual([
      { axis: 'y', value: 31.5, label: 'expected after one generation: Σ 1 − (1 − p)^N' },
    ]);
  });

  it('leave out the generations a statistic has no value for', () => {
    expect(figureById(figs, 'jsd').series[0]).toMatchObject({ x: [0, 1], y: [0, 0.1] });
  });

  it('add the tokens flagged and changed when editing', () => {
    const edit = collapseFigures(
      result([stat(0, 50, 0), stat(1, 50, 0.01, [0.4, 0.05]), stat(2, 49, 0.02, [0.4, 0.06])]),
      { ...P, mode: 'edit', tau: 0.9 },
    );
    const edits = figureById(edit, 'edits');
    expect(edits.title).toBe('Tokens flagged (p > 0.9) and changed per generation');
    expect(edits.series.map((s) => [s.label, s.x, s.y])).toEqual([
      ['flagged', [1, 2], [0.4, 0.4]],
      ['changed', [1, 2], [0.05, 0.06]],
    ]);
  });
});
