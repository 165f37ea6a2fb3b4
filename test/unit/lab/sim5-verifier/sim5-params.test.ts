import { describe, expect, it } from 'vitest';
import {
  checkSim5Toy,
  dataFields,
  SIM5_DEFAULTS,
  TOY_FIELDS,
} from '../../../../src/lib/lab/sim5-verifier/sim5-params';
import type { VerifierData } from '../../../../src/lib/lab/sim5-verifier/verifier-file';

const correct = Float64Array.of(1, 0, 1, 1);

describe('Sim 5 parameters', () => {
  it('give the toy its generator, its verifier’s tolerance and the predicted curve’s model', () => {
    expect(TOY_FIELDS.map((f) => f.key)).toEqual([
      'size',
      'candidates',
      'errorRate',
      'threshold',
      'detCheck',
      'd',
      'mu',
    ]);
    const c = checkSim5Toy({ ...SIM5_DEFAULTS, rule: 'keep' });
    expect(c).toEqual({ ok: true, params: { ...SIM5_DEFAULTS, rule: 'score' }, notes: [] });
  });

  it('offer a file only the controls its columns call for', () => {
    const keys = (d: Omit<VerifierData, 'source' | 'correct' | 'quality'>, quality = false) =>
      dataFields({ source: 'f.csv', correct, quality, ...d }).fields.map((f) => f.key);
    const keep = Uint8Array.of(1, 0, 1, 0);
    const score = Float64Array.of(0.2, 0.4, 0.6, 0.8);
    expect(keys({ keep })).toEqual(['d', 'mu']);
    expect(keys({ score })).toEqual(['threshold', 'd', 'mu']);
    expect(keys({ keep, score })).toEqual(['rule', 'threshold', 'd', 'mu']);
    expect(keys({ keep }, true)).toEqual(['qualityThreshold', 'd', 'mu']);
  });

  it('start a score’s threshold at its median, within the scores’ range', () => {
    const { fields, defaults } = dataFields({
      source: 'f.csv',
      correct,
      quality: false,
      score: Float64Array.of(0.8, 0.2, 0.6, 0.4),
    });
    expect(defaults.rule).toBe('score');
    expect(defaults.threshold).toBe(0.4);
    expect(fields[0]).toMatchObject({ key: 'threshold', min: 0.2, max: 0.8 });
  });

  it('start a quality threshold at 0.5 when the qualities span it, else at their median', () => {
    const keep = Uint8Array.of(1, 1, 0, 0);
    const at = (q: number[]) =>
      dataFields({ source: 'q.csv', correct: Float64Array.from(q), quality: true, keep }).defaults
        .qualityThreshold;
    expect(at([0.1, 0.9, 0.3, 0.7])).toBe(0.5);
    expect(at([0.6, 0.9, 0.7, 0.8])).toBe(0.7);
  });
});
