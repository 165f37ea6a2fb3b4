import { describe, expect, it } from 'vitest';
import type { GenerationStats } from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-measures';
import { collapseReadings } from '../../../../src/lib/lab/ngram-collapse/ngram-collapse-readings';

const stat = (
  generation: number,
  vocabulary: number,
  tailMass: number,
  jsd: number | null,
): GenerationStats => ({
  generation,
  tokens: 1000,
  vocabulary,
  hapax: vocabulary / 2,
  tailMass,
  jsd,
  distinct: [0.1, 0.5, 0.75],
});

describe('n-gram collapse readings', () => {
  it('read the last generation against the human text, to four decimals', () => {
    const readings = collapseReadings({
      pieces: [],
      stats: [stat(0, 500, 0.123456, 0), stat(5, 300, 0.05, 0.234567)],
      corpora: [],
      expectedSurvivors: 401.6,
      total: 6,
    });
    expect(readings.map((r) => [r.label, r.value, r.detail])).toEqual([
      ['Piece types', 300, 'generation 0: 500; after 5'],
      ['Hapaxes', 150, 'generation 0: 250'],
      ['Tail mass', 0.05, 'generation 0: 0.1235'],
      ['JSD to generation 0 (bits)', 0.2346, undefined],
      [
        'Expected types after one generation',
        402,
        'Σ 1 − (1 − p)^N with N = 1000 tokens (a hapax survives w.p. 1 − (1 − 1/N)^N ≈ 63 %)',
      ],
    ]);
  });

  it('say so when the last generation wrote no text', () => {
    const readings = collapseReadings({
      pieces: [],
      stats: [stat(0, 500, 0.1, 0), stat(1, 0, 0, null)],
      corpora: [],
      expectedSurvivors: 400,
      total: 2,
    });
    expect(readings[3].value).toBe('no text');
  });
});
